// One granted action + the evidence about it → used, unused or unknown, with why.
import { CALLED_BY_AWS } from './platform-needs.js';
import type { CatalogAction } from '../catalog/catalog.js';
import { catalogAction } from './expand-policy.js';
import { globRegex } from './policy-glob.js';
import { isDataEvent, notLoggedByCloudTrail, observersOf, type Observability } from './compare-observe.js';
import { SOURCE_BADGES, type Evidence, type SourceId, type TimeWindow } from './types.js';

export type GrantStatus = 'used' | 'unused' | 'unknown';

export interface ActionVerdict {
  action: string;
  accessLevel: string;
  status: GrantStatus;
  reason: string;
  /** used: the sources that saw it; unused: the sources whose silence or finding says so. */
  sources: SourceId[];
  count: number;
  denied: number;
  lastSeen?: string;
  lastAccessed?: string;
  /** The uses, for the resource-level check. */
  uses: Evidence[];
}

const LABELS: Record<SourceId, string> = {
  xray: 'X-Ray',
  cloudtrail: 'CloudTrail',
  'access-analyzer': 'Access Analyzer',
  'unused-findings': 'unused-access finding',
  'access-advisor': 'Access Advisor',
  'current-policy': 'current policy',
  csm: 'SDK monitoring',
  iamlive: 'iamlive',
  'lambda-config': 'Lambda configuration',
};

export function sourceLabel(s: SourceId): string {
  return LABELS[s] ?? SOURCE_BADGES[s];
}

function inWindow(time: string, window: TimeWindow | undefined): boolean {
  return !window || time >= window.start;
}

/** Evidence that the role exercised (or tried to exercise) the action. */
export function isUse(e: Evidence, window?: TimeWindow): boolean {
  if (e.unused || e.unmapped || e.source === 'current-policy') return false;
  // A call that needs no permission (sts:GetCallerIdentity) was still made: never "unused" with calls in its evidence.
  if (e.noPermissionNeeded) return e.count > 0;
  if (e.count > 0 || e.denied > 0 || e.inferredReason || e.encryption) return true;
  // A platform need (the function's configuration says AWS makes the call): needed, so never unused.
  if (e.platform) return true;
  if (e.source === 'access-analyzer') return !e.serviceLevelOnly; // listed only because used
  if (e.source === 'access-advisor') return e.lastAccessed !== undefined && inWindow(e.lastAccessed, window);
  return false;
}

/** Evidence that says outright the action was not used in the window. */
export function isExplicitNonUse(e: Evidence, window?: TimeWindow): boolean {
  if (e.unused) return true;
  return (
    e.source === 'access-advisor' &&
    e.count === 0 &&
    e.lastAccessed !== undefined &&
    !inWindow(e.lastAccessed, window)
  );
}

/** Index evidence by lower-cased action; patterns (`s3:*` in a service-level finding) kept apart. */
export class EvidenceIndex {
  private readonly exact = new Map<string, Evidence[]>();
  private readonly patterns: { re: RegExp; e: Evidence }[] = [];

  constructor(evidence: Evidence[]) {
    for (const e of evidence) {
      if (/[*?]/.test(e.action)) this.patterns.push({ re: globRegex(e.action, { ignoreCase: true }), e });
      else {
        const key = e.action.toLowerCase();
        const list = this.exact.get(key);
        if (list) list.push(e);
        else this.exact.set(key, [e]);
      }
    }
  }

  for(action: string): Evidence[] {
    const own = this.exact.get(action.toLowerCase()) ?? [];
    if (this.patterns.length === 0) return own;
    return own.concat(this.patterns.filter((p) => p.re.test(action)).map((p) => p.e));
  }

  actions(): string[] {
    return [...this.exact.keys()];
  }

  all(): Evidence[] {
    return [...this.exact.values()].flat();
  }
}

function uniqueSources(list: Evidence[]): SourceId[] {
  return [...new Set(list.map((e) => e.source))].sort();
}

function latest(values: (string | undefined)[]): string | undefined {
  return values
    .filter((v): v is string => Boolean(v))
    .sort()
    .pop();
}

function usedReason(uses: Evidence[], count: number, denied: number): string {
  const inferred = uses.find((e) => e.inferredReason && e.count === 0 && e.denied === 0);
  if (count === 0 && denied === 0 && inferred) return `inferred: ${inferred.inferredReason}`;
  const platform = uses.find((e) => e.platform);
  if (count === 0 && denied === 0 && platform) return `platform need: ${platform.platform}`;
  const sse = uses.find((e) => e.encryption && e.count === 0 && e.denied === 0);
  if (count === 0 && denied === 0 && sse) return `needed by SSE-KMS: ${sse.encryption}`;
  const by = uniqueSources(uses).map(sourceLabel).join(', ');
  if (uses.every((e) => e.noPermissionNeeded))
    return `seen by ${by} (${count} calls); the call needs no permission, so the grant is not what allows it`;
  if (count === 0 && denied > 0)
    return `attempted and denied ${denied} times despite the grant (an SCP, boundary, resource policy or condition may block it); seen by ${by}`;
  // KMS calls S3 (or another service) made with the role's credentials: say who made them.
  const via = [...new Set(uses.flatMap((e) => (e.invokedBy ? [e.invokedBy] : [])))].sort();
  const on = via.length ? `, made on the role's behalf by ${via.join(', ')}` : '';
  return count > 0 ? `seen by ${by} (${count} calls${on})` : `seen by ${by}${on}`;
}

function explicitReason(list: Evidence[]): string {
  return list
    .map(
      (e) =>
        `${sourceLabel(e.source)}: not used${e.lastAccessed ? ` (last accessed ${e.lastAccessed})` : ' in its tracking period'}`,
    )
    .filter((v, i, all) => all.indexOf(v) === i)
    .join('; ');
}

interface Judgement {
  status: GrantStatus;
  reason: string;
  sources: SourceId[];
}

/** The verdict from silence alone: depends only on the service and what the sources watch. */
function silentJudgement(action: CatalogAction, obs: Observability, explicit: Evidence[]): Judgement {
  const { observers, watched, blind } = observersOf(action, obs);
  if (explicit.length > 0 || observers.length > 0) {
    const parts: string[] = [];
    if (explicit.length) parts.push(explicitReason(explicit));
    if (observers.length) parts.push(`${watched.join(' and ')}: never this action`);
    const sources = [...new Set([...uniqueSources(explicit), ...observers])].sort();
    return { status: 'unused', reason: parts.join('; '), sources };
  }
  const reason = blind.length
    ? `no source could observe it: ${blind.join('; ')}`
    : 'no evidence source covers this role';
  return { status: 'unknown', reason, sources: [] };
}

const NO_EVIDENCE: Evidence[] = [];

/**
 * Judges the granted actions of one role. Most actions of a broad grant have no evidence
 * at all; their verdict depends only on how the sources see their service, so it is
 * computed once per (service, data event, logged) class.
 */
export class ActionJudge {
  private readonly silent = new Map<string, Judgement>();

  constructor(
    private readonly obs: Observability,
    private readonly window?: TimeWindow,
  ) {}

  judge(action: CatalogAction, evidence: Evidence[]): ActionVerdict {
    if (evidence.length === 0) {
      // Not-logged actions and those AWS calls for the workload are named in their reason: keyed by action.
      const key =
        notLoggedByCloudTrail(action) || CALLED_BY_AWS.has(action.action)
          ? action.action
          : `${action.service}\u0000${isDataEvent(action)}`;
      let j = this.silent.get(key);
      if (!j) {
        j = silentJudgement(action, this.obs, NO_EVIDENCE);
        this.silent.set(key, j);
      }
      return verdict(action, j, NO_EVIDENCE, 0, 0, undefined, undefined);
    }
    return judgeAction(action, evidence, this.obs, this.window);
  }
}

function verdict(
  action: CatalogAction,
  j: Judgement,
  uses: Evidence[],
  count: number,
  denied: number,
  lastSeen: string | undefined,
  lastAccessed: string | undefined,
): ActionVerdict {
  return {
    action: action.action,
    accessLevel: action.accessLevel,
    status: j.status,
    reason: j.reason,
    sources: j.sources,
    count,
    denied,
    lastSeen,
    lastAccessed,
    uses,
  };
}

/** The verdict for one granted action. Pure. */
export function judgeAction(
  action: CatalogAction,
  evidence: Evidence[],
  obs: Observability,
  window?: TimeWindow,
): ActionVerdict {
  const uses = evidence.filter((e) => isUse(e, window));
  const count = uses.reduce((n, e) => n + e.count, 0);
  const denied = uses.reduce((n, e) => n + e.denied, 0);
  const lastSeen = latest(uses.map((e) => e.lastSeen));
  const lastAccessed = latest(evidence.map((e) => e.lastAccessed));
  if (uses.length > 0) {
    const j: Judgement = {
      status: 'used',
      reason: usedReason(uses, count, denied),
      sources: uniqueSources(uses),
    };
    return verdict(action, j, uses, count, denied, lastSeen, lastAccessed);
  }
  const explicit = evidence.filter((e) => isExplicitNonUse(e, window));
  return verdict(action, silentJudgement(action, obs, explicit), uses, count, denied, lastSeen, lastAccessed);
}

/** The catalogue entry of an action (any casing), cached for the process. */
export function lookupCached(action: string): CatalogAction | undefined {
  return catalogAction(action);
}
