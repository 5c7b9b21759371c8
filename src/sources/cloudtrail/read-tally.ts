// The main thread's side of a CloudTrail read, whoever reads the files: progress
// (files done, records read, records by the role) and the fold of per-file results in
// file order. Files finish in any order; folding them in file order keeps the result,
// and the samples and capped resources in it, the same on every run and worker count.
import { formatUserError, type UserError } from '../../core/errors.js';
import type { ProgressListener } from '../../core/progress.js';
import type { SourceProblem } from '../../core/source-status.js';
import type { Evidence } from '../../core/types.js';
import { CappedAccumulator } from './capped-accumulator.js';
import type { Principal } from './principal.js';

export class ReadTally {
  private filesDone = 0;
  private records = 0;
  private matched = 0;
  private readonly total = new CappedAccumulator();
  private readonly finished = new Map<number, Evidence[]>();
  private nextToFold = 0;
  private failed = 0;
  private firstFailed = Infinity;
  /** The error of the first failed file (in file order), thrown when every file failed. */
  firstError?: UserError;

  constructor(
    private readonly files: number,
    private readonly who: Principal,
    private readonly onProgress?: ProgressListener,
    private readonly onProblem?: (p: SourceProblem) => void,
  ) {}

  /** Every file failed: nothing was read, the source failed. */
  get allFailed(): boolean {
    return this.files > 0 && this.failed === this.files;
  }

  /** A file that could not be read: the read goes on without it (the source is partial). */
  fileFailed(index: number, error: UserError): void {
    this.failed++;
    if (index < this.firstFailed) {
      this.firstFailed = index;
      this.firstError = error;
    }
    const text = formatUserError(error)
      .replace(/^iam-refine: /, '')
      .split('\n');
    this.onProblem?.({ message: `${text[0]} (file skipped)`, fix: text.slice(1).join(' ') || undefined });
    this.fileDone(index, []);
  }

  /** Records skipped in one file for a wrong-typed field. */
  recordsSkipped(file: string, count: number, first: string | undefined): void {
    if (count === 0) return;
    this.onProblem?.({
      message: `${file}: ${count} record${count > 1 ? 's' : ''} skipped (${first ?? 'wrong field types'})`,
      fix: 'The file holds records CloudTrail does not write: check where it came from, or fix those records.',
    });
  }

  get allDone(): boolean {
    return this.filesDone === this.files;
  }

  progress(): void {
    this.onProgress?.({
      source: 'cloudtrail',
      label: 'CloudTrail files',
      state: 'running',
      done: this.filesDone,
      total: this.files,
      unit: 'files',
      message: `${this.records.toLocaleString('en-US')} records read, ${this.matched.toLocaleString('en-US')} by ${this.who.spelled}`,
    });
  }

  /** Records read (and matched) since the last count. */
  count(records: number, matched: number): void {
    this.records += records;
    this.matched += matched;
  }

  fileDone(index: number, evidence: Evidence[]): void {
    this.finished.set(index, evidence);
    this.filesDone++;
    for (let r = this.finished.get(this.nextToFold); r; r = this.finished.get(this.nextToFold)) {
      for (const e of r) this.total.add(e);
      this.finished.delete(this.nextToFold++);
    }
    this.progress();
  }

  result(): Evidence[] {
    return this.total.result();
  }
}
