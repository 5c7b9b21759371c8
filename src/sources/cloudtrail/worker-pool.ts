// Reads the files in worker threads: each worker takes the next file when it has room
// (so large and small files even out), reads it whole with the per-file reader, and
// returns its folded evidence; the tally folds those in file order, so the result is
// the one a single thread gives. A file that cannot be read is rebuilt as the same
// UserError it gives in-process and skipped, as there; any other failure, or the
// signal, terminates every worker at once.
import { isUserError } from '../../core/errors.js';
import { Worker } from 'node:worker_threads';
import type { ReadTally } from './read-tally.js';
import { cloudTrailWorkerUrl } from './worker-url.js';
import { receiveError, type FileJob, type WorkerReply, type WorkerSetup } from './worker-protocol.js';

export type SpawnWorker = (url: URL, setup: WorkerSetup) => Worker;
/**
 * A 2 MB young generation: a worker allocates little besides decompressed chunks, whose
 * memory V8 frees only when a collection finds them dead; a small nursery collects often,
 * so they do not pile up. 14 workers over the 1M-record bench peaked at 479-604 MB with
 * V8's default and 379 MB with this, at the same CPU time.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2 };
const spawnWorker: SpawnWorker = (url, setup) =>
  new Worker(url, { workerData: setup, resourceLimits: WORKER_LIMITS });

/**
 * Files a worker holds at once. One: its gunzip (on libuv's pool) already runs ahead of
 * its splitting, and a second file measured no faster but ~20 MB more per worker.
 */
const FILES_PER_WORKER = 1;

export async function readFilesInWorkers(
  files: string[],
  setup: WorkerSetup,
  tally: ReadTally,
  opts: { workers: number; signal?: AbortSignal; spawn?: SpawnWorker },
): Promise<void> {
  opts.signal?.throwIfAborted();
  const url = cloudTrailWorkerUrl();
  const workers: Worker[] = [];
  let next = 0;
  let settled = false;

  await new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      // terminate() stops a thread between two JavaScript turns: a worker in the middle
      // of a file stops there, without reading the rest.
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() =>
        error === undefined ? resolve() : reject(error),
      );
    };
    const onAbort = () => finish(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const give = (w: Worker) => {
      if (next >= files.length) return;
      const index = next++;
      w.postMessage({ index, file: files[index]! } satisfies FileJob);
    };
    const onReply = (w: Worker) => (msg: WorkerReply) => {
      if (settled) return;
      if (msg.kind === 'failed') {
        const error = receiveError(msg.error);
        if (!isUserError(error)) return finish(error);
        tally.fileFailed(msg.index, error);
      } else {
        tally.count(msg.items, msg.matched);
        if (msg.kind === 'items') return tally.progress();
        tally.recordsSkipped(files[msg.index]!, msg.skipped, msg.firstSkipped);
        tally.fileDone(msg.index, msg.evidence);
      }
      if (tally.allDone) return finish();
      give(w);
    };

    for (let i = 0; i < opts.workers; i++) {
      const w = (opts.spawn ?? spawnWorker)(url, setup);
      workers.push(w);
      w.on('message', onReply(w));
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`a CloudTrail worker thread stopped early (exit code ${code})`));
      });
      for (let k = 0; k < FILES_PER_WORKER; k++) give(w);
    }
  });
}
