// Version-2 sessions kept a statement rationale under the statement's Sid, so a text
// stayed with the Sid when the statement's actions changed. On load, each such text moves
// onto the actions its statement covers in that session, derived as the tool derives
// them (the session's candidates, decisions, resource choices and fills), and the undo
// history follows. A Sid that matches no statement keeps its text in `byStatement`,
// listed by `sessions show`, the preview and the Markdown: user text is never dropped.
import { buildPolicyModel } from '../src/core/policy-model.js';
import { normalizeRationale } from '../src/core/rationale.js';
import type { Session, UndoChange } from './schema.js';
import { policyInputFromSession, sessionReview } from './summary.js';

/** The session's statements as Sid (lower case) → actions, without any comment. */
function statementActions(session: Session & { role: NonNullable<Session['role']> }): Map<string, string[]> {
  const input = policyInputFromSession(session, sessionReview(session).candidates);
  const model = buildPolicyModel({ ...input, comments: {}, current: undefined, generatedAt: '' });
  return new Map(model.statements.map((s) => [s.sid.toLowerCase(), s.actions]));
}

/** Two texts for one action (an S3 action in a bucket and an object statement) are both kept. */
function joined(had: string | undefined, text: string): string {
  if (!had || normalizeRationale(had) === normalizeRationale(text)) return had ?? text;
  return `${had}\n${text}`;
}

export function attachStatementRationale(session: Session): Session {
  const legacy = Object.entries(session.comments.byStatement).filter(([, t]) => t.trim());
  const role = session.role;
  if (legacy.length === 0 || !role) return session;
  const statements = statementActions({ ...session, role });
  const rationaleByAction = { ...session.comments.rationaleByAction };
  const byStatement = { ...session.comments.byStatement };
  const moved = new Map<string, string[]>();
  for (const [sid, text] of legacy) {
    const actions = statements.get(sid.toLowerCase());
    if (!actions) continue;
    for (const a of actions) rationaleByAction[a] = joined(rationaleByAction[a], text);
    delete byStatement[sid];
    moved.set(sid, actions);
  }
  if (moved.size === 0) return session;
  // An undo of an old statement edit now restores the text on each of its actions.
  const history = session.history.map((entry) => ({
    ...entry,
    changes: entry.changes.flatMap((c): UndoChange[] => {
      const actions = c.slice === 'commentsByStatement' ? moved.get(c.key) : undefined;
      if (!actions || c.slice !== 'commentsByStatement') return [c];
      const prev = c.prev;
      return actions.map((a) => ({
        slice: 'rationaleByAction',
        key: a,
        ...(prev === undefined ? {} : { prev }),
      }));
    }),
  }));
  return { ...session, comments: { ...session.comments, rationaleByAction, byStatement }, history };
}
