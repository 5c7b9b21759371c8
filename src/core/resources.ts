// Resource identifiers a source recorded (request parameters, bucket, queue URL ...) →
// the template variables of the catalogue's ARN templates. The table generated from the
// API models (operation-params.ts) says which request member fills which variable; the
// parsers here read the forms that need it (queue URLs, copy sources, Lambda names,
// secrets, KMS keys). src/core/resource-select.ts picks the ARNs from them.
import { parseArn } from './arn.js';
import { escapeIamLiteral, iamPattern } from './iam-literal.js';
import { templateVariables } from './param-names.js';
import { variableValues } from '../catalog/operation-params.js';

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
  /** Concrete ARNs the source named (CloudTrail `resources[].ARN`, ARNs in parameters). */
  arns?: string[];
  /** ARNs deeper in the parameters: used only for a type nothing else fills. */
  deepArns?: string[];
  /** The call itself: the generated table reads its parameters (camelCase). */
  call?: CallInfo;
}

export interface CallInfo {
  /** IAM prefix. */
  prefix: string;
  operation: string;
  params: Record<string, unknown>;
}

export interface ResourceContext {
  partition: string;
  account?: string;
  region?: string;
}

export type Vars = Record<string, string | undefined>;

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

/**
 * A secret's ARN ends in `-` and six random characters; a name or partial ARN lacks them.
 * The name is literal (its `*?$` escaped), only the suffix is a wildcard.
 */
export function secretWithSuffix(idOrName: string): string {
  if (/-[A-Za-z0-9]{6}$/.test(idOrName) && idOrName.startsWith('arn:')) return idOrName;
  const arn = parseArn(idOrName);
  if (arn) {
    const name = arn.resource.replace(/^secret:/, '');
    return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:secret:${escapeIamLiteral(name)}-??????`;
  }
  return `${escapeIamLiteral(idOrName)}-??????`;
}

/** A secret name or ARN as a template variable: the suffix stays a wildcard in fillTemplate. */
function secretVariable(idOrName: string): string {
  const full = secretWithSuffix(idOrName);
  const name = parseArn(full)?.resource.replace(/^secret:/, '') ?? full;
  return iamPattern(name);
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Variables the call's parameters give `templates`, through the generated table: one
 * set per combination when a list names several values (capped), and the ARNs that
 * a member gave where a name was expected (`eventBusName: arn:...`).
 */
function tableVariables(call: CallInfo | undefined, templates: string[]): { sets: Vars[]; arns: string[] } {
  if (!call) return { sets: [{}], arns: [] };
  const names = [...new Set(templates.flatMap((t) => templateVariables(t)))];
  let sets: Vars[] = [{}];
  const arns: string[] = [];
  for (const name of [...names, 'Account']) {
    const values = variableValues(call.prefix, call.operation, name, call.params).filter((v) => {
      if (!v.startsWith('arn:')) return true;
      arns.push(v);
      return false;
    });
    if (name === 'Account') {
      const account = values.find((v) => ACCOUNT_ID.test(v));
      if (account) for (const s of sets) s.Account = account;
      continue;
    }
    if (values.length === 0) continue;
    // KMS alias names are logged with their `alias/` prefix; the template has only the name.
    if (name === 'Alias') values.splice(0, values.length, ...values.map((v) => v.replace(/^alias\//, '')));
    // SSM parameter names and paths: `/app/db/` → `app/db`.
    let clean = name.endsWith('WithoutLeadingSlash')
      ? values.map((v) => v.replace(/^\//, '').replace(/(.)\/$/, '$1'))
      : values;
    // IAM names with their path (`/app/` + `notes-invoke` → `app/notes-invoke`) when the call gives it.
    const path = call.params.path;
    if (name.endsWith('WithPath') && typeof path === 'string' && path.startsWith('/'))
      clean = clean.map((v) =>
        v.includes('/') ? v : `${path.slice(1)}${path.endsWith('/') ? '' : '/'}${v}`.replace(/^\//, ''),
      );
    if (name === 'SecretId' && call.prefix === 'secretsmanager') clean = clean.map(secretVariable);
    sets = sets.flatMap((s) => clean.map((v) => ({ ...s, [name]: v }))).slice(0, 50);
  }
  return { sets, arns };
}

/**
 * Template variables for one resource: several sets when a batch names several tables
 * or a list several names. `templates` are the action's ARN templates.
 */
export function variableSets(
  ids: ResourceIds,
  ctx: ResourceContext,
  on: 'target' | 'copySource',
  templates: string[],
): { sets: Vars[]; arns: string[] } {
  const vars: Vars = { Partition: ctx.partition, Account: ctx.account, Region: ctx.region };
  if (on === 'copySource' && ids.copySource) {
    const src = parseCopySource(ids.copySource);
    return { sets: [{ ...vars, BucketName: src.bucket, ObjectName: src.key }], arns: [] };
  }
  const fromTable = tableVariables(ids.call, templates);
  const special: Vars = {};
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined) special[k] = v;
  };
  set('BucketName', ids.bucket);
  set('ObjectName', ids.key);
  set('IndexName', ids.index);
  set('LogGroupName', ids.logGroupName);
  set('LogStreamName', ids.streamName);
  const queue = ids.queueUrl ? parseQueueUrl(ids.queueUrl) : undefined;
  if (queue)
    Object.assign(special, { Account: queue.account, ...(queue.region ? { Region: queue.region } : {}) });
  set('QueueName', queue?.name ?? ids.queueName);
  if (ids.topicArn) fromArn(ids.topicArn, special, 'TopicName', /^$/);
  if (ids.functionName) {
    const fn = parseFunctionName(ids.functionName, ids.qualifier);
    set('Account', fn.account);
    set('Region', fn.region);
    // A qualified call is checked on the qualified ARN (`function:name:alias`); `$LATEST`
    // is the unqualified function.
    const qualified = fn.qualifier && fn.qualifier !== '$LATEST';
    special.FunctionName = qualified ? `${fn.name}:${fn.qualifier}` : fn.name;
  }
  if (ids.secretId?.startsWith('arn:')) {
    fromArn(ids.secretId, special, 'SecretId', /^secret:/);
    special.SecretId = secretVariable(ids.secretId);
  } else if (ids.secretId) special.SecretId = secretVariable(ids.secretId);
  // An alias is never a key id: the key it points to stays unknown unless an ARN says it.
  if (ids.keyId && /(^|:)alias\//.test(ids.keyId)) special.KeyId = undefined;
  if (ids.keyId?.startsWith('arn:')) {
    const alias = ids.keyId.includes(':alias/');
    fromArn(ids.keyId, special, alias ? 'Alias' : 'KeyId', alias ? /^alias\// : /^key\//);
  } else if (ids.keyId?.startsWith('alias/')) special.Alias = ids.keyId.slice('alias/'.length);
  else if (ids.keyId) special.KeyId = ids.keyId;
  if (ids.roleArn) {
    fromArn(ids.roleArn, special, 'RoleNameWithPath', /^role\//);
    special.RoleName = special.RoleNameWithPath?.split('/').pop();
  }
  // S3 access point ARN given as the bucket: the call is on the access point (object).
  const ap =
    ids.call &&
    /^arn:[^:]+:s3:([^:]*):(\d{12}):accesspoint\/([^/]+)$/.exec(String(ids.call.params.bucketName ?? ''));
  if (ap)
    Object.assign(special, { Region: ap[1], Account: ap[2], AccessPointName: ap[3], BucketName: undefined });
  // The parsers know the forms better than the generic table: they win.
  // ECS names a task definition `family:revision` (API_RunTask.html, taskDefinition).
  const td = ids.call?.prefix === 'ecs' ? ids.call.params.taskDefinition : undefined;
  if (typeof td === 'string' && !td.startsWith('arn:')) {
    const [family, revision] = td.split(':');
    set('TaskDefinitionFamilyName', family);
    set('TaskDefinitionRevisionNumber', revision);
  }
  // A table named by its ARN (cross-account tables) is a given ARN, not a name.
  const all = ids.tables?.length ? ids.tables : [ids.table];
  const arns = [...fromTable.arns, ...all.filter((t): t is string => !!t?.startsWith('arn:'))];
  const names = all.filter((t) => !t?.startsWith('arn:'));
  const tables = names.length ? names : [undefined];
  const sets = fromTable.sets.flatMap((t) =>
    tables.map((table) => {
      const out: Vars = { ...vars, ...t, ...special };
      if (table !== undefined) out.TableName = table;
      else if (out.TableName?.startsWith('arn:')) delete out.TableName;
      return out;
    }),
  );
  return { sets, arns };
}

export { resolveResources, resourcesForAction, type Resolved } from './resource-select.js';
