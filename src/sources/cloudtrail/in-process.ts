// Reads the files in this thread, a few at a time: gunzip runs on libuv's thread pool,
// so a second file decompresses while this one is split. A file that cannot be read is
// reported to the tally and skipped; anything else (a bug, the signal) stops the others.
import { isUserError } from '../../core/errors.js';
import { chunkBytesFor, type ByteBudget } from './byte-budget.js';
import type { FileTask } from './file-evidence.js';
import { readFileEvidence } from './file-evidence.js';
import type { ReadTally } from './read-tally.js';

export async function readFilesInProcess(
  files: string[],
  task: FileTask,
  tally: ReadTally,
  opts: { concurrency: number; budget: ByteBudget; signal?: AbortSignal },
): Promise<void> {
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const readOne = async (index: number) => {
    let items = 0;
    let matched = 0;
    let read;
    try {
      read = await readFileEvidence(files[index]!, task, {
        signal: stop.signal,
        budget: opts.budget,
        chunkBytes,
        onItems: (i, m) => {
          tally.count(i - items, m - matched);
          items = i;
          matched = m;
          tally.progress();
        },
      });
    } catch (e) {
      if (!isUserError(e) || stop.signal.aborted) throw e;
      tally.fileFailed(index, e);
      return;
    }
    tally.count(read.items - items, read.matched - matched);
    tally.recordsSkipped(files[index]!, read.skipped, read.firstSkipped);
    tally.fileDone(index, read.evidence);
  };

  const readers = Math.max(1, Math.min(opts.concurrency, files.length));
  const chunkBytes = chunkBytesFor(readers, opts.budget.limit);
  let next = 0;
  const worker = async () => {
    try {
      while (next < files.length) {
        stop.signal.throwIfAborted();
        await readOne(next++);
      }
    } catch (e) {
      stop.abort(e); // the first failure stops the other readers
      throw e;
    }
  };
  try {
    const settled = await Promise.allSettled(Array.from({ length: readers }, worker));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    throw opts.signal?.aborted ? opts.signal.reason : e;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
