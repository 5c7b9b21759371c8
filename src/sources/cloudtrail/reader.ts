// `--cloudtrail PATH...` → evidence for one role. Files are streamed a few at a time
// (gunzip runs on libuv's thread pool, so a second file decompresses while this one is
// split), each into its own small accumulator, folded in file order so the result and
// its samples are the same on every run. Memory stays flat: an item is dropped once
// looked at, and accumulators grow with distinct actions and resources only.
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, RoleRef } from '../../core/types.js';
import { CappedAccumulator } from './capped-accumulator.js';
import { scanCloudTrailFile } from './file-reader.js';
import { listCloudTrailFiles } from './files.js';
import { prefilterFor } from './prefilter.js';
import { principalOf } from './principal.js';
import { evidenceForPrincipal } from './record-evidence.js';

export { MAX_RESOURCES_PER_ACTION } from './capped-accumulator.js';

export interface CloudTrailReadOptions extends ReadContext {
  role: RoleRef;
  /** Files read at the same time (default 4). */
  concurrency?: number;
}

function windowMs(window: ReadContext['window']): { start: number; end: number } | undefined {
  return window ? { start: Date.parse(window.start), end: Date.parse(window.end) } : undefined;
}

export async function readCloudTrail(paths: string[], opts: CloudTrailReadOptions): Promise<Evidence[]> {
  const files = await listCloudTrailFiles(paths, opts.signal);
  const who = principalOf(opts.role);
  const partition = opts.role.partition || 'aws';
  const prefilter = prefilterFor(who);
  const window = windowMs(opts.window);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let filesDone = 0;
  let recordsRead = 0;
  let matched = 0;
  const progress = () =>
    opts.onProgress?.({
      source: 'cloudtrail',
      label: 'CloudTrail files',
      state: 'running',
      done: filesDone,
      total: files.length,
      unit: 'files',
      message: `${recordsRead.toLocaleString('en-US')} records read, ${matched.toLocaleString('en-US')} by ${who.spelled}`,
    });
  progress();

  const total = new CappedAccumulator();
  const finished = new Map<number, Evidence[]>();
  let nextToFold = 0;
  const fold = () => {
    for (let r = finished.get(nextToFold); r; r = finished.get(nextToFold)) {
      for (const e of r) total.add(e);
      finished.delete(nextToFold++);
    }
  };

  const readOne = async (index: number) => {
    const acc = new CappedAccumulator();
    let counted = 0;
    const read = await scanCloudTrailFile(files[index]!, {
      signal: stop.signal,
      prefilter,
      onRecord: (record) => {
        if (window && record.eventTime) {
          const t = Date.parse(record.eventTime);
          if (t < window.start || t > window.end) return;
        }
        const found = evidenceForPrincipal(record, who, partition);
        if (found.length > 0) matched++;
        for (const e of found) acc.add(e);
      },
      onItems: (n) => {
        recordsRead += n - counted;
        counted = n;
        progress();
      },
    });
    recordsRead += read.items - counted;
    finished.set(index, acc.result());
    filesDone++;
    fold();
    progress();
  };

  let next = 0;
  const worker = async () => {
    try {
      while (next < files.length) {
        stop.signal.throwIfAborted();
        await readOne(next++);
      }
    } catch (e) {
      stop.abort(e); // the first failure stops the other workers
      throw e;
    }
  };
  try {
    const workers = Array.from(
      { length: Math.max(1, Math.min(opts.concurrency ?? 4, files.length)) },
      worker,
    );
    const settled = await Promise.allSettled(workers);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    throw opts.signal?.aborted ? opts.signal.reason : e;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
  return total.result();
}
