// The review's view of statement rationales: composed from the statement's actions (the
// session stores them per action), and what a resource edit did to them, for the status line.
import { composeRationale, type ComposedRationale } from '../../src/core/rationale.js';
import type { Candidate, PolicyStatementModel } from '../../src/core/types.js';
import type { Session } from '../../sessions/schema.js';
import { statementOf } from './model.js';

export function statementRationale(session: Session, statement: PolicyStatementModel): ComposedRationale {
  return composeRationale(statement.actions, session.comments.rationaleByAction);
}

/**
 * After an edit moved `action` (resources chosen, generalized, exact): a statement now
 * holding several texts, or the action's text gone with it to another statement.
 */
export function regroupNotice(
  before: Session,
  after: Session,
  serviceCandidates: Candidate[],
  action: string,
): string | undefined {
  const was = statementOf(before, serviceCandidates, action);
  const now = statementOf(after, serviceCandidates, action);
  if (!now) return undefined;
  const composed = statementRationale(after, now);
  if (composed.texts > 1) {
    return `rationale merged: ${now.sid} now holds ${composed.texts} notes written for its actions apart (c rewrites it as one)`;
  }
  const own = composeRationale([action], after.comments.rationaleByAction).text;
  if (was && was.sid !== now.sid && own)
    return `${action} moved to statement ${now.sid}, its rationale with it`;
  return undefined;
}
