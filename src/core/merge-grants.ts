// A small matcher over the role's current policies, enough for the review's `granted`
// and `unused` marks: Allow statements (Action or NotAction) minus unconditional Deny.
// Conditions on Allow are not evaluated (the grant counts); src/core/expand-policy.ts
// is the full expander the compare report uses.
import { expandActionPattern, lookupAction } from '../catalog/catalog.js';
import { parsePolicyDocument } from './policy-document.js';
import { cachedGlobRegex } from './policy-glob.js';
import type { RoleDetail } from './types.js';

export interface GrantStatement {
  effect: 'Allow' | 'Deny';
  policy: string;
  /** Action patterns, or the NotAction list when `notAction`. */
  actions: string[];
  notAction: boolean;
  /** The Resource list, or the NotResource list when `notResource`. */
  resources: string[];
  notResource: boolean;
  conditional: boolean;
}

/** The role's statements, read by the one policy-document parser; unreadable ones are left out. */
export function grantStatements(role: RoleDetail | undefined): GrantStatement[] {
  return (role?.policies ?? []).flatMap((policy) =>
    parsePolicyDocument(policy.document).statements.map((st) => ({
      effect: st.effect,
      policy: policy.name,
      actions: st.actions,
      notAction: st.notAction,
      resources: st.resources,
      notResource: st.notResource,
      conditional: st.conditional,
    })),
  );
}

/** IAM wildcard match: `*` any run, `?` one character; a `${...}` only matches itself. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  return cachedGlobRegex(pattern, { ignoreCase, literalVariables: true }).test(value);
}

export function statementCoversAction(st: GrantStatement, action: string): boolean {
  const hit = st.actions.some((p) => wildcardMatch(p, action, true));
  return st.notAction ? !hit : hit;
}

/** A Deny removes the action only when unconditional and its resources cover every one asked about. */
function denies(st: GrantStatement, action: string, resources: string[]): boolean {
  if (st.effect !== 'Deny' || st.conditional || st.notResource || !statementCoversAction(st, action))
    return false;
  if (st.resources.includes('*')) return true;
  return resources.length > 0 && resources.every((r) => st.resources.some((p) => wildcardMatch(p, r, false)));
}

/** Whether the role's policies allow `action` (on `resources`, when known). */
export function isGranted(statements: GrantStatement[], action: string, resources: string[] = []): boolean {
  const allowed = statements.some((st) => st.effect === 'Allow' && statementCoversAction(st, action));
  return allowed && !statements.some((st) => denies(st, action, resources));
}

/** Wildcard grants wider than this are not listed action by action. */
export const EXPANSION_CAP = 200;

export interface GrantedAction {
  action: string;
  resources: Set<string>;
  policies: Set<string>;
}

export interface BroadGrant {
  /** The pattern as written (`*`, `ec2:*`) or `*` for NotAction statements. */
  pattern: string;
  service: string;
  reason: string;
  policies: Set<string>;
}

/**
 * What the Allow statements grant, action by action where that stays small, and the
 * wide grants (`*`, NotAction, a service's hundreds of actions) summarised instead.
 */
export function grantedActions(statements: GrantStatement[]): {
  actions: GrantedAction[];
  broad: BroadGrant[];
} {
  const byAction = new Map<string, GrantedAction>();
  const broad = new Map<string, BroadGrant>();
  const addBroad = (pattern: string, reason: string, policy: string) => {
    const b = broad.get(pattern) ?? {
      pattern,
      service: pattern.split(':')[0]!.toLowerCase(),
      reason,
      policies: new Set(),
    };
    b.policies.add(policy);
    broad.set(pattern, b);
  };
  for (const st of statements.filter((s) => s.effect === 'Allow')) {
    if (st.notAction) {
      addBroad(
        '*',
        `Allow with NotAction ${st.actions.join(', ')} grants every other action; not listed one by one`,
        st.policy,
      );
      continue;
    }
    for (const pattern of st.actions) {
      if (pattern === '*' || /[*?]/.test(pattern.split(':')[0]!)) {
        addBroad(
          pattern,
          `${pattern} grants every action of every matching service; not listed one by one`,
          st.policy,
        );
        continue;
      }
      const found = /[*?]/.test(pattern)
        ? expandActionPattern(pattern)
        : [lookupAction(pattern)].filter((a) => !!a);
      if (found.length > EXPANSION_CAP) {
        addBroad(pattern, `${pattern} grants ${found.length} actions; not listed one by one`, st.policy);
        continue;
      }
      for (const a of found) {
        const key = a.action.toLowerCase();
        const g = byAction.get(key) ?? { action: a.action, resources: new Set(), policies: new Set() };
        for (const r of st.notResource ? ['*'] : st.resources) g.resources.add(r);
        g.policies.add(st.policy);
        byAction.set(key, g);
      }
    }
  }
  const actions = [...byAction.values()].filter((g) => isGranted(statements, g.action));
  return { actions, broad: [...broad.values()] };
}
