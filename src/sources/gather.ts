// Runs the planned sources side by side. A source that fails is marked failed with
// its message; the others go on (DESIGN.md, "Gathering").
import { isUserError, formatUserError } from '../core/errors.js';
import type { ProgressListener, SourceProgress } from '../core/progress.js';
import type { Evidence, RoleRef, SourceId, TimeWindow } from '../core/types.js';
import { safeLine } from '../core/sanitize.js';

export interface RunContext {
  role: RoleRef;
  window?: TimeWindow;
  signal: AbortSignal;
  onProgress: ProgressListener;
}

export interface SourcePlan {
  id: SourceId;
  label: string;
  /** Can run for this role with what we were given. */
  available: boolean;
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
  message?: string;
  evidence: number;
}

export interface GatherResult {
  evidence: Evidence[];
  results: SourceResult[];
}

function errorText(e: unknown): string {
  if (isUserError(e)) return safeLine(formatUserError(e).replace(/^iam-refine: /, ''));
  if (e instanceof Error) return safeLine(e.message);
  return safeLine(String(e));
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
    if (!plan.available) {
      emit({ ...base, state: 'skipped', message: plan.why });
      return {
        result: { id: plan.id, label: plan.label, state: 'skipped', message: plan.why, evidence: 0 },
        evidence: [],
      };
    }
    emit({ ...base, state: 'running' });
    try {
      const evidence = await plan.run({ role: opts.role, window: opts.window, signal, onProgress: emit });
      const state = signal.aborted ? 'cancelled' : 'done';
      emit({ ...base, state, done: evidence.length, unit: 'observations' });
      return { result: { id: plan.id, label: plan.label, state, evidence: evidence.length }, evidence };
    } catch (e) {
      if (signal.aborted) {
        emit({ ...base, state: 'cancelled' });
        return { result: { id: plan.id, label: plan.label, state: 'cancelled', evidence: 0 }, evidence: [] };
      }
      const message = errorText(e);
      emit({ ...base, state: 'failed', message });
      return {
        result: { id: plan.id, label: plan.label, state: 'failed', message, evidence: 0 },
        evidence: [],
      };
    }
  });
  const settled = await Promise.all(runs);
  return { evidence: settled.flatMap((s) => s.evidence), results: settled.map((s) => s.result) };
}
