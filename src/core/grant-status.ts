// The review's granted-but-unused rows, judged exactly as `compare` judges them: a grant
// is *unused* only when a gathered source could have seen it used and did not; a grant no
// gathered source could observe (a data event without data-event logging, a service the
// traces never show) is *unknown*. Pure.
import { compareRole, statusByAction, type ActionStatus } from './compare.js';
import type { Candidate, Evidence, RoleDetail, SourceId, TimeWindow } from './types.js';

export type GrantStatus = ActionStatus;

export interface GrantInput {
  role?: RoleDetail;
  evidence: Evidence[];
  /** Sources that were gathered (including any that found nothing for the role). */
  sources: SourceId[];
  window?: TimeWindow;
}

/** Each granted action's status, by lower-cased action name; empty without policies. */
export function grantStatuses(input: GrantInput): Map<string, GrantStatus> {
  const out = new Map<string, GrantStatus>();
  if (!input.role || input.role.policies.length === 0) return out;
  const report = compareRole(
    {
      role: { arn: input.role.arn, name: input.role.name },
      policies: input.role.policies,
      evidence: input.evidence,
    },
    { sources: input.sources, window: input.window },
  );
  for (const [action, status] of statusByAction(report)) out.set(action.toLowerCase(), status);
  return out;
}

/**
 * Candidates with their grant's status: `unused` follows compare's verdict, so a grant no
 * source could observe is not called unused. Candidates without a grant are returned as is.
 */
export function withGrantStatus(candidates: Candidate[], statuses: Map<string, GrantStatus>): Candidate[] {
  if (statuses.size === 0) return candidates;
  return candidates.map((c) => {
    const grant = statuses.get(c.action.toLowerCase());
    if (!grant) return c;
    return { ...c, grant, unused: grant.status === 'unused' };
  });
}
