// Proof before save: every call X-Ray or CloudTrail saw succeed is replayed through the
// refined policy with the local evaluator. A call is *allowed*, *denied*, or *needs a
// placeholder*: a `${...}` left in the policy's resources or in the call's own resource
// (a key or table the source could not record) keeps the answer open, so it is counted
// apart and never as allowed: "allows N of M" only counts calls the policy allows as written.
// The policy is also checked against every ARN the evidence itself named for a call, so a
// wrong derivation cannot read as 100%: such a call is a *mapping doubt*.
import {
  evaluate,
  parsePolicies,
  type Evaluation,
  type NamedPolicy,
  type PolicyProblem,
} from './evaluate.js';
import { placeholdersIn } from './policy-model.js';
import { SOURCE_IDS, type Evidence, type SourceId } from './types.js';

/** Sources that observe calls one by one; Access Analyzer and Access Advisor summarise. */
export const CALL_SOURCES: readonly SourceId[] = ['xray', 'cloudtrail', 'csm'];

/** One distinct (action, resource) the role was seen calling successfully. */
export interface ObservedCall {
  action: string;
  resource?: string;
  sources: SourceId[];
  /** Successful requests, all sources together. */
  count: number;
  samples: string[];
  firstSeen?: string;
  lastSeen?: string;
  /** ARNs the evidence itself named for the call (evidence-arns.ts), checked as well. */
  arns: string[];
}

/**
 * `mapping-doubt`: the ARN the tool derived is allowed (or open), but an ARN the record
 * itself named is not: the derivation, and so the policy, may be wrong. Never counted as allowed.
 */
export type ReplayVerdict = 'allowed' | 'denied' | 'needs-placeholder' | 'mapping-doubt';

/** One ARN the evidence named, replayed as the literal ARN it is. */
export interface ArnCheck {
  arn: string;
  verdict: ReplayVerdict;
}

export interface ReplayedCall extends ObservedCall {
  verdict: ReplayVerdict;
  evaluation: Evaluation;
  /** `${...}` names that keep the answer open (the call's or the policy's). */
  placeholders: string[];
  /** The evidence's own ARNs and what the policy says on each. */
  arnChecks: ArnCheck[];
}

export interface ReplayGroup {
  action: string;
  calls: ReplayedCall[];
  count: number;
  sources: SourceId[];
}

export interface SkippedCall {
  action: string;
  reason: string;
  count: number;
}

export interface ReplayResult {
  /** Distinct (action, resource) calls replayed. */
  total: number;
  allowed: number;
  denied: number;
  needsPlaceholder: number;
  /** Calls whose own ARN (as the evidence named it) the policy does not allow. */
  doubts: number;
  /** Allowed only through statements with a Condition (not evaluated). */
  conditional: number;
  /** Successful requests behind the calls (the sum of their counts). */
  requests: number;
  calls: ReplayedCall[];
  /** The calls the policy would now deny, by action, with the evidence that saw them. */
  deniedGroups: ReplayGroup[];
  placeholderGroups: ReplayGroup[];
  doubtGroups: ReplayGroup[];
  /** Observed calls left out of the replay, with why (no permission needed, unmapped). */
  skipped: SkippedCall[];
  /** Parts of the policy the evaluator could not read. */
  problems: PolicyProblem[];
}

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

/** Replay the successful calls of `evidence` through `policy`. Pure. */
export function replayPolicy(evidence: Evidence[], policy: ReplayPolicy): ReplayResult {
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
  };
}

// What the online checks found (src/aws/proof.ts fills these; plain data so the policy
// model, the renderers and the TUI can carry them without the SDK).

/** An online check that ran, or why it did not. */
export type OnlineCheck<T> =
  | { state: 'done'; result: T }
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

export type AwsDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** iam:SimulateCustomPolicy over the same calls (placeholder calls are not sent). */
export interface SimulationResult {
  simulated: number;
  allowed: number;
  /** Calls AWS does not allow. */
  denied: { action: string; resource?: string; decision: AwsDecision }[];
  /** Calls where AWS and the local evaluator disagree. */
  disagreements: { action: string; resource?: string; local: ReplayVerdict; aws: AwsDecision }[];
  /** Context keys AWS needed and did not get (conditions). */
  missingContext: string[];
}

export type ValidationFindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** One Access Analyzer ValidatePolicy finding, its locations mapped to statements. */
export interface ValidationFinding {
  type: ValidationFindingType;
  issueCode: string;
  details: string;
  learnMoreLink?: string;
  /** 0-based statement indexes in the policy sent, and their Sids. */
  statements: number[];
  sids: string[];
}

export interface NoNewAccessResult {
  result: 'PASS' | 'FAIL';
  message?: string;
  reasons: { description: string; statementIndex?: number; sid?: string }[];
}

export interface OnlineProof {
  simulation: OnlineCheck<SimulationResult>;
  validation: OnlineCheck<ValidationFinding[]>;
  noNewAccess: OnlineCheck<NoNewAccessResult>;
}

/** Everything shown before save and written into the Markdown and Terraform outputs. */
export interface Proof {
  replay: ReplayResult;
  /** Absent when the run was offline. */
  online?: OnlineProof;
}

/**
 * True when nothing observed would be denied and no call's own ARN is refused (calls
 * waiting on a placeholder are not denials).
 */
export function replayPasses(r: ReplayResult): boolean {
  return r.denied === 0 && r.doubts === 0 && r.problems.length === 0;
}
