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

export interface CloudTrailReadOptions extends ReadContext {
  role: RoleRef;
  /** Files read at the same time by the in-process reader (default 4). */
  concurrency?: number;
  /**
   * Worker threads: 1 reads in this thread; more read in that many threads (at most one
   * per file). Default: $IAM_REFINE_CLOUDTRAIL_WORKERS, else one per core (at most 8)
   * when the trail is large enough (4 files and 8 MB on disk), else 1.
   */
  workers?: number;
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

async function workerCount(files: string[], asked: number | undefined): Promise<number> {
  const n = askedWorkers(asked, process.env[WORKERS_ENV]);
  if (n !== undefined) return Math.max(1, Math.min(n, files.length));
  if (files.length < MIN_FILES_FOR_WORKERS) return 1;
  return autoWorkers(files.length, await totalSize(files), availableParallelism());
}

export async function readCloudTrail(paths: string[], opts: CloudTrailReadOptions): Promise<Evidence[]> {
  const files = await listCloudTrailFiles(paths, opts.signal);
  const task = fileTaskFor(opts.role, opts.window);
  const workers = await workerCount(files, opts.workers);
  const tally = new ReadTally(files.length, task.who, opts.onProgress, opts.onProblem);
  tally.progress();
  if (workers > 1) {
    const setup = { role: opts.role, window: opts.window };
    await readFilesInWorkers(files, setup, tally, { workers, signal: opts.signal });
  } else {
    await readFilesInProcess(files, task, tally, { concurrency: opts.concurrency ?? 4, signal: opts.signal });
  }
  // A bad file among others makes the read partial (the tally said which); none readable fails it.
  if (tally.allFailed && tally.firstError) throw tally.firstError;
  return tally.result();
}
