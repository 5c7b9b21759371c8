// Resource identifiers a source recorded (bucket, table, queue URL ...) → the ARNs an
// action is checked on, through the catalogue's ARN templates. Known parts are filled
// (partition and account from the role, region from the call); what is unknown stays a
// `${Placeholder}`; actions that take only `*` get `*`.
import { fillTemplate, lookupAction, resourceTypeArn, templateRegex } from '../catalog/catalog.js';
import type { ActionTarget } from '../catalog/operations.js';
import { parseArn } from './arn.js';
import { escapeIamLiteral, iamPattern } from './iam-literal.js';

export interface ResourceIds {
  bucket?: string;
  key?: string;
  versionId?: string;
  /** S3 `CopySource`: `bucket/key` or `/bucket/key?versionId=...`, URL-encoded. */
  copySource?: string;
  table?: string;
  /** Every table of a batch call (DynamoDB BatchGetItem/BatchWriteItem). */
  tables?: string[];
  index?: string;
  queueUrl?: string;
  queueName?: string;
  topicArn?: string;
  /** Lambda: a name, `account:function:name`, or a full ARN, optionally with `:qualifier`. */
  functionName?: string;
  qualifier?: string;
  secretId?: string;
  keyId?: string;
  roleArn?: string;
  logGroupName?: string;
  streamName?: string;
  /** Concrete ARNs the source named (CloudTrail `resources[].ARN`). */
  arns?: string[];
}

export interface ResourceContext {
  partition: string;
  account?: string;
  region?: string;
}

type Vars = Record<string, string | undefined>;

/** `https://sqs.us-east-1.amazonaws.com/123456789012/orders` → region, account, name. */
export function parseQueueUrl(url: string): { region?: string; account: string; name: string } | undefined {
  const m = /^https?:\/\/([^/]+)\/(\d{12})\/([^/?#]+)\/?$/.exec(url.trim());
  if (!m) return undefined;
  const host = m[1]!;
  const region =
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com/.exec(host)?.[1];
  return { region, account: m[2]!, name: decodeURIComponent(m[3]!) };
}

/** `/bucket/some%20key?versionId=x` → bucket, key, version. */
export function parseCopySource(source: string): { bucket: string; key?: string; versionId?: string } {
  const [path = '', query = ''] = source.split('?');
  const decoded = decodeURIComponent(path.replace(/^\//, ''));
  const slash = decoded.indexOf('/');
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  if (slash < 0) return { bucket: decoded, versionId };
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) || undefined, versionId };
}

/** Lambda's FunctionName forms → the parts of the function ARN. */
export function parseFunctionName(
  name: string,
  qualifier?: string,
): { name: string; account?: string; region?: string; qualifier?: string } {
  const full = /^arn:[^:]+:lambda:([^:]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(name);
  const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(name);
  const short = /^([^:]+)(?::(.+))?$/.exec(name);
  const q = (x?: string) => qualifier ?? x;
  if (full) return { region: full[1], account: full[2], name: full[3]!, qualifier: q(full[4]) };
  if (partial) return { account: partial[1], name: partial[2]!, qualifier: q(partial[3]) };
  return { name: short?.[1] ?? name, qualifier: q(short?.[2]) };
}

function fromArn(arn: string | undefined, vars: Vars, resourceVar: string, strip: RegExp): void {
  const p = arn ? parseArn(arn) : undefined;
  if (!p) return;
  if (p.region) vars.Region = p.region;
  if (p.account) vars.Account = p.account;
  vars.Partition = p.partition;
  vars[resourceVar] = p.resource.replace(strip, '');
}

/** Template variables for one resource (several sets when a batch names several tables). */
function variableSets(ids: ResourceIds, ctx: ResourceContext, on: ActionTarget): Vars[] {
  const vars: Vars = { Partition: ctx.partition, Account: ctx.account, Region: ctx.region };
  if (on === 'copySource' && ids.copySource) {
    const src = parseCopySource(ids.copySource);
    return [{ ...vars, BucketName: src.bucket, ObjectName: src.key }];
  }
  Object.assign(vars, { BucketName: ids.bucket, ObjectName: ids.key, IndexName: ids.index });
  Object.assign(vars, { LogGroupName: ids.logGroupName, StreamName: ids.streamName });
  const queue = ids.queueUrl ? parseQueueUrl(ids.queueUrl) : undefined;
  if (queue) Object.assign(vars, { Region: queue.region ?? vars.Region, Account: queue.account });
  vars.QueueName = queue?.name ?? ids.queueName;
  if (ids.topicArn) fromArn(ids.topicArn, vars, 'TopicName', /^$/);
  if (ids.functionName) {
    const fn = parseFunctionName(ids.functionName, ids.qualifier);
    if (fn.account) vars.Account = fn.account;
    if (fn.region) vars.Region = fn.region;
    // A qualified call is checked on the qualified ARN (`function:name:alias`); `$LATEST`
    // is the unqualified function.
    const qualified = fn.qualifier && fn.qualifier !== '$LATEST';
    vars.FunctionName = qualified ? `${fn.name}:${fn.qualifier}` : fn.name;
  }
  if (ids.secretId?.startsWith('arn:')) fromArn(ids.secretId, vars, 'SecretId', /^secret:/);
  // A secret named without its ARN: the ARN ends in `-` and six random characters.
  else if (ids.secretId) vars.SecretId = iamPattern(`${escapeIamLiteral(ids.secretId)}-??????`);
  if (ids.keyId?.startsWith('arn:')) {
    const alias = ids.keyId.includes(':alias/');
    fromArn(ids.keyId, vars, alias ? 'Alias' : 'KeyId', alias ? /^alias\// : /^key\//);
  } else if (ids.keyId?.startsWith('alias/')) vars.Alias = ids.keyId.slice('alias/'.length);
  else if (ids.keyId) vars.KeyId = ids.keyId;
  if (ids.roleArn) {
    fromArn(ids.roleArn, vars, 'RoleNameWithPath', /^role\//);
    vars.RoleName = vars.RoleNameWithPath?.split('/').pop();
  }
  const tables = ids.tables?.length ? ids.tables : [ids.table];
  return tables.map((t) => ({ ...vars, TableName: t }));
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;
const CONTEXT_VARS = new Set(['Partition', 'Region', 'Account']);

function varCount(template: string): number {
  return [...template.matchAll(PLACEHOLDER)].length;
}

/** How well a filled template fits: fewer placeholders left, then more resource parts used. */
function score(template: string, vars: Vars): [number, number] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const missing = names.filter((n) => vars[n] === undefined).length;
  const used = names.filter((n) => !CONTEXT_VARS.has(n) && vars[n] !== undefined).length;
  return [missing, -used];
}

/**
 * The ARNs `action` is checked on for a call that named `ids`. `on` picks the copy
 * source for CopyObject's s3:GetObject. Unknown actions give no resource.
 */
export function resourcesForAction(
  action: string,
  ids: ResourceIds,
  ctx: ResourceContext,
  on: ActionTarget = 'target',
): string[] {
  const entry = lookupAction(action);
  if (!entry) return [];
  if (entry.wildcardOnly) return ['*'];
  // Required types first, then the simpler template: ties go to the bucket's object ARN,
  // not an access point's.
  const templates = entry.resourceTypes
    .map((t) => ({ arn: resourceTypeArn(entry.service, t.name), required: t.required }))
    .filter((t): t is { arn: string; required: boolean } => t.arn !== undefined)
    .sort((a, b) => Number(b.required) - Number(a.required) || varCount(a.arn) - varCount(b.arn))
    .map((t) => t.arn);
  if (templates.length === 0) return ['*'];

  // ARNs the source gave verbatim win when they fit one of the action's resource types.
  const given = (ids.arns ?? []).filter((arn) => templates.some((t) => templateRegex(t).test(arn)));
  if (given.length > 0 && on === 'target') return [...new Set(given)];

  const out: string[] = [];
  for (const vars of variableSets(ids, ctx, on)) {
    const best = templates
      .map((t, i) => ({ t, i, s: score(t, vars) }))
      .sort((a, b) => a.s[0] - b.s[0] || a.s[1] - b.s[1] || a.i - b.i)[0]!;
    const arn = fillTemplate(best.t, vars);
    if (!out.includes(arn)) out.push(arn);
  }
  return out;
}
