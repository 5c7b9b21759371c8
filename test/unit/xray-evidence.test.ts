import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import type { RoleRef } from '../../src/core/types.js';
import { callOutcome } from '../../src/sources/xray/calls.js';
import { evidenceFromSegmentDocuments } from '../../src/sources/xray/evidence.js';
import { walkSegment, type SegmentDoc } from '../../src/sources/xray/segments.js';

const role: RoleRef = {
  arn: 'arn:aws:iam::123456789012:role/app',
  name: 'app',
  account: '123456789012',
  partition: 'aws',
};
const TRACE = '1-6920a000-0123456789abcdef01234567';
let nextId = 0;
const id = () => (nextId++).toString(16).padStart(16, '0');

function call(name: string, aws: Record<string, unknown>, extra: Record<string, unknown> = {}): SegmentDoc {
  return {
    id: id(),
    name,
    namespace: 'aws',
    start_time: 1_794_614_400.25, // 2026-11-14T00:00:00.250Z
    end_time: 1_794_614_400.5,
    http: { response: { status: 200 } },
    aws: { region: 'us-east-1', request_id: 'r', retries: 0, ...aws },
    ...extra,
  };
}

function segment(subsegments: SegmentDoc[], extra: Record<string, unknown> = {}): SegmentDoc {
  return {
    id: id(),
    name: 'svc',
    trace_id: TRACE,
    start_time: 1_794_614_400,
    end_time: 1_794_614_401,
    subsegments,
    ...extra,
  };
}

const run = (docs: unknown[], opts = {}) =>
  aggregateEvidence(evidenceFromSegmentDocuments(docs, { role, ...opts }));

describe('walkSegment', () => {
  it('visits every subsegment to any depth, in document order', () => {
    let leaf: SegmentDoc = call('DynamoDB', { operation: 'GetItem', table_name: 'deep' });
    for (let i = 0; i < 5000; i++) leaf = { id: id(), name: `level${i}`, subsegments: [leaf] };
    const nodes = [...walkSegment(segment([leaf]))];
    expect(nodes).toHaveLength(5002);
    expect(nodes.at(-1)).toMatchObject({ depth: 5001, node: { name: 'DynamoDB' } });
    expect(run([segment([leaf])]).map((e) => e.resource)).toEqual([
      'arn:aws:dynamodb:us-east-1:123456789012:table/deep',
    ]);
  });

  it('keeps sibling order', () => {
    const doc = segment([
      { id: 'a', name: 'a', subsegments: [{ id: 'a1', name: 'a1' }] },
      { id: 'b', name: 'b' },
    ]);
    expect([...walkSegment(doc)].map((n) => [n.node.name, n.depth])).toEqual([
      ['svc', 0],
      ['a', 1],
      ['a1', 2],
      ['b', 1],
    ]);
  });
});

describe('call outcome', () => {
  const failed = (status: number, type?: string) => ({
    http: { response: { status } },
    ...(type ? { cause: { exceptions: [{ message: 'm', type, remote: true }] } } : {}),
  });
  it.each([
    [failed(200), 'ok'],
    [failed(400, 'AccessDeniedException'), 'denied'],
    [failed(403, 'AccessDenied'), 'denied'],
    [failed(403), 'denied'],
    [failed(403, 'Forbidden'), 'denied'],
    [failed(403, 'AuthorizationError'), 'denied'],
    [failed(400, 'Client.UnauthorizedOperation'), 'denied'],
    [failed(403, 'SignatureDoesNotMatch'), 'unauthenticated'],
    [failed(400, 'UnrecognizedClientException'), 'unauthenticated'],
    [failed(403, 'ExpiredTokenException'), 'unauthenticated'],
    [failed(429, 'ThrottlingException'), 'ok'],
    [failed(400, 'ProvisionedThroughputExceededException'), 'ok'],
    [failed(500, 'InternalServerError'), 'ok'],
    [failed(404, 'ResourceNotFoundException'), 'ok'],
    [failed(400, 'ConditionalCheckFailedException'), 'ok'],
  ])('%j → %s', (node, outcome) => {
    expect(callOutcome(node)).toBe(outcome);
  });
});

describe('evidenceFromSegmentDocuments', () => {
  it('turns denied calls into denied evidence and throttled/5xx calls into use', () => {
    const docs = [
      segment([
        call('DynamoDB', { operation: 'PutItem', table_name: 'notes' }),
        call(
          'DynamoDB',
          { operation: 'PutItem', table_name: 'notes' },
          {
            throttle: true,
            error: true,
            http: { response: { status: 400 } },
            cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException' }] },
          },
        ),
        call(
          'DynamoDB',
          { operation: 'DeleteItem', table_name: 'notes' },
          {
            error: true,
            http: { response: { status: 400 } },
            cause: { exceptions: [{ type: 'AccessDeniedException' }] },
          },
        ),
        call(
          'S3',
          { operation: 'GetObject', bucket_name: 'b', key: 'k' },
          { fault: true, http: { response: { status: 500 } } },
        ),
        call(
          'S3',
          { operation: 'PutObject', bucket_name: 'b', key: 'k' },
          {
            error: true,
            http: { response: { status: 403 } },
            cause: { exceptions: [{ type: 'SignatureDoesNotMatch' }] },
          },
        ),
      ]),
    ];
    expect(run(docs).map((e) => [e.action, e.count, e.denied])).toEqual([
      ['dynamodb:DeleteItem', 0, 1],
      ['dynamodb:PutItem', 2, 0],
      ['s3:GetObject', 1, 0],
    ]);
  });

  it('maps each call through the operation table, with resources and notes', () => {
    const docs = [
      segment([
        call('S3', { operation: 'HeadObject', bucket_name: 'b', key: 'k', version_id: 'v1' }),
        call('S3', {
          operation: 'CopyObject',
          bucket_name: 'dst',
          key: 'new.txt',
          copy_source: 'src/old.txt',
        }),
        call('S3', { operation: 'ListObjectsV2', bucket_name: 'b', prefix: 'p/' }),
        call('dynamodb', { operation: 'BatchWriteItem', table_names: ['a', 'b'] }),
        call('DynamoDB', { operation: 'Query', table_name: 'notes', index_name: 'byUser' }),
        call('DynamoDB', { operation: 'TransactWriteItems' }),
        call('SQS', {
          operation: 'SendMessageBatch',
          queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
        }),
        call('Lambda', { operation: 'Invoke', function_name: 'worker', qualifier: 'live' }),
        call('STS', { operation: 'GetCallerIdentity' }),
        call('SecretsManager', { operation: 'GetSecretValue' }),
      ]),
    ];
    const ev = run(docs);
    const rows = ev.map((e) => [e.action, e.resource]);
    expect(rows).toEqual([
      ['dynamodb:BatchWriteItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/a'],
      ['dynamodb:BatchWriteItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/b'],
      ['dynamodb:ConditionCheckItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}'],
      ['dynamodb:DeleteItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}'],
      ['dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}'],
      ['dynamodb:Query', 'arn:aws:dynamodb:us-east-1:123456789012:table/notes/index/byUser'],
      ['dynamodb:UpdateItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:worker:live'],
      ['s3:GetObject', 'arn:aws:s3:::src/old.txt'],
      ['s3:GetObjectVersion', 'arn:aws:s3:::b/k'],
      ['s3:ListBucket', 'arn:aws:s3:::b'],
      ['s3:PutObject', 'arn:aws:s3:::dst/new.txt'],
      ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:${SecretId}'],
      ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:q'],
      ['sts:GetCallerIdentity', '*'],
    ]);
    expect(ev.find((e) => e.action === 'sts:GetCallerIdentity')?.noPermissionNeeded).toBe(true);
    expect(ev.find((e) => e.action === 'dynamodb:ConditionCheckItem')?.note).toMatch(/superset/);
    expect(
      ev.every((e) => e.raw && e.samples[0] === TRACE && e.firstSeen === '2026-11-14T00:00:00.250Z'),
    ).toBe(true);
  });

  it('keeps unmapped calls with their raw names, never drops them', () => {
    const ev = run([
      segment([call('S3', { operation: 'FrobnicateBucket' }), call('Quantum', { operation: 'Entangle' })]),
    ]);
    expect(ev.map((e) => [e.action, e.unmapped, e.raw])).toEqual([
      ['Quantum:Entangle', true, { service: 'Quantum', operation: 'Entangle' }],
      ['s3:FrobnicateBucket', true, { service: 'S3', operation: 'FrobnicateBucket' }],
    ]);
  });

  it('ignores remote (non-AWS) calls and subsegments without an operation', () => {
    const docs = [
      segment([
        { id: id(), name: 'api.example.com', namespace: 'remote', http: { response: { status: 200 } } },
        { id: id(), name: 'Initialization', aws: { function_arn: 'arn:aws:lambda:us-east-1:1:function:f' } },
      ]),
    ];
    expect(run(docs)).toEqual([]);
  });

  it('applies the time window to each call', () => {
    const docs = [segment([call('DynamoDB', { operation: 'GetItem', table_name: 't' })])];
    expect(
      run(docs, { window: { start: '2026-11-13T00:00:00Z', end: '2026-11-15T00:00:00Z' } }),
    ).toHaveLength(1);
    expect(run(docs, { window: { start: '2026-11-15T00:00:00Z', end: '2026-11-16T00:00:00Z' } })).toEqual([]);
  });

  it('reads OpenTelemetry-converted documents (Java v2 service spelling, table_names, queue_url)', () => {
    // The collector's X-Ray exporter keeps only operation, account_id, region, request_id,
    // queue_url, table_name, table_names and retries in `aws`.
    const otel = segment([
      call('DynamoDb', { operation: 'BatchGetItem', table_names: ['a', 'b'], account_id: '123456789012' }),
      call('Sqs', {
        operation: 'ReceiveMessage',
        queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      }),
    ]);
    expect(run([otel]).map((e) => [e.action, e.resource])).toEqual([
      ['dynamodb:BatchGetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/a'],
      ['dynamodb:BatchGetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/b'],
      ['sqs:ReceiveMessage', 'arn:aws:sqs:us-east-1:123456789012:q'],
    ]);
  });

  it('accepts documents as JSON strings and takes the account from OpenTelemetry documents', () => {
    const otel = segment([
      call('DynamoDB', { operation: 'GetItem', table_name: 't', account_id: '210987654321' }),
    ]);
    expect(run([JSON.stringify(otel)]).map((e) => [e.resource, e.account])).toEqual([
      ['arn:aws:dynamodb:us-east-1:210987654321:table/t', '210987654321'],
    ]);
  });
});
