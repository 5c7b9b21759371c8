// Single calls from CloudTrail records → IAM actions and ARNs. Each expectation cites
// the Service Authorization Reference (SAR: docs.aws.amazon.com/service-authorization/
// latest/reference/list_<service>.html, "Actions" and "Resource types" tables) or the
// API reference it follows.
import { describe, expect, it } from 'vitest';
import { A, OTHER, R, ct, type CtCase } from './resolver-helpers.js';

const ddb = `arn:aws:dynamodb:${R}:${A}:table`;
const ec2 = `arn:aws:ec2:${R}:${A}`;

const parameters: CtCase[] = [
  // --- Parameters → ARNs through the API-model table ---
  // SAR CloudTrail: GetTrailStatus on trail; API_GetTrailStatus: Name is the trail name or ARN.
  [
    'cloudtrail',
    'GetTrailStatus',
    { name: 'org' },
    [`cloudtrail:GetTrailStatus arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  [
    'cloudtrail',
    'StartLogging',
    { name: 'org' },
    [`cloudtrail:StartLogging arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  [
    'cloudtrail',
    'StopLogging',
    { name: 'org' },
    [`cloudtrail:StopLogging arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  [
    'cloudtrail',
    'DeleteTrail',
    { name: 'org' },
    [`cloudtrail:DeleteTrail arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  // API_UpdateTrail: Name; SAR: trail*.
  [
    'cloudtrail',
    'UpdateTrail',
    { name: 'org', s3BucketName: 'logs' },
    [`cloudtrail:UpdateTrail arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  // API_CreateTrail: Name, the trail the call creates; SAR: trail*.
  [
    'cloudtrail',
    'CreateTrail',
    { name: 'org', s3BucketName: 'logs' },
    [`cloudtrail:CreateTrail arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  // API_PutEventSelectors: TrailName; SAR: trail*.
  [
    'cloudtrail',
    'PutEventSelectors',
    { trailName: 'org' },
    [`cloudtrail:PutEventSelectors arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  [
    'cloudtrail',
    'GetEventSelectors',
    { trailName: 'org' },
    [`cloudtrail:GetEventSelectors arn:aws:cloudtrail:${R}:${A}:trail/org`],
  ],
  // SAR EC2: AuthorizeSecurityGroupIngress on security-group*; API: GroupId.
  [
    'ec2',
    'AuthorizeSecurityGroupIngress',
    { groupId: 'sg-1' },
    [`ec2:AuthorizeSecurityGroupIngress ${ec2}:security-group/sg-1`],
  ],
  [
    'ec2',
    'RevokeSecurityGroupIngress',
    { groupId: 'sg-1' },
    [`ec2:RevokeSecurityGroupIngress ${ec2}:security-group/sg-1`],
  ],
  [
    'ec2',
    'AuthorizeSecurityGroupEgress',
    { groupId: 'sg-1' },
    [`ec2:AuthorizeSecurityGroupEgress ${ec2}:security-group/sg-1`],
  ],
  ['ec2', 'DeleteSecurityGroup', { groupId: 'sg-1' }, [`ec2:DeleteSecurityGroup ${ec2}:security-group/sg-1`]],
  // SAR EC2: TerminateInstances on instance*; CloudTrail logs instancesSet.items[].instanceId.
  [
    'ec2',
    'TerminateInstances',
    { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } },
    [`ec2:TerminateInstances ${ec2}:instance/i-1`, `ec2:TerminateInstances ${ec2}:instance/i-2`],
  ],
  [
    'ec2',
    'StopInstances',
    { instancesSet: { items: [{ instanceId: 'i-1' }] }, force: false },
    [`ec2:StopInstances ${ec2}:instance/i-1`],
  ],
  [
    'ec2',
    'StartInstances',
    { instancesSet: { items: [{ instanceId: 'i-1' }] } },
    [`ec2:StartInstances ${ec2}:instance/i-1`],
  ],
  // SAR EC2: DeleteNatGateway on natgateway*; CloudTrail logs NatGatewayId in PascalCase.
  ['ec2', 'DeleteNatGateway', { NatGatewayId: 'nat-1' }, [`ec2:DeleteNatGateway ${ec2}:natgateway/nat-1`]],
  // SAR EC2: DeleteVolume on volume*; API_DeleteVolume: VolumeId.
  ['ec2', 'DeleteVolume', { volumeId: 'vol-1' }, [`ec2:DeleteVolume ${ec2}:volume/vol-1`]],
  // SAR EC2: Describe* support only `*`.
  [
    'ec2',
    'DescribeInstances',
    { instancesSet: { items: [{ instanceId: 'i-1' }] } },
    ['ec2:DescribeInstances *'],
  ],
  // SAR SSM: GetParameter on parameter*; the ARN has no leading slash of the name.
  [
    'ssm',
    'GetParameter',
    { name: '/app/db/password', withDecryption: true },
    [`ssm:GetParameter arn:aws:ssm:${R}:${A}:parameter/app/db/password`],
  ],
  ['ssm', 'GetParameter', { name: 'plain' }, [`ssm:GetParameter arn:aws:ssm:${R}:${A}:parameter/plain`]],
  // SAR SSM: GetParameters on parameter*, one per name.
  [
    'ssm',
    'GetParameters',
    { names: ['/a/x', '/a/y'] },
    [
      `ssm:GetParameters arn:aws:ssm:${R}:${A}:parameter/a/x`,
      `ssm:GetParameters arn:aws:ssm:${R}:${A}:parameter/a/y`,
    ],
  ],
  // Parameter Store access guide: GetParametersByPath is checked on the path's parameter ARN.
  [
    'ssm',
    'GetParametersByPath',
    { path: '/app/', recursive: true },
    [`ssm:GetParametersByPath arn:aws:ssm:${R}:${A}:parameter/app`],
  ],
  [
    'ssm',
    'PutParameter',
    { name: '/app/flag', type: 'String' },
    [`ssm:PutParameter arn:aws:ssm:${R}:${A}:parameter/app/flag`],
  ],
  [
    'ssm',
    'DeleteParameter',
    { name: '/app/flag' },
    [`ssm:DeleteParameter arn:aws:ssm:${R}:${A}:parameter/app/flag`],
  ],
  // SAR EventBridge: PutEvents on event-bus; API_PutEventsRequestEntry: no EventBusName → default bus.
  [
    'events',
    'PutEvents',
    { entries: [{ source: 'app', detailType: 'x' }] },
    [`events:PutEvents arn:aws:events:${R}:${A}:event-bus/default`],
  ],
  [
    'events',
    'PutEvents',
    { entries: [{ source: 'app', eventBusName: 'orders' }] },
    [`events:PutEvents arn:aws:events:${R}:${A}:event-bus/orders`],
  ],
  // API_PutEventsRequestEntry: EventBusName may be an ARN (another account's bus).
  [
    'events',
    'PutEvents',
    { entries: [{ eventBusName: `arn:aws:events:${R}:${OTHER}:event-bus/shared` }] },
    [`events:PutEvents arn:aws:events:${R}:${OTHER}:event-bus/shared`],
  ],
  // SAR EventBridge: DescribeEventBus on event-bus; API: Name.
  [
    'events',
    'DescribeEventBus',
    { name: 'orders' },
    [`events:DescribeEventBus arn:aws:events:${R}:${A}:event-bus/orders`],
  ],
  // SAR SES: SendEmail on identity*; SES v1 Source / v2 FromEmailAddress is the identity.
  [
    'email',
    'SendEmail',
    { source: 'no-reply@example.com' },
    [`ses:SendEmail arn:aws:ses:${R}:${A}:identity/no-reply@example.com`],
  ],
  [
    'ses',
    'SendEmail',
    { fromEmailAddress: 'no-reply@example.com' },
    [`ses:SendEmail arn:aws:ses:${R}:${A}:identity/no-reply@example.com`],
  ],
  [
    'ses',
    'SendRawEmail',
    { source: 'no-reply@example.com' },
    [`ses:SendRawEmail arn:aws:ses:${R}:${A}:identity/no-reply@example.com`],
  ],
  // SAR CloudFront: GetDistribution on distribution*; API: Id; the ARN has no region.
  [
    'cloudfront',
    'GetDistribution2020_05_31',
    { id: 'E2AB' },
    [`cloudfront:GetDistribution arn:aws:cloudfront::${A}:distribution/E2AB`],
  ],
  [
    'cloudfront',
    'CreateInvalidation2020_05_31',
    { distributionId: 'E2AB' },
    [`cloudfront:CreateInvalidation arn:aws:cloudfront::${A}:distribution/E2AB`],
  ],
  // SAR IAM: GetUser on user*; API: UserName.
  ['iam', 'GetUser', { userName: 'alice' }, [`iam:GetUser arn:aws:iam::${A}:user/alice`]],
  ['iam', 'CreateAccessKey', { userName: 'alice' }, [`iam:CreateAccessKey arn:aws:iam::${A}:user/alice`]],
  [
    'iam',
    'ListAttachedRolePolicies',
    { roleName: 'svc' },
    [`iam:ListAttachedRolePolicies arn:aws:iam::${A}:role/svc`],
  ],
  // IAM ARNs carry the path the call gives (API_CreatePolicy: Path).
  [
    'iam',
    'CreatePolicy',
    { policyName: 'p', path: '/app/' },
    [`iam:CreatePolicy arn:aws:iam::${A}:policy/app/p`],
  ],
  ['iam', 'GetGroup', { groupName: 'admins' }, [`iam:GetGroup arn:aws:iam::${A}:group/admins`]],
  // SAR IAM: AttachRolePolicy on role* (the policy ARN is a condition, not a resource).
  [
    'iam',
    'AttachRolePolicy',
    { roleName: 'svc', policyArn: `arn:aws:iam::aws:policy/ReadOnlyAccess` },
    [`iam:AttachRolePolicy arn:aws:iam::${A}:role/svc`],
  ],
  // SAR SSM: SendCommand on document* and the instances; AWS-owned documents have no account.
  [
    'ssm',
    'SendCommand',
    { documentName: 'AWS-RunShellScript', instanceIds: ['i-1'] },
    [
      `ssm:SendCommand arn:aws:ec2:${R}:${A}:instance/i-1`,
      `ssm:SendCommand arn:aws:ssm:${R}::document/AWS-RunShellScript`,
    ],
  ],
  [
    'ssm',
    'SendCommand',
    { documentName: 'my-doc', instanceIds: ['mi-1'] },
    [
      `ssm:SendCommand arn:aws:ssm:${R}:${A}:document/my-doc`,
      `ssm:SendCommand arn:aws:ssm:${R}:${A}:managed-instance/mi-1`,
    ],
  ],
  [
    'ssm',
    'StartSession',
    { target: 'i-1', documentName: 'AWS-StartPortForwardingSession' },
    [`ssm:StartSession arn:aws:ssm:${R}::document/AWS-StartPortForwardingSession`],
  ],
  // SAR Logs: CreateLogGroup on log-group*.
  [
    'logs',
    'CreateLogGroup',
    { logGroupName: '/app' },
    [`logs:CreateLogGroup arn:aws:logs:${R}:${A}:log-group:/app`],
  ],
  // SAR Logs: PutLogEvents on log-stream*.
  [
    'logs',
    'PutLogEvents',
    { logGroupName: '/aws/lambda/f', logStreamName: '2026/11/14/[$LATEST]ab' },
    // The `$` of `[$LATEST]` is part of the name: written with IAM's escape `${$}`, never a variable.
    [
      `logs:PutLogEvents arn:aws:logs:${R}:${A}:log-group:/aws/lambda/f:log-stream:2026/11/14/[\${$}LATEST]ab`,
    ],
  ],
  [
    'logs',
    'CreateLogStream',
    { logGroupName: '/app', logStreamName: 's1' },
    [`logs:CreateLogStream arn:aws:logs:${R}:${A}:log-group:/app:log-stream:s1`],
  ],
  [
    'logs',
    'DeleteLogGroup',
    { logGroupName: '/app' },
    [`logs:DeleteLogGroup arn:aws:logs:${R}:${A}:log-group:/app`],
  ],
  // SAR Step Functions: StartExecution on stateMachine*; API: stateMachineArn.
  [
    'states',
    'StartExecution',
    { stateMachineArn: `arn:aws:states:${R}:${A}:stateMachine:flow` },
    [`states:StartExecution arn:aws:states:${R}:${A}:stateMachine:flow`],
  ],
  // SAR Kinesis: PutRecord on stream*; API: StreamName.
  [
    'kinesis',
    'PutRecord',
    { streamName: 'clicks', partitionKey: 'k' },
    [`kinesis:PutRecord arn:aws:kinesis:${R}:${A}:stream/clicks`],
  ],
  // SAR Firehose: PutRecord on deliverystream*; API: DeliveryStreamName.
  [
    'firehose',
    'PutRecord',
    { deliveryStreamName: 'logs' },
    [`firehose:PutRecord arn:aws:firehose:${R}:${A}:deliverystream/logs`],
  ],
  // SAR ECR: BatchGetImage on repository*; API: repositoryName, registryId (the owner).
  [
    'ecr',
    'BatchGetImage',
    { repositoryName: 'app' },
    [`ecr:BatchGetImage arn:aws:ecr:${R}:${A}:repository/app`],
  ],
  // SAR ECR: GetAuthorizationToken supports only `*`.
  ['ecr', 'GetAuthorizationToken', {}, ['ecr:GetAuthorizationToken *']],
  // SAR Glue: GetTable on catalog*, database*, table*; API: DatabaseName, Name.
  [
    'glue',
    'GetDatabase',
    { name: 'sales' },
    [
      `glue:GetDatabase arn:aws:glue:${R}:${A}:catalog`,
      `glue:GetDatabase arn:aws:glue:${R}:${A}:database/sales`,
    ],
  ],
  // SAR Athena: StartQueryExecution on workgroup*; API: WorkGroup.
  [
    'athena',
    'StartQueryExecution',
    { workGroup: 'primary', queryString: 'SELECT 1' },
    [`athena:StartQueryExecution arn:aws:athena:${R}:${A}:workgroup/primary`],
  ],
  // SAR ECS: DescribeClusters on cluster*; API: clusters[].
  [
    'ecs',
    'DescribeClusters',
    { clusters: ['prod'] },
    [`ecs:DescribeClusters arn:aws:ecs:${R}:${A}:cluster/prod`],
  ],
  // SAR RDS: DescribeDBInstances on db*; API: DBInstanceIdentifier.
  [
    'rds',
    'StopDBInstance',
    { dBInstanceIdentifier: 'main' },
    [`rds:StopDBInstance arn:aws:rds:${R}:${A}:db:main`],
  ],
  // SAR SNS: CreateTopic on topic*; API: Name.
  ['sns', 'CreateTopic', { name: 'alerts' }, [`sns:CreateTopic arn:aws:sns:${R}:${A}:alerts`]],
  // SAR SQS: CreateQueue on queue*; API: QueueName.
  ['sqs', 'CreateQueue', { queueName: 'jobs' }, [`sqs:CreateQueue arn:aws:sqs:${R}:${A}:jobs`]],
  // SAR Lambda: GetFunction on function*; API: FunctionName, Qualifier.
  [
    'lambda',
    'GetFunction20150331v2',
    { functionName: 'fn' },
    [`lambda:GetFunction arn:aws:lambda:${R}:${A}:function:fn`],
  ],
  [
    'lambda',
    'UpdateFunctionCode20150331v2',
    { functionName: 'fn' },
    [`lambda:UpdateFunctionCode arn:aws:lambda:${R}:${A}:function:fn`],
  ],
  // SAR Secrets Manager: DescribeSecret on Secret*.
  [
    'secretsmanager',
    'DescribeSecret',
    { secretId: 'prod/db' },
    [`secretsmanager:DescribeSecret arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`],
  ],
  // SAR KMS: DescribeKey on key*.
  [
    'kms',
    'DescribeKey',
    { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    [`kms:DescribeKey arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
  ],
  // SAR CloudFormation: DeleteStack on stack; API: StackName may be the stack's ARN.
  [
    'cloudformation',
    'DeleteStack',
    { stackName: `arn:aws:cloudformation:${R}:${A}:stack/app/0f1e` },
    [`cloudformation:DeleteStack arn:aws:cloudformation:${R}:${A}:stack/app/0f1e`],
  ],
  // SAR Route 53: GetHostedZone on hostedzone*; API_GetHostedZone: Id; the ARN has no region or account.
  ['route53', 'GetHostedZone', { id: 'Z123' }, [`route53:GetHostedZone arn:aws:route53:::hostedzone/Z123`]],
  // SAR EventBridge: PutRule on rule-on-default-event-bus or rule-on-custom-event-bus (API: Name, EventBusName).
  ['events', 'PutRule', { name: 'r1' }, [`events:PutRule arn:aws:events:${R}:${A}:rule/r1`]],
  [
    'events',
    'PutRule',
    { name: 'r1', eventBusName: 'orders' },
    [`events:PutRule arn:aws:events:${R}:${A}:rule/orders/r1`],
  ],
  // SAR ECS: RunTask on task-definition*; API_RunTask: taskDefinition is family:revision.
  [
    'ecs',
    'RunTask',
    { cluster: 'prod', taskDefinition: 'app:3' },
    [`ecs:RunTask arn:aws:ecs:${R}:${A}:task-definition/app:3`],
  ],
  // SAR Bedrock: InvokeModel on foundation-model (a plain modelId; API_runtime_InvokeModel).
  [
    'bedrock',
    'InvokeModel',
    { modelId: 'anthropic.claude-v2' },
    [`bedrock:InvokeModel arn:aws:bedrock:${R}::foundation-model/anthropic.claude-v2`],
  ],
];

describe('CloudTrail: parameters → ARNs from the API models', () => {
  it.each(parameters)('%s %s %j', (source, event, params, expected, more) => {
    expect(ct(source, event, params, more)).toEqual([...expected].sort());
  });
});

const classes: Record<string, CtCase[]> = {
  'the resource type the call used (ARN pattern match)': [
    // SAR CloudTrail: ListTags on trail, eventdatastore, channel or dashboard: the ARN decides.
    [
      'cloudtrail',
      'ListTags',
      { resourceIdList: [`arn:aws:cloudtrail:${R}:${A}:trail/t1`] },
      [`cloudtrail:ListTags arn:aws:cloudtrail:${R}:${A}:trail/t1`],
    ],
    [
      'cloudtrail',
      'ListTags',
      { resourceIdList: [`arn:aws:cloudtrail:${R}:${A}:eventdatastore/e1`] },
      [`cloudtrail:ListTags arn:aws:cloudtrail:${R}:${A}:eventdatastore/e1`],
    ],
    [
      'cloudtrail',
      'AddTags',
      { resourceId: `arn:aws:cloudtrail:${R}:${A}:channel/c1` },
      [`cloudtrail:AddTags arn:aws:cloudtrail:${R}:${A}:channel/c1`],
    ],
    // SAR Lambda: TagResource on function (API: Resource is the function ARN).
    [
      'lambda',
      'TagResource20170331v2',
      { resource: `arn:aws:lambda:${R}:${A}:function:fn` },
      [`lambda:TagResource arn:aws:lambda:${R}:${A}:function:fn`],
    ],
    // SAR SNS: TagResource on topic (API: ResourceArn).
    [
      'sns',
      'TagResource',
      { resourceArn: `arn:aws:sns:${R}:${A}:alerts` },
      [`sns:TagResource arn:aws:sns:${R}:${A}:alerts`],
    ],
    // SAR S3: GetObject on object or accesspointobject: an access point ARN as the bucket.
    [
      's3',
      'GetObject',
      { bucketName: `arn:aws:s3:${R}:${A}:accesspoint/ap1`, key: 'k' },
      [`s3:GetObject arn:aws:s3:${R}:${A}:accesspoint/ap1/object/k`],
    ],
    ['s3', 'GetObject', { bucketName: 'b', key: 'a/b.txt' }, ['s3:GetObject arn:aws:s3:::b/a/b.txt']],
    // SAR S3: ListBucket on bucket or accesspoint.
    ['s3', 'ListObjects', { bucketName: 'b' }, ['s3:ListBucket arn:aws:s3:::b']],
    // SAR Bedrock: an inference-profile ARN as modelId is checked as an inference profile.
    [
      'bedrock',
      'InvokeModel',
      { modelId: `arn:aws:bedrock:${R}:${A}:inference-profile/us.x` },
      [`bedrock:InvokeModel arn:aws:bedrock:${R}:${A}:inference-profile/us.x`],
    ],
    // SAR KMS: ListResourceTags on key; never the alias type for a key ARN.
    [
      'kms',
      'ListResourceTags',
      { keyId: `arn:aws:kms:${R}:${A}:key/k1` },
      [`kms:ListResourceTags arn:aws:kms:${R}:${A}:key/k1`],
    ],
  ],
  'the most specific ARN': [
    // SAR DynamoDB: Query/Scan on table or index; on an index the index ARN is checked.
    [
      'dynamodb',
      'Query',
      { tableName: 'notes', indexName: 'byUser' },
      [`dynamodb:Query ${ddb}/notes/index/byUser`],
      { resources: [{ ARN: `${ddb}/notes` }] },
    ],
    [
      'dynamodb',
      'Scan',
      { tableName: 'notes', indexName: 'byUser' },
      [`dynamodb:Scan ${ddb}/notes/index/byUser`],
    ],
    ['dynamodb', 'Query', { tableName: 'notes' }, [`dynamodb:Query ${ddb}/notes`]],
    [
      'dynamodb',
      'ExecuteStatement',
      { statement: 'SELECT * FROM "notes"."byUser" WHERE u = ?' },
      [`dynamodb:PartiQLSelect ${ddb}/notes/index/byUser`],
    ],
    // S3 CopyObject (API_CopyObject): GetObject on the source, PutObject on the destination only.
    [
      's3',
      'CopyObject',
      { bucketName: 'dst', key: 'k2', 'x-amz-copy-source': 'src/k1' },
      ['s3:GetObject arn:aws:s3:::src/k1', 's3:PutObject arn:aws:s3:::dst/k2'],
    ],
    [
      's3',
      'CopyObject',
      { bucketName: 'dst', key: 'k2', 'x-amz-copy-source': 'src/k1?versionId=v7' },
      ['s3:GetObjectVersion arn:aws:s3:::src/k1', 's3:PutObject arn:aws:s3:::dst/k2'],
    ],
    [
      's3',
      'UploadPartCopy',
      { bucketName: 'dst', key: 'k2', 'x-amz-copy-source': '/src/a%20b' },
      ['s3:GetObject arn:aws:s3:::src/a b', 's3:PutObject arn:aws:s3:::dst/k2'],
    ],
    // SAR Lambda: a qualified call is checked on the qualified function ARN.
    [
      'lambda',
      'GetFunction20150331v2',
      { functionName: 'fn', qualifier: 'live' },
      [`lambda:GetFunction arn:aws:lambda:${R}:${A}:function:fn:live`],
    ],
    [
      'lambda',
      'Invoke',
      { functionName: 'fn:7' },
      [`lambda:InvokeFunction arn:aws:lambda:${R}:${A}:function:fn:7`],
    ],
    [
      'lambda',
      'Invoke',
      { functionName: 'fn', qualifier: '$LATEST' },
      [`lambda:InvokeFunction arn:aws:lambda:${R}:${A}:function:fn`],
    ],
  ],
  'per-item operations': [
    // API_TransactWriteItem: each item is Put, Update, Delete or ConditionCheck on its table (SAR: PutItem, UpdateItem, DeleteItem, ConditionCheckItem).
    [
      'dynamodb',
      'TransactWriteItems',
      { transactItems: [{ put: { tableName: 'a' } }, { update: { tableName: 'b' } }] },
      [`dynamodb:PutItem ${ddb}/a`, `dynamodb:UpdateItem ${ddb}/b`],
    ],
    [
      'dynamodb',
      'TransactWriteItems',
      { transactItems: [{ delete: { tableName: 'a' } }, { conditionCheck: { tableName: 'a' } }] },
      [`dynamodb:ConditionCheckItem ${ddb}/a`, `dynamodb:DeleteItem ${ddb}/a`],
    ],
    // API_TransactGetItem: Get on each table → GetItem.
    [
      'dynamodb',
      'TransactGetItems',
      { transactItems: [{ get: { tableName: 'a' } }, { get: { tableName: 'b' } }] },
      [`dynamodb:GetItem ${ddb}/a`, `dynamodb:GetItem ${ddb}/b`],
    ],
    // SAR DynamoDB: BatchExecuteStatement needs the PartiQL action of each statement's verb.
    [
      'dynamodb',
      'BatchExecuteStatement',
      {
        statements: [{ statement: 'SELECT * FROM "t" WHERE k=?' }, { statement: 'INSERT INTO "u" VALUE {}' }],
      },
      [`dynamodb:PartiQLInsert ${ddb}/u`, `dynamodb:PartiQLSelect ${ddb}/t`],
    ],
    [
      'dynamodb',
      'ExecuteTransaction',
      {
        transactStatements: [
          { statement: 'UPDATE "t" SET a=1 WHERE k=?' },
          { statement: 'DELETE FROM "u" WHERE k=?' },
        ],
      },
      [`dynamodb:PartiQLDelete ${ddb}/u`, `dynamodb:PartiQLUpdate ${ddb}/t`],
    ],
    // SAR DynamoDB: BatchWriteItem on every table of RequestItems.
    [
      'dynamodb',
      'BatchWriteItem',
      { requestItems: { a: [], b: [] } },
      [`dynamodb:BatchWriteItem ${ddb}/a`, `dynamodb:BatchWriteItem ${ddb}/b`],
    ],
    ['dynamodb', 'BatchGetItem', { requestItems: { a: {} } }, [`dynamodb:BatchGetItem ${ddb}/a`]],
  ],
  'account and region from what the request names': [
    // API_GetQueueUrl: QueueOwnerAWSAccountId names the queue's account.
    [
      'sqs',
      'GetQueueUrl',
      { queueName: 'q', queueOwnerAWSAccountId: OTHER },
      [`sqs:GetQueueUrl arn:aws:sqs:${R}:${OTHER}:q`],
    ],
    // SQS queue URLs carry region and account.
    [
      'sqs',
      'SendMessage',
      { queueUrl: `https://sqs.eu-west-1.amazonaws.com/${OTHER}/jobs` },
      [`sqs:SendMessage arn:aws:sqs:eu-west-1:${OTHER}:jobs`],
    ],
    // API_BatchGetImage: registryId is the registry's (owner) account.
    [
      'ecr',
      'BatchGetImage',
      { repositoryName: 'app', registryId: OTHER },
      [`ecr:BatchGetImage arn:aws:ecr:${R}:${OTHER}:repository/app`],
    ],
    [
      'ecr',
      'GetDownloadUrlForLayer',
      { repositoryName: 'app', registryId: OTHER },
      [`ecr:GetDownloadUrlForLayer arn:aws:ecr:${R}:${OTHER}:repository/app`],
    ],
    // Lambda FunctionName forms: account:function:name and full ARNs (API_Invoke).
    [
      'lambda',
      'Invoke',
      { functionName: `${OTHER}:function:fn` },
      [`lambda:InvokeFunction arn:aws:lambda:${R}:${OTHER}:function:fn`],
    ],
    [
      'lambda',
      'Invoke',
      { functionName: `arn:aws:lambda:eu-west-1:${OTHER}:function:fn` },
      [`lambda:InvokeFunction arn:aws:lambda:eu-west-1:${OTHER}:function:fn`],
    ],
    // Another account's resource ARNs in parameters (SNS TopicArn, KMS key ARN, DynamoDB table ARN).
    [
      'sns',
      'Publish',
      { topicArn: `arn:aws:sns:us-west-2:${OTHER}:alerts` },
      [`sns:Publish arn:aws:sns:us-west-2:${OTHER}:alerts`],
    ],
    [
      'kms',
      'Decrypt',
      { keyId: `arn:aws:kms:${R}:${OTHER}:key/k1` },
      [`kms:Decrypt arn:aws:kms:${R}:${OTHER}:key/k1`],
    ],
    [
      'dynamodb',
      'GetItem',
      { tableName: `arn:aws:dynamodb:${R}:${OTHER}:table/shared` },
      [`dynamodb:GetItem arn:aws:dynamodb:${R}:${OTHER}:table/shared`],
    ],
    [
      'sts',
      'AssumeRole',
      { roleArn: `arn:aws:iam::${OTHER}:role/deploy`, roleSessionName: 's' },
      [`sts:AssumeRole arn:aws:iam::${OTHER}:role/deploy`],
    ],
    // recipientAccountId only when the request names no owner.
    ['sqs', 'GetQueueUrl', { queueName: 'q' }, [`sqs:GetQueueUrl arn:aws:sqs:${R}:${A}:q`]],
  ],
  'ARNs that match real resources': [
    // Secrets Manager: a name or partial ARN matches `secret:NAME-??????` (SAR: Secret ARN ends in 6 random characters).
    [
      'secretsmanager',
      'GetSecretValue',
      { secretId: 'prod/db' },
      [`secretsmanager:GetSecretValue arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`],
    ],
    [
      'secretsmanager',
      'GetSecretValue',
      { secretId: `arn:aws:secretsmanager:${R}:${A}:secret:prod/db` },
      [`secretsmanager:GetSecretValue arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`],
    ],
    [
      'secretsmanager',
      'GetSecretValue',
      { secretId: `arn:aws:secretsmanager:${R}:${A}:secret:prod/db-AbCdEf` },
      [`secretsmanager:GetSecretValue arn:aws:secretsmanager:${R}:${A}:secret:prod/db-AbCdEf`],
    ],
    [
      'secretsmanager',
      'PutSecretValue',
      { secretId: 'prod/db' },
      [`secretsmanager:PutSecretValue arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`],
    ],
    // KMS: an alias as KeyId is checked on the key it points to (SAR KMS: key*; never key/alias/...).
    ['kms', 'Decrypt', { keyId: 'alias/app' }, [`kms:Decrypt arn:aws:kms:${R}:${A}:key/\${KeyId}`]],
    [
      'kms',
      'Encrypt',
      { keyId: `arn:aws:kms:${R}:${A}:alias/app` },
      [`kms:Encrypt arn:aws:kms:${R}:${A}:key/\${KeyId}`],
    ],
    [
      'kms',
      'GenerateDataKey',
      { keyId: 'alias/app' },
      [`kms:GenerateDataKey arn:aws:kms:${R}:${A}:key/k1`],
      { resources: [{ ARN: `arn:aws:kms:${R}:${A}:key/k1` }] },
    ],
    // API_CreateAlias: both the alias and the target key are authorised.
    [
      'kms',
      'CreateAlias',
      { aliasName: 'alias/app', targetKeyId: 'k1' },
      [`kms:CreateAlias arn:aws:kms:${R}:${A}:alias/app`, `kms:CreateAlias arn:aws:kms:${R}:${A}:key/k1`],
    ],
    // Log streams sit under their group (SAR Logs: log-stream ARN).
    [
      'logs',
      'GetLogEvents',
      { logGroupName: '/app', logStreamName: 's1' },
      [`logs:GetLogEvents arn:aws:logs:${R}:${A}:log-group:/app:log-stream:s1`],
    ],
  ],
  'optional resource types → * when the call names none': [
    // SAR CloudWatch: PutMetricData's only type (dataset) is optional and not nameable.
    ['monitoring', 'PutMetricData', { namespace: 'App' }, ['cloudwatch:PutMetricData *']],
    // API_Publish: PhoneNumber instead of a topic: no topic to name.
    ['sns', 'Publish', { phoneNumber: '+15555550100', message: 'x' }, ['sns:Publish *']],
    // SAR STS: GetCallerIdentity needs no permission (AWS-REFERENCE.md).
    ['sts', 'GetCallerIdentity', {}, ['sts:GetCallerIdentity *']],
    // SAR S3: ListAllMyBuckets supports only `*`.
    ['s3', 'ListBuckets', {}, ['s3:ListAllMyBuckets *']],
    // SAR X-Ray: PutTraceSegments supports only `*`.
    ['xray', 'PutTraceSegments', { traceSegmentDocuments: [] }, ['xray:PutTraceSegments *']],
  ],
  'several required resource types': [
    // SAR EC2: RunInstances needs image, instance, network-interface, security-group, subnet; ids the call makes → type/*.
    [
      'ec2',
      'RunInstances',
      {
        instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 1, keyName: 'kp' }] },
        groupSet: { items: [{ groupId: 'sg-1' }] },
        subnetId: 'subnet-1',
        instanceType: 't3.micro',
      },
      [
        `ec2:RunInstances arn:aws:ec2:${R}::image/ami-1`,
        `ec2:RunInstances ${ec2}:instance/*`,
        `ec2:RunInstances ${ec2}:key-pair/kp`,
        `ec2:RunInstances ${ec2}:network-interface/*`,
        `ec2:RunInstances ${ec2}:security-group/sg-1`,
        `ec2:RunInstances ${ec2}:subnet/subnet-1`,
      ],
    ],
    // SAR EC2: AttachVolume on instance* and volume*.
    [
      'ec2',
      'AttachVolume',
      { volumeId: 'vol-1', instanceId: 'i-1', device: '/dev/sdf' },
      [`ec2:AttachVolume ${ec2}:instance/i-1`, `ec2:AttachVolume ${ec2}:volume/vol-1`],
    ],
    [
      'ec2',
      'DetachVolume',
      { volumeId: 'vol-1', instanceId: 'i-1' },
      [`ec2:DetachVolume ${ec2}:instance/i-1`, `ec2:DetachVolume ${ec2}:volume/vol-1`],
    ],
    // SAR EC2: CreateNetworkInterface on network-interface* (created) and subnet*, security-group when named.
    [
      'ec2',
      'CreateNetworkInterface',
      { subnetId: 'subnet-1', groupSet: { items: [{ groupId: 'sg-1' }] } },
      [
        `ec2:CreateNetworkInterface ${ec2}:network-interface/*`,
        `ec2:CreateNetworkInterface ${ec2}:security-group/sg-1`,
        `ec2:CreateNetworkInterface ${ec2}:subnet/subnet-1`,
      ],
    ],
    // SAR EC2: CreateVolume on volume* (the id the call makes).
    [
      'ec2',
      'CreateVolume',
      { availabilityZone: 'us-east-1a', size: 8 },
      [`ec2:CreateVolume ${ec2}:volume/*`],
    ],
    // SAR CloudFormation: CreateStack on stack (stack/NAME/* for the id the call makes).
    [
      'cloudformation',
      'CreateStack',
      { stackName: 'app' },
      [`cloudformation:CreateStack arn:aws:cloudformation:${R}:${A}:stack/app/*`],
    ],
    // SAR Glue: GetDatabase on the root catalog and the database.
    [
      'glue',
      'GetTable',
      { databaseName: 'sales', name: 'orders' },
      [
        `glue:GetTable arn:aws:glue:${R}:${A}:catalog`,
        `glue:GetTable arn:aws:glue:${R}:${A}:database/sales`,
        `glue:GetTable arn:aws:glue:${R}:${A}:table/sales/orders`,
      ],
    ],
  ],
  'API Gateway management calls': [
    // API Gateway developer guide (control access for managing an API): HTTP verb on arn:aws:apigateway:REGION::/path.
    [
      'apigateway',
      'CreateDeployment',
      { restApiId: 'abc', stageName: 'prod' },
      [`apigateway:POST arn:aws:apigateway:${R}::/restapis/abc/deployments`],
    ],
    ['apigateway', 'CreateRestApi', { name: 'x' }, [`apigateway:POST arn:aws:apigateway:${R}::/restapis`]],
    [
      'apigateway',
      'DeleteRestApi',
      { restApiId: 'abc' },
      [`apigateway:DELETE arn:aws:apigateway:${R}::/restapis/abc`],
    ],
    ['apigateway', 'GetRestApis', {}, [`apigateway:GET arn:aws:apigateway:${R}::/restapis`]],
    [
      'apigateway',
      'GetStage',
      { restApiId: 'abc', stageName: 'prod' },
      [`apigateway:GET arn:aws:apigateway:${R}::/restapis/abc/stages/prod`],
    ],
    [
      'apigateway',
      'UpdateStage',
      { restApiId: 'abc', stageName: 'prod' },
      [`apigateway:PATCH arn:aws:apigateway:${R}::/restapis/abc/stages/prod`],
    ],
    [
      'apigateway',
      'PutMethod',
      { restApiId: 'abc', resourceId: 'r1', httpMethod: 'GET' },
      [`apigateway:PUT arn:aws:apigateway:${R}::/restapis/abc/resources/r1/methods/GET`],
    ],
    ['apigateway', 'CreateApiKey', { name: 'k' }, [`apigateway:POST arn:aws:apigateway:${R}::/apikeys`]],
    // API Gateway v2 (HTTP/WebSocket APIs): /v2/apis paths.
    [
      'apigateway',
      'CreateApi',
      { name: 'x', protocolType: 'HTTP' },
      [`apigateway:POST arn:aws:apigateway:${R}::/v2/apis`],
    ],
    [
      'apigateway',
      'CreateRoute',
      { apiId: 'h1', routeKey: 'GET /' },
      [`apigateway:POST arn:aws:apigateway:${R}::/v2/apis/h1/routes`],
    ],
  ],
  'companion permissions': [
    // API_GetObjectAttributes: needs s3:GetObjectAttributes and s3:GetObject.
    [
      's3',
      'GetObjectAttributes',
      { bucketName: 'b', key: 'k' },
      ['s3:GetObject arn:aws:s3:::b/k', 's3:GetObjectAttributes arn:aws:s3:::b/k'],
    ],
    // ... with a version id: s3:GetObjectVersionAttributes and s3:GetObjectVersion.
    [
      's3',
      'GetObjectAttributes',
      { bucketName: 'b', key: 'k', versionId: 'v1' },
      ['s3:GetObjectVersion arn:aws:s3:::b/k', 's3:GetObjectVersionAttributes arn:aws:s3:::b/k'],
    ],
    // IAM User Guide, session tags / source identity: sts:TagSession, sts:SetSourceIdentity.
    [
      'sts',
      'AssumeRole',
      { roleArn: `arn:aws:iam::${A}:role/x`, roleSessionName: 's', tags: [{ key: 'a', value: 'b' }] },
      [`sts:AssumeRole arn:aws:iam::${A}:role/x`, `sts:TagSession arn:aws:iam::${A}:role/x`],
    ],
    [
      'sts',
      'AssumeRole',
      { roleArn: `arn:aws:iam::${A}:role/x`, roleSessionName: 's', sourceIdentity: 'me' },
      [`sts:AssumeRole arn:aws:iam::${A}:role/x`, `sts:SetSourceIdentity arn:aws:iam::${A}:role/x`],
    ],
    // API_PutObject: an ACL or tags on upload need s3:PutObjectAcl / s3:PutObjectTagging.
    [
      's3',
      'PutObject',
      { bucketName: 'b', key: 'k', 'x-amz-acl': 'bucket-owner-full-control' },
      ['s3:PutObject arn:aws:s3:::b/k', 's3:PutObjectAcl arn:aws:s3:::b/k'],
    ],
    [
      's3',
      'PutObject',
      { bucketName: 'b', key: 'k', 'x-amz-tagging': 'a=b' },
      ['s3:PutObject arn:aws:s3:::b/k', 's3:PutObjectTagging arn:aws:s3:::b/k'],
    ],
    // API_CreateSecret: tags need secretsmanager:TagResource.
    [
      'secretsmanager',
      'CreateSecret',
      { name: 'prod/db', tags: [{ key: 'a', value: 'b' }] },
      [
        `secretsmanager:CreateSecret arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`,
        `secretsmanager:TagResource arn:aws:secretsmanager:${R}:${A}:secret:prod/db-??????`,
      ],
    ],
    // A denied call proves nothing about its companions.
    [
      's3',
      'GetObjectAttributes',
      { bucketName: 'b', key: 'k' },
      ['s3:GetObjectAttributes arn:aws:s3:::b/k'],
      { errorCode: 'AccessDenied', errorMessage: 'Access Denied' },
    ],
  ],
};

describe.each(Object.entries(classes))('CloudTrail: %s', (_name, cases) => {
  it.each(cases)('%s %s %j', (source, event, params, expected, more) => {
    expect(ct(source, event, params, more)).toEqual([...expected].sort());
  });
});
