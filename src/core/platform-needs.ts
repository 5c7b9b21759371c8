// Platform needs (DESIGN.md, Outputs): what a Lambda execution role needs because of how
// AWS runs the function, not because its code calls it. Read from the function's
// configuration (`aws lambda list-functions` / GetFunctionConfiguration) and its event
// source mappings (`aws lambda list-event-source-mappings`); each need carries the
// configuration fact that implies it. The actions and resources follow the AWS managed
// policies AWSLambdaBasicExecutionRole, AWSXRayDaemonWriteAccess (Put* only),
// AWSLambdaVPCAccessExecutionRole, AWSLambdaSQSQueueExecutionRole,
// AWSLambdaKinesisExecutionRole and AWSLambdaDynamoDBExecutionRole. Pure.
import { lookupAction } from '../catalog/catalog.js';
import { parseArn } from './arn.js';
import type { Evidence } from './types.js';

/** The fields of a function configuration the needs depend on (list-functions shape). */
export interface LambdaConfig {
  FunctionName: string;
  FunctionArn: string;
  Role: string;
  TracingConfig?: { Mode?: string };
  LoggingConfig?: { LogGroup?: string };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; VpcId?: string };
  DeadLetterConfig?: { TargetArn?: string };
  KMSKeyArn?: string;
}

export interface EventSourceMapping {
  UUID?: string;
  FunctionArn: string;
  EventSourceArn?: string;
  State?: string;
}

const VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** Reads Lambda's poller makes on the event source, by the source's service. */
const MAPPING_READS: Record<string, { onSource: string[]; onAny?: string[] }> = {
  sqs: { onSource: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] },
  kinesis: {
    onSource: [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
      'kinesis:SubscribeToShard',
    ],
  },
  dynamodb: {
    onSource: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    onAny: ['dynamodb:ListStreams'],
  },
};

const DLQ_SEND: Record<string, string> = { sqs: 'sqs:SendMessage', sns: 'sns:Publish' };

/**
 * Calls AWS makes with the role's credentials on the workload's behalf (Lambda's poller,
 * its network set-up, the runtime's log and trace writes). The function's own X-Ray
 * traces never hold them, so X-Ray silence says nothing about these actions.
 */
export const CALLED_BY_AWS: ReadonlySet<string> = new Set([
  ...VPC_ACTIONS,
  ...Object.values(MAPPING_READS).flatMap((r) => [...r.onSource, ...(r.onAny ?? [])]),
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

function need(action: string, resource: string, fact: string, region?: string, account?: string): Evidence[] {
  const cat = lookupAction(action);
  if (!cat) return [];
  return [
    {
      source: 'lambda-config',
      action: cat.action,
      resource,
      count: 0,
      denied: 0,
      samples: [],
      platform: fact,
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    },
  ];
}

/** A function ARN without its version or alias qualifier. */
export function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

/** The version or alias a function ARN names (`…:function:NAME:live` → `live`), if any. */
export function qualifierOf(arn: string): string | undefined {
  const q = arn.split(':')[7];
  return q && q !== '$LATEST' ? q : undefined;
}

function functionNeeds(f: LambdaConfig): Evidence[] {
  const arn = parseArn(f.FunctionArn);
  if (!arn) return [];
  const { partition, region, account } = arn;
  const at = (service: string, rest: string) => `arn:${partition}:${service}:${region}:${account}:${rest}`;
  const add = (action: string, resource: string, fact: string) =>
    need(action, resource, fact, region, account);
  const out: Evidence[] = [];
  // A published version or alias has its own configuration; its facts name it.
  const qualifier = qualifierOf(f.FunctionArn);
  const name = qualifier ? `${f.FunctionName}:${qualifier}` : f.FunctionName;
  const group = f.LoggingConfig?.LogGroup || `/aws/lambda/${f.FunctionName}`;
  const where = f.LoggingConfig?.LogGroup ? 'LoggingConfig.LogGroup' : 'the default log group';
  const logFact = `function ${name} writes its logs to ${group} (${where})`;
  // The group itself for CreateLogGroup; its streams for the others (log-stream resources).
  out.push(...add('logs:CreateLogGroup', at('logs', `log-group:${group}:*`), logFact));
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents'])
    out.push(...add(action, at('logs', `log-group:${group}:log-stream:*`), logFact));
  if (f.TracingConfig?.Mode === 'Active') {
    const fact = `function ${name} has TracingConfig.Mode Active`;
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'])
      out.push(...add(action, '*', fact));
  }
  const subnets = f.VpcConfig?.SubnetIds ?? [];
  if (subnets.length > 0) {
    const fact = `function ${name} runs in ${f.VpcConfig?.VpcId ?? 'a VPC'} (subnets ${subnets.join(', ')}): Lambda manages its network interfaces`;
    for (const action of VPC_ACTIONS) out.push(...add(action, '*', fact));
  }
  const dlq = f.DeadLetterConfig?.TargetArn;
  const dlqService = dlq ? parseArn(dlq)?.service : undefined;
  if (dlq && dlqService && DLQ_SEND[dlqService])
    out.push(
      ...add(DLQ_SEND[dlqService]!, dlq, `function ${name} sends failed events to ${dlq} (DeadLetterConfig)`),
    );
  if (f.KMSKeyArn)
    out.push(
      ...add(
        'kms:Decrypt',
        f.KMSKeyArn,
        `function ${name} has its environment encrypted with ${f.KMSKeyArn} (KMSKeyArn)`,
      ),
    );
  return out;
}

function mappingNeeds(m: EventSourceMapping, f: LambdaConfig): Evidence[] {
  const source = m.EventSourceArn ? parseArn(m.EventSourceArn) : undefined;
  const reads = source ? MAPPING_READS[source.service] : undefined;
  if (!source || !reads || !m.EventSourceArn) return [];
  const qualifier = qualifierOf(m.FunctionArn);
  const target = qualifier ? `${f.FunctionName}:${qualifier}` : f.FunctionName;
  const fact = [
    'event source mapping',
    ...(m.UUID ? [m.UUID] : []),
    `makes Lambda read ${m.EventSourceArn} for ${target}${m.State ? ` (${m.State})` : ''}`,
  ].join(' ');
  return [
    ...reads.onSource.flatMap((a) => need(a, m.EventSourceArn!, fact, source.region, source.account)),
    ...(reads.onAny ?? []).flatMap((a) => need(a, '*', fact, source.region, source.account)),
  ];
}

/**
 * The platform needs of the functions that run as the role, as evidence. `functions` may hold
 * the configuration of a published version or alias (FunctionArn qualified, from
 * GetFunctionConfiguration or `list-functions --function-version ALL`): a mapping on that
 * qualifier is judged by it (its own role, tracing, VPC...), else by the function's $LATEST.
 * A version's need that $LATEST already implies on the same resource is not repeated.
 */
export function platformNeeds(
  functions: LambdaConfig[],
  mappings: EventSourceMapping[],
  isRole: (roleArn: string) => boolean,
): Evidence[] {
  const byArn = new Map(functions.map((f) => [f.FunctionArn, f]));
  const own = functions.filter((f) => isRole(f.Role));
  const latest = own.filter((f) => !qualifierOf(f.FunctionArn)).flatMap(functionNeeds);
  const implied = new Set(latest.map((e) => `${e.action}\u0000${e.resource}`));
  const versions = own
    .filter((f) => qualifierOf(f.FunctionArn))
    .flatMap(functionNeeds)
    .filter((e) => !implied.has(`${e.action}\u0000${e.resource}`));
  return [
    ...latest,
    ...versions,
    ...mappings.flatMap((m) => {
      const f = byArn.get(m.FunctionArn) ?? byArn.get(unqualified(m.FunctionArn));
      return f && isRole(f.Role) ? mappingNeeds(m, f) : [];
    }),
  ];
}
