// The session events a finished gather produces: the evidence, each source's outcome, the
// observed actions accepted up front and generated names generalized (the same rules as
// `scan`: 46 object keys become their folder's `*`; `e` in the review brings back the
// exact names), so a review starts from the evidence. Denied-only, unused, inferred and
// unmapped actions stay pending.
import { mergeCandidates } from '../src/core/merge.js';
import { acceptsAutomatically } from '../src/core/auto-accept.js';
import { defaultResourceChoices } from '../src/core/generalize.js';
import type { SessionEvent } from '../sessions/events.js';
import type { Session } from '../sessions/schema.js';
import type { GatherResult } from './engine.js';
import { count as counted } from './plural.js';

export function gatheredEvents(session: Session, result: GatherResult, now: Date): SessionEvent[] {
  const events: SessionEvent[] = [
    { type: 'setEvidence', evidence: result.evidence, gatheredAt: now.toISOString() },
  ];
  for (const r of result.results)
    events.push({ type: 'setSourceState', id: r.id, state: r.state, message: r.message });
  const candidates = mergeCandidates(result.evidence, session.roleDetail);
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
