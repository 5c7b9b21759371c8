// A role's policies → what they actually grant: one entry per (action, resource,
// policy, statement). Wildcards and NotAction are expanded against the catalogue,
// NotResource kept as "everything but", and unconditional Deny statements subtracted
// per resource (the older tools ignore Deny). Conditions are noted, never evaluated.
import { allServices, actionsForService, type CatalogAction } from '../catalog/catalog.js';
import type { RolePolicy } from './types.js';
import { globCovers, globOverlaps, globRegex } from './policy-glob.js';
import { resourceApplies } from './expand-resources.js';
import { parsePolicyDocument } from './policy-document.js';

export interface StatementRef {
  policy: string;
  policyArn?: string;
  kind: 'managed' | 'inline';
  /** The statement's Sid, when it has one. */
  sid?: string;
  /** 0-based position of the statement in its policy. */
  statement: number;
}

export interface DenyRef extends StatementRef {
  resources: string[];
  /** The Deny used NotResource: it applies to everything except `resources`. */
  notResource: boolean;
}

export interface GrantEntry extends StatementRef {
  action: string;
  accessLevel: string;
  /** The Resource pattern as written (`*` for NotResource statements). */
  resource: string;
  /** NotResource statement: granted on everything except these. */
  notResource?: string[];
  /** The statement has a Condition (not evaluated: the grant may be narrower). */
  conditional: boolean;
  /** The Action / NotAction entry that produced it, e.g. `s3:Get*` or `NotAction iam:*`. */
  via: string;
  /** Unconditional Deny statements that cover part of this grant's resources. */
  partlyDeniedBy?: DenyRef[];
  /** Deny statements with a Condition that would cover it when the condition holds. */
  conditionallyDeniedBy?: DenyRef[];
}

export interface SubtractedGrant {
  action: string;
  resource: string;
  granted: StatementRef;
  deniedBy: DenyRef;
}

export interface PolicyNote extends StatementRef {
  message: string;
}

export interface PolicyExpansion {
  grants: GrantEntry[];
  /** Grants removed whole by an unconditional Deny. */
  subtracted: SubtractedGrant[];
  /** Statements or entries we could not use as written (unknown action, bad shape). */
  notes: PolicyNote[];
  /** (action, resource) pairs dropped because the resource cannot name that action's resource types. */
  inapplicable: number;
}

interface ParsedStatement {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  actions: string[];
  /** True when the statement used NotAction. */
  notAction: boolean;
  resources: string[];
  notResource: boolean;
  conditional: boolean;
}

function parseStatements(policy: RolePolicy, notes: PolicyNote[]): ParsedStatement[] {
  const base = { policy: policy.name, ...(policy.arn ? { policyArn: policy.arn } : {}), kind: policy.kind };
  const parsed = parsePolicyDocument(policy.document);
  // A problem with the whole document is noted against its first statement.
  for (const p of parsed.problems) notes.push({ ...base, statement: p.index ?? 0, message: p.message });
  return parsed.statements.map(({ index, sid, ...st }) => ({
    ref: { ...base, ...(sid ? { sid } : {}), statement: index },
    ...st,
  }));
}

// Catalogue expansion is the hot path for `*` and NotAction (tens of thousands of
// actions): each service's actions, the full list and each pattern's result are cached
// for the process.
let everyAction: CatalogAction[] | undefined;
const serviceCache = new Map<string, { list: CatalogAction[]; byName: Map<string, CatalogAction> }>();
const patternCache = new Map<string, CatalogAction[]>();

const byCanonical = new Map<string, CatalogAction>();

function serviceActions(service: string): { list: CatalogAction[]; byName: Map<string, CatalogAction> } {
  let hit = serviceCache.get(service);
  if (!hit) {
    const list = actionsForService(service);
    for (const a of list) byCanonical.set(a.action, a);
    hit = { list, byName: new Map(list.map((a) => [a.name.toLowerCase(), a])) };
    serviceCache.set(service, hit);
  }
  return hit;
}

export function allCatalogActions(): CatalogAction[] {
  everyAction ??= allServices().flatMap((s) => serviceActions(s).list);
  return everyAction;
}

/** Catalogue actions matching an IAM action pattern (`s3:Get*`, `*`, `*:List*`), cached. */
export function expandActionCached(pattern: string): CatalogAction[] {
  const key = pattern.toLowerCase();
  let hit = patternCache.get(key);
  if (!hit) {
    const colon = key.indexOf(':');
    if (key === '*') hit = allCatalogActions();
    else if (colon <= 0) hit = [];
    else {
      const service = key.slice(0, colon);
      const name = key.slice(colon + 1);
      if (/[*?]/.test(service)) {
        const re = globRegex(key, { ignoreCase: true });
        hit = allCatalogActions().filter((a) => re.test(a.action));
      } else if (/[*?]/.test(name)) {
        const re = globRegex(name, { ignoreCase: true });
        hit = serviceActions(service).list.filter((a) => re.test(a.name));
      } else {
        const one = serviceActions(service).byName.get(name);
        hit = one ? [one] : [];
      }
    }
    patternCache.set(key, hit);
  }
  return hit;
}

/** The catalogue entry of an action (any casing), from the same caches. */
export function catalogAction(action: string): CatalogAction | undefined {
  // Grants carry canonical names: one map lookup, no string work, on the hot path.
  return byCanonical.get(action) ?? expandActionCached(action.replace(/[*?]/g, ''))[0];
}

/** A predicate over canonical action names for an Action / NotAction list. */
export function actionMatcher(patterns: string[]): (action: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const res = patterns.map((p) => globRegex(p, { ignoreCase: true }));
  return (action) => res.some((re) => re.test(action));
}

/** The statement's actions as (pattern, catalogue actions) groups, each action once. */
function expandAllow(st: ParsedStatement, notes: PolicyNote[]): { via: string; actions: CatalogAction[] }[] {
  if (st.notAction) {
    const excluded = actionMatcher(st.actions);
    return [
      {
        via: `NotAction ${st.actions.join(', ')}`,
        actions: allCatalogActions().filter((a) => !excluded(a.action)),
      },
    ];
  }
  const groups = st.actions.map((pattern) => {
    const actions = expandActionCached(pattern);
    if (actions.length === 0)
      notes.push({ ...st.ref, message: `"${pattern}" matches no action in the IAM catalogue` });
    return { via: pattern, actions };
  });
  if (groups.length < 2) return groups;
  const seen = new Set<string>();
  return groups.map((g) => ({
    via: g.via,
    actions: g.actions.filter((a) => !seen.has(a.action) && Boolean(seen.add(a.action))),
  }));
}

function grantsOf(st: ParsedStatement, notes: PolicyNote[]): { grants: GrantEntry[]; inapplicable: number } {
  const grants: GrantEntry[] = [];
  let inapplicable = 0;
  const resources = st.notResource ? ['*'] : st.resources;
  const notResource = st.notResource ? st.resources : undefined;
  const { policy, policyArn, kind, sid, statement } = st.ref;
  for (const { via, actions } of expandAllow(st, notes)) {
    for (const action of actions) {
      for (const resource of resources) {
        if (!resourceApplies(action, resource)) {
          inapplicable++;
          continue;
        }
        // One object shape for every entry (no conditional spreads): `*` makes tens of thousands.
        grants.push({
          policy,
          policyArn,
          kind,
          sid,
          statement,
          action: action.action,
          accessLevel: action.accessLevel,
          resource,
          notResource,
          conditional: st.conditional,
          via,
        });
      }
    }
  }
  return { grants, inapplicable };
}

type DenyCoverage = 'full' | 'partial' | 'none';

/** How much of a grant's resources a Deny statement's resources cover. */
function denyCoverage(deny: ParsedStatement, grant: GrantEntry): DenyCoverage {
  // A NotResource grant is "all but a few": only a Deny on everything covers it whole.
  const target = grant.notResource ? '*' : grant.resource;
  if (!deny.notResource) {
    if (deny.resources.some((r) => globCovers(r, target))) return 'full';
    return deny.resources.some((r) => globOverlaps(r, target)) ? 'partial' : 'none';
  }
  // Deny with NotResource applies outside its list: whole when the grant lies outside it.
  const excepted = deny.resources.some((r) => globOverlaps(r, target));
  return excepted ? 'partial' : 'full';
}

function denyRef(st: ParsedStatement): DenyRef {
  return { ...st.ref, resources: st.resources, notResource: st.notResource };
}

/** Expand every Allow of every policy, then subtract the Denies. Pure. */
// A managed policy attached to many roles (AdministratorAccess) is expanded once: its
// Allow grants are the same for every role. Entries are never mutated (Deny makes copies).
const MANAGED_CACHE_LIMIT = 256;
const managedCache = new Map<string, { grants: GrantEntry[]; notes: PolicyNote[]; inapplicable: number }>();

function allowsOf(policy: RolePolicy, statements: ParsedStatement[], notes: PolicyNote[]) {
  const key =
    policy.kind === 'managed' && policy.arn
      ? `${policy.arn}\u0000${JSON.stringify(policy.document)}`
      : undefined;
  const hit = key ? managedCache.get(key) : undefined;
  if (hit) {
    notes.push(...hit.notes);
    return hit;
  }
  const own: PolicyNote[] = [];
  let grants: GrantEntry[] = [];
  let inapplicable = 0;
  for (const st of statements.filter((s) => s.effect === 'Allow')) {
    const r = grantsOf(st, own);
    grants = grants.concat(r.grants);
    inapplicable += r.inapplicable;
  }
  const result = { grants, notes: own, inapplicable };
  if (key) {
    if (managedCache.size >= MANAGED_CACHE_LIMIT) managedCache.clear();
    managedCache.set(key, result);
  }
  notes.push(...own);
  return result;
}

export function expandPolicies(policies: RolePolicy[]): PolicyExpansion {
  const notes: PolicyNote[] = [];
  const parsed = policies.map((p) => ({ policy: p, statements: parseStatements(p, notes) }));
  const statements = parsed.flatMap((p) => p.statements);
  let grants: GrantEntry[] = [];
  let inapplicable = 0;
  for (const p of parsed) {
    const r = allowsOf(p.policy, p.statements, notes);
    grants = grants.concat(r.grants);
    inapplicable += r.inapplicable;
  }
  const subtracted: SubtractedGrant[] = [];
  for (const deny of statements.filter((s) => s.effect === 'Deny')) {
    const matches = actionMatcher(deny.actions);
    const applies = deny.notAction ? (a: string) => !matches(a) : matches;
    const ref = denyRef(deny);
    const kept: GrantEntry[] = [];
    for (const g of grants) {
      const coverage = applies(g.action) ? denyCoverage(deny, g) : 'none';
      if (coverage === 'none') kept.push(g);
      else if (deny.conditional)
        kept.push({ ...g, conditionallyDeniedBy: [...(g.conditionallyDeniedBy ?? []), ref] });
      else if (coverage === 'partial')
        kept.push({ ...g, partlyDeniedBy: [...(g.partlyDeniedBy ?? []), ref] });
      else subtracted.push({ action: g.action, resource: g.resource, granted: stripGrant(g), deniedBy: ref });
    }
    grants = kept;
  }
  return { grants, subtracted, notes, inapplicable };
}

function stripGrant(g: GrantEntry): StatementRef {
  return {
    policy: g.policy,
    ...(g.policyArn ? { policyArn: g.policyArn } : {}),
    kind: g.kind,
    ...(g.sid ? { sid: g.sid } : {}),
    statement: g.statement,
  };
}

/** Distinct granted actions (canonical casing). */
export function grantedActions(expansion: PolicyExpansion): Set<string> {
  return new Set(expansion.grants.map((g) => g.action));
}

/** Whether the expansion grants `action` (optionally on a concrete resource ARN). */
export function isGranted(expansion: PolicyExpansion, action: string, resource?: string): boolean {
  const a = action.toLowerCase();
  return expansion.grants.some(
    (g) =>
      g.action.toLowerCase() === a &&
      (resource === undefined ||
        (globOverlaps(g.resource, resource) && !(g.notResource ?? []).some((n) => globCovers(n, resource)))),
  );
}
