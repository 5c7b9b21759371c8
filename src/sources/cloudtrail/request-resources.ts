// What a record says about the resources of its call: `resources[].ARN`, the
// `requestParameters` (camelCase, read through the generated operation table), ARNs at
// any depth of them, and ARNs the response returned (CreateStack's stackId).
import type { OperationHints } from '../../catalog/operations.js';
import type { CallInfo, ResourceIds } from '../../core/resources.js';
import type { CloudTrailRecord } from './record.js';

type Params = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * requestParameters whose forms need a parser (core/resources.ts): queue URLs, copy
 * sources, Lambda name forms, secrets, KMS keys. Every other member reaches the ARN
 * templates through the table generated from the API models (core/operation-params.ts).
 */
const PARSED_FIELDS: Record<string, keyof ResourceIds> = {
  'x-amz-copy-source': 'copySource',
  copySource: 'copySource',
  queueUrl: 'queueUrl',
  functionName: 'functionName',
  qualifier: 'qualifier',
  secretId: 'secretId',
  keyId: 'keyId',
};

/** DynamoDB batch calls: `requestItems` keyed by table, or a list of `{tableName}`. */
function batchTables(params: Params): string[] | undefined {
  const items = params.requestItems ?? params.transactItems;
  if (Array.isArray(items)) {
    const names = items.map((i) => str((i as Params | null)?.tableName)).filter((t): t is string => !!t);
    return names.length ? [...new Set(names)] : undefined;
  }
  if (items && typeof items === 'object') return Object.keys(items);
  return undefined;
}

const MAX_NODES = 2000;

/**
 * ARNs among the string values of an object (lists included), capped: those within one
 * level of the top (`resourceIdList`, `target.arn`) in `near`, deeper ones in `deep`.
 */
export function arnsIn(
  obj: unknown,
  near: string[],
  deep: string[] = near,
  depth = 0,
  budget = { n: MAX_NODES },
): void {
  if (!obj || typeof obj !== 'object' || budget.n-- <= 0) return;
  const list = Array.isArray(obj);
  for (const v of list ? obj : Object.values(obj as Params)) {
    if (typeof v === 'string') {
      if (v.startsWith('arn:')) (depth <= 1 ? near : deep).push(v);
    } else if (v && typeof v === 'object') arnsIn(v, near, deep, list ? depth : depth + 1, budget);
  }
}

/**
 * Identifiers from the request and `resources[]`. With `withResponse`, ARNs the
 * response returned are added too: they fill in what the request could not say
 * (CreateStack's stack id) but can be more specific than the permission checked
 * (UpdateFunctionCode returns the published version), so callers try without first.
 */
export function resourceIdsOf(
  record: CloudTrailRecord,
  partition: string,
  withResponse = false,
  call?: CallInfo,
): ResourceIds {
  const params: Params = call?.params ?? record.requestParameters ?? {};
  const ids: ResourceIds = {};
  if (call) ids.call = call;
  for (const [param, field] of Object.entries(PARSED_FIELDS)) {
    const v = str(params[param]);
    if (v) (ids as Record<string, unknown>)[field] = v;
  }
  const tables = batchTables(params);
  if (tables) ids.tables = tables;
  // IAM calls name the role; its path is only known when the call gives it (CreateRole).
  const roleName = str(params.roleName);
  if (!ids.roleArn && roleName && record.eventSource.startsWith('iam.')) {
    const path = str(params.path) ?? '/';
    const account = record.recipientAccountId ?? record.userIdentity?.accountId ?? '';
    ids.roleArn = `arn:${partition}:iam::${account}:role${path.endsWith('/') ? path : `${path}/`}${roleName}`;
  }
  const arns: string[] = [];
  for (const r of record.resources ?? []) if (str(r.ARN)) arns.push(r.ARN!);
  const deep: string[] = [];
  arnsIn(params, arns, deep);
  if (withResponse) arnsIn(record.responseElements, arns, deep);
  if (arns.length) ids.arns = [...new Set(arns)];
  if (deep.length) ids.deepArns = [...new Set(deep)];
  return ids;
}

export function hintsOf(record: CloudTrailRecord): OperationHints {
  const params: Params = record.requestParameters ?? {};
  const hints: OperationHints = {};
  if (str(params.versionId)) hints.versionId = true;
  const copy = str(params['x-amz-copy-source']) ?? str(params.copySource);
  if (copy?.includes('versionId=')) hints.copySourceVersionId = true;
  const statement = str(params.statement);
  if (statement) hints.statement = statement;
  return hints;
}
