// "Nothing removed without a word" (DESIGN.md, Outputs): a grant no gathered source could
// observe (*unknown*) is kept, marked *unverified* with why and how to verify it, when the
// current policy grants it deliberately: by its name or a wildcard within its service
// (`logs:*`, `xray:Put*`). Actions unknown only because a bare `*` or a NotAction covers
// them are not kept one by one (an admin role has thousands): they are counted per
// service, and the user may keep a service's share. Pure.
import { serviceName, type CatalogAction } from '../catalog/catalog.js';
import {
  addCloudTrailDataServices,
  isDataEvent,
  observabilityOf,
  observersOf,
  type Observability,
} from './compare-observe.js';
import { lookupCached } from './compare-verdict.js';
import {
  grantStatements,
  statementCoversAction,
  wildcardMatch,
  type GrantStatement,
} from './merge-grants.js';
import type { Candidate, Evidence, RoleDetail } from './types.js';

export interface UnverifiedGrant {
  action: string;
  /** Why no source could see it: "CloudTrail does not log logs:PutLogEvents; X-Ray saw no calls to CloudWatch Logs". */
  reason: string;
  /** How to verify it. */
  verify: string;
  /** The policies whose statements name it (by name or service wildcard). */
  grantedBy: string[];
}

/** One service's unknown actions that only a bare `*` or a NotAction grants. */
export interface UnverifiedShare {
  service: string;
  actions: string[];
  reason: string;
  verify: string;
  grantedBy: string[];
}

export interface UnverifiedReport {
  /** Deliberate grants no source could see, one per action (candidates of the review). */
  grants: UnverifiedGrant[];
  shares: UnverifiedShare[];
}

/** The service's name without the vendor prefix: "CloudWatch Logs", "X-Ray". */
export function shortServiceName(service: string): string {
  return (serviceName(service) ?? service).replace(/^(Amazon|AWS)\s+/, '');
}

/** Why no present source could see the action, in the user's words. */
export function unobservedReason(action: CatalogAction, obs: Observability): string {
  const { blind } = observersOf(action, obs);
  const parts = blind.map((b) =>
    b.startsWith('X-Ray:') ? `X-Ray saw no calls to ${shortServiceName(action.service)}` : b,
  );
  // CloudTrail's blindness is the first fact the user needs; X-Ray's second.
  parts.sort((a, b) => rank(a) - rank(b));
  return parts.length ? parts.join('; ') : 'no evidence source covers this role';
}

function rank(part: string): number {
  return part.startsWith('CloudTrail') ? 0 : part.startsWith('X-Ray') ? 1 : 2;
}

/** What would show a use of the action. */
export function howToVerify(action: CatalogAction, obs: Observability): string {
  const ways: string[] = [];
  if (isDataEvent(action) && !obs.cloudtrailDataServices.has(action.service))
    ways.push(`enable CloudTrail data events for ${action.service}`);
  // The X-Ray SDK does not trace its own calls (the daemon sends segments).
  if (!obs.xrayServices.has(action.service) && action.service !== 'xray')
    ways.push(`instrument the SDK with X-Ray (its ${shortServiceName(action.service)} calls)`);
  ways.push(
    `use Access Advisor (aws iam generate-service-last-accessed-details, ${action.service} last accessed)`,
  );
  return ways.length > 1 ? `${ways.slice(0, -1).join(', ')}, or ${ways.at(-1)}` : ways[0]!;
}

/** A statement that names the action deliberately: by name or a pattern within its service. */
function namesDeliberately(st: GrantStatement, action: string): boolean {
  if (st.effect !== 'Allow' || st.notAction) return false;
  return st.actions.some((p) => {
    const colon = p.indexOf(':');
    if (colon <= 0 || /[*?]/.test(p.slice(0, colon))) return false; // `*`, `*:Get*`
    return wildcardMatch(p, action, true);
  });
}

export interface UnverifiedInput {
  role?: RoleDetail;
  evidence: Evidence[];
  /** Granted action (lower-cased) → its status, from grantStatuses. */
  statuses: Map<string, { status: string }>;
  /** The review's candidates: a deliberate grant is kept one by one only when it is one. */
  candidates: Candidate[];
}

function observability(evidence: Evidence[]): Observability {
  const seen = evidence.filter((e) => e.source !== 'current-policy');
  const obs = observabilityOf(seen);
  addCloudTrailDataServices(obs, seen, lookupCached);
  return obs;
}

export function findUnverified(input: UnverifiedInput): UnverifiedReport {
  const statements = grantStatements(input.role);
  if (statements.length === 0) return { grants: [], shares: [] };
  const obs = observability(input.evidence);
  const byKey = new Map(input.candidates.map((c) => [c.action.toLowerCase(), c]));
  const grants: UnverifiedGrant[] = [];
  const shares = new Map<string, { actions: CatalogAction[]; policies: Set<string> }>();
  for (const [key, status] of input.statuses) {
    if (status.status !== 'unknown') continue;
    const cat = lookupCached(key);
    if (!cat) continue;
    // A platform need has its evidence: the function's configuration.
    if (byKey.get(key)?.platform?.length) continue;
    const naming = statements.filter((st) => namesDeliberately(st, cat.action));
    if (naming.length > 0 && byKey.has(key)) {
      grants.push({
        action: byKey.get(key)!.action,
        reason: unobservedReason(cat, obs),
        verify: howToVerify(cat, obs),
        grantedBy: [...new Set(naming.map((st) => st.policy))].sort(),
      });
      continue;
    }
    const share = shares.get(cat.service) ?? { actions: [], policies: new Set<string>() };
    for (const st of statements)
      if (st.effect === 'Allow' && statementCoversAction(st, cat.action)) share.policies.add(st.policy);
    share.actions.push(cat);
    shares.set(cat.service, share);
  }
  return {
    grants: grants.sort((a, b) => ordinal(a.action.toLowerCase(), b.action.toLowerCase())),
    shares: [...shares.entries()]
      .sort(([a], [b]) => ordinal(a, b))
      .map(([service, s]) => shareOf(service, s.actions, s.policies, obs)),
  };
}

function shareOf(
  service: string,
  actions: CatalogAction[],
  policies: Set<string>,
  obs: Observability,
): UnverifiedShare {
  // The actions of a service differ only in data event / not logged: the most common reason speaks for them.
  const reasons = new Map<string, number>();
  for (const a of actions) {
    const r = unobservedReason(a, obs);
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  const reason = [...reasons.entries()].sort((a, b) => b[1] - a[1] || ordinal(a[0], b[0]))[0]![0];
  const sample = actions.find((a) => isDataEvent(a)) ?? actions[0]!;
  return {
    service,
    actions: actions.map((a) => a.action).sort((a, b) => ordinal(a.toLowerCase(), b.toLowerCase())),
    reason,
    verify: howToVerify(sample, obs),
    grantedBy: [...policies].sort(),
  };
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Candidates with their `unverified` mark (the review's badge and the outputs' reason). */
export function markUnverified(candidates: Candidate[], report: UnverifiedReport): Candidate[] {
  if (report.grants.length === 0) return candidates;
  const byAction = new Map(report.grants.map((g) => [g.action.toLowerCase(), g]));
  return candidates.map((c) => {
    const g = byAction.get(c.action.toLowerCase());
    return g ? { ...c, unverified: { reason: g.reason, verify: g.verify, grantedBy: g.grantedBy } } : c;
  });
}
