import { describe, expect, it } from 'vitest';
import { canonicalAction } from '../../src/catalog/catalog.js';
import { OPERATION_EXCEPTIONS, VERSIONED_ACTIONS } from '../../src/catalog/operation-exceptions.js';
import {
  normaliseXrayService,
  operationToActions,
  type OperationHints,
} from '../../src/catalog/operations.js';

const names = (service: string, operation: string, hints?: OperationHints) =>
  operationToActions(service, operation, hints).actions.map((a) =>
    a.on === 'target' ? a.action : `${a.action}@${a.on}`,
  );

describe('normaliseXrayService', () => {
  it.each([
    // Node v3 client names minus "Client"
    ['DynamoDB', 'dynamodb'],
    ['S3', 's3'],
    ['SQS', 'sqs'],
    ['SNS', 'sns'],
    ['Lambda', 'lambda'],
    ['SecretsManager', 'secretsmanager'],
    ['KMS', 'kms'],
    ['STS', 'sts'],
    ['CloudWatch', 'cloudwatch'],
    ['CloudWatchLogs', 'logs'],
    ['EventBridge', 'events'],
    ['SFN', 'states'],
    ['CognitoIdentityProvider', 'cognito-idp'],
    ['ApiGatewayManagementApi', 'execute-api'],
    ['RDSData', 'rds-data'],
    // Node v2 / Python ids and endpoint prefixes
    ['dynamodb', 'dynamodb'],
    ['monitoring', 'cloudwatch'],
    ['email', 'ses'],
    ['events', 'events'],
    ['states', 'states'],
    ['rds-data', 'rds-data'],
    ['streams.dynamodb', 'dynamodb'],
    ['runtime.sagemaker', 'sagemaker'],
    // Java / OpenTelemetry spellings, CloudTrail event sources
    ['DynamoDb', 'dynamodb'],
    ['AmazonSQS', 'sqs'],
    ['Amazon S3', 's3'],
    ['AWSLambda', 'lambda'],
    ['DynamoDBv2', 'dynamodb'],
    ['s3.amazonaws.com', 's3'],
    ['monitoring.amazonaws.com', 'cloudwatch'],
    ['pinpoint', 'mobiletargeting'],
  ])('%s → %s', (name, prefix) => {
    expect(normaliseXrayService(name)).toBe(prefix);
  });

  it.each(['', 'my-service', 'Initialization', 'api.example.com'])('%j is no AWS service', (name) => {
    expect(normaliseXrayService(name)).toBeUndefined();
  });
});

describe('operationToActions: exceptions table', () => {
  it.each([
    // S3 (AWS-REFERENCE.md, "S3 operation → action")
    ['s3', 'ListObjects', {}, ['s3:ListBucket']],
    ['s3', 'ListObjectsV2', {}, ['s3:ListBucket']],
    ['s3', 'HeadBucket', {}, ['s3:ListBucket']],
    ['s3', 'HeadObject', {}, ['s3:GetObject']],
    ['s3', 'HeadObject', { versionId: true }, ['s3:GetObjectVersion']],
    ['s3', 'GetObject', { versionId: true }, ['s3:GetObjectVersion']],
    ['s3', 'DeleteObject', { versionId: true }, ['s3:DeleteObjectVersion']],
    ['s3', 'CopyObject', {}, ['s3:PutObject', 's3:GetObject@copySource']],
    ['s3', 'CopyObject', { copySourceVersionId: true }, ['s3:PutObject', 's3:GetObjectVersion@copySource']],
    ['s3', 'UploadPartCopy', {}, ['s3:PutObject', 's3:GetObject@copySource']],
    ['s3', 'DeleteObjects', {}, ['s3:DeleteObject']],
    ['s3', 'CreateMultipartUpload', {}, ['s3:PutObject']],
    ['s3', 'UploadPart', {}, ['s3:PutObject']],
    ['s3', 'CompleteMultipartUpload', {}, ['s3:PutObject']],
    ['s3', 'AbortMultipartUpload', {}, ['s3:AbortMultipartUpload']],
    ['s3', 'ListBuckets', {}, ['s3:ListAllMyBuckets']],
    ['s3', 'ListObjectVersions', {}, ['s3:ListBucketVersions']],
    ['s3', 'ListMultipartUploads', {}, ['s3:ListBucketMultipartUploads']],
    ['s3', 'ListParts', {}, ['s3:ListMultipartUploadParts']],
    ['s3', 'GetBucketLifecycleConfiguration', {}, ['s3:GetLifecycleConfiguration']],
    ['s3', 'PutBucketLifecycle', {}, ['s3:PutLifecycleConfiguration']],
    ['s3', 'GetBucketNotificationConfiguration', {}, ['s3:GetBucketNotification']],
    ['s3', 'PutBucketNotificationConfiguration', {}, ['s3:PutBucketNotification']],
    ['s3', 'GetBucketEncryption', {}, ['s3:GetEncryptionConfiguration']],
    ['s3', 'PutBucketEncryption', {}, ['s3:PutEncryptionConfiguration']],
    ['s3', 'DeleteBucketEncryption', {}, ['s3:PutEncryptionConfiguration']],
    ['s3', 'DeleteBucketTagging', {}, ['s3:PutBucketTagging']],
    ['s3', 'DeleteBucketCors', {}, ['s3:PutBucketCORS']],
    ['s3', 'GetBucketCors', {}, ['s3:GetBucketCORS']],
    ['s3', 'PutBucketReplication', {}, ['s3:PutReplicationConfiguration']],
    ['s3', 'DeleteBucketReplication', {}, ['s3:PutReplicationConfiguration']],
    ['s3', 'SetObjectTagging', {}, ['s3:PutObjectTagging']],
    ['s3', 'GetBucketAcl', {}, ['s3:GetBucketAcl']],
    // SQS, SNS, Lambda
    ['sqs', 'SendMessageBatch', {}, ['sqs:SendMessage']],
    ['sqs', 'DeleteMessageBatch', {}, ['sqs:DeleteMessage']],
    ['sqs', 'ChangeMessageVisibilityBatch', {}, ['sqs:ChangeMessageVisibility']],
    ['sqs', 'ReceiveMessage', {}, ['sqs:ReceiveMessage']],
    ['sns', 'PublishBatch', {}, ['sns:Publish']],
    ['lambda', 'Invoke', {}, ['lambda:InvokeFunction']],
    ['lambda', 'InvokeAsync', {}, ['lambda:InvokeFunction']],
    // DynamoDB
    ['dynamodb', 'BatchWriteItem', {}, ['dynamodb:BatchWriteItem']],
    ['dynamodb', 'BatchGetItem', {}, ['dynamodb:BatchGetItem']],
    [
      'dynamodb',
      'TransactWriteItems',
      {},
      ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    ],
    ['dynamodb', 'TransactGetItems', {}, ['dynamodb:GetItem']],
    ['dynamodb', 'ExecuteStatement', { statement: 'SELECT * FROM "notes"' }, ['dynamodb:PartiQLSelect']],
    [
      'dynamodb',
      'ExecuteStatement',
      { statement: ' insert into notes value {}' },
      ['dynamodb:PartiQLInsert'],
    ],
    [
      'dynamodb',
      'BatchExecuteStatement',
      { statement: ['UPDATE notes SET a=1', 'DELETE FROM notes WHERE k=1'] },
      ['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
    ],
    [
      'dynamodb',
      'ExecuteStatement',
      {},
      [
        'dynamodb:PartiQLSelect',
        'dynamodb:PartiQLInsert',
        'dynamodb:PartiQLUpdate',
        'dynamodb:PartiQLDelete',
      ],
    ],
    // KMS
    ['kms', 'ReEncrypt', {}, ['kms:ReEncryptFrom', 'kms:ReEncryptTo']],
    ['kms', 'Decrypt', {}, ['kms:Decrypt']],
  ] as [string, string, OperationHints, string[]][])(
    '%s %s %j → %j',
    (service, operation, hints, expected) => {
      const m = operationToActions(service, operation, hints);
      expect(m.unmapped).toBe(false);
      expect(names(service, operation, hints)).toEqual(expected);
    },
  );

  it('says TransactWriteItems is a superset and an unknown PartiQL verb lists all four', () => {
    expect(operationToActions('dynamodb', 'TransactWriteItems').note).toMatch(/superset/);
    expect(operationToActions('dynamodb', 'ExecuteStatement').note).toMatch(/PartiQL statement not recorded/);
    expect(
      operationToActions('dynamodb', 'ExecuteStatement', { statement: 'SELECT 1' }).note,
    ).toBeUndefined();
  });

  it.each([
    ['sts', 'GetCallerIdentity', 'sts:GetCallerIdentity'],
    ['sts', 'GetSessionToken', 'sts:GetSessionToken'],
    ['dynamodb', 'DescribeEndpoints', 'dynamodb:DescribeEndpoints'],
  ])('%s %s needs no permission', (service, operation, action) => {
    const m = operationToActions(service, operation);
    expect(m).toMatchObject({ noPermissionNeeded: true, unmapped: false });
    expect(m.actions.map((a) => a.action)).toEqual([action]);
  });
});

describe('operationToActions: default and unmapped', () => {
  it.each([
    ['dynamodb', 'getitem', 'dynamodb:GetItem'],
    ['secretsmanager', 'GetSecretValue', 'secretsmanager:GetSecretValue'],
    ['cloudwatch', 'PutMetricData', 'cloudwatch:PutMetricData'],
    ['lambda', 'CreateFunction', 'lambda:CreateFunction'],
    ['iam', 'passrole', 'iam:PassRole'],
  ])('%s %s → %s in catalogue casing', (service, operation, action) => {
    expect(names(service, operation)).toEqual([action]);
  });

  it.each([
    ['s3', 'Frobnicate'],
    ['dynamodb', 'TransactWriteItemz'],
    ['nosuchservice', 'DoThing'],
  ])('%s %s is unmapped, with its raw names kept', (service, operation) => {
    expect(operationToActions(service, operation)).toMatchObject({
      unmapped: true,
      actions: [],
      service,
      operation,
    });
  });
});

describe('the tables themselves', () => {
  const rows = Object.entries(OPERATION_EXCEPTIONS).flatMap(([service, ops]) =>
    Object.entries(ops).flatMap(([op, rule]) =>
      rule.actions.map((a) => [service, op, typeof a === 'string' ? a : a.action] as const),
    ),
  );
  it.each(rows)('%s %s maps to %s, a catalogue action', (_s, _o, action) => {
    expect(canonicalAction(action)).toBe(action);
  });
  it.each(Object.entries(VERSIONED_ACTIONS))('%s has a version counterpart %s in the catalogue', (a, v) => {
    expect(canonicalAction(a)).toBe(a);
    expect(canonicalAction(v)).toBe(v);
  });
});
