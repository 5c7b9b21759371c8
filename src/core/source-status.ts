// How each requested source ended: ok, partial (some files, records, pages or calls
// failed, or a fallback saw less) or failed; with the reason and the fix. scan and
// compare exit 1 unless every requested source is ok (--allow-partial writes anyway).
import type { SourceId } from './types.js';

export type SourceStatusKind = 'ok' | 'partial' | 'failed';

/** One thing a source could not read or see, in words for the user. */
export interface SourceProblem {
  message: string;
  fix?: string;
}

export interface SourceStatus {
  id: SourceId;
  label: string;
  status: SourceStatusKind;
  /** Why it is not ok: the error, or the problems in one line. */
  reason?: string;
  fix?: string;
  problems?: SourceProblem[];
}

/** Problems shown one by one; the rest are counted. */
export const SHOWN_PROBLEMS = 5;

/** The problems of a source in one line: the first few, and how many more. */
export function problemsReason(problems: SourceProblem[]): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => p.message);
  const more = problems.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** The distinct fixes of a source's problems. */
export function problemsFix(problems: SourceProblem[]): string | undefined {
  const fixes = [...new Set(problems.map((p) => p.fix).filter((f): f is string => !!f))];
  return fixes.length ? fixes.join(' ') : undefined;
}

/** ok only when every requested source is ok. */
export function runStatus(statuses: SourceStatus[]): 'ok' | 'partial' {
  return statuses.every((s) => s.status === 'ok') ? 'ok' : 'partial';
}

/** `CloudTrail files: partial: <reason>` (one line, for stderr, headers and the TUI). */
export function statusLine(s: SourceStatus): string {
  return `${s.label}: ${s.status}${s.reason ? `: ${s.reason}` : ''}`;
}

/** A bounded collector a source reports its problems to (the run keeps them all counted). */
export class ProblemLog {
  readonly problems: SourceProblem[] = [];
  private total = 0;
  constructor(private readonly keep = 50) {}

  add(p: SourceProblem): void {
    this.total++;
    if (this.problems.length < this.keep) this.problems.push(p);
  }

  get count(): number {
    return this.total;
  }

  /** Kept problems, with one line for those beyond the cap. */
  list(): SourceProblem[] {
    const extra = this.total - this.problems.length;
    return extra > 0 ? [...this.problems, { message: `${extra} more problems not listed` }] : this.problems;
  }
}
