// The shape of a CloudTrail record (only the fields we read), and how an item of a
// file becomes a record: S3 log files and arrays hold records, `lookup-events` holds
// them as JSON strings in `CloudTrailEvent`, EventBridge wraps them in `detail`.

export interface SessionIssuer {
  type?: string;
  arn?: string;
  userName?: string;
  accountId?: string;
}

export interface UserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: { sessionIssuer?: SessionIssuer };
}

export interface CloudTrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
}

export interface CloudTrailRecord {
  eventVersion?: string;
  eventTime?: string;
  eventSource: string;
  eventName: string;
  eventType?: string;
  eventID?: string;
  awsRegion?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity?: UserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: CloudTrailResource[];
  readOnly?: boolean;
  recipientAccountId?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isRecord(v: unknown): v is CloudTrailRecord {
  return isObject(v) && typeof v.eventSource === 'string' && typeof v.eventName === 'string';
}

const STRING_FIELDS = [
  'eventVersion',
  'eventTime',
  'eventType',
  'eventID',
  'awsRegion',
  'errorCode',
  'errorMessage',
  'recipientAccountId',
] as const;
const OBJECT_FIELDS = ['requestParameters', 'responseElements'] as const;
/** What CloudTrail writes in eventSource: a host name (`s3.amazonaws.com`). */
const EVENT_SOURCE = /^[a-z0-9][a-z0-9.-]*$/i;
const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function wrongType(path: string, v: unknown, want: string): string {
  return `${path} is ${typeName(v)}, not ${want}`;
}

function identityProblem(ui: unknown): string | undefined {
  if (ui === undefined || ui === null) return undefined;
  if (!isObject(ui)) return wrongType('userIdentity', ui, 'an object');
  for (const k of ['type', 'arn', 'accountId', 'userName', 'invokedBy'] as const)
    if (ui[k] !== undefined && ui[k] !== null && typeof ui[k] !== 'string')
      return wrongType(`userIdentity.${k}`, ui[k], 'a string');
  const sc = ui.sessionContext;
  if (sc === undefined || sc === null) return undefined;
  if (!isObject(sc)) return wrongType('userIdentity.sessionContext', sc, 'an object');
  const issuer = sc.sessionIssuer;
  if (issuer === undefined || issuer === null) return undefined;
  if (!isObject(issuer)) return wrongType('userIdentity.sessionContext.sessionIssuer', issuer, 'an object');
  for (const k of ['type', 'arn', 'userName', 'accountId'] as const)
    if (issuer[k] !== undefined && issuer[k] !== null && typeof issuer[k] !== 'string')
      return wrongType(`userIdentity.sessionContext.sessionIssuer.${k}`, issuer[k], 'a string');
  return undefined;
}

/**
 * Why a record cannot be used as is: a field we read has the wrong type or an impossible
 * value (eventTime a number, eventSource `__proto__`). Such a record is skipped and
 * counted by the readers, never half-read.
 */
export function recordProblem(r: CloudTrailRecord): string | undefined {
  const v = r as unknown as Record<string, unknown>;
  if (!EVENT_SOURCE.test(r.eventSource) || r.eventSource.startsWith('__'))
    return `eventSource ${JSON.stringify(r.eventSource.slice(0, 60))} is not a service host name`;
  if (!EVENT_NAME.test(r.eventName))
    return `eventName ${JSON.stringify(r.eventName.slice(0, 60))} is not an API name`;
  for (const k of STRING_FIELDS)
    if (v[k] !== undefined && v[k] !== null && typeof v[k] !== 'string')
      return wrongType(k, v[k], 'a string');
  if (typeof r.eventTime === 'string' && Number.isNaN(Date.parse(r.eventTime)))
    return `eventTime ${JSON.stringify(r.eventTime.slice(0, 40))} is not a date`;
  for (const k of OBJECT_FIELDS)
    if (v[k] !== undefined && v[k] !== null && !isObject(v[k])) return wrongType(k, v[k], 'an object');
  if (v.resources !== undefined && v.resources !== null) {
    if (!Array.isArray(v.resources)) return wrongType('resources', v.resources, 'an array');
    for (const [i, res] of (v.resources as unknown[]).entries()) {
      if (!isObject(res)) return wrongType(`resources[${i}]`, res, 'an object');
      for (const k of ['ARN', 'accountId', 'type'] as const)
        if (res[k] !== undefined && res[k] !== null && typeof res[k] !== 'string')
          return wrongType(`resources[${i}].${k}`, res[k], 'a string');
    }
  }
  return identityProblem(v.userIdentity);
}

/** Why an item is not a record, in words for the user; what the file probably is. */
export class NotARecord extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'NotARecord';
  }
}

/** Keys that give away another kind of file, and where that file belongs. */
const OTHER_KINDS: { keys: string[]; what: string; hint: string }[] = [
  {
    keys: ['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies'],
    what: '`aws iam get-account-authorization-details` output',
    hint: 'Pass it with --authorization-details.',
  },
  {
    keys: ['Traces', 'Segments', 'UnprocessedTraceIds', 'TraceSummaries', 'trace_id', 'subsegments'],
    what: 'X-Ray trace data',
    hint: 'Pass it with --xray-traces.',
  },
  {
    keys: ['generatedPolicyResult', 'jobDetails'],
    what: 'an Access Analyzer generated policy',
    hint: 'Pass it with --generated-policy.',
  },
  {
    keys: ['findingDetails', 'findings', 'findingType'],
    what: 'Access Analyzer findings',
    hint: 'Pass them with --unused-findings.',
  },
  {
    keys: ['Functions'],
    what: '`aws lambda list-functions` output',
    hint: 'It goes in lambda-functions.json of an account folder.',
  },
  {
    keys: ['digestStartTime', 'digestEndTime', 'logFiles', 'digestPublicKeyFingerprint'],
    what: 'a CloudTrail digest file (integrity hashes, no events)',
    hint: 'The events are in the CloudTrail/ folder next to CloudTrail-Digest/; pass that folder or the AWSLogs/ folder.',
  },
];

const EXPECTED =
  'expected CloudTrail logs: {"Records":[...]} (S3 log files), a JSON array of records, or `aws cloudtrail lookup-events` output';

/** Describe a parsed value or key list that is not CloudTrail. */
export function wrongKind(keys: readonly string[], what = 'an object'): NotARecord {
  const kind = OTHER_KINDS.find((k) => k.keys.some((key) => keys.includes(key)));
  if (kind) return new NotARecord(`is ${kind.what}, not CloudTrail logs`, kind.hint);
  const shown = keys.length
    ? ` with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}`
    : '';
  return new NotARecord(`holds ${what}${shown}: ${EXPECTED}`);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The record an item holds: the item itself, the `detail` of an EventBridge
 * envelope, or the parsed `CloudTrailEvent` string of a lookup-events entry.
 * Throws NotARecord with what the item looks like instead.
 */
export function recordFromItem(item: unknown): CloudTrailRecord {
  if (isRecord(item)) return item;
  if (!isObject(item))
    throw new NotARecord(`holds ${describe(item)} where a record was expected: ${EXPECTED}`);
  if (isRecord(item.detail)) return item.detail;
  if (typeof item.CloudTrailEvent === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(item.CloudTrailEvent);
    } catch {
      throw new NotARecord('has a CloudTrailEvent string that is not valid JSON');
    }
    if (isRecord(parsed)) return parsed;
    throw new NotARecord('has a CloudTrailEvent that is not a CloudTrail record');
  }
  throw wrongKind(Object.keys(item));
}
