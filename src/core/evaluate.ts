// A local evaluator of identity policies for one request (action + resource): Allow and
// Deny, Action/NotAction, Resource/NotResource, IAM wildcards, actions matched without
// case and resources with it. Conditions are not evaluated: an Allow with a Condition
// counts as allowing and a Deny with one as not denying, and both are reported, so the
// answer is "what the role can do when the conditions hold as they did". A `${...}`
// (placeholder or policy variable) on either side makes a match undecided, never a guess;
// IAM's escapes `${*}`, `${?}`, `${$}` are literal characters (iam-literal.ts). Documents
// are read by the one parser (policy-document.ts) that compare and the review use too.
import { escapeIamLiteral, unescapeIamLiteral, withoutIamEscapes } from './iam-literal.js';
import { parsePolicyDocument, type ParsedStatement } from './policy-document.js';
import { cachedGlobRegex, globCovers, globOverlaps } from './policy-glob.js';

export interface NamedPolicy {
  name: string;
  /** A parsed policy document or its JSON text. */
  document: unknown;
}

export interface PolicyStatement extends ParsedStatement {
  policy: string;
}

export interface PolicyProblem {
  policy: string;
  index?: number;
  message: string;
}

export interface EvalRequest {
  action: string;
  /** A concrete ARN, `*` (actions without resource types), an ARN with `${...}`, or unknown. */
  resource?: string;
  /** The resource is an ARN exactly as a record named it, not policy syntax: no `${...}` in it is a variable. */
  literal?: boolean;
}

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unresolved';

export interface StatementHit {
  policy: string;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  conditional: boolean;
}

export interface Evaluation {
  decision: Decision;
  /** The statements that decided: the matching Allows, or the matching Denies. */
  matched: StatementHit[];
  /** Matching statements whose Condition was not evaluated. */
  conditionsNotEvaluated: StatementHit[];
  /** Statements that match or not depending on a `${...}` value (placeholder, variable, unknown resource). */
  unresolved: StatementHit[];
}

/** Statements of every policy; statements that cannot be read are listed as problems (policy-document.ts). */
export function parsePolicies(policies: NamedPolicy[]): {
  statements: PolicyStatement[];
  problems: PolicyProblem[];
} {
  const statements: PolicyStatement[] = [];
  const problems: PolicyProblem[] = [];
  for (const p of policies) {
    const parsed = parsePolicyDocument(p.document);
    for (const st of parsed.statements) statements.push({ policy: p.name, ...st });
    for (const problem of parsed.problems) problems.push({ policy: p.name, ...problem });
  }
  return { statements, problems };
}

type Match = 'yes' | 'maybe' | 'no';

function matcher(pattern: string, ignoreCase: boolean): RegExp {
  return cachedGlobRegex(pattern, { ignoreCase });
}

/** IAM action pattern vs an action name: case-insensitive wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  return matcher(pattern, true).test(action);
}

/**
 * IAM resource pattern vs the request's resource: case-sensitive; `${...}` leaves it
 * undecided. The resource is policy syntax (IAM's escapes `${*}`, `${?}`, `${$}` stand for
 * literal characters, other `${...}` for values not known), or, with `literal`, the ARN
 * exactly as a record named it. The pattern's escapes always match one literal character.
 */
export function resourceMatch(pattern: string, resource: string | undefined, literal = false): Match {
  if (pattern === '*') return 'yes';
  if (resource === undefined) return 'maybe';
  const patternVars = withoutIamEscapes(pattern).includes('${');
  const open = !literal && withoutIamEscapes(resource).includes('${');
  const concrete = literal ? resource : open ? undefined : unescapeIamLiteral(resource);
  if (!patternVars && concrete !== undefined) return matcher(pattern, false).test(concrete) ? 'yes' : 'no';
  // Compared as patterns: a literal request's special characters are escaped first.
  const request = literal ? escapeIamLiteral(resource) : resource;
  // The request names a set of resources (unknown parts): yes only if the pattern covers them all.
  if (!patternVars && globCovers(pattern, request)) return 'yes';
  return globOverlaps(pattern, request) ? 'maybe' : 'no';
}

function best(matches: Match[]): Match {
  return matches.includes('yes') ? 'yes' : matches.includes('maybe') ? 'maybe' : 'no';
}

/** Whether one statement applies to the request (its Condition aside). */
export function statementMatch(st: PolicyStatement, req: EvalRequest): Match {
  const named = st.actions.some((p) => actionMatches(p, req.action));
  if (named === st.notAction) return 'no';
  const m = best(st.resources.map((p) => resourceMatch(p, req.resource, req.literal)));
  if (!st.notResource) return m;
  return m === 'yes' ? 'no' : m === 'no' ? 'yes' : 'maybe';
}

function hit(st: PolicyStatement): StatementHit {
  return {
    policy: st.policy,
    index: st.index,
    ...(st.sid ? { sid: st.sid } : {}),
    effect: st.effect,
    conditional: st.conditional,
  };
}

/** The decision for one request under a set of statements (parsePolicies output). */
export function evaluate(statements: PolicyStatement[], req: EvalRequest): Evaluation {
  const found = statements.map((st) => ({ st, m: statementMatch(st, req) })).filter((x) => x.m !== 'no');
  const denies = found.filter((x) => x.st.effect === 'Deny');
  const allows = found.filter((x) => x.st.effect === 'Allow');
  const conditionsNotEvaluated = found.filter((x) => x.st.conditional).map((x) => hit(x.st));
  const unresolved = found.filter((x) => x.m === 'maybe' && !x.st.conditional).map((x) => hit(x.st));
  const result = (decision: Decision, matched: typeof found): Evaluation => ({
    decision,
    matched: matched.map((x) => hit(x.st)),
    conditionsNotEvaluated,
    unresolved,
  });

  const denied = denies.filter((x) => x.m === 'yes' && !x.st.conditional);
  if (denied.length) return result('explicit-deny', denied);
  const maybeDenied = denies.some((x) => x.m === 'maybe' && !x.st.conditional);
  const allowed = allows.filter((x) => x.m === 'yes');
  if (allowed.length && !maybeDenied) {
    // Prefer the unconditional grants as the reason when there are some.
    const plain = allowed.filter((x) => !x.st.conditional);
    return result('allowed', plain.length ? plain : allowed);
  }
  if (allowed.length || allows.some((x) => x.m === 'maybe')) return result('unresolved', allows);
  return result('implicit-deny', []);
}

/** Convenience: parse and evaluate in one call (statements are re-parsed each time). */
export function evaluatePolicies(policies: NamedPolicy[], req: EvalRequest): Evaluation {
  return evaluate(parsePolicies(policies).statements, req);
}
