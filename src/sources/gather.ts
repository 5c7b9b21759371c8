// Runs the planned sources side by side. Each requested source ends ok, partial (it
// reported problems: files, records, pages or calls it could not read) or failed, with
// the reason and the fix; the others go on (DESIGN.md, "Gathering").
import { isUserError } from '../core/errors.js';
import type { ProgressListener, SourceProgress } from '../core/progress.js';
import {
  problemsFix,
  problemsReason,
  ProblemLog,
  type SourceProblem,
  type SourceStatus,
  type SourceStatusKind,
} from '../core/source-status.js';
import type { Evidence, RoleRef, SourceId, TimeWindow } from '../core/types.js';
import { safeLine, stripControl } from '../core/sanitize.js';
import { runInScope } from './run-scope.js';

export interface RunContext {
  role: RoleRef;
  window?: TimeWindow;
  signal: AbortSignal;
  onProgress: ProgressListener;
  /** Something read only in part: the source ends partial. */
  onProblem?: (p: SourceProblem) => void;
}

export interface SourcePlan {
  id: SourceId;
  label: string;
  /** Can run for this role with what we were given. */
  available: boolean;
  /**
   * Unavailable because something failed (a denied probe, a store in another region), not
   * because it was not asked for: the source ends failed, never silently skipped.
   */
  requested?: boolean;
  /** Why not, and how to fix it, when unavailable. */
  why?: string;
  fix?: string;
  /** What it will read: file names, or the live service. */
  detail?: string;
  /** Where it reads from, kept in the session so a resume can gather again (never credentials). */
  settings?: Record<string, string | string[]>;
  run: (ctx: RunContext) => Promise<Evidence[]>;
}

export interface SourceResult {
  id: SourceId;
  label: string;
  state: 'done' | 'failed' | 'cancelled' | 'skipped';
  /** For a source that ran or was requested: ok, partial or failed. */
  status?: SourceStatusKind;
  message?: string;
  fix?: string;
  problems?: SourceProblem[];
  evidence: number;
}

export interface GatherResult {
  evidence: Evidence[];
  results: SourceResult[];
}

function errorParts(e: unknown): { message: string; fix?: string } {
  if (isUserError(e)) {
    const where = e.where ? `${safeLine(e.where)}: ` : '';
    return { message: `${where}${safeLine(e.message)}`, fix: e.hint ? stripControl(e.hint) : undefined };
  }
  return { message: safeLine(e instanceof Error ? e.message : String(e)) };
}

/** The requested sources' statuses (skipped ones were not requested; cancelled ones are failed). */
export function sourceStatuses(results: SourceResult[]): SourceStatus[] {
  return results
    .filter((r) => r.state !== 'skipped')
    .map((r) => ({
      id: r.id,
      label: r.label,
      status: r.status ?? (r.state === 'done' ? 'ok' : 'failed'),
      ...(r.state === 'cancelled' ? { reason: 'cancelled' } : r.message ? { reason: r.message } : {}),
      ...(r.fix ? { fix: r.fix } : {}),
      ...(r.problems?.length ? { problems: r.problems } : {}),
    }));
}

export interface GatherOptions {
  role: RoleRef;
  window?: TimeWindow;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export async function gather(plans: SourcePlan[], opts: GatherOptions): Promise<GatherResult> {
  const signal = opts.signal ?? new AbortController().signal;
  const emit = opts.onProgress ?? (() => {});
  const runs = plans.map(async (plan): Promise<{ result: SourceResult; evidence: Evidence[] }> => {
    const base = {
      source: plan.id,
      label: plan.label,
      done: 0,
      unit: 'items',
    } satisfies Partial<SourceProgress>;
    const result = (r: Omit<SourceResult, 'id' | 'label'>): SourceResult => ({
      id: plan.id,
      label: plan.label,
      ...r,
    });
    if (!plan.available) {
      if (plan.requested) {
        emit({ ...base, state: 'failed', message: plan.why });
        return {
          result: result({
            state: 'failed',
            status: 'failed',
            message: plan.why,
            fix: plan.fix,
            evidence: 0,
          }),
          evidence: [],
        };
      }
      emit({ ...base, state: 'skipped', message: plan.why });
      return { result: result({ state: 'skipped', message: plan.why, evidence: 0 }), evidence: [] };
    }
    // The last progress of this source, so a retry notice keeps its counts.
    let last: SourceProgress = { ...base, state: 'running' };
    const onProgress: ProgressListener = (p) => {
      if (p.source === plan.id) last = p;
      emit(p);
    };
    const problems = new ProblemLog();
    onProgress(last);
    try {
      const evidence = await runInScope({ say: (text) => emit({ ...last, message: text }) }, () =>
        plan.run({
          role: opts.role,
          window: opts.window,
          signal,
          onProgress,
          onProblem: (p) => problems.add({ message: safeLine(p.message), fix: p.fix && stripControl(p.fix) }),
        }),
      );
      if (signal.aborted) {
        emit({ ...base, state: 'cancelled', done: evidence.length, unit: 'observations' });
        return {
          result: result({ state: 'cancelled', status: 'failed', evidence: evidence.length }),
          evidence,
        };
      }
      const listed = problems.list();
      const partial = problems.count > 0;
      const message = partial ? problemsReason(listed) : undefined;
      emit({ ...base, state: 'done', done: evidence.length, unit: 'observations', message });
      return {
        result: result({
          state: 'done',
          status: partial ? 'partial' : 'ok',
          evidence: evidence.length,
          ...(partial ? { message, fix: problemsFix(listed), problems: listed } : {}),
        }),
        evidence,
      };
    } catch (e) {
      if (signal.aborted) {
        emit({ ...base, state: 'cancelled' });
        return { result: result({ state: 'cancelled', status: 'failed', evidence: 0 }), evidence: [] };
      }
      const { message, fix } = errorParts(e);
      emit({ ...base, state: 'failed', message });
      const listed = problems.list();
      return {
        result: result({
          state: 'failed',
          status: 'failed',
          message,
          fix,
          evidence: 0,
          ...(listed.length ? { problems: listed } : {}),
        }),
        evidence: [],
      };
    }
  });
  const settled = await Promise.all(runs);
  return { evidence: settled.flatMap((s) => s.evidence), results: settled.map((s) => s.result) };
}
