// Proof before save: every call X-Ray or CloudTrail saw succeed is replayed through the
// refined policy with the local evaluator. A call is *allowed*, *denied*, or *needs a
// placeholder*: a `${...}` left in the policy's resources or in the call's own resource
// (a key or table the source could not record) keeps the answer open, so it is counted
// apart and never as allowed: "allows N of M" only counts calls the policy allows as written.
// The policy is also checked against every ARN the evidence itself named for a call, so a
// wrong derivation cannot read as 100%: such a call is a *mapping doubt*.
import { evaluate, parsePolicies, type Evaluation, type NamedPolicy } from './evaluate.js';
import { placeholdersIn } from './policy-model.js';
import { filledMismatches } from './filled-check.js';
import {
  SOURCE_IDS,
  type Evidence,
  type FilledArn,
  type ObservedCall,
  type ReplayedCall,
  type ArnCheck,
  type ReplayGroup,
  type ReplayResult,
  type ReplayVerdict,
  type SkippedCall,
  type SourceId,
} from './types.js';

// The result types live in types.ts (the policy model carries a Proof); re-exported for callers.
export type {
  ArnCheck,
  AwsDecision,
  FilledMismatch,
  NoNewAccessResult,
  ObservedCall,
  OnlineCheck,
  OnlineProof,
  Proof,
  ReplayedCall,
  ReplayGroup,
  ReplayResult,
  ReplayVerdict,
  SimulationResult,
  SkippedCall,
  ValidationFinding,
  ValidationFindingType,
} from './types.js';

/** Sources that observe calls one by one; Access Analyzer and Access Advisor summarise. */
export const CALL_SOURCES: readonly SourceId[] = ['xray', 'cloudtrail', 'csm'];

const MAX_CALL_SAMPLES = 5;
const MAX_CALL_ARNS = 10;

/** The successful calls in the evidence, one per (action, resource), sources merged. */
export function observedCalls(evidence: Evidence[]): { calls: ObservedCall[]; skipped: SkippedCall[] } {
  const calls = new Map<string, ObservedCall>();
  const skipped = new Map<string, SkippedCall>();
  for (const e of evidence) {
    if (!CALL_SOURCES.includes(e.source) || e.count <= 0) continue;
    // Inferred calls (iam:PassRole behind CreateFunction) were never seen: suggestions, not replayed.
    const reason = e.unmapped
      ? 'maps to no IAM action'
      : e.noPermissionNeeded
        ? 'needs no permission'
        : e.inferredReason
          ? `inferred, not observed: ${e.inferredReason}`
          : undefined;
    if (reason) {
      const s = skipped.get(e.action) ?? { action: e.action, reason, count: 0 };
      s.count += e.count;
      skipped.set(e.action, s);
      continue;
    }
    const key = `${e.action.toLowerCase()}\u0000${e.resource ?? ''}`;
    const c = calls.get(key) ?? {
      action: e.action,
      ...(e.resource !== undefined ? { resource: e.resource } : {}),
      sources: [],
      count: 0,
      samples: [],
      arns: [],
    };
    if (!c.sources.includes(e.source))
      c.sources = [...c.sources, e.source].sort((a, b) => SOURCE_IDS.indexOf(a) - SOURCE_IDS.indexOf(b));
    c.count += e.count;
    for (const id of e.samples)
      if (c.samples.length < MAX_CALL_SAMPLES && !c.samples.includes(id)) c.samples.push(id);
    for (const arn of e.arns ?? [])
      if (c.arns.length < MAX_CALL_ARNS && !c.arns.includes(arn)) c.arns = [...c.arns, arn].sort();
    if (e.firstSeen && (!c.firstSeen || e.firstSeen < c.firstSeen)) c.firstSeen = e.firstSeen;
    if (e.lastSeen && (!c.lastSeen || e.lastSeen > c.lastSeen)) c.lastSeen = e.lastSeen;
    calls.set(key, c);
  }
  const order = (a: ObservedCall, b: ObservedCall) =>
    a.action.toLowerCase().localeCompare(b.action.toLowerCase()) ||
    (a.resource ?? '').localeCompare(b.resource ?? '');
  return {
    calls: [...calls.values()].sort(order),
    skipped: [...skipped.values()].sort((a, b) => a.action.localeCompare(b.action)),
  };
}

function verdictOf(e: Evaluation): ReplayVerdict {
  if (e.decision === 'allowed') return 'allowed';
  return e.decision === 'unresolved' ? 'needs-placeholder' : 'denied';
}

/**
 * The derived ARN's verdict, corrected by the evidence's own ARNs: a denial of one of them
 * is a mapping doubt; when they are all allowed, a derived ARN left open (the source did
 * not record a part of it) no longer keeps the call open.
 */
function combined(derived: ReplayVerdict, checks: ArnCheck[]): ReplayVerdict {
  if (derived === 'denied') return 'denied';
  if (checks.some((c) => c.verdict === 'denied')) return 'mapping-doubt';
  if (derived === 'needs-placeholder' && checks.length > 0 && checks.every((c) => c.verdict === 'allowed'))
    return 'allowed';
  return derived;
}

function groups(calls: ReplayedCall[]): ReplayGroup[] {
  const by = new Map<string, ReplayGroup>();
  for (const c of calls) {
    const g = by.get(c.action) ?? { action: c.action, calls: [], count: 0, sources: [] };
    g.calls.push(c);
    g.count += c.count;
    for (const s of c.sources) if (!g.sources.includes(s)) g.sources.push(s);
    by.set(c.action, g);
  }
  return [...by.values()];
}

/** The policies to replay through: the rendered policy JSON (text or parsed), or several named ones. */
export type ReplayPolicy = string | object | NamedPolicy[];

function named(policy: ReplayPolicy): NamedPolicy[] {
  return Array.isArray(policy) ? (policy as NamedPolicy[]) : [{ name: 'refined policy', document: policy }];
}

/**
 * Replay the successful calls of `evidence` through `policy`. Pure. `filled` (the model's
 * filled placeholders) are also checked against the ARNs the records named.
 */
export function replayPolicy(
  evidence: Evidence[],
  policy: ReplayPolicy,
  opts: { filled?: readonly FilledArn[] } = {},
): ReplayResult {
  const { statements, problems } = parsePolicies(named(policy));
  const { calls: observed, skipped } = observedCalls(evidence);
  const resourcesOf = new Map(statements.map((s) => [`${s.policy}\u0000${s.index}`, s.resources]));
  const calls: ReplayedCall[] = observed.map((call) => {
    const evaluation = evaluate(statements, { action: call.action, resource: call.resource });
    const arnChecks = call.arns.map((arn) => ({
      arn,
      verdict: verdictOf(evaluate(statements, { action: call.action, resource: arn, literal: true })),
    }));
    const verdict = combined(verdictOf(evaluation), arnChecks);
    const open =
      verdict !== 'needs-placeholder'
        ? []
        : [
            ...placeholdersIn(call.resource ?? ''),
            ...evaluation.unresolved.flatMap((h) =>
              (resourcesOf.get(`${h.policy}\u0000${h.index}`) ?? []).flatMap((r) =>
                [...r.matchAll(/\$\{[^}]*\}/g)].map((m) => m[0]),
              ),
            ),
          ];
    return { ...call, verdict, evaluation, placeholders: [...new Set(open)].sort(), arnChecks };
  });
  const allowed = calls.filter((c) => c.verdict === 'allowed');
  const mismatches = filledMismatches(evidence, opts.filled ?? []);
  return {
    total: calls.length,
    allowed: allowed.length,
    denied: calls.filter((c) => c.verdict === 'denied').length,
    needsPlaceholder: calls.filter((c) => c.verdict === 'needs-placeholder').length,
    doubts: calls.filter((c) => c.verdict === 'mapping-doubt').length,
    conditional: allowed.filter((c) => c.evaluation.matched.every((m) => m.conditional)).length,
    requests: calls.reduce((n, c) => n + c.count, 0),
    calls,
    deniedGroups: groups(calls.filter((c) => c.verdict === 'denied')),
    placeholderGroups: groups(calls.filter((c) => c.verdict === 'needs-placeholder')),
    doubtGroups: groups(calls.filter((c) => c.verdict === 'mapping-doubt')),
    skipped,
    problems,
    ...(mismatches.length ? { filledMismatches: mismatches } : {}),
  };
}

/**
 * True when nothing observed would be denied and no call's own ARN is refused (calls
 * waiting on a placeholder are not denials).
 */
export function replayPasses(r: ReplayResult): boolean {
  return r.denied === 0 && r.doubts === 0 && r.problems.length === 0;
}
