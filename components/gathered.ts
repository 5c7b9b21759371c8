// The session events a finished gather produces: the evidence, each source's outcome, and
// the observed actions accepted up front (the same rule as `scan`), so a review starts
// from the evidence. Denied-only, unused, inferred and unmapped actions stay pending.
import { mergeCandidates } from '../src/core/merge.js';
import { acceptsAutomatically } from '../src/core/auto-accept.js';
import type { SessionEvent } from '../sessions/events.js';
import type { Session } from '../sessions/schema.js';
import type { GatherResult } from './engine.js';

export function gatheredEvents(session: Session, result: GatherResult, now: Date): SessionEvent[] {
  const events: SessionEvent[] = [
    { type: 'setEvidence', evidence: result.evidence, gatheredAt: now.toISOString() },
  ];
  for (const r of result.results)
    events.push({ type: 'setSourceState', id: r.id, state: r.state, message: r.message });
  const undecided = mergeCandidates(result.evidence, session.roleDetail)
    .filter((c) => acceptsAutomatically(c) && !session.decisions[c.action])
    .map((c) => c.action);
  if (undecided.length) {
    events.push({
      type: 'decideMany',
      actions: undecided,
      decision: 'accepted',
      label: `${undecided.length} observed actions`,
    });
  }
  return events;
}
