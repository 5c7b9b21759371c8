// The session events a finished gather produces: the evidence, each source's outcome, the
// observed actions accepted up front and generated names generalized (the same rules as
// `scan`: 46 object keys become their folder's `*`; `e` in the review brings back the
// exact names), so a review starts from the evidence. Unverified grants (granted on
// purpose, seen by no source) start kept; denied-only, unused, inferred and unmapped
// actions stay pending.
import { reviewCandidates } from '../src/core/review-candidates.js';
import { acceptsAutomatically } from '../src/core/auto-accept.js';
import { defaultResourceChoices } from '../src/core/generalize.js';
import type { SessionEvent } from '../sessions/events.js';
import type { Session } from '../sessions/schema.js';
import type { GatherResult } from './engine.js';
import { sourceStatuses } from '../src/sources/gather.js';
import { count as counted } from './plural.js';

export function gatheredEvents(session: Session, result: GatherResult, now: Date): SessionEvent[] {
  const events: SessionEvent[] = [
    { type: 'setEvidence', evidence: result.evidence, gatheredAt: now.toISOString() },
  ];
  const statuses = sourceStatuses(result.results);
  for (const r of result.results) {
    const st = statuses.find((x) => x.id === r.id);
    events.push({
      type: 'setSourceState',
      id: r.id,
      state: r.state,
      message: r.message,
      ...(st ? { status: st.status, reason: st.reason, fix: st.fix } : {}),
    });
  }
  const { candidates } = reviewCandidates({
    role: session.roleDetail,
    evidence: result.evidence,
    sources: result.results.filter((r) => r.state === 'done').map((r) => r.id),
    window: session.window ? { start: session.window.start, end: session.window.end } : undefined,
  });
  const undecided = candidates
    .filter((c) => acceptsAutomatically(c) && !session.decisions[c.action])
    .map((c) => c.action);
  if (undecided.length) {
    events.push({
      type: 'decideMany',
      actions: undecided,
      decision: 'accepted',
      label: counted(undecided.length, 'observed action'),
    });
  }
  // Nothing removed without a word: deliberate grants no source could see start kept (D drops them).
  const unverified = candidates
    .filter((c) => c.unverified && !acceptsAutomatically(c) && !session.decisions[c.action])
    .map((c) => c.action);
  if (unverified.length) {
    events.push({
      type: 'decideMany',
      actions: unverified,
      decision: 'accepted',
      label: `keep ${unverified.length} unverified grants`,
    });
  }
  // Every action's generalization, accepted or not, unless the user already chose.
  const open = candidates.filter((c) => session.resourceChoices[c.action] === undefined);
  const { choices } = defaultResourceChoices(open, new Set(open.map((c) => c.action)));
  const count = Object.keys(choices).length;
  if (count) {
    events.push({
      type: 'chooseResourcesMany',
      choices,
      label: `generalize the resources of ${count} action${count === 1 ? '' : 's'}`,
    });
  }
  return events;
}
