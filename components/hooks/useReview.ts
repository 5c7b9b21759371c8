// Review state: rows from the session (decisions, filter, cursor) plus UI-only bits kept
// here (scroll offset, folded services, open modal, filter being typed). Every change to
// the session goes through `dispatch`, i.e. the session reducer, and is on disk at once.
import { useMemo, useState } from 'react';
import type { SessionEvent } from '../../sessions/events.js';
import type { Session } from '../../sessions/schema.js';
import { undoLabel } from '../../sessions/reducer.js';
import { parseFilter, type FilterContext } from '../review/filter.js';
import { reviewRows, serviceActions, serviceKey, type ReviewRow, type ServiceGroup } from '../review/rows.js';
import { statusOf } from '../review/status.js';
import { fitList, moveList, type ListMove } from './listState.js';
import { useTextField } from './useTextField.js';
import { useCursor } from './useCursor.js';
import { count } from '../plural.js';

export type ReviewModal = 'filter' | 'comment' | 'note' | 'resources' | 'shares';

export function useReview(
  session: Session,
  groups: ServiceGroup[],
  dispatch: (e: SessionEvent) => void,
  listHeight: number,
) {
  const [offset, setOffset] = useState(0);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [modal, setModal] = useState<ReviewModal>();
  // The filter being typed narrows the list live; Enter keeps it in the session.
  const filterField = useTextField();
  const [status, setStatus] = useState<string>();
  const [detailScroll, setDetailScroll] = useState(0);
  // The action `a`/`r` just decided (the cursor went on): `C` notes it until the next key.
  const [decided, setDecided] = useState<string>();
  const [noteFor, setNoteFor] = useState<string>();

  const filterText = modal === 'filter' ? filterField.value : session.ui.filter;
  const filter = useMemo(() => parseFilter(filterText), [filterText]);
  const newActions = session.lastRegather?.newActions;
  const ctx = useMemo<FilterContext>(() => {
    const fresh = new Set(newActions ?? []);
    return { status: (c) => statusOf(session.decisions, c.action), isNew: (c) => fresh.has(c.action) };
  }, [session.decisions, newActions]);
  const rows = useMemo(
    () => reviewRows(groups, session.decisions, collapsed, filter, ctx),
    [groups, session.decisions, collapsed, filter, ctx],
  );

  const [cursorKey, setCursorKey] = useCursor(session.ui.selectedAction, dispatch);
  const found = rows.findIndex((r) => r.key === cursorKey);
  const view = fitList({ cursor: Math.max(0, found), offset }, rows.length, listHeight);
  const row: ReviewRow | undefined = rows[view.cursor];
  const group = row ? groups.find((g) => g.service === row.service) : undefined;

  const select = (target: ReviewRow | undefined, nextOffset = view.offset) => {
    setOffset(nextOffset);
    setDetailScroll(0);
    if (target) setCursorKey(target.key);
  };

  const move = (m: ListMove) => {
    const next = moveList(view, m, rows.length, listHeight);
    select(rows[next.cursor], next.offset);
  };

  /** After a decision the cursor goes on to the next action, so a review is a run of keys. */
  const nextAction = () => {
    const i = rows.findIndex((r, j) => j > view.cursor && r.kind === 'action');
    if (i >= 0) select(rows[i], fitList({ cursor: i, offset: view.offset }, rows.length, listHeight).offset);
  };

  const say = (text: string | undefined) => setStatus(text);

  const decideService = (decision: 'accepted' | 'rejected') => {
    const actions = serviceActions(group, filter, ctx);
    if (!group || actions.length === 0) return;
    const what = count(actions.length, `${group.service} action`);
    dispatch({ type: 'decideMany', actions, decision, label: what });
    say(`${decision} ${what}.`);
  };

  const fold = (how: 'open' | 'close' | 'toggle') => {
    if (!row) return;
    const next = new Set(collapsed);
    const close = how === 'toggle' ? !next.has(row.service) : how === 'close';
    if (close) next.add(row.service);
    else next.delete(row.service);
    setCollapsed(next);
    // Folding from an action row puts the cursor on its service.
    if (close && row.kind === 'action') setCursorKey(serviceKey(row.service));
  };

  return {
    rows,
    view,
    row,
    group,
    filter,
    filterText,
    modal,
    setModal,
    filterField,
    openFilter() {
      filterField.set(session.ui.filter ?? '');
      setModal('filter');
    },
    status,
    say,
    decided,
    forgetDecided: () => setDecided(undefined),
    /** The action the note editor writes on: the one just decided, else the selected one. */
    noteFor,
    openNote(action: string) {
      setNoteFor(action);
      setDecided(undefined);
      say(undefined);
      setModal('note');
    },
    detailScroll,
    setDetailScroll,
    move,
    decideService,
    fold,
    decide(decision: 'accepted' | 'rejected') {
      if (row?.kind === 'service') decideService(decision);
      else if (row) {
        dispatch({ type: 'decide', action: row.candidate.action, decision });
        nextAction();
        setDecided(row.candidate.action);
        say(`${decision} ${row.candidate.action}: C writes its note.`);
      }
    },
    /** Reject every unverified grant; when all are rejected already, keep them again. */
    dropUnverified() {
      const actions = groups.flatMap((g) => g.candidates.filter((c) => c.unverified).map((c) => c.action));
      if (actions.length === 0) return say('no unverified grants: every grant was seen or judged');
      const keep = actions.every((a) => session.decisions[a] === 'rejected');
      const decision = keep ? 'accepted' : 'rejected';
      dispatch({ type: 'decideMany', actions, decision, label: `${actions.length} unverified grants` });
      say(
        `${keep ? 'kept' : 'dropped'} ${actions.length} unverified grants${keep ? '' : ' (D again keeps them)'}`,
      );
    },
    toggle() {
      if (row?.kind === 'action') dispatch({ type: 'toggle', action: row.candidate.action });
      else fold('toggle');
    },
    undo() {
      const label = undoLabel(session);
      if (label) dispatch({ type: 'undo' });
      say(label ? `undid ${label}.` : 'Nothing to undo.');
    },
    applyFilter(text: string | undefined) {
      setModal(undefined);
      setOffset(0);
      dispatch({ type: 'setFilter', filter: text?.trim() || undefined });
    },
  };
}

export type ReviewState = ReturnType<typeof useReview>;
