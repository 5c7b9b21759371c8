// Sources report progress as plain events; the gathering screen and the CLI only render them.
import type { SourceProblem } from './source-status.js';
import type { SourceId } from './types.js';

export interface SourceProgress {
  source: SourceId;
  /** Human label: "CloudTrail files", "X-Ray traces". */
  label: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';
  done: number;
  total?: number;
  /** "traces", "records", "files"... */
  unit: string;
  /** Error or status text (job state, the permission lacked). */
  message?: string;
}

export type ProgressListener = (p: SourceProgress) => void;

export interface ReadContext {
  /** Window filter: keep only observations inside it (ISO strings). */
  window?: { start: string; end: string };
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Something the source could not read (a file, a record, a call): the run goes on, partial. */
  onProblem?: (p: SourceProblem) => void;
}
