// The review's candidates as every caller needs them (TUI, scan, export): merged from the
// evidence, each grant judged as `compare` judges it, and the deliberate grants no source
// could see marked *unverified*, with the per-service shares that only `*` grants. Pure.
import { grantStatuses, withGrantStatus, type GrantInput } from './grant-status.js';
import { mergeCandidates } from './merge.js';
import type { Candidate } from './types.js';
import { findUnverified, markUnverified, type UnverifiedReport } from './unverified.js';

export interface ReviewedCandidates {
  candidates: Candidate[];
  unverified: UnverifiedReport;
}

export function reviewCandidates(input: GrantInput): ReviewedCandidates {
  const statuses = grantStatuses(input);
  const merged = withGrantStatus(mergeCandidates(input.evidence, input.role), statuses);
  const unverified = findUnverified({
    role: input.role,
    evidence: input.evidence,
    statuses,
    candidates: merged,
  });
  return { candidates: markUnverified(merged, unverified), unverified };
}

/** The unverified grants to keep: every one unless the user drops them on purpose. */
export function keptUnverified(candidates: Candidate[]): string[] {
  return candidates.filter((c) => c.unverified).map((c) => c.action);
}
