// The main thread's side of a CloudTrail read, whoever reads the files: progress
// (files done, records read, records by the role) and the fold of per-file results in
// file order. Files finish in any order; folding them in file order keeps the result,
// and the samples and capped resources in it, the same on every run and worker count.
import type { ProgressListener } from '../../core/progress.js';
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

  constructor(
    private readonly files: number,
    private readonly who: Principal,
    private readonly onProgress?: ProgressListener,
  ) {}

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
