// The reader on documents the real aws-xray-sdk-core produced for real SDK v3 calls
// (scripts/generate-xray-fixtures.ts): every mapping rule, denials, throttles, faults.
import { describe, expect, it } from 'vitest';
import { canonicalAction } from '../../src/catalog/catalog.js';
import type { Evidence, RoleRef } from '../../src/core/types.js';
import { readLambdaFunctions } from '../../src/sources/xray/lambda-functions.js';
import { readXrayTraceFiles } from '../../src/sources/xray/read.js';

const ACCOUNT = '123456789012';
const roleRef = (name: string): RoleRef => ({
  arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  name,
  account: ACCOUNT,
  partition: 'aws',
});
const lambdaFunctions = await readLambdaFunctions('test/fixtures/xray/functions/list-functions.json');
const rows = (ev: Evidence[]) => ev.map((e) => [e.action, e.resource, e.count, e.denied]);
const read = (role: string, opts: { service?: string; withFunctions?: boolean } = {}) =>
  readXrayTraceFiles(['test/fixtures/xray'], {
    role: roleRef(role),
    service: opts.service,
    lambdaFunctions: opts.withFunctions === false ? undefined : lambdaFunctions,
  });
const ddb = (table: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}`;

describe('X-Ray fixtures captured from the real SDKs', () => {
  it('S3: HeadObject, versions, copies, multipart, listings, batch delete, denials, a 503', async () => {
    expect(rows(await read('fixture-media-role'))).toEqual([
      ['s3:AbortMultipartUpload', 'arn:aws:s3:::media-out/videos/broken.mp4', 1, 0],
      ['s3:DeleteObject', 'arn:aws:s3:::media-in/${ObjectName}', 1, 0], // DeleteObjects: keys not captured
      ['s3:DeleteObject', 'arn:aws:s3:::media-in/uploads/old.png', 1, 0],
      ['s3:GetObject', 'arn:aws:s3:::media-in/uploads/cat.png', 3, 0], // HeadObject, GetObject, CopyObject source
      ['s3:GetObject', 'arn:aws:s3:::media-private/secret.txt', 0, 2], // GetObject 403 AccessDenied, HeadObject bare 403
      ['s3:GetObjectVersion', 'arn:aws:s3:::media-in/uploads/cat.png', 2, 0], // HeadObject and GetObject with VersionId
      ['s3:GetObjectVersion', 'arn:aws:s3:::media-in/uploads/clip.mp4', 1, 0], // UploadPartCopy source ?versionId=
      ['s3:ListAllMyBuckets', '*', 1, 0],
      ['s3:ListBucket', 'arn:aws:s3:::media-in', 2, 0], // ListObjectsV2, ListObjects
      ['s3:ListBucket', 'arn:aws:s3:::media-out', 2, 0], // HeadBucket, ListObjectsV2
      ['s3:PutObject', 'arn:aws:s3:::media-archive/2026/cat.png', 1, 0],
      ['s3:PutObject', 'arn:aws:s3:::media-out/thumbs/cat.png', 1, 0],
      ['s3:PutObject', 'arn:aws:s3:::media-out/thumbs/dog.png', 1, 0], // 503 SlowDown still proves use
      ['s3:PutObject', 'arn:aws:s3:::media-out/videos/clip.mp4', 4, 0], // Create/UploadPart/UploadPartCopy/Complete
    ]);
  });

  it('DynamoDB: batches over every table, index ARN, transactions, PartiQL, no-permission calls', async () => {
    const ev = await read('fixture-orders-role');
    expect(rows(ev)).toEqual([
      ['dynamodb:BatchGetItem', ddb('customers'), 1, 0],
      ['dynamodb:BatchGetItem', ddb('orders'), 1, 0],
      ['dynamodb:BatchWriteItem', ddb('order-lines'), 1, 0],
      ['dynamodb:BatchWriteItem', ddb('orders'), 1, 0],
      ['dynamodb:ConditionCheckItem', ddb('${TableName}'), 1, 0], // TransactWriteItems superset
      ['dynamodb:DeleteItem', ddb('${TableName}'), 1, 0],
      ['dynamodb:DeleteItem', ddb('audit'), 0, 1], // AccessDeniedException
      ['dynamodb:DeleteItem', ddb('orders'), 1, 0],
      ['dynamodb:DescribeEndpoints', '*', 1, 0],
      ['dynamodb:GetItem', ddb('${TableName}'), 1, 0], // TransactGetItems
      ['dynamodb:GetItem', ddb('orders'), 2, 0], // one nested under ## loadOrder > ## cache miss
      ['dynamodb:PartiQLDelete', ddb('${TableName}'), 1, 0], // ExecuteStatement: statement not captured
      ['dynamodb:PartiQLInsert', ddb('${TableName}'), 1, 0],
      ['dynamodb:PartiQLSelect', ddb('${TableName}'), 1, 0],
      ['dynamodb:PartiQLUpdate', ddb('${TableName}'), 1, 0],
      ['dynamodb:PutItem', ddb('${TableName}'), 1, 0],
      ['dynamodb:PutItem', ddb('orders'), 2, 0], // one throttled
      ['dynamodb:Query', ddb('orders'), 1, 0], // 500 still proves use
      ['dynamodb:Query', ddb('orders/index/byCustomer'), 1, 0],
      ['dynamodb:Scan', ddb('orders'), 1, 0],
      ['dynamodb:UpdateItem', ddb('${TableName}'), 1, 0],
      ['dynamodb:UpdateItem', ddb('orders'), 1, 0],
    ]);
    expect(ev.find((e) => e.action === 'dynamodb:DescribeEndpoints')?.noPermissionNeeded).toBe(true);
    expect(ev.find((e) => e.action === 'dynamodb:ConditionCheckItem')?.note).toMatch(/superset/);
    expect(ev.find((e) => e.action === 'dynamodb:PartiQLSelect')?.note).toMatch(/all four/);
  });

  it('SQS and SNS batches map to the single action; Lambda Invoke to InvokeFunction', async () => {
    const q = `arn:aws:sqs:us-east-1:${ACCOUNT}:fixture-jobs`;
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:`;
    expect(rows(await read('fixture-fanout-role'))).toEqual([
      ['lambda:InvokeFunction', `${fn}fixture-billing`, 0, 1],
      ['lambda:InvokeFunction', `${fn}fixture-worker`, 2, 0], // InvokeAsync, and a 429
      ['lambda:InvokeFunction', `${fn}fixture-worker:live`, 1, 0],
      ['sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:fixture-admin-alerts`, 0, 1], // AuthorizationError
      ['sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:fixture-events`, 2, 0], // Publish, PublishBatch
      ['sqs:ChangeMessageVisibility', q, 1, 0],
      ['sqs:DeleteMessage', q, 2, 0],
      ['sqs:GetQueueUrl', q, 1, 0],
      ['sqs:ReceiveMessage', q, 1, 0],
      ['sqs:SendMessage', q, 2, 0],
    ]);
  });

  it('STS, Secrets Manager and KMS: no resource captured, placeholders kept, ReEncrypt split', async () => {
    const ev = await read('fixture-secrets-role');
    expect(rows(ev)).toEqual([
      ['kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/\${KeyId}`, 1, 1],
      ['kms:GenerateDataKey', `arn:aws:kms:us-east-1:${ACCOUNT}:key/\${KeyId}`, 1, 0],
      ['kms:ReEncryptFrom', `arn:aws:kms:us-east-1:${ACCOUNT}:key/\${KeyId}`, 1, 0],
      ['kms:ReEncryptTo', `arn:aws:kms:us-east-1:${ACCOUNT}:key/\${KeyId}`, 1, 0],
      [
        'secretsmanager:GetSecretValue',
        `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:\${SecretId}`,
        1,
        0,
      ],
      ['sts:GetCallerIdentity', '*', 1, 0],
    ]);
    expect(ev.find((e) => e.action === 'sts:GetCallerIdentity')?.noPermissionNeeded).toBe(true);
  });

  it('every action is a catalogue action; nothing is unmapped; samples and times are set', async () => {
    const all = await readXrayTraceFiles(['test/fixtures/xray'], { role: roleRef('anyone') });
    expect(all.filter((e) => e.unmapped)).toEqual([]);
    // Inferred DynamoDB segments repeat their callers' calls: still counted once.
    expect(all.find((e) => e.action === 'dynamodb:GetItem' && e.resource === ddb('orders'))?.count).toBe(2);
    for (const e of all) {
      expect(canonicalAction(e.action)).toBe(e.action);
      expect(e.samples[0]).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(e.firstSeen! >= '2026-11-10' && e.lastSeen! < '2026-11-13').toBe(true);
    }
  });

  it.each([
    ['fixture-worker-role', { withFunctions: true }, []],
    [
      'anyone',
      { service: 'orders-worker', withFunctions: false },
      ['dynamodb:PutItem', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'],
    ],
    [
      'anyone',
      { service: 'fixture-secrets', withFunctions: false },
      [
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'secretsmanager:GetSecretValue',
        'sts:GetCallerIdentity',
      ],
    ],
    ['fixture-secrets-role', { service: 'fixture-orders-api', withFunctions: true }, []],
  ])('selects traces for %s with %j', async (role, opts, actions) => {
    const ev = await read(role, opts);
    expect([...new Set(ev.map((e) => e.action))]).toEqual(actions);
  });
});

describe('the demo notes app', () => {
  const table = ddb('notes');
  const bucket = 'arn:aws:s3:::notes-app-attachments-prod';
  it.each([
    ['create', [['dynamodb:PutItem', table, 9]], 's3:PutObject'],
    ['get', [['dynamodb:GetItem', table, 8]], 's3:GetObject'],
    ['list', [['dynamodb:Query', `${table}/index/userId-index`, 8]], undefined],
    ['update', [['dynamodb:UpdateItem', table, 8]], 's3:PutObject'],
    ['delete', [['dynamodb:DeleteItem', table, 8]], 's3:DeleteObject'],
  ])('%s function: its table calls and its object calls', async (op, tableRows, objectAction) => {
    const role = roleRef(`notes-app-api-prod-${op}-us-east-1-lambdaRole`);
    const fns = await readLambdaFunctions('demo/lambda-functions.json');
    const ev = await readXrayTraceFiles(['demo/xray'], { role, lambdaFunctions: fns });
    expect(
      ev.filter((e) => e.action.startsWith('dynamodb:')).map((e) => [e.action, e.resource, e.count]),
    ).toEqual(tableRows);
    const objects = ev.filter((e) => e.action.startsWith('s3:'));
    expect([...new Set(objects.map((e) => e.action))]).toEqual(objectAction ? [objectAction] : []);
    expect(objects.every((e) => e.resource?.startsWith(`${bucket}/private/u-`))).toBe(true);
    expect(ev.every((e) => e.firstSeen! >= '2026-11-02' && e.lastSeen! <= '2026-11-20T23:59:59Z')).toBe(true);
  });
});
