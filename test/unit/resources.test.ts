import { describe, expect, it } from 'vitest';
import type { ActionTarget } from '../../src/catalog/operations.js';
import {
  parseCopySource,
  parseFunctionName,
  parseQueueUrl,
  resourcesForAction,
  type ResourceIds,
} from '../../src/core/resources.js';

const ctx = { partition: 'aws', account: '123456789012', region: 'us-east-1' };
const acct = '123456789012';

describe('resourcesForAction', () => {
  it.each([
    // S3: bucket-level vs object-level
    ['s3:GetObject', { bucket: 'b', key: 'private/u1/a.png' }, 'target', ['arn:aws:s3:::b/private/u1/a.png']],
    ['s3:ListBucket', { bucket: 'b', key: 'ignored' }, 'target', ['arn:aws:s3:::b']],
    ['s3:DeleteObject', { bucket: 'b' }, 'target', ['arn:aws:s3:::b/${ObjectName}']],
    ['s3:PutObject', {}, 'target', ['arn:aws:s3:::${BucketName}/${ObjectName}']],
    [
      's3:GetObject',
      { bucket: 'dst', key: 'k', copySource: 'src/dir/a%20b.txt' },
      'copySource',
      ['arn:aws:s3:::src/dir/a b.txt'],
    ],
    // DynamoDB: table, index, every table of a batch
    ['dynamodb:GetItem', { table: 'notes' }, 'target', [`arn:aws:dynamodb:us-east-1:${acct}:table/notes`]],
    [
      'dynamodb:Query',
      { table: 'notes', index: 'userId-index' },
      'target',
      [`arn:aws:dynamodb:us-east-1:${acct}:table/notes/index/userId-index`],
    ],
    ['dynamodb:Scan', { table: 'notes' }, 'target', [`arn:aws:dynamodb:us-east-1:${acct}:table/notes`]],
    [
      'dynamodb:BatchWriteItem',
      { tables: ['a', 'b'] },
      'target',
      [`arn:aws:dynamodb:us-east-1:${acct}:table/a`, `arn:aws:dynamodb:us-east-1:${acct}:table/b`],
    ],
    ['dynamodb:PutItem', {}, 'target', [`arn:aws:dynamodb:us-east-1:${acct}:table/\${TableName}`]],
    // SQS from the queue URL (its region and account win), SNS ARN as is
    [
      'sqs:SendMessage',
      { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders' },
      'target',
      ['arn:aws:sqs:eu-west-1:111122223333:orders'],
    ],
    [
      'sqs:ReceiveMessage',
      { queueUrl: 'https://eu-west-2.queue.amazonaws.com/111122223333/jobs.fifo' },
      'target',
      ['arn:aws:sqs:eu-west-2:111122223333:jobs.fifo'],
    ],
    ['sqs:GetQueueUrl', { queueName: 'orders' }, 'target', [`arn:aws:sqs:us-east-1:${acct}:orders`]],
    [
      'sns:Publish',
      { topicArn: 'arn:aws:sns:us-west-2:210987654321:alerts' },
      'target',
      ['arn:aws:sns:us-west-2:210987654321:alerts'],
    ],
    // Lambda: name, partial ARN, full ARN with qualifier, qualifier parameter
    [
      'lambda:InvokeFunction',
      { functionName: 'resize' },
      'target',
      [`arn:aws:lambda:us-east-1:${acct}:function:resize`],
    ],
    [
      'lambda:InvokeFunction',
      { functionName: 'resize', qualifier: 'live' },
      'target',
      [`arn:aws:lambda:us-east-1:${acct}:function:resize:live`],
    ],
    [
      'lambda:InvokeFunction',
      { functionName: 'resize', qualifier: '$LATEST' },
      'target',
      [`arn:aws:lambda:us-east-1:${acct}:function:resize`],
    ],
    [
      'lambda:InvokeFunction',
      { functionName: '210987654321:function:resize' },
      'target',
      ['arn:aws:lambda:us-east-1:210987654321:function:resize'],
    ],
    [
      'lambda:InvokeFunction',
      { functionName: 'arn:aws:lambda:eu-west-1:210987654321:function:resize:7' },
      'target',
      ['arn:aws:lambda:eu-west-1:210987654321:function:resize:7'],
    ],
    // Secrets, keys, roles
    [
      'secretsmanager:GetSecretValue',
      { secretId: 'prod/db' },
      'target',
      [`arn:aws:secretsmanager:us-east-1:${acct}:secret:prod/db-??????`],
    ],
    [
      'secretsmanager:GetSecretValue',
      { secretId: `arn:aws:secretsmanager:us-east-1:${acct}:secret:prod/db-AbCdEf` },
      'target',
      [`arn:aws:secretsmanager:us-east-1:${acct}:secret:prod/db-AbCdEf`],
    ],
    [
      'secretsmanager:GetSecretValue',
      {},
      'target',
      [`arn:aws:secretsmanager:us-east-1:${acct}:secret:\${SecretId}`],
    ],
    [
      'kms:Decrypt',
      { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      'target',
      [`arn:aws:kms:us-east-1:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ],
    // Decrypt is checked on the key, never the alias: the alias leaves the key unknown.
    ['kms:Decrypt', { keyId: 'alias/app' }, 'target', [`arn:aws:kms:us-east-1:${acct}:key/\${KeyId}`]],
    [
      'iam:PassRole',
      { roleArn: `arn:aws:iam::${acct}:role/service/app` },
      'target',
      [`arn:aws:iam::${acct}:role/service/app`],
    ],
    // Wildcard-only actions
    ['s3:ListAllMyBuckets', { bucket: 'b' }, 'target', ['*']],
    ['sts:GetCallerIdentity', {}, 'target', ['*']],
    ['xray:PutTraceSegments', {}, 'target', ['*']],
    // Unknown action: nothing
    ['s3:HeadObject', { bucket: 'b' }, 'target', []],
  ] as [string, ResourceIds, ActionTarget, string[]][])('%s %j (%s) → %j', (action, ids, on, expected) => {
    expect(resourcesForAction(action, ids, ctx, on)).toEqual(expected);
  });

  it('keeps region and account as placeholders when nothing says them', () => {
    expect(resourcesForAction('dynamodb:GetItem', { table: 't' }, { partition: 'aws-cn' })).toEqual([
      'arn:aws-cn:dynamodb:${Region}:${Account}:table/t',
    ]);
  });

  it('prefers ARNs the source gave verbatim when they fit the action', () => {
    const arn = `arn:aws:dynamodb:us-east-1:${acct}:table/orders`;
    expect(resourcesForAction('dynamodb:GetItem', { arns: [arn, 'arn:aws:s3:::x'] }, ctx)).toEqual([arn]);
  });
});

describe('identifier parsers', () => {
  it.each([
    ['https://sqs.us-east-1.amazonaws.com/123456789012/q', { region: 'us-east-1', account: acct, name: 'q' }],
    ['https://queue.amazonaws.com/123456789012/q', { region: undefined, account: acct, name: 'q' }],
    [
      'http://127.0.0.1:4566/000000000000/local-q',
      { region: undefined, account: '000000000000', name: 'local-q' },
    ],
  ])('queue URL %s', (url, expected) => {
    expect(parseQueueUrl(url)).toEqual(expected);
  });
  it('rejects what is no queue URL', () => {
    expect(parseQueueUrl('orders')).toBeUndefined();
  });

  it.each([
    ['bucket/key', { bucket: 'bucket', key: 'key', versionId: undefined }],
    ['/bucket/a/b%2Bc.txt?versionId=v1', { bucket: 'bucket', key: 'a/b+c.txt', versionId: 'v1' }],
    ['bucket', { bucket: 'bucket', versionId: undefined }],
  ])('copy source %s', (source, expected) => {
    expect(parseCopySource(source)).toEqual(expected);
  });

  it.each([
    ['fn', undefined, { name: 'fn', qualifier: undefined }],
    ['fn:prod', undefined, { name: 'fn', qualifier: 'prod' }],
    ['fn', '3', { name: 'fn', qualifier: '3' }],
    ['123456789012:function:fn', undefined, { account: acct, name: 'fn', qualifier: undefined }],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
      undefined,
      { region: 'us-east-1', account: acct, name: 'fn', qualifier: 'live' },
    ],
  ])('function name %s (qualifier %s)', (name, qualifier, expected) => {
    expect(parseFunctionName(name, qualifier)).toEqual(expected);
  });
});
