// The one place a session changes: (session, event) → session, pure. Unchanged input
// comes back as the same object, so callers can skip a write. Edits record the values
// they replace, so `undo` works by events and survives a resume.
import type { SessionEvent } from './events.js';
import {
  MAX_HISTORY,
  type Decision,
  type DecisionInput,
  type Session,
  type UiPosition,
  type UndoChange,
  type UndoableSlice,
} from './schema.js';
import { SessionSourceSchema } from './schema.js';
import { scrubSettings } from './secrets.js';
import { mergeGatheredEvidence, widenWindow } from './regather.js';
import { occurrenceKey, parseOccurrenceKey } from '../src/core/policy-model.js';

type Rec = Record<string, unknown>;
type Change = { slice: UndoableSlice; key: string; next?: unknown };

function sliceOf(s: Session, slice: UndoableSlice): Rec {
  switch (slice) {
    case 'decisions':
      return s.decisions;
    case 'resourceChoices':
      return s.resourceChoices;
    case 'fills':
      return s.fills;
    case 'fillsByArn':
      return s.fillsByArn ?? {};
    case 'commentsByAction':
      return s.comments.byAction;
    case 'commentsByStatement':
      return s.comments.byStatement;
    case 'rationaleByAction':
      return s.comments.rationaleByAction;
  }
}

function withSlice(s: Session, slice: UndoableSlice, rec: Rec): Session {
  switch (slice) {
    case 'decisions':
      return { ...s, decisions: rec as Session['decisions'] };
    case 'resourceChoices':
      return { ...s, resourceChoices: rec as Session['resourceChoices'] };
    case 'fills':
      return { ...s, fills: rec as Session['fills'] };
    case 'fillsByArn': {
      // Absent when empty, so a session that never filled per ARN keeps its old shape.
      const { fillsByArn: _, ...rest } = s;
      return Object.keys(rec).length ? { ...rest, fillsByArn: rec as Record<string, string> } : rest;
    }
    case 'commentsByAction':
      return { ...s, comments: { ...s.comments, byAction: rec as Record<string, string> } };
    case 'commentsByStatement':
      return { ...s, comments: { ...s.comments, byStatement: rec as Record<string, string> } };
    case 'rationaleByAction':
      return { ...s, comments: { ...s.comments, rationaleByAction: rec as Record<string, string> } };
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** Apply key changes; returns the new session and what each key held before. */
function applyChanges(s: Session, changes: Change[]): { session: Session; undo: UndoChange[] } {
  const undo: UndoChange[] = [];
  const edited = new Map<UndoableSlice, Rec>();
  for (const c of changes) {
    const rec = edited.get(c.slice) ?? { ...sliceOf(s, c.slice) };
    const prev = Object.hasOwn(rec, c.key) ? rec[c.key] : undefined;
    if (same(prev, c.next)) continue;
    undo.push({ slice: c.slice, key: c.key, prev } as UndoChange);
    if (c.next === undefined) delete rec[c.key];
    else rec[c.key] = c.next;
    edited.set(c.slice, rec);
  }
  let session = s;
  for (const [slice, rec] of edited) session = withSlice(session, slice, rec);
  return { session, undo };
}

/** An undoable edit: skipped entirely when it changes nothing. */
function edit(s: Session, label: string, changes: Change[]): Session {
  const { session, undo } = applyChanges(s, changes);
  if (undo.length === 0) return s;
  const history = [...s.history, { label, changes: undo }].slice(-MAX_HISTORY);
  return { ...session, history };
}

function undoLast(s: Session): Session {
  const last = s.history.at(-1);
  if (!last) return s;
  // Restore in reverse so a key changed twice in one entry ends at its first value.
  const restore = [...last.changes].reverse().map((c) => ({ slice: c.slice, key: c.key, next: c.prev }));
  return { ...applyChanges(s, restore).session, history: s.history.slice(0, -1) };
}

function decisionValue(d: DecisionInput): Decision | undefined {
  return d === 'pending' ? undefined : d;
}

const VERB: Record<DecisionInput, string> = { accepted: 'accept', rejected: 'reject', pending: 'clear' };

function ui(s: Session, patch: Partial<UiPosition>): Session {
  const next = { ...s.ui, ...patch };
  for (const k of Object.keys(patch) as (keyof UiPosition)[]) if (patch[k] === undefined) delete next[k];
  const unchanged = (Object.keys(next) as (keyof UiPosition)[]).every((k) => next[k] === s.ui[k]);
  return unchanged && Object.keys(next).length === Object.keys(s.ui).length ? s : { ...s, ui: next };
}

/**
 * With `arn` (the template): that occurrence only. Without: the value everywhere; a value
 * set everywhere also clears the per-ARN values of that name, so it is the same everywhere.
 */
function fillPlaceholder(s: Session, event: Extract<SessionEvent, { type: 'fillPlaceholder' }>): Session {
  const value = event.value.trim() || undefined;
  if (event.arn !== undefined)
    return edit(s, `fill \${${event.name}} in ${event.arn}`, [
      { slice: 'fillsByArn', key: occurrenceKey(event.arn, event.name), next: value },
    ]);
  const cleared = value
    ? Object.keys(s.fillsByArn ?? {})
        .filter((k) => parseOccurrenceKey(k)?.name === event.name)
        .map((key) => ({ slice: 'fillsByArn' as const, key, next: undefined }))
    : [];
  return edit(s, `fill \${${event.name}} everywhere`, [
    { slice: 'fills', key: event.name, next: value },
    ...cleared,
  ]);
}

export function reduceSession(s: Session, event: SessionEvent): Session {
  switch (event.type) {
    case 'rename':
      return event.name.trim() && event.name.trim() !== s.name ? { ...s, name: event.name.trim() } : s;
    case 'setRole':
      if (s.role?.arn === event.role.arn) {
        return event.roleDetail ? { ...s, role: event.role, roleDetail: event.roleDetail } : s;
      }
      // Another role: what was gathered and decided belonged to the old one.
      return {
        ...s,
        role: event.role,
        roleDetail: event.roleDetail,
        evidence: [],
        gatheredAt: undefined,
        lastRegather: undefined,
        decisions: {},
        resourceChoices: {},
        fills: {},
        fillsByArn: undefined,
        comments: { byAction: {}, rationaleByAction: {}, byStatement: {} },
        history: [],
        ui: { screen: s.ui.screen },
      };
    case 'setWindow':
      return { ...s, window: event.window };
    case 'setSources':
      return {
        ...s,
        sources: event.sources.map((src) => {
          const parsed = SessionSourceSchema.parse(src);
          return { ...parsed, settings: scrubSettings(parsed.settings) };
        }),
      };
    case 'setSourceState': {
      const sources = s.sources.map((src) =>
        src.id === event.id
          ? {
              ...src,
              state: event.state ?? src.state,
              message: event.message,
              status: event.status,
              reason: event.reason,
              fix: event.fix,
            }
          : src,
      );
      return { ...s, sources };
    }
    case 'setEvidence':
      return {
        ...s,
        evidence: event.evidence,
        roleDetail: event.roleDetail ?? s.roleDetail,
        gatheredAt: event.gatheredAt,
        lastRegather: undefined,
      };
    case 'mergeEvidence': {
      const merged = mergeGatheredEvidence(s.evidence, event.evidence, event.replaceSources);
      return {
        ...s,
        evidence: merged.evidence,
        roleDetail: event.roleDetail ?? s.roleDetail,
        window: widenWindow(s.window, event.window),
        gatheredAt: event.gatheredAt,
        lastRegather: {
          at: event.gatheredAt,
          window: event.window,
          newActions: merged.newActions,
          changedActions: merged.changedActions,
        },
      };
    }
    case 'decide':
      return edit(s, `${VERB[event.decision]} ${event.action}`, [
        { slice: 'decisions', key: event.action, next: decisionValue(event.decision) },
      ]);
    case 'decideMany':
      return edit(
        s,
        `${VERB[event.decision]} ${event.label ?? `${event.actions.length} actions`}`,
        event.actions.map((a) => ({ slice: 'decisions', key: a, next: decisionValue(event.decision) })),
      );
    case 'toggle': {
      const next: Decision = s.decisions[event.action] === 'accepted' ? 'rejected' : 'accepted';
      return edit(s, `${VERB[next]} ${event.action}`, [{ slice: 'decisions', key: event.action, next }]);
    }
    case 'setComment': {
      const slice = event.target === 'action' ? 'commentsByAction' : 'commentsByStatement';
      const text = event.text.trim() ? event.text : undefined;
      return edit(s, `comment on ${event.key}`, [{ slice, key: event.key, next: text }]);
    }
    case 'setRationale': {
      const text = event.text.trim() ? event.text : undefined;
      const what = event.statement ?? event.actions.join(', ');
      return edit(
        s,
        `rationale of ${what}`,
        event.actions.map((a) => ({ slice: 'rationaleByAction' as const, key: a, next: text })),
      );
    }
    case 'fillPlaceholder':
      return fillPlaceholder(s, event);
    case 'chooseResources': {
      const next = event.resources.length > 0 ? [...event.resources] : undefined;
      return edit(s, `resources of ${event.action}`, [{ slice: 'resourceChoices', key: event.action, next }]);
    }
    case 'chooseResourcesMany': {
      const entries = Object.entries(event.choices);
      return edit(
        s,
        event.label ?? `resources of ${entries.length} actions`,
        entries.map(([key, list]) => ({
          slice: 'resourceChoices' as const,
          key,
          next: list.length > 0 ? [...list] : undefined,
        })),
      );
    }
    case 'setScreen':
      return ui(s, { screen: event.screen });
    case 'select':
      // `scroll` is left alone unless the event names it.
      return ui(
        s,
        'scroll' in event
          ? { selectedAction: event.action, scroll: event.scroll }
          : { selectedAction: event.action },
      );
    case 'setFilter':
      return ui(s, { filter: event.filter || undefined });
    case 'setPane':
      return ui(s, { pane: event.pane });
    case 'setOutput': {
      const output = { ...s.output, ...(event.format ? { format: event.format } : {}) };
      if (event.path !== undefined) output.path = event.path || undefined;
      return output.format === s.output.format && output.path === s.output.path ? s : { ...s, output };
    }
    case 'undo':
      return undoLast(s);
  }
}

/** The label of what `undo` would revert, for the status line. */
export function undoLabel(s: Session): string | undefined {
  return s.history.at(-1)?.label;
}
