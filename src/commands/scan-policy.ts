// The heart of `scan` for one role, shared by `scan --role` and `scan --all-roles` across
// accounts: every action seen used is accepted, deliberate grants no source could see are
// kept (marked unverified) unless dropped, resources are generalized unless kept exact.
import { acceptsAutomatically } from '../core/auto-accept.js';
import { defaultResourceChoices } from '../core/generalize.js';
import { buildPolicyModel } from '../core/policy-model.js';
import { reviewCandidates } from '../core/review-candidates.js';
import type { Evidence, RoleDetail, RoleRef, SourceId, TimeWindow } from '../core/types.js';
import { toolVersion } from '../version.js';

export interface ScanPolicyInput {
  role: RoleRef;
  roleDetail?: RoleDetail;
  evidence: Evidence[];
  /** The sources that ran (ids for the review, labels for the policy's header). */
  ran: { id: SourceId; label: string }[];
  window?: TimeWindow;
  dropUnverified?: boolean;
  exactResources?: boolean;
}

export function scanPolicy(input: ScanPolicyInput) {
  const { candidates, unverified } = reviewCandidates({
    role: input.roleDetail,
    evidence: input.evidence,
    sources: input.ran.map((r) => r.id),
    window: input.window,
  });
  const decisions: Record<string, 'accepted' | 'rejected'> = Object.fromEntries(
    candidates
      .filter((c) => acceptsAutomatically(c) || (c.unverified && !input.dropUnverified))
      .map((c) => [c.action, 'accepted' as const]),
  );
  for (const c of candidates) if (c.unverified && input.dropUnverified) decisions[c.action] = 'rejected';
  const accepted = new Set(Object.keys(decisions).filter((a) => decisions[a] === 'accepted'));
  const generalized = input.exactResources ? undefined : defaultResourceChoices(candidates, accepted);
  const modelInput = {
    role: input.role,
    window: input.window,
    sources: input.ran.map((r) => r.label),
    candidates,
    decisions,
    resourceChoices: generalized?.choices,
    toolVersion: toolVersion(),
    unverifiedShares: unverified.shares,
    current: input.roleDetail,
  };
  const model = buildPolicyModel(modelInput);
  // modelInput lets a caller rebuild the model with placeholder fills (scan's --fill).
  return { candidates, unverified, decisions, accepted, generalized, model, modelInput };
}
