// Single calls from X-Ray subsegments (the SDKs' snake_case parameter whitelists,
// AWS-REFERENCE.md "Captured parameters") → IAM actions and ARNs, through the same
// resolver as CloudTrail. Each expectation cites the Service Authorization Reference
// (SAR) or the API reference.
import { describe, expect, it } from 'vitest';
import { A, OTHER, R, xr, xrNotes, type XrCase } from './resolver-helpers.js';

const ddb = `arn:aws:dynamodb:${R}:${A}:table`;

const cases: XrCase[] = [
  // SAR DynamoDB: item actions on table*; Query/Scan on the index when named.
  ['DynamoDB', { operation: 'GetItem', table_name: 'notes' }, [`dynamodb:GetItem ${ddb}/notes`]],
  ['DynamoDB', { operation: 'PutItem', table_name: 'notes' }, [`dynamodb:PutItem ${ddb}/notes`]],
  [
    'DynamoDB',
    { operation: 'Query', table_name: 'notes', index_name: 'byUser' },
    [`dynamodb:Query ${ddb}/notes/index/byUser`],
  ],
  ['DynamoDB', { operation: 'Scan', table_name: 'notes' }, [`dynamodb:Scan ${ddb}/notes`]],
  [
    'dynamodb',
    { operation: 'BatchWriteItem', table_names: ['a', 'b'] },
    [`dynamodb:BatchWriteItem ${ddb}/a`, `dynamodb:BatchWriteItem ${ddb}/b`],
  ],
  [
    'DynamoDB',
    { operation: 'GetItem', table_name: `arn:aws:dynamodb:${R}:${OTHER}:table/shared` },
    [`dynamodb:GetItem arn:aws:dynamodb:${R}:${OTHER}:table/shared`],
  ],
  // API_TransactWriteItems: X-Ray does not record the items → the honest superset (with a note).
  [
    'DynamoDB',
    { operation: 'TransactWriteItems', table_names: ['a'] },
    [
      `dynamodb:ConditionCheckItem ${ddb}/a`,
      `dynamodb:DeleteItem ${ddb}/a`,
      `dynamodb:PutItem ${ddb}/a`,
      `dynamodb:UpdateItem ${ddb}/a`,
    ],
  ],
  // SAR SQS: queue from the queue URL (its account and region win).
  [
    'SQS',
    { operation: 'SendMessage', queue_url: `https://sqs.eu-west-1.amazonaws.com/${OTHER}/jobs` },
    [`sqs:SendMessage arn:aws:sqs:eu-west-1:${OTHER}:jobs`],
  ],
  [
    'SQS',
    { operation: 'ReceiveMessage', queue_url: `https://sqs.${R}.amazonaws.com/${A}/jobs` },
    [`sqs:ReceiveMessage arn:aws:sqs:${R}:${A}:jobs`],
  ],
  [
    'SQS',
    { operation: 'SendMessageBatch', queue_url: `https://sqs.${R}.amazonaws.com/${A}/jobs` },
    [`sqs:SendMessage arn:aws:sqs:${R}:${A}:jobs`],
  ],
  [
    'AmazonSQS',
    { operation: 'CreateQueue', queue_name: 'jobs' },
    [`sqs:CreateQueue arn:aws:sqs:${R}:${A}:jobs`],
  ],
  // SAR SNS: Publish on topic*.
  [
    'SNS',
    { operation: 'Publish', topic_arn: `arn:aws:sns:${R}:${A}:alerts` },
    [`sns:Publish arn:aws:sns:${R}:${A}:alerts`],
  ],
  [
    'SNS',
    { operation: 'PublishBatch', topic_arn: `arn:aws:sns:${R}:${OTHER}:alerts` },
    [`sns:Publish arn:aws:sns:${R}:${OTHER}:alerts`],
  ],
  // SAR Lambda: InvokeFunction on function*, qualified when a qualifier is named.
  [
    'Lambda',
    { operation: 'Invoke', function_name: 'fn' },
    [`lambda:InvokeFunction arn:aws:lambda:${R}:${A}:function:fn`],
  ],
  [
    'Lambda',
    { operation: 'Invoke', function_name: 'fn', qualifier: 'live' },
    [`lambda:InvokeFunction arn:aws:lambda:${R}:${A}:function:fn:live`],
  ],
  [
    'Lambda',
    { operation: 'Invoke', function_name: `${OTHER}:function:fn` },
    [`lambda:InvokeFunction arn:aws:lambda:${R}:${OTHER}:function:fn`],
  ],
  [
    'lambda',
    { operation: 'InvokeAsync', function_name: 'fn' },
    [`lambda:InvokeFunction arn:aws:lambda:${R}:${A}:function:fn`],
  ],
  // SAR S3: object actions on the object; bucket actions on the bucket.
  ['S3', { operation: 'GetObject', bucket_name: 'b', key: 'k' }, ['s3:GetObject arn:aws:s3:::b/k']],
  [
    'S3',
    { operation: 'GetObject', bucket_name: 'b', key: 'k', version_id: 'v1' },
    ['s3:GetObjectVersion arn:aws:s3:::b/k'],
  ],
  [
    'S3',
    { operation: 'PutObject', bucket_name: 'b', key: 'a/b.txt' },
    ['s3:PutObject arn:aws:s3:::b/a/b.txt'],
  ],
  ['S3', { operation: 'ListObjectsV2', bucket_name: 'b', prefix: 'a/' }, ['s3:ListBucket arn:aws:s3:::b']],
  ['S3', { operation: 'HeadObject', bucket_name: 'b', key: 'k' }, ['s3:GetObject arn:aws:s3:::b/k']],
  // API_CopyObject: GetObject on the source, PutObject on the destination only.
  [
    'S3',
    { operation: 'CopyObject', bucket_name: 'dst', key: 'k2', copy_source: 'src/k1' },
    ['s3:GetObject arn:aws:s3:::src/k1', 's3:PutObject arn:aws:s3:::dst/k2'],
  ],
  // API_GetObjectAttributes: also s3:GetObject.
  [
    'S3',
    { operation: 'GetObjectAttributes', bucket_name: 'b', key: 'k' },
    ['s3:GetObject arn:aws:s3:::b/k', 's3:GetObjectAttributes arn:aws:s3:::b/k'],
  ],
  // SAR S3: ListAllMyBuckets supports only `*`.
  ['S3', { operation: 'ListBuckets' }, ['s3:ListAllMyBuckets *']],
  // SAR KMS / Secrets Manager: no parameter is captured → the placeholder stays for the user.
  ['KMS', { operation: 'Decrypt' }, [`kms:Decrypt arn:aws:kms:${R}:${A}:key/\${KeyId}`]],
  [
    'SecretsManager',
    { operation: 'GetSecretValue' },
    [`secretsmanager:GetSecretValue arn:aws:secretsmanager:${R}:${A}:secret:\${SecretId}`],
  ],
  // SAR CloudWatch: PutMetricData's optional type cannot be named → `*`.
  ['CloudWatch', { operation: 'PutMetricData' }, ['cloudwatch:PutMetricData *']],
  ['monitoring', { operation: 'PutMetricData' }, ['cloudwatch:PutMetricData *']],
  // SAR STS: GetCallerIdentity needs no permission.
  ['STS', { operation: 'GetCallerIdentity' }, ['sts:GetCallerIdentity *']],
  // SAR EventBridge: PutEvents without a bus named goes to the default bus.
  [
    'EventBridge',
    { operation: 'PutEvents' },
    [`events:PutEvents arn:aws:events:${R}:${A}:event-bus/default`],
  ],
  // API Gateway management API from an SDK subsegment: verb on the path; ids not captured stay placeholders.
  ['APIGateway', { operation: 'GetRestApis' }, [`apigateway:GET arn:aws:apigateway:${R}::/restapis`]],
  [
    'APIGateway',
    { operation: 'CreateDeployment' },
    [`apigateway:POST arn:aws:apigateway:${R}::/restapis/\${RestApiId}/deployments`],
  ],
  // SAR SES v2: SendEmail on the identity; not captured → placeholder.
  ['SESv2', { operation: 'SendEmail' }, [`ses:SendEmail arn:aws:ses:${R}:${A}:identity/\${IdentityName}`]],
  // SAR Step Functions: StartExecution on stateMachine (not captured → placeholder).
  [
    'SFN',
    { operation: 'StartExecution' },
    [`states:StartExecution arn:aws:states:${R}:${A}:stateMachine:\${StateMachineName}`],
  ],
];

describe('X-Ray subsegments → actions and ARNs', () => {
  it.each(cases)('%s %j', (name, aws, expected) => {
    expect(xr(name, aws)).toEqual([...expected].sort());
  });

  it('TransactWriteItems and unrecorded PartiQL say they are a superset', () => {
    expect(xrNotes('DynamoDB', { operation: 'TransactWriteItems', table_names: ['a'] })[0]).toMatch(
      /superset/,
    );
    expect(xrNotes('DynamoDB', { operation: 'ExecuteStatement' })[0]).toMatch(
      /PartiQL statement not recorded/,
    );
  });
});
