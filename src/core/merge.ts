// Evidence from every source → one candidate per action (DESIGN.md, "Review"): its
// resources, the evidence by source, whether the current policy grants it, and the
// granted actions no source saw (listed as unused, for the record).
import { fillTemplate, lookupAction, resourceTypeArn, type CatalogAction } from '../catalog/catalog.js';
import { parseArn } from './arn.js';
import { MAX_SAMPLES } from './aggregate.js';
import { withoutIamEscapes } from './iam-literal.js';
import { grantedActions, grantStatements, isGranted, type GrantStatement } from './merge-grants.js';
import { candidateRisks } from './risk.js';
import type {
  Candidate,
  CandidateResource,
  Evidence,
  EvidenceSummary,
  ResourceKind,
  RoleDetail,
  SourceId,
} from './types.js';

const KIND_ORDER: Record<ResourceKind, number> = { observed: 0, template: 1, wildcard: 2 };

export function resourceKind(arn: string): ResourceKind {
  // `${*}`, `${?}`, `${$}` are a name's literal characters (iam-literal.ts), not placeholders.
  const bare = withoutIamEscapes(arn);
  if (bare.includes('${')) return 'template';
  return bare.includes('*') ? 'wildcard' : 'observed';
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  return !a ? b : !b ? a : a >= b ? a : b;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  return !a ? b : !b ? a : a <= b ? a : b;
}

function summarise(items: Evidence[]): Partial<Record<SourceId, EvidenceSummary>> {
  const out: Partial<Record<SourceId, EvidenceSummary>> = {};
  for (const e of items) {
    const s = (out[e.source] ??= { count: 0, denied: 0, samples: [] });
    s.count += e.count;
    s.denied += e.denied;
    s.firstSeen = earlier(s.firstSeen, e.firstSeen);
    s.lastSeen = later(s.lastSeen, e.lastSeen);
    s.lastAccessed = later(s.lastAccessed, e.lastAccessed);
    if (e.unused) s.unused = true;
    for (const id of e.samples)
      if (s.samples.length < MAX_SAMPLES && !s.samples.includes(id)) s.samples.push(id);
  }
  for (const s of Object.values(out)) {
    if (s.firstSeen === undefined) delete s.firstSeen;
    if (s.lastSeen === undefined) delete s.lastSeen;
    if (s.lastAccessed === undefined) delete s.lastAccessed;
  }
  return out;
}

function addResource(
  map: Map<string, CandidateResource>,
  arn: string,
  e: { source: SourceId; count: number; denied: number; encryption?: string },
) {
  const r = map.get(arn) ?? { arn, kind: resourceKind(arn), sources: [], count: 0, denied: 0 };
  if (!r.sources.includes(e.source)) r.sources.push(e.source);
  if (e.encryption) r.needed = true;
  r.count += e.count;
  r.denied += e.denied;
  map.set(arn, r);
}

/** The ARN template of an action's main resource type, filled with what we know. */
function defaultResource(a: CatalogAction, known: Record<string, string | undefined>): string | undefined {
  if (a.wildcardOnly) return '*';
  // Prefer the plain resource type over S3 access points, required types first.
  const types = [...a.resourceTypes].sort(
    (x, y) =>
      Number(y.required) - Number(x.required) ||
      Number(x.name.startsWith('accesspoint')) - Number(y.name.startsWith('accesspoint')),
  );
  for (const t of types) {
    const template = resourceTypeArn(a.service, t.name);
    if (template) return fillTemplate(template, known);
  }
  return undefined;
}

function isWildcardAction(action: string): boolean {
  return action.slice(action.indexOf(':') + 1) === '*';
}

function candidateFrom(
  items: Evidence[],
  statements: GrantStatement[],
  known: Record<string, string | undefined>,
): Candidate {
  const first = items[0]!;
  const serviceLevelOnly = items.some((e) => e.serviceLevelOnly);
  const wildcard = serviceLevelOnly || isWildcardAction(first.action);
  const flagged = items.some((e) => e.unmapped);
  const catalog = flagged || wildcard ? undefined : lookupAction(first.action);
  // Not in the catalogue and not a wildcard: shown as unmapped, never emitted.
  const unmapped = !wildcard && !catalog;
  const action = catalog?.action ?? first.action;
  const resources = new Map<string, CandidateResource>();
  for (const e of items) if (e.resource) addResource(resources, e.resource, e);
  const totalCount = items.reduce((n, e) => n + e.count, 0);
  const totalDenied = items.reduce((n, e) => n + e.denied, 0);
  if (resources.size === 0 && catalog) {
    const fallback = defaultResource(catalog, {
      ...known,
      Region: items.find((e) => e.region)?.region ?? known.Region,
    });
    for (const e of items) if (fallback) addResource(resources, fallback, e);
  }
  // Observed ARNs first, then templates, then wildcards; by ARN within each.
  const list = [...resources.values()].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0),
  );
  const granted =
    statements.length > 0 &&
    isGranted(
      statements,
      action,
      list.map((r) => r.arn),
    );
  const inferredReason = items.find((e) => e.inferredReason)?.inferredReason;
  const notes = [...new Set(items.flatMap((e) => (e.note ? [e.note] : [])))];
  const platform = [...new Set(items.flatMap((e) => (e.platform ? [e.platform] : [])))];
  const encryption = [...new Set(items.flatMap((e) => (e.encryption ? [e.encryption] : [])))];
  const invokedBy = [...new Set(items.flatMap((e) => (e.invokedBy ? [e.invokedBy] : [])))].sort();
  const rawByKey = new Map<string, { service: string; operation: string }>();
  for (const e of items) if (e.raw) rawByKey.set(`${e.raw.service}\u0000${e.raw.operation}`, e.raw);
  const rawUnique = [...rawByKey.values()];
  const accessLevel = catalog?.accessLevel ?? (wildcard ? 'Service level' : 'Unknown');
  return {
    action,
    service: action.split(':')[0]!.toLowerCase(),
    accessLevel,
    unmapped,
    ...(rawUnique.length ? { raw: rawUnique } : {}),
    resources: list,
    evidence: summarise(items),
    granted,
    // Access Analyzer lists denied calls too: its mention is no success.
    deniedOnly: totalDenied > 0 && items.every((e) => e.count === 0 || e.source === 'access-analyzer'),
    unused:
      totalCount === 0 &&
      totalDenied === 0 &&
      !inferredReason &&
      platform.length === 0 &&
      encryption.length === 0 &&
      !serviceLevelOnly &&
      (granted || items.some((e) => e.unused)),
    noPermissionNeeded: items.some((e) => e.noPermissionNeeded),
    ...(inferredReason ? { inferredReason } : {}),
    ...(notes.length ? { notes } : {}),
    ...(platform.length ? { platform } : {}),
    ...(encryption.length ? { encryption } : {}),
    ...(invokedBy.length ? { invokedBy } : {}),
    serviceLevelOnly,
    totalCount,
    totalDenied,
    ...(items.reduce<string | undefined>((t, e) => later(t, e.lastSeen), undefined)
      ? { lastSeen: items.reduce<string | undefined>((t, e) => later(t, e.lastSeen), undefined) }
      : {}),
    risks: [],
  };
}

function grantEvidence(action: string, resources: Iterable<string>, policies: Iterable<string>): Evidence[] {
  const samples = [...policies].slice(0, MAX_SAMPLES);
  return [...resources].map((resource) => ({
    source: 'current-policy',
    action,
    resource,
    count: 0,
    denied: 0,
    samples,
  }));
}

function byServiceAction(a: Candidate, b: Candidate): number {
  const x = [a.service, a.action.toLowerCase()];
  const y = [b.service, b.action.toLowerCase()];
  return x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : x[1]! < y[1]! ? -1 : x[1]! > y[1]! ? 1 : 0;
}

export function mergeCandidates(evidence: Evidence[], current?: RoleDetail): Candidate[] {
  const statements = grantStatements(current);
  const roleArn = current ? parseArn(current.arn) : undefined;
  const account = roleArn?.account || evidence.find((e) => e.account)?.account;
  const known = { Partition: roleArn?.partition ?? 'aws', Account: account };

  // Unused-access findings for a whole service (`svc:*`) mark that service's actions.
  const serviceUnused = evidence.filter((e) => e.unused && !e.serviceLevelOnly && isWildcardAction(e.action));
  const groups = new Map<string, Evidence[]>();
  const keys = new Map<string, string>();
  for (const e of evidence) {
    if (serviceUnused.includes(e)) continue;
    let key = keys.get(e.action);
    if (key === undefined) {
      key = (lookupAction(e.action)?.action ?? e.action).toLowerCase();
      keys.set(e.action, key);
    }
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  // Granted actions no source saw are listed too; an action only reported unused
  // (no resource, no calls) takes its resources from the grant.
  const { actions, broad } = grantedActions(statements);
  for (const g of actions) {
    const key = g.action.toLowerCase();
    const items = groups.get(key);
    const grant = grantEvidence(g.action, g.resources, g.policies);
    if (!items) groups.set(key, grant);
    else if (!items.some((e) => e.resource || e.count > 0 || e.denied > 0)) items.push(...grant);
  }
  const candidates = new Map<string, Candidate>();
  for (const [key, items] of groups) candidates.set(key, candidateFrom(items, statements, known));
  for (const b of broad) {
    const key = b.pattern.toLowerCase();
    if (candidates.has(key)) continue;
    const c = candidateFrom(grantEvidence(b.pattern, ['*'], b.policies), statements, known);
    candidates.set(key, {
      ...c,
      service: b.service,
      accessLevel: 'All (wildcard grant)',
      unused: true,
      risks: [{ code: 'broad-grant', reason: b.reason }],
    });
  }

  for (const e of serviceUnused) {
    const service = e.action.split(':')[0]!.toLowerCase();
    const hits = [...candidates.values()].filter(
      (c) => c.service === service && c.totalCount === 0 && !c.inferredReason,
    );
    for (const c of hits) {
      c.unused = true;
      c.evidence = { ...c.evidence, ...summarise([{ ...e, action: c.action }]) };
    }
    if (hits.length === 0)
      candidates.set(e.action.toLowerCase(), { ...candidateFrom([e], statements, known), unused: true });
  }
  // Risk flags (src/core/risk.ts); combinations judged against what the review could keep.
  const context = [...candidates.values()].filter((c) => !c.unused).map((c) => c.action);
  for (const c of candidates.values()) c.risks = [...c.risks, ...candidateRisks(c, context)];
  return [...candidates.values()].sort(byServiceAction);
}
