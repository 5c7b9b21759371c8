// What each evidence source could have seen for one role (AWS-REFERENCE.md, "What a
// source cannot see"). A grant that no present source could observe is *unknown*,
// never *unused*: silence only counts where a source was looking.
import type { CatalogAction } from '../catalog/catalog.js';
import { CALLED_BY_AWS } from './platform-needs.js';
import type { Evidence, SourceId } from './types.js';

/**
 * Actions CloudTrail records only as data events (off by default, billed extra). Kept
 * generous on purpose: a management action listed here by mistake turns an unused grant
 * into *unknown* (not reported as excess), the safe direction for a CI gate.
 */
const DATA_EVENT_ACTIONS: Partial<Record<string, true | string[]>> = {
  dynamodb: [
    'GetItem',
    'PutItem',
    'UpdateItem',
    'DeleteItem',
    'BatchGetItem',
    'BatchWriteItem',
    'Query',
    'Scan',
    'ConditionCheckItem',
    'PartiQLSelect',
    'PartiQLInsert',
    'PartiQLUpdate',
    'PartiQLDelete',
    'GetRecords',
    'GetShardIterator',
  ],
  lambda: ['InvokeFunction', 'InvokeAsync', 'InvokeFunctionUrl'],
  sns: ['Publish'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility'],
  kinesis: ['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'SubscribeToShard'],
  cloudwatch: ['PutMetricData', 'GetMetricData', 'GetMetricStatistics', 'ListMetrics'],
  'execute-api': true,
  's3-object-lambda': true,
  s3express: true,
};

/** S3 object-level APIs and bucket listings are data events. */
const S3_DATA =
  /^(List(Bucket|BucketVersions|BucketMultipartUploads|MultipartUploadParts)|AbortMultipartUpload|RestoreObject)$|Object/;

/** Never a CloudTrail event of the caller (and so never in a generated policy either). */
const NOT_LOGGED = new Set([
  'iam:PassRole', // checked when a role is passed, logged only as part of the calling event
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
]);

const dataEventCache = new Map<string, boolean>();

export function isDataEvent(action: CatalogAction): boolean {
  if (action.service !== 's3' && !Object.hasOwn(DATA_EVENT_ACTIONS, action.service)) return false;
  let hit = dataEventCache.get(action.action);
  if (hit === undefined) {
    const entry = DATA_EVENT_ACTIONS[action.service];
    hit =
      action.service === 's3'
        ? S3_DATA.test(action.name)
        : entry === true || (Array.isArray(entry) && entry.includes(action.name));
    dataEventCache.set(action.action, hit);
  }
  return hit;
}

export function notLoggedByCloudTrail(action: CatalogAction): boolean {
  return NOT_LOGGED.has(action.action);
}

/** Facts the caller may know better than the evidence shows (live: the trail's event selectors). */
export interface ObservabilityHints {
  /** Services whose data events the CloudTrail logs contain. */
  cloudtrailDataEvents?: string[];
  /** Treat these sources as covering the role even when they hold no record of it. */
  coversRole?: SourceId[];
}

export interface Observability {
  /** Sources with at least one record of this role (or declared to cover it). */
  present: Set<SourceId>;
  /** IAM service prefixes whose SDK calls appear in the role's X-Ray traces. */
  xrayServices: Set<string>;
  cloudtrailDataServices: Set<string>;
  /** Services Access Analyzer reported at service level only (actions not resolved). */
  analyzerServiceLevel: Set<string>;
}

function serviceOf(action: string): string {
  return action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
}

export function observabilityOf(evidence: Evidence[], hints: ObservabilityHints = {}): Observability {
  const present = new Set<SourceId>(hints.coversRole ?? []);
  const xrayServices = new Set<string>();
  const cloudtrailDataServices = new Set((hints.cloudtrailDataEvents ?? []).map((s) => s.toLowerCase()));
  const analyzerServiceLevel = new Set<string>();
  for (const e of evidence) {
    present.add(e.source);
    const service = serviceOf(e.action);
    if (e.source === 'xray' && service) xrayServices.add(service);
    if (e.source === 'access-analyzer' && e.serviceLevelOnly && service) analyzerServiceLevel.add(service);
  }
  return { present, xrayServices, cloudtrailDataServices, analyzerServiceLevel };
}

/** Note the services whose data events show up in the role's CloudTrail evidence. */
export function addCloudTrailDataServices(
  obs: Observability,
  evidence: Evidence[],
  lookup: (action: string) => CatalogAction | undefined,
): void {
  for (const e of evidence) {
    if (e.source !== 'cloudtrail') continue;
    const a = lookup(e.action);
    if (a && isDataEvent(a)) obs.cloudtrailDataServices.add(a.service);
  }
}

export interface Observers {
  /** Sources that would have recorded a use of the action. */
  observers: SourceId[];
  /** For each observer, what it watched (for the *unused* reason). */
  watched: string[];
  /** For each present source that could not: why (for the *unknown* reason). */
  blind: string[];
}

/** Which present sources could have seen `action` used, and why the others could not. */
export function observersOf(action: CatalogAction, obs: Observability): Observers {
  const observers: SourceId[] = [];
  const watched: string[] = [];
  const blind: string[] = [];
  const see = (source: SourceId, what: string) => {
    observers.push(source);
    watched.push(what);
  };
  if (obs.present.has('xray')) {
    // Lambda's poller, network set-up and runtime call these with the role's credentials,
    // outside the function's traces: X-Ray seeing the service says nothing about them.
    if (obs.xrayServices.has(action.service) && CALLED_BY_AWS.has(action.action))
      blind.push(`X-Ray never holds ${action.action}: AWS calls it on the workload's behalf`);
    else if (obs.xrayServices.has(action.service))
      see('xray', `X-Ray traced this role's ${action.service} calls`);
    else blind.push(`X-Ray: no ${action.service} calls in this role's traces`);
  }
  const dataEvent = isDataEvent(action);
  const notLogged = notLoggedByCloudTrail(action);
  if (obs.present.has('cloudtrail')) {
    if (notLogged) blind.push(`CloudTrail does not log ${action.action}`);
    else if (dataEvent && !obs.cloudtrailDataServices.has(action.service))
      blind.push(`CloudTrail: a data event, and the logs hold no ${action.service} data events`);
    else
      see(
        'cloudtrail',
        `CloudTrail logged this role's ${dataEvent ? `${action.service} data` : 'management'} events`,
      );
  }
  if (obs.present.has('access-analyzer')) {
    if (notLogged) blind.push(`Access Analyzer: ${action.action} is never in a generated policy`);
    else if (dataEvent) blind.push('Access Analyzer: data events are not in generated policies');
    else if (obs.analyzerServiceLevel.has(action.service))
      blind.push(`Access Analyzer: ${action.service} reported at service level only`);
    else see('access-analyzer', "Access Analyzer generated this role's policy");
  }
  return { observers, watched, blind };
}

/** One line per source for the report: what it could see for this role. */
export function describeCoverage(source: SourceId, obs: Observability): string {
  if (!obs.present.has(source)) return 'no record of this role: treated as not covering it';
  switch (source) {
    case 'xray':
      return `SDK calls of ${[...obs.xrayServices].sort().join(', ') || 'no service'} (every action of those services)`;
    case 'cloudtrail': {
      const data = [...obs.cloudtrailDataServices].sort();
      return `management events of every service${data.length ? `; data events of ${data.join(', ')}` : '; no data events'}`;
    }
    case 'access-analyzer':
      return 'management actions (from CloudTrail); no data events, no iam:PassRole';
    case 'unused-findings':
      return 'explicit non-use of the actions it names';
    case 'access-advisor':
      return 'last-accessed times of the actions it tracks';
    default:
      return 'the current policy';
  }
}
