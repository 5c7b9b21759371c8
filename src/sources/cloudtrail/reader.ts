// `--cloudtrail PATH...` → evidence for one role. Files are read whole by one of two
// readers that give the same result: in this thread (a few files at a time), or in a
// pool of worker threads, one per core, for trails large enough to repay starting them.
// Either way each file folds into its own small accumulator and the results fold in
// file order, so evidence and samples are the same on every run; memory stays flat
// because accumulators grow with distinct actions and resources only.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { usageError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, RoleRef } from '../../core/types.js';
import { isStreamOnly } from '../input-stream.js';
import { ByteBudget, chunkBytesFor, IN_FLIGHT_BUDGET } from './byte-budget.js';
import { fileTaskFor } from './file-evidence.js';
import { listCloudTrailFiles } from './files.js';
import { readFilesInProcess } from './in-process.js';
import { ReadTally } from './read-tally.js';
import { readFilesInWorkers } from './worker-pool.js';

export { MAX_RESOURCES_PER_ACTION } from './capped-accumulator.js';

export const WORKERS_ENV = 'IAM_REFINE_CLOUDTRAIL_WORKERS';
/** Below these, starting threads costs more than it saves: read in this thread. */
const MIN_FILES_FOR_WORKERS = 4;
const MIN_BYTES_FOR_WORKERS = 8 * 1024 * 1024;
/**
 * Each worker costs ~40 MB (its own V8 heap and stream buffers: bench/cloudtrail.ts
 * measured 8 workers over its 1,000,000-record trail at 395 MB), so the automatic count
 * stops at 8 to keep a read under 512 MB on large machines; the option or the
 * environment variable can go higher.
 */
const MAX_AUTO_WORKERS = 8;
/**
 * A read stays within 512 MB whatever count is asked: the process takes ~130 MB (Node,
 * the catalogue, the main thread's share) and each worker thread ~18 MB more (its V8
 * heap, stream buffers, decompressed chunks until V8 frees them: see WORKER_LIMITS in
 * worker-pool.ts); 14 workers measured 434 MB on the bench (as on 16 cores), leaving room for bigger records.
 */
export const MAX_WORKERS = 14;

export interface CloudTrailReadOptions extends ReadContext {
  role: RoleRef;
  /** Files read at the same time by the in-process reader (default 4). */
  concurrency?: number;
  /**
   * Worker threads: 1 reads in this thread; more read in that many threads (at most one
   * per file and one per core). Default: $IAM_REFINE_CLOUDTRAIL_WORKERS, else one per core (at most 8)
   * when the trail is large enough (4 files and 8 MB on disk), else 1.
   */
  workers?: number;
  /** Decompressed bytes in flight across every reader (default IN_FLIGHT_BUDGET; tests pass their own to watch it). */
  budget?: ByteBudget;
  /** Cores to count on (default: this machine's); tests and the bench act out a bigger machine. */
  cores?: number;
}

/** A worker count the user set (option, else environment), or undefined for automatic. */
export function askedWorkers(asked: number | undefined, env: string | undefined): number | undefined {
  if (asked !== undefined) return asked;
  const raw = env?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw usageError(
      `${WORKERS_ENV} must be a whole number from 1 up, not "${raw}".`,
      'Unset it for one worker per core.',
    );
  }
  return n;
}

/** Automatic: one per core (at most 8) when the trail is large enough to repay starting threads. */
export function autoWorkers(files: number, bytes: number, cores: number): number {
  if (files < MIN_FILES_FOR_WORKERS || bytes < MIN_BYTES_FOR_WORKERS) return 1;
  return Math.min(files, cores, MAX_AUTO_WORKERS);
}

async function totalSize(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files)
    sum += await stat(f).then(
      (s) => s.size,
      () => 0,
    );
  return sum;
}

/**
 * The worker threads a read of `files` uses (the bench reports it). An asked count is
 * also capped by the cores: the read is CPU-bound (gunzip and the split), so threads
 * beyond the cores only take turns on them, each adding its start (~60 ms of CPU to
 * boot a thread and load its code) and its memory (~25 MB) for no speed; on 2 cores,
 * 14 threads cost 1.8x the CPU of 2 (bench/cloudtrail.ts).
 */
export async function workerCount(
  files: string[],
  asked: number | undefined,
  cores = availableParallelism(),
): Promise<number> {
  const n = askedWorkers(asked, process.env[WORKERS_ENV]);
  // stdin and pipes belong to this thread (a worker cannot read stdin; a pipe reads once).
  if (files.some(isStreamOnly)) return 1;
  if (n !== undefined) return Math.max(1, Math.min(n, files.length, MAX_WORKERS, cores));
  if (files.length < MIN_FILES_FOR_WORKERS) return 1;
  return autoWorkers(files.length, await totalSize(files), cores);
}

export async function readCloudTrail(paths: string[], opts: CloudTrailReadOptions): Promise<Evidence[]> {
  const files = await listCloudTrailFiles(paths, opts.signal);
  const task = fileTaskFor(opts.role, opts.window);
  const workers = await workerCount(files, opts.workers, opts.cores);
  const tally = new ReadTally(files.length, task.who, opts.onProgress, opts.onProblem);
  tally.progress();
  const budget = opts.budget ?? new ByteBudget(IN_FLIGHT_BUDGET);
  if (workers > 1) {
    const chunkBytes = chunkBytesFor(workers, budget.limit);
    const setup = { role: opts.role, window: opts.window, budget: budget.shared, chunkBytes };
    await readFilesInWorkers(files, setup, tally, { workers, signal: opts.signal });
  } else {
    const concurrency = opts.concurrency ?? 4;
    await readFilesInProcess(files, task, tally, { concurrency, budget, signal: opts.signal });
  }
  // A bad file among others makes the read partial (the tally said which); none readable fails it.
  if (tally.allFailed && tally.firstError) throw tally.firstError;
  return tally.result();
}
