// One AWS SDK call as an X-Ray subsegment records it: service, operation, the
// resources its parameter whitelist captured, and how it ended.
import type { OperationHints } from '../../catalog/operations.js';
import { camelParams } from '../../catalog/operation-params.js';
import type { ResourceIds } from '../../core/resources.js';
import { isoFromEpochSeconds, num, rec, str, type SegmentDoc } from './segments.js';

/** ok: authorized (including throttled, 5xx, other 4xx); denied: refused by IAM; unauthenticated: never evaluated. */
export type CallOutcome = 'ok' | 'denied' | 'unauthenticated';

export interface XrayCall {
  /** The service as the subsegment names it (`DynamoDB`, `dynamodb`, `AmazonSQS`). */
  service: string;
  operation: string;
  ids: ResourceIds;
  /** ARNs the subsegment captured verbatim (`topic_arn`, an ARN as `function_name`, `resource_names`...), sorted. */
  arns: string[];
  hints: OperationHints;
  outcome: CallOutcome;
  time?: string;
  region?: string;
  account?: string;
}

// Exception names AWS uses when IAM (or a resource policy) refuses a request.
const DENIED =
  /^(?:Client\.)?(?:AccessDenied\w*|KMSAccessDenied\w*|UnauthorizedOperation|UnauthorizedAccess\w*|AuthorizationError\w*|Forbidden\w*|NotAuthorized\w*|UnauthorizedException)$/i;
// 403s that are about the credentials, not the policy: they prove nothing either way.
const UNAUTHENTICATED =
  /^(?:SignatureDoesNotMatch|InvalidClientTokenId|ExpiredToken\w*|InvalidAccessKeyId|RequestTimeTooSkewed|IncompleteSignature\w*|MissingAuthenticationToken\w*|InvalidSignature\w*|UnrecognizedClient\w*|InvalidToken)$/i;

function exceptionTypes(node: SegmentDoc): string[] {
  const exceptions = rec(node.cause).exceptions;
  if (!Array.isArray(exceptions)) return [];
  return exceptions.map((e) => str(rec(e).type) ?? str(rec(e).name) ?? '').filter((t) => t !== '');
}

export function callOutcome(node: SegmentDoc): CallOutcome {
  const types = exceptionTypes(node);
  if (types.some((t) => DENIED.test(t))) return 'denied';
  if (types.some((t) => UNAUTHENTICATED.test(t))) return 'unauthenticated';
  const status = num(rec(rec(node.http).response).status);
  return status === 403 ? 'denied' : 'ok';
}

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const list = v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return list.length > 0 ? list : undefined;
}

/** The `aws` block's captured parameters (snake_case, per the SDK whitelists) → ResourceIds. */
function resourceIds(aws: Record<string, unknown>, prefix: string | undefined): ResourceIds {
  const ids: ResourceIds = {
    bucket: str(aws.bucket_name),
    key: str(aws.key),
    versionId: str(aws.version_id),
    copySource: str(aws.copy_source),
    table: str(aws.table_name),
    tables: strings(aws.table_names),
    index: str(aws.index_name),
    queueUrl: str(aws.queue_url),
    queueName: str(aws.queue_name),
    topicArn: str(aws.topic_arn),
    functionName: str(aws.function_name),
    qualifier: str(aws.qualifier),
  };
  // Java and inferred segments name the resource only in resource_names.
  const names = strings(aws.resource_names);
  if (names && prefix === 'dynamodb' && !ids.table && !ids.tables) ids.tables = names;
  if (names && prefix === 'lambda' && !ids.functionName) ids.functionName = names[0];
  for (const k of Object.keys(ids) as (keyof ResourceIds)[]) if (ids[k] === undefined) delete ids[k];
  // Every captured parameter also goes through the table generated from the API models,
  // as CloudTrail's are (snake_case → camelCase).
  if (prefix) ids.call = { prefix, operation: str(aws.operation) ?? '', params: camelParams(aws) };
  return ids;
}

const ARN = /^arn:[a-z-]+:[a-z0-9-]+:/;

/** ARNs among the `aws` block's captured values and its `resource_names`, exactly as recorded. */
function arnsOf(aws: Record<string, unknown>): string[] {
  const values = [...Object.values(aws), ...(strings(aws.resource_names) ?? [])];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && ARN.test(v)))].sort();
}

/**
 * The call a node records, or undefined when it is no AWS call. `prefix` is the
 * normalised IAM prefix (for prefix-specific fallbacks), `inherited` the region and
 * account of the enclosing segment.
 */
export function callFromNode(
  node: SegmentDoc,
  prefix: string | undefined,
  inherited: { region?: string; account?: string },
): XrayCall | undefined {
  const aws = rec(node.aws);
  const service = str(node.name);
  const operation = str(aws.operation);
  if (!service || !operation) return undefined;
  const ids = resourceIds(aws, prefix);
  return {
    service,
    operation,
    ids,
    arns: arnsOf(aws),
    hints: {
      versionId: ids.versionId !== undefined,
      copySourceVersionId: /[?&]versionId=/.test(ids.copySource ?? ''),
    },
    outcome: callOutcome(node),
    time: isoFromEpochSeconds(num(node.start_time)),
    region: str(aws.region) ?? inherited.region,
    account: str(aws.account_id) ?? inherited.account,
  };
}
