// "Session files are never overwritten with less than they held" (DESIGN.md): before a
// write, whatever the new state dropped must be what the event explicitly removes.
// A reducer bug then fails loudly instead of eating a day of decisions. Content counts,
// not only keys: a note emptied, a resource choice cleared, fewer calls in a piece of
// evidence are all losses. The handle also runs this against the file on disk when it
// changed behind the session's back.
import type { SessionEvent } from './events.js';
import type { Session, UndoableSlice } from './schema.js';
import { TIME_SERIES_SOURCES } from './regather.js';
import type { Evidence } from '../src/core/types.js';
import { occurrenceKey } from '../src/core/policy-model.js';

export class SessionLossError extends Error {
  constructor(
    readonly lost: string[],
    event: SessionEvent['type'],
  ) {
    super(
      `refusing to save: "${event}" would drop ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ' …' : ''}`,
    );
    this.name = 'SessionLossError';
  }
}

const SLICES: Record<UndoableSlice, (s: Session) => Record<string, unknown>> = {
  decisions: (s) => s.decisions,
  resourceChoices: (s) => s.resourceChoices,
  fills: (s) => s.fills,
  fillsByArn: (s) => s.fillsByArn ?? {},
  commentsByAction: (s) => s.comments.byAction,
  commentsByStatement: (s) => s.comments.byStatement,
  rationaleByAction: (s) => s.comments.rationaleByAction,
};

function evidenceKey(e: Evidence): string {
  return [e.source, e.action, e.resource ?? '', e.unmapped ? 'u' : '', e.inferredReason ? 'i' : ''].join(
    '\u0000',
  );
}

/** Keyed items the event is allowed to remove: `slice\0key`, `evidence\0source`, or '*' for all. */
function allowedRemovals(prev: Session, event: SessionEvent): (item: string) => boolean {
  const keys = (slice: UndoableSlice, list: string[]) => {
    const set = new Set(list.map((k) => `${slice}\u0000${k}`));
    return (item: string) => set.has(item);
  };
  switch (event.type) {
    // Another role starts another session (useFlow); a role change never empties this one.
    case 'setEvidence':
      return (item) => item.startsWith('evidence\u0000');
    case 'mergeEvidence': {
      const replaced = new Set(event.replaceSources ?? event.evidence.map((e) => e.source));
      return (item) => {
        const [kind, source] = item.split('\u0000');
        return (
          kind === 'evidence' && replaced.has(source as never) && !TIME_SERIES_SOURCES.has(source as never)
        );
      };
    }
    case 'decide':
      return keys('decisions', event.decision === 'pending' ? [event.action] : []);
    case 'decideMany':
      return keys('decisions', event.decision === 'pending' ? event.actions : []);
    case 'setComment':
      return keys(event.target === 'action' ? 'commentsByAction' : 'commentsByStatement', [event.key]);
    case 'setRationale':
      return keys('rationaleByAction', event.actions);
    case 'fillPlaceholder': {
      if (event.arn !== undefined) return keys('fillsByArn', [occurrenceKey(event.arn, event.name)]);
      // A value everywhere replaces that name's per-ARN values.
      const byName = keys('fills', [event.name]);
      return (item) => byName(item) || item.startsWith(`fillsByArn\u0000${event.name}@`);
    }
    case 'chooseResources':
      return keys('resourceChoices', [event.action]);
    case 'chooseResourcesMany':
      return keys(
        'resourceChoices',
        Object.entries(event.choices)
          .filter(([, list]) => list.length === 0)
          .map(([action]) => action),
      );
    case 'undo': {
      const set = new Set((prev.history.at(-1)?.changes ?? []).map((c) => `${c.slice}\u0000${c.key}`));
      return (item) => set.has(item);
    }
    default:
      return () => false;
  }
}

/** A value that holds nothing: an empty text, list or decision left pending. */
function empty(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '' || value === 'pending';
  if (Array.isArray(value)) return value.length === 0;
  return value === undefined || value === null;
}

/** Calls seen per evidence key (a key may repeat before aggregation). */
function callsByKey(list: readonly Evidence[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of list) {
    const k = evidenceKey(e);
    out.set(k, (out.get(k) ?? 0) + e.count + e.denied);
  }
  return out;
}

/** What `next` no longer holds that `prev` did, as `slice\0key` / `evidence\0source\0…` items. */
export function droppedItems(prev: Session, next: Session): string[] {
  const out: string[] = [];
  for (const [slice, get] of Object.entries(SLICES) as [
    UndoableSlice,
    (s: Session) => Record<string, unknown>,
  ][]) {
    const before = get(prev);
    const after = get(next);
    if (before === after) continue;
    for (const [k, value] of Object.entries(before)) {
      if (empty(value)) continue;
      if (!Object.hasOwn(after, k) || empty(after[k])) out.push(`${slice}\u0000${k}`);
    }
  }
  if (prev.evidence !== next.evidence) {
    const kept = callsByKey(next.evidence);
    for (const [k, calls] of callsByKey(prev.evidence)) {
      const now = kept.get(k);
      if (now === undefined) out.push(`evidence\u0000${k}`);
      else if (now < calls) out.push(`evidence\u0000${k}\u0000(${calls} calls → ${now})`);
    }
  }
  if (prev.roleDetail && !next.roleDetail) out.push('roleDetail');
  return out;
}

export function assertNoLoss(prev: Session, next: Session, event: SessionEvent): void {
  const allowed = allowedRemovals(prev, event);
  const lost = droppedItems(prev, next).filter((item) => !allowed(item));
  if (lost.length > 0)
    throw new SessionLossError(
      lost.map((i) => i.replaceAll('\u0000', ' ')),
      event.type,
    );
}
