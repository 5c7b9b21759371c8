// The policy the session describes, built by the engine's buildPolicyModel. The review
// asks for one service's statements at a time (Sids only clash within a service), so a
// keypress in a 5,000-action review never rebuilds the whole policy.
import { buildPolicyModel, type PolicyModelInput } from '../../src/core/policy-model.js';
import type { Candidate, PolicyModel, PolicyStatementModel } from '../../src/core/types.js';
import type { UnverifiedShare } from '../../src/core/unverified.js';
import type { Session } from '../../sessions/schema.js';
import { policyInputFromSession } from '../../sessions/summary.js';

export function modelInput(
  session: Session,
  candidates: Candidate[],
  opts: { fills?: boolean; shares?: UnverifiedShare[] } = {},
): PolicyModelInput {
  const role = session.role;
  if (!role) throw new Error('a policy needs the role');
  const input = {
    ...policyInputFromSession({ ...session, role }, candidates),
    ...(opts.shares ? { unverifiedShares: opts.shares } : {}),
  };
  return opts.fills === false ? { ...input, fills: {}, fillsByArn: {} } : input;
}

export function sessionModel(
  session: Session,
  candidates: Candidate[],
  opts: { fills?: boolean; shares?: UnverifiedShare[] } = {},
): PolicyModel {
  return buildPolicyModel(modelInput(session, candidates, opts));
}

/** The statement an accepted action lands in, from its service's candidates only. */
export function statementOf(
  session: Session,
  serviceCandidates: Candidate[],
  action: string,
): PolicyStatementModel | undefined {
  if (session.decisions[action] !== 'accepted') return undefined;
  return sessionModel(session, serviceCandidates).statements.find((s) => s.actions.includes(action));
}

/** The resources the policy gives one action (its choice or the engine's default), fills applied. */
export function resourcesOf(session: Session, candidate: Candidate): string[] {
  const one = { ...session, decisions: { [candidate.action]: 'accepted' as const } };
  return [...new Set(sessionModel(one, [candidate]).statements.flatMap((s) => s.resources))];
}

/** Rationales from a version-2 session whose Sid matched no statement when loaded (kept, shown). */
export function orphanedComments(session: Session): string[] {
  return Object.keys(session.comments.byStatement).filter((sid) => session.comments.byStatement[sid]?.trim());
}

/** Statements whose actions hold different rationales since a regroup, for a notice. */
export function mergedRationale(model: PolicyModel): PolicyStatementModel[] {
  return model.statements.filter((s) => (s.rationaleMerged ?? 0) > 1);
}
