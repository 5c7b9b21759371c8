// Re-gather on resume: when a session is older than its window, offer to gather the
// time since, and merge what comes back without losing anything decided.
import { EvidenceAccumulator } from '../src/core/aggregate.js';
import type { Evidence, SourceId, TimeWindow } from '../src/core/types.js';
import type { SessionEvent } from './events.js';
import type { Session } from './schema.js';

/** Sources that report counts over time: a new window adds to them. */
export const TIME_SERIES_SOURCES: ReadonlySet<SourceId> = new Set(['xray', 'cloudtrail']);

/** The longest look-back of any source (CloudTrail lookup and Access Analyzer: 90 days). */
export const MAX_LOOKBACK_MS = 90 * 86_400_000;

export interface RegatherOffer {
  stale: boolean;
  /** Time since the evidence was gathered. */
  ageMs: number;
  /** What to gather: from the end of the old window (at most 90 days back) to now. */
  window?: TimeWindow;
}

/** A session is stale when more time has passed since gathering than its window spans. */
export function regatherOffer(session: Session, now: Date): RegatherOffer {
  const gathered = session.gatheredAt ? Date.parse(session.gatheredAt) : NaN;
  if (!session.window || Number.isNaN(gathered)) return { stale: false, ageMs: 0 };
  const ageMs = Math.max(0, now.getTime() - gathered);
  const span = Date.parse(session.window.end) - Date.parse(session.window.start);
  if (!(span > 0) || ageMs <= span) return { stale: false, ageMs };
  const from = Math.max(Date.parse(session.window.end), gathered, now.getTime() - MAX_LOOKBACK_MS);
  return { stale: true, ageMs, window: { start: new Date(from).toISOString(), end: now.toISOString() } };
}

export interface EvidenceMerge {
  evidence: Evidence[];
  newActions: string[];
  changedActions: string[];
}

function totals(evidence: Evidence[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of evidence) out.set(e.action, (out.get(e.action) ?? 0) + e.count + e.denied);
  return out;
}

/**
 * Time-series evidence is folded (counts add, times widen); evidence of a snapshot
 * source that answered again is replaced by the new snapshot; anything else is kept.
 */
export function mergeGatheredEvidence(
  old: Evidence[],
  incoming: Evidence[],
  replaceSources: Iterable<SourceId> = new Set(incoming.map((e) => e.source)),
): EvidenceMerge {
  const replaced = new Set([...replaceSources].filter((s) => !TIME_SERIES_SOURCES.has(s)));
  const acc = new EvidenceAccumulator();
  for (const e of old) if (!replaced.has(e.source)) acc.add(e);
  acc.addAll(incoming);
  const evidence = acc.result();
  const before = totals(old);
  const after = totals(evidence);
  const newActions: string[] = [];
  const changedActions: string[] = [];
  for (const [action, total] of after) {
    const had = before.get(action);
    if (had === undefined) newActions.push(action);
    else if (total > had) changedActions.push(action);
  }
  return { evidence, newActions: newActions.sort(), changedActions: changedActions.sort() };
}

export function widenWindow<W extends TimeWindow>(a: W | undefined, b: TimeWindow): W | TimeWindow {
  if (!a) return b;
  return { ...a, start: a.start <= b.start ? a.start : b.start, end: a.end >= b.end ? a.end : b.end };
}

/** What a finished gather reports, as far as a re-gather needs it (src/sources/gather.ts). */
export interface GatheredForMerge {
  evidence: Evidence[];
  results: { id: SourceId; state: 'done' | 'failed' | 'cancelled' | 'skipped'; message?: string }[];
}

/**
 * The events of an accepted re-gather offer: merge what came back (only the sources that
 * finished replace their snapshot), record each source's outcome. New actions stay
 * pending and are listed in `lastRegather.newActions` for the review to mark.
 */
export function regatherEvents(result: GatheredForMerge, window: TimeWindow, now: Date): SessionEvent[] {
  const done = result.results.filter((r) => r.state === 'done').map((r) => r.id);
  return [
    {
      type: 'mergeEvidence',
      evidence: result.evidence,
      window,
      gatheredAt: now.toISOString(),
      replaceSources: done,
    },
    ...result.results.map((r): SessionEvent => ({
      type: 'setSourceState',
      id: r.id,
      state: r.state,
      message: r.message,
    })),
  ];
}
