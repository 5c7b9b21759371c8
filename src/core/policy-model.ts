// Accepted candidates + the user's choices → the policy every renderer writes: one
// statement per purpose (service + resource set), S3 bucket and object resources apart,
// meaningful Sids, rationale from the comments, a one-line evidence summary.
import { fillTemplate, lookupAction, resourceTypeArn, templateRegex } from '../catalog/catalog.js';
import { stripControl } from './sanitize.js';
import { evidenceSummaryLine } from './policy-evidence.js';
import { statementSid, uniqueSids } from './policy-sid.js';
import { composeRationale } from './rationale.js';
import { statementRisks } from './risk.js';
import type { UnverifiedShare } from './unverified.js';
import { pendingSuggestions, policyChange } from './policy-change.js';
import type { SourceStatus } from './source-status.js';
import type {
  Candidate,
  CandidateResource,
  FilledArn,
  PolicyModel,
  PolicyStatementModel,
  RoleDetail,
  RoleRef,
  TimeWindow,
  UnverifiedEntry,
  UnverifiedSummary,
} from './types.js';

export type Decision = 'accepted' | 'rejected' | 'pending';

export interface PolicyModelInput {
  role: RoleRef;
  window?: TimeWindow;
  sources: string[];
  /** How each requested source ended (ok, partial, failed), carried into every output. */
  sourceStatus?: SourceStatus[];
  candidates: Candidate[];
  /** By action (catalogue casing; other casings are matched too). */
  decisions: Record<string, Decision>;
  /** By action: the resources the user chose, replacing the candidate's. */
  resourceChoices?: Record<string, string[]>;
  /** By placeholder name (`BucketName` or `${BucketName}`): its value everywhere. */
  fills?: Record<string, string>;
  /** Per occurrence, by `occurrenceKey(template, name)`: wins over the value everywhere. */
  fillsByArn?: Record<string, string>;
  /**
   * `byAction`: notes on single actions. `rationaleByAction`: statement rationales, stored
   * on the actions they were written for (a statement's is composed from its actions').
   * `byStatement`: texts from an older session keyed by a Sid no statement has: listed apart.
   */
  comments?: {
    byAction?: Record<string, string>;
    rationaleByAction?: Record<string, string>;
    byStatement?: Record<string, string>;
  };
  generatedAt?: string;
  toolVersion?: string;
  /** Per service, the unknown actions only a bare `*` grants (not candidates one by one). */
  unverifiedShares?: UnverifiedShare[];
  /** The role's current policies: the outputs state the change against them. */
  current?: RoleDetail;
}

/** `${aws:username}`, `${*}`: IAM policy variables, not placeholders to fill. */
export function isPolicyVariable(name: string): boolean {
  return name.includes(':') || name === '*' || name === '?' || name === '$';
}

/** The `${Name}` placeholders left in a text (policy variables excluded). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].filter((m) => !isPolicyVariable(m[1]!)).map((m) => m[0]);
}

/**
 * One occurrence of a placeholder: `Id@arn:aws:cloudformation:...:stack/web/${Id}`. Two ARNs
 * holding `${Id}` are two occurrences, each with its own value (issue 13).
 */
export function occurrenceKey(template: string, name: string): string {
  return `${name.replace(/^\$\{(.*)\}$/, '$1')}@${template}`;
}

/** The template and name of an occurrence key (names never hold `@`). */
export function parseOccurrenceKey(key: string): { name: string; template: string } | undefined {
  const at = key.indexOf('@');
  return at > 0 ? { name: key.slice(0, at), template: key.slice(at + 1) } : undefined;
}

/** Fill a template: this ARN's own value first, then the value everywhere. */
export function applyFills(
  arn: string,
  fills: Record<string, string>,
  fillsByArn: Record<string, string> = {},
): string {
  return arn.replace(/\$\{([^}]*)\}/g, (whole, name: string) =>
    isPolicyVariable(name)
      ? whole
      : (fillsByArn[occurrenceKey(arn, name)] ?? fills[name] ?? fills[whole] ?? whole),
  );
}

function byAction<T>(record: Record<string, T> | undefined, action: string): T | undefined {
  if (!record) return undefined;
  if (Object.hasOwn(record, action)) return record[action];
  const key = Object.keys(record).find((k) => k.toLowerCase() === action.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function fills(template: RegExp, arns: string[]): boolean {
  return arns.some((a) => template.test(a));
}

/** Resources when the user chose none: the observed ones, templates only where nothing observed fits them. */
function defaultResources(c: Candidate, role: RoleRef): string[] {
  const action = lookupAction(c.action);
  if (action?.wildcardOnly) return ['*'];
  // A key an SSE-KMS call used counts as used: S3 called KMS on it with the role's credentials.
  const used = c.resources.filter((r) => r.count > 0 || r.needed);
  const pool = !c.deniedOnly && used.length ? used : c.resources;
  // A call's own `type/*` (an id the call created: CreateStack's stack/NAME/*) counts as observed.
  const seen = (r: CandidateResource) =>
    r.kind === 'observed' ||
    (r.kind === 'wildcard' && r.arn !== '*' && r.sources.some((s) => s === 'cloudtrail' || s === 'xray'));
  const observed = pool.filter(seen).map((r) => r.arn);
  // A template an observed ARN fills, or a `*` only Access Analyzer or the old policy
  // named, says less than what was observed: drop it.
  const coarse = (r: CandidateResource) =>
    r.kind === 'template'
      ? fills(templateRegex(r.arn), observed)
      : r.arn === '*' &&
        observed.length > 0 &&
        r.sources.every((s) => s === 'access-analyzer' || s === 'current-policy');
  const kept = pool.filter((r) => !coarse(r));
  if (kept.length) return kept.map((r) => r.arn);
  const type = action?.resourceTypes.find((t) => t.required) ?? action?.resourceTypes[0];
  const template = action && type ? resourceTypeArn(action.service, type.name) : undefined;
  return [
    template
      ? fillTemplate(template, { Partition: role.partition, Account: role.account || undefined })
      : '*',
  ];
}

/** S3 bucket ARNs and object ARNs never share a statement: they name different things. */
function resourceClass(service: string, arn: string): string {
  if (service !== 's3') return '';
  if (/^arn:[^:]+:s3:::[^/]+\/.*/.test(arn)) return 'object';
  if (/^arn:[^:]+:s3:::[^/]+$/.test(arn)) return 'bucket';
  return 'other';
}

interface Unit {
  service: string;
  candidate: Candidate;
  resources: string[];
}

function unitsOf(c: Candidate, input: PolicyModelInput, filledOut: Map<string, FilledArn>): Unit[] {
  const chosen = byAction(input.resourceChoices, c.action) ?? defaultResources(c, input.role);
  const fillOne = (template: string) => {
    const arn = applyFills(template, input.fills ?? {}, input.fillsByArn);
    if (arn !== template) {
      // Remembered for the replay: a filled ARN is checked against what the records named.
      const key = `${template}\u0000${arn}`;
      const entry = filledOut.get(key) ?? { template, arn, actions: [] };
      if (!entry.actions.includes(c.action)) entry.actions.push(c.action);
      filledOut.set(key, entry);
    }
    return arn;
  };
  const filled = [...new Set(chosen.map(fillOne))].sort();
  const classes = new Map<string, string[]>();
  for (const r of filled) {
    const k = resourceClass(c.service, r);
    const list = classes.get(k);
    if (list) list.push(r);
    else classes.set(k, [r]);
  }
  return [...classes.values()].map((resources) => ({ service: c.service, candidate: c, resources }));
}

function lines(text: string | undefined): string[] {
  if (!text) return [];
  return stripControl(text.replace(/\r\n?|[\u2028\u2029]/g, '\n'))
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildPolicyModel(input: PolicyModelInput): PolicyModel {
  const accepted = input.candidates.filter((c) => byAction(input.decisions, c.action) === 'accepted');
  const skipped = accepted
    .filter((c) => c.unmapped)
    .map((c) => ({ action: c.action, reason: 'not an IAM action in the catalogue: left out' }));

  // Group by purpose: same service, same resource set.
  const groups = new Map<string, Unit[]>();
  const filledArns = new Map<string, FilledArn>();
  for (const unit of accepted.filter((c) => !c.unmapped).flatMap((c) => unitsOf(c, input, filledArns))) {
    const key = `${unit.service}\u0000${unit.resources.join('\n')}`;
    const group = groups.get(key);
    if (group) group.push(unit);
    else groups.set(key, [unit]);
  }
  const drafts = [...groups.entries()].map(([key, units]) => {
    const actions = [...new Set(units.map((u) => u.candidate.action))].sort((a, b) =>
      compareText(a.toLowerCase(), b.toLowerCase()),
    );
    const { service, resources } = units[0]!;
    return { key, service, actions, resources, candidates: units.map((u) => u.candidate) };
  });
  const withSid = drafts
    .map((d) => ({ ...d, base: statementSid(d.service, d.actions, d.resources) }))
    .sort(
      (a, b) => compareText(a.service, b.service) || compareText(a.base, b.base) || compareText(a.key, b.key),
    );
  const sids = uniqueSids(withSid.map((d) => d.base));
  // Risk combinations (UpdateFunctionCode with PassRole) are judged on the whole policy.
  const allActions = [...new Set(drafts.flatMap((d) => d.actions))];

  const statements: PolicyStatementModel[] = withSid.map((d, i) => {
    const sid = sids[i]!;
    const composed = composeRationale(d.actions, input.comments?.rationaleByAction);
    const rationale = [
      ...lines(composed.text),
      ...d.actions.flatMap((a) =>
        lines(byAction(input.comments?.byAction, a)).map((l, j) => (j === 0 ? `${a}: ${l}` : l)),
      ),
    ];
    return {
      sid,
      effect: 'Allow',
      actions: d.actions,
      resources: d.resources,
      service: d.service,
      rationale,
      ...(composed.texts > 1 ? { rationaleMerged: composed.texts } : {}),
      evidenceSummary: evidenceSummaryLine(d.candidates),
      placeholders: [...new Set(d.resources.flatMap(placeholdersIn))].sort(),
      risks: statementRisks(d.actions, d.resources, allActions),
    };
  });

  const unverified = unverifiedSummary(input);
  const unattached = Object.entries(input.comments?.byStatement ?? {})
    .filter(([, t]) => t.trim())
    .map(([sid, t]) => ({ sid, text: lines(t).join('\n') }))
    .sort((a, b) => compareText(a.sid, b.sid));
  const change = policyChange({
    current: input.current,
    candidates: input.candidates,
    inPolicy: new Set(statements.flatMap((s) => s.actions)),
    isRejected: (a) => byAction(input.decisions, a) === 'rejected',
    noteOf: (a) => byAction(input.comments?.byAction, a),
  });
  const suggested = pendingSuggestions(input.candidates, (a) => {
    const d = byAction(input.decisions, a);
    return d === undefined || d === 'pending';
  });
  return {
    role: input.role,
    ...(input.window ? { window: input.window } : {}),
    sources: input.sources,
    ...(input.sourceStatus?.length ? { sourceStatus: input.sourceStatus } : {}),
    statements,
    ...(change ? { change } : {}),
    ...(unverified ? { unverified } : {}),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    toolVersion: input.toolVersion ?? '0.0.0',
    ...(skipped.length ? { skipped } : {}),
    ...(unattached.length ? { unattachedRationale: unattached } : {}),
    ...(filledArns.size ? { filled: [...filledArns.values()] } : {}),
    ...(suggested.length ? { suggested } : {}),
  };
}

/** What became of the grants no source could see: kept, dropped, and the `*` shares. */
function unverifiedSummary(input: PolicyModelInput): UnverifiedSummary | undefined {
  const kept: UnverifiedEntry[] = [];
  const dropped: UnverifiedEntry[] = [];
  for (const c of input.candidates) {
    if (!c.unverified) continue;
    const entry = { action: c.action, ...c.unverified };
    if (byAction(input.decisions, c.action) === 'accepted') kept.push(entry);
    else dropped.push(entry);
  }
  const shares = (input.unverifiedShares ?? []).map((s) => ({
    service: s.service,
    count: s.actions.length,
    reason: s.reason,
    verify: s.verify,
    // A share is kept when the user accepted its actions (the review's keep-share key).
    kept: s.actions.length > 0 && s.actions.every((a) => byAction(input.decisions, a) === 'accepted'),
  }));
  if (kept.length + dropped.length + shares.length === 0) return undefined;
  return { kept, dropped, shares };
}
