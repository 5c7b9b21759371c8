// Compare mode's engine: what the role is granted (expanded policies) against what the
// evidence shows it used → the excessive-permissions report model. Pure.
//
// What counts as excess: a grant whose action is *unused* (a source that could have seen
// it did not, or a source says outright it was not used), and a grant of a used action
// whose resources are wider than the uses (*over-broad*) or miss them entirely. A grant
// no source could observe is *unknown*: reported apart, excess only with `strict`.
import type { CatalogAction } from '../catalog/catalog.js';
import { addCloudTrailDataServices, describeCoverage, observabilityOf } from './compare-observe.js';
import { isConcreteArn, judgeGrantResource } from './compare-resources.js';
import { ActionJudge, EvidenceIndex, lookupCached, type ActionVerdict } from './compare-verdict.js';
import { buildMissing } from './compare-missing.js';
import type {
  CompareInput,
  CompareOptions,
  CompareReport,
  ExcessEntry,
  UnknownEntry,
  UsedEntry,
} from './compare-types.js';
import { expandPolicies, type GrantEntry, type PolicyExpansion } from './expand-policy.js';
import { globRegex } from './policy-glob.js';
import type { Evidence } from './types.js';

export type { ActionVerdict, GrantStatus } from './compare-verdict.js';
export type { MissingEntry } from './compare-missing.js';
export type * from './compare-types.js';

const WRITE_LEVELS = new Set(['write', 'permissions management']);

export function isWriteLevel(accessLevel: string): boolean {
  return accessLevel.split(',').some((l) => WRITE_LEVELS.has(l.trim().toLowerCase()));
}

function grantNotes(g: GrantEntry): string {
  if (!g.conditional && !g.partlyDeniedBy && !g.conditionallyDeniedBy) return '';
  const notes: string[] = [];
  if (g.conditional) notes.push('the statement has a Condition (not evaluated)');
  if (g.partlyDeniedBy?.length)
    notes.push(`partly denied by ${g.partlyDeniedBy.map((d) => d.sid ?? d.policy).join(', ')}`);
  if (g.conditionallyDeniedBy?.length) notes.push('a conditional Deny may block it');
  return ` (${notes.join('; ')})`;
}

// Entries are built with one fixed shape (undefined fields are left out of the JSON):
// an admin role yields tens of thousands of them.
function excessEntry(
  g: GrantEntry,
  accessLevel: string,
  status: ExcessEntry['status'],
  reason: string,
  sources: ExcessEntry['sources'],
  lastAccessed?: string,
  usedResources?: string[],
): ExcessEntry {
  return {
    action: g.action,
    resource: g.resource,
    notResource: g.notResource,
    policy: g.policy,
    policyArn: g.policyArn,
    sid: g.sid ?? null,
    statement: g.statement,
    accessLevel,
    status,
    reason: reason + grantNotes(g),
    sources,
    lastAccessed,
    usedResources,
    conditional: g.conditional ? true : undefined,
    failing: false,
  };
}

/** Unknown grants grouped by (statement, resource, reason). */
class UnknownGroups {
  private readonly groups = new Map<string, UnknownEntry>();
  /** Per grant, for --strict, which turns them into excess entries. */
  readonly grants: { g: GrantEntry; accessLevel: string; reason: string }[] = [];

  add(g: GrantEntry, accessLevel: string, reason: string, keepGrants: boolean): void {
    if (keepGrants) this.grants.push({ g, accessLevel, reason });
    const why = reason + grantNotes(g);
    const key = `${g.policy}\u0000${g.statement}\u0000${g.resource}\u0000${why}`;
    const have = this.groups.get(key);
    if (have) have.actions.push(g.action);
    else
      this.groups.set(key, {
        actions: [g.action],
        resource: g.resource,
        notResource: g.notResource,
        policy: g.policy,
        policyArn: g.policyArn,
        sid: g.sid ?? null,
        statement: g.statement,
        reason: why,
        conditional: g.conditional ? true : undefined,
      });
  }

  result(): UnknownEntry[] {
    const out = [...this.groups.values()];
    for (const u of out) u.actions.sort(ordinal);
    return out.sort(
      (a, b) =>
        ordinal(a.policy, b.policy) ||
        a.statement - b.statement ||
        ordinal(a.resource, b.resource) ||
        ordinal(a.reason, b.reason),
    );
  }
}

function resourceEntries(cat: CatalogAction, v: ActionVerdict, grants: GrantEntry[]): ExcessEntry[] {
  // Resource-level judgement needs every use to name its resource.
  if (v.uses.length === 0 || !v.uses.every((e) => isConcreteArn(e.resource))) return [];
  const used = [...new Set(v.uses.map((e) => e.resource!))].sort();
  const out: ExcessEntry[] = [];
  for (const g of grants) {
    const r = judgeGrantResource(cat, g, used);
    if (r.kind === 'fits') continue;
    const reason =
      r.kind === 'unused'
        ? `used only on ${used.join(', ')}, never on this resource`
        : `used only on ${r.used.join(', ')}; this grant leaves ${r.wildcards.join(', ')} open`;
    out.push(excessEntry(g, v.accessLevel, r.kind, reason, v.sources, undefined, r.used));
  }
  return out;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byLocation(a: ExcessEntry, b: ExcessEntry): number {
  return (
    ordinal(a.action, b.action) ||
    ordinal(a.policy, b.policy) ||
    a.statement - b.statement ||
    ordinal(a.resource, b.resource)
  );
}

/** Compare one role. Pure: the same input gives the same report. */
export function compareRole(input: CompareInput, opts: CompareOptions = {}): CompareReport {
  const expansion = input.expansion ?? expandPolicies(input.policies ?? []);
  const evidence = input.evidence.filter((e) => e.source !== 'current-policy');
  const index = new EvidenceIndex(evidence);
  const obs = observabilityOf(evidence, opts.hints);
  addCloudTrailDataServices(obs, evidence, lookupCached);
  const judge = new ActionJudge(obs, opts.window);

  const byAction = new Map<string, GrantEntry[]>();
  for (const g of expansion.grants) {
    const list = byAction.get(g.action);
    if (list) list.push(g);
    else byAction.set(g.action, [g]);
  }

  const excess: ExcessEntry[] = [];
  const unknown = new UnknownGroups();
  const used: UsedEntry[] = [];
  const counts = { used: 0, unused: 0, unknown: 0 };
  for (const [action, grants] of byAction) {
    const cat = lookupCached(action);
    if (!cat) continue; // expansion only emits catalogue actions
    const v = judge.judge(cat, index.for(action));
    counts[v.status]++;
    if (v.status === 'used') {
      const { action: a, accessLevel, sources, count, denied, lastSeen, reason } = v;
      used.push({ action: a, accessLevel, sources, count, denied, lastSeen, reason });
      excess.push(...resourceEntries(cat, v, grants));
    } else if (v.status === 'unused') {
      for (const g of grants)
        excess.push(excessEntry(g, v.accessLevel, 'unused', v.reason, v.sources, v.lastAccessed));
    } else {
      for (const g of grants) unknown.add(g, v.accessLevel, v.reason, opts.strict ?? false);
    }
  }

  return assemble(input, opts, expansion, { excess, unknown, used, counts, byAction, evidence, obs });
}

interface Parts {
  excess: ExcessEntry[];
  unknown: UnknownGroups;
  used: UsedEntry[];
  counts: { used: number; unused: number; unknown: number };
  byAction: Map<string, GrantEntry[]>;
  evidence: Evidence[];
  obs: ReturnType<typeof observabilityOf>;
}

function deniedBy(expansion: PolicyExpansion): CompareReport['deniedBy'] {
  const denied = new Map<string, CompareReport['deniedBy'][number]>();
  for (const s of expansion.subtracted) {
    const d = s.deniedBy;
    const key = `${d.policy}\u0000${d.statement}`;
    const have = denied.get(key);
    if (have) have.grants++;
    else denied.set(key, { policy: d.policy, sid: d.sid ?? null, statement: d.statement, grants: 1 });
  }
  return [...denied.values()];
}

function assemble(
  input: CompareInput,
  opts: CompareOptions,
  expansion: PolicyExpansion,
  p: Parts,
): CompareReport {
  const failOn = opts.failOn ?? 'any';
  const strict = opts.strict ?? false;
  const ignoreRes = (opts.ignore ?? []).map((i) => globRegex(i, { ignoreCase: true }));
  const isIgnored = (action: string) => ignoreRes.length > 0 && ignoreRes.some((re) => re.test(action));

  let candidates = p.excess;
  let unknown: UnknownEntry[] = [];
  if (strict) {
    candidates = candidates.concat(
      p.unknown.grants.map((u) => excessEntry(u.g, u.accessLevel, 'unknown', u.reason, [])),
    );
  } else unknown = p.unknown.result();
  const excess: ExcessEntry[] = [];
  const ignored: ExcessEntry[] = [];
  for (const e of candidates.sort(byLocation)) {
    if (isIgnored(e.action)) ignored.push(e);
    else {
      e.failing = failOn === 'any' || isWriteLevel(e.accessLevel);
      excess.push(e);
    }
  }

  const missing = buildMissing(p.evidence, p.byAction);
  const failing = excess.filter((e) => e.failing).length;
  const ids = [...new Set([...(opts.sources ?? []), ...p.obs.present])]
    .filter((s) => s !== 'current-policy')
    .sort();
  const sources = ids.map((source) => ({
    source,
    observations: p.evidence.filter((e) => e.source === source).length,
    covers: describeCoverage(source, p.obs),
  }));
  const notes = expansion.notes.map((n) => `${n.policy} statement ${n.sid ?? n.statement}: ${n.message}`);
  if (expansion.inapplicable)
    notes.push(
      `${expansion.inapplicable} (action, resource) pairs left out: the resource cannot name that action's resource types`,
    );

  return {
    role: input.role.arn,
    roleName: input.role.name,
    window: opts.window ?? null,
    generatedAt: opts.generatedAt,
    sources,
    excess,
    unknown,
    missing,
    ignored,
    used: p.used.sort((a, b) => ordinal(a.action, b.action)),
    deniedBy: deniedBy(expansion),
    notes,
    summary: {
      grantedActions: p.byAction.size,
      used: p.counts.used,
      unused: p.counts.unused,
      unknown: p.counts.unknown,
      excess: excess.length,
      excessActions: new Set(excess.map((e) => e.action)).size,
      overBroad: excess.filter((e) => e.status === 'over-broad').length,
      failing,
      missing: missing.length,
      ignored: ignored.length,
      deniedGrants: expansion.subtracted.length,
      failOn,
      strict,
      exitCode: failing > 0 ? 3 : 0,
    },
  };
}

export interface ActionStatus {
  status: 'used' | 'unused' | 'unknown';
  reason: string;
  /** Used, but some grant of it is wider than the uses (or on resources never used). */
  resourceExcess: boolean;
}

/** Per granted action, its status: what the review screen shows as granted-but-unused rows. */
export function statusByAction(report: CompareReport): Map<string, ActionStatus> {
  const out = new Map<string, ActionStatus>();
  for (const u of report.used) out.set(u.action, { status: 'used', reason: u.reason, resourceExcess: false });
  for (const e of [...report.excess, ...report.ignored]) {
    const have = out.get(e.action);
    if (have?.status === 'used') have.resourceExcess = true;
    else if (!have)
      out.set(e.action, {
        status: e.status === 'unknown' ? 'unknown' : 'unused',
        reason: e.reason,
        resourceExcess: false,
      });
  }
  for (const u of report.unknown)
    for (const action of u.actions)
      if (!out.has(action)) out.set(action, { status: 'unknown', reason: u.reason, resourceExcess: false });
  return out;
}
