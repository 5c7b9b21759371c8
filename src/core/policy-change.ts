// The change a new policy makes against the role's current policies, for every output
// (DESIGN.md, "Change and removals"): what stays, what goes (with what granted it, the
// evidence or its absence, and the user's note), what is added (inferred or platform
// needs the current policies lack), and every action the user rejected. Pure.
import { grantStatements, statementCoversAction, type GrantStatement } from './merge-grants.js';
import { evidenceSummaryLine } from './policy-evidence.js';
import type { Candidate, PolicyChange, RemovedAction, RoleDetail, SuggestedAction } from './types.js';

export interface ChangeInput {
  current?: RoleDetail;
  candidates: Candidate[];
  /** Actions in the new policy (catalogue casing). */
  inPolicy: Set<string>;
  isRejected: (action: string) => boolean;
  noteOf: (action: string) => string | undefined;
}

function grantedBy(statements: GrantStatement[], action: string): string[] {
  const policies = statements
    .filter((st) => st.effect === 'Allow' && statementCoversAction(st, action))
    .map((st) => st.policy);
  return [...new Set(policies)].sort();
}

/** The evidence in one line, or why there is none. */
function evidenceOf(c: Candidate): string {
  const seen = evidenceSummaryLine([{ ...c, evidence: withoutGrant(c) }]);
  const verdict = c.grant ? `${c.grant.status}: ${c.grant.reason}` : undefined;
  if (seen === 'no evidence') return verdict ?? 'no source saw it';
  return verdict && c.grant?.status !== 'used' ? `${seen} (${verdict})` : seen;
}

function withoutGrant(c: Candidate): Candidate['evidence'] {
  const { ['current-policy']: _grant, ...rest } = c.evidence;
  return rest;
}

function isBroad(c: Candidate): boolean {
  return c.risks.some((r) => r.code === 'broad-grant');
}

export function policyChange(input: ChangeInput): PolicyChange | undefined {
  const statements = grantStatements(input.current);
  if (statements.length === 0) return undefined;
  const kept: string[] = [];
  const removed: RemovedAction[] = [];
  const added: { action: string; why: string }[] = [];
  const rejected: RemovedAction[] = [];
  for (const c of input.candidates) {
    if (c.unmapped) continue;
    const by = grantedBy(statements, c.action);
    const entry = (): RemovedAction => {
      const note = input.noteOf(c.action);
      return { action: c.action, grantedBy: by, evidence: evidenceOf(c), ...(note ? { note } : {}) };
    };
    const rejectedHere = input.isRejected(c.action);
    if (rejectedHere) rejected.push(entry());
    if (input.inPolicy.has(c.action)) {
      if (c.granted) kept.push(c.action);
      else added.push({ action: c.action, why: addedWhy(c) });
    } else if (c.granted || isBroad(c)) removed.push(entry());
  }
  return { kept, removed, added, rejected };
}

function addedWhy(c: Candidate): string {
  if (c.platform?.length) return `platform need: ${c.platform.join('; ')}`;
  if (c.inferredReason) return `inferred: ${c.inferredReason}`;
  if (c.encryption?.length) return `SSE-KMS: ${c.encryption.join('; ')}`;
  if (c.totalDenied > 0 && c.totalCount === 0) return 'denied today; accepted in the review';
  return 'seen used, not granted by the current policies';
}

/**
 * Suggestions the review left pending (neither accepted nor rejected): SSE-KMS needs the
 * current policies do not grant, inferred actions, actions seen only denied. Rejected ones
 * are in the change's "rejected" list; accepted ones are in the policy.
 */
export function pendingSuggestions(
  candidates: Candidate[],
  isPending: (action: string) => boolean,
): SuggestedAction[] {
  const out: SuggestedAction[] = [];
  for (const c of candidates) {
    if (c.unmapped || !isPending(c.action)) continue;
    if (c.encryption?.length)
      out.push({
        action: c.action,
        kind: 'sse-kms',
        reason: `SSE-KMS, not granted today (the key policy allows it): ${c.encryption.join('; ')}`,
      });
    else if (c.inferredReason)
      out.push({ action: c.action, kind: 'inferred', reason: `inferred, not observed: ${c.inferredReason}` });
    else if (c.deniedOnly)
      out.push({
        action: c.action,
        kind: 'denied-only',
        reason: `seen only as AccessDenied: ${evidenceSummaryLine([{ ...c, evidence: withoutGrant(c) }])}`,
      });
  }
  return out;
}
