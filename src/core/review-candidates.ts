// The review's candidates as every caller needs them (TUI, scan, export): merged from the
// evidence, each grant judged as `compare` judges it, and the deliberate grants no source
// could see marked *unverified*, with the per-service shares that only `*` grants. The
// actions of a share become candidates only once the user decided them (kept the share),
// so an admin role's thousands of unseen actions never flood the review. Pure.
import { lookupAction } from '../catalog/catalog.js';
import { grantStatuses, withGrantStatus, type GrantInput } from './grant-status.js';
import { mergeCandidates } from './merge.js';
import type { Candidate } from './types.js';
import { findUnverified, markUnverified, type UnverifiedReport, type UnverifiedShare } from './unverified.js';

export interface ReviewedCandidates {
  candidates: Candidate[];
  unverified: UnverifiedReport;
}

/** One action of a `*` share, as granted today: on `*`, seen by no source. */
function shareCandidate(action: string, share: UnverifiedShare): Candidate | undefined {
  const cat = lookupAction(action);
  if (!cat) return undefined;
  return {
    action: cat.action,
    service: cat.service,
    accessLevel: cat.accessLevel,
    unmapped: false,
    resources: [{ arn: '*', kind: 'wildcard', sources: ['current-policy'], count: 0, denied: 0 }],
    evidence: { 'current-policy': { count: 0, denied: 0, samples: share.grantedBy.slice(0, 3) } },
    granted: true,
    deniedOnly: false,
    unused: false,
    grant: { status: 'unknown', reason: share.reason, resourceExcess: false },
    unverified: {
      reason: share.reason,
      verify: share.verify,
      grantedBy: share.grantedBy,
    },
    noPermissionNeeded: false,
    serviceLevelOnly: false,
    totalCount: 0,
    totalDenied: 0,
    risks: [],
  };
}

export function reviewCandidates(
  input: GrantInput,
  /** The session's decisions: share actions decided (kept or dropped) join the candidates. */
  decisions: Record<string, string> = {},
): ReviewedCandidates {
  const statuses = grantStatuses(input);
  const merged = withGrantStatus(mergeCandidates(input.evidence, input.role), statuses);
  const unverified = findUnverified({
    role: input.role,
    evidence: input.evidence,
    statuses,
    candidates: merged,
  });
  const marked = markUnverified(merged, unverified);
  return { candidates: withDecidedShares(marked, unverified.shares, decisions), unverified };
}

/** The share actions the user decided, as a stable key (the TUI recomputes only when it changes). */
export function decidedShareKey(shares: UnverifiedShare[], decisions: Record<string, string>): string {
  return shares.flatMap((s) => s.actions.filter((a) => decisions[a] !== undefined)).join(',');
}

/** The candidates plus the decided actions of `*` shares; the same array when there are none. */
export function withDecidedShares(
  candidates: Candidate[],
  shares: UnverifiedShare[],
  decisions: Record<string, string>,
): Candidate[] {
  const decided = shares.flatMap((s) =>
    s.actions.filter((a) => decisions[a] !== undefined).flatMap((a) => shareCandidate(a, s) ?? []),
  );
  if (decided.length === 0) return candidates;
  return [...candidates, ...decided].sort(
    (a, b) => ordinal(a.service, b.service) || ordinal(a.action.toLowerCase(), b.action.toLowerCase()),
  );
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keep a service's share (accept its actions), or drop it again when it is kept. */
export function shareDecision(
  share: UnverifiedShare,
  decisions: Record<string, string>,
): { actions: string[]; decision: 'accepted' | 'rejected' } {
  const kept = share.actions.every((a) => decisions[a] === 'accepted');
  return { actions: share.actions, decision: kept ? 'rejected' : 'accepted' };
}
