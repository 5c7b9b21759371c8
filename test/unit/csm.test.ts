// CSM datagrams as botocore sends them (botocore/monitoring.py), the fold into a recording,
// and the evidence it and an iamlive policy give.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { parseDatagram } from '../../src/sources/csm/datagram.js';
import { readCsmEvents, readIamlivePolicy } from '../../src/sources/csm/read.js';
import { CSM_FORMAT, CsmFolder } from '../../src/sources/csm/recording.js';

const role = roleRefFromArn('arn:aws:iam::123456789012:role/app')!;
const d = (o: unknown) => Buffer.from(JSON.stringify(o));

// Field names and values as botocore's monitoring publisher writes them.
const attempt = {
  Version: 1,
  ClientId: '',
  Type: 'ApiCallAttempt',
  Service: 'DynamoDB',
  Api: 'GetItem',
  Timestamp: 1764806400000,
  Region: 'eu-west-1',
  AccessKey: 'AKIAEXAMPLE',
  SessionToken: 'TOKEN-NEVER-KEPT',
  HttpStatusCode: 200,
  XAmzRequestId: 'R1',
};
const call = {
  Version: 1,
  ClientId: '',
  Type: 'ApiCall',
  Service: 'DynamoDB',
  Api: 'GetItem',
  Timestamp: 1764806400100,
  AttemptCount: 1,
  Region: 'eu-west-1',
  FinalHttpStatusCode: 200,
  Latency: 20,
  MaxRetriesExceeded: 0,
};

describe('CSM datagrams', () => {
  it('reads attempts and calls, and never keeps the session token', () => {
    expect(parseDatagram(d(attempt))).toEqual({
      type: 'ApiCallAttempt',
      service: 'DynamoDB',
      api: 'GetItem',
      clientId: '',
      region: 'eu-west-1',
      accessKey: 'AKIAEXAMPLE',
    });
    expect(JSON.stringify(parseDatagram(d(attempt)))).not.toContain('TOKEN');
    expect(parseDatagram(d(call))).toMatchObject({ type: 'ApiCall', finalHttpStatusCode: 200 });
  });

  it.each([
    ['not JSON', Buffer.from('{oops')],
    ['another type', d({ ...call, Type: 'Other' })],
    ['no Api', d({ ...call, Api: undefined })],
    ['an Api with spaces', d({ ...call, Api: 'Get Item' })],
    ['a number for Service', d({ ...call, Service: 5 })],
    ['an array', d([call])],
  ])('ignores %s', (_, buf) => {
    expect(parseDatagram(buf)).toBeUndefined();
  });

  it('folds calls per outcome, the access key taken from their attempt', () => {
    const f = new CsmFolder();
    for (let i = 0; i < 3; i++) {
      f.add(parseDatagram(d(attempt)));
      f.add(parseDatagram(d({ ...call, Timestamp: call.Timestamp + i })));
    }
    f.add(
      parseDatagram(d({ ...call, FinalHttpStatusCode: 400, FinalAwsException: 'AccessDeniedException' })),
    );
    f.add(parseDatagram(Buffer.from('x')));
    expect(f.records()).toEqual([
      expect.objectContaining({ api: 'GetItem', count: 1, exception: 'AccessDeniedException' }),
      expect.objectContaining({
        api: 'GetItem',
        count: 3,
        accessKeyId: 'AKIAEXAMPLE',
        lastSeen: '2025-12-04T00:00:00.102Z',
      }),
    ]);
    expect(f.ignored).toBe(1);
  });
});

function file(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-'));
  const p = path.join(dir, 'f.json');
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('--csm-events evidence', () => {
  const recording = (calls: unknown[]) => ({
    format: CSM_FORMAT,
    version: 1,
    command: ['python3', 'app.py'],
    startedAt: '2026-12-01T00:00:00.000Z',
    endedAt: '2026-12-01T00:01:00.000Z',
    exitCode: 0,
    calls,
  });
  const at = { firstSeen: '2026-12-01T00:00:10.000Z', lastSeen: '2026-12-01T00:00:20.000Z' };

  it('maps SDK service ids to IAM actions with templates; denials become denied counts', async () => {
    const ev = await readCsmEvents(
      [
        file(
          recording([
            { service: 'DynamoDB', api: 'GetItem', region: 'eu-west-1', count: 4, ...at },
            { service: 'Secrets Manager', api: 'GetSecretValue', region: 'eu-west-1', count: 1, ...at },
            { service: 'CloudWatch Logs', api: 'PutLogEvents', count: 2, ...at },
            { service: 'S3', api: 'ListObjectsV2', count: 1, exception: 'AccessDenied', ...at },
            { service: 'Nope', api: 'DoThing', count: 1, ...at },
          ]),
        ),
      ],
      { role },
    );
    const by = Object.fromEntries(ev.map((e) => [e.action, e]));
    expect(by['dynamodb:GetItem']).toMatchObject({
      source: 'csm',
      count: 4,
      resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/${TableName}',
    });
    expect(by['secretsmanager:GetSecretValue']?.resource).toMatch(/secret:\$\{SecretId\}/);
    expect(by['logs:PutLogEvents']).toBeDefined();
    expect(by['s3:ListBucket']).toMatchObject({ count: 0, denied: 1 });
    expect(by['Nope:DoThing']).toMatchObject({ unmapped: true });
  });

  it.each([
    [{ Records: [] }, /not an iam-refine recording/],
    [{ format: CSM_FORMAT, version: 1, calls: 'x' }, /not a valid recording/],
    ['{', /not valid JSON/],
  ])('a wrong file is a clear error: %j', async (content, message) => {
    await expect(readCsmEvents([file(content)], { role })).rejects.toThrow(message);
  });
});

describe('--iamlive-policy evidence', () => {
  it('keeps the catalogue actions, shows the rest as unmapped, keeps ARNs it recorded', async () => {
    const ev = await readIamlivePolicy(
      [
        file({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstances', 'made:Up'], Resource: '*' },
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:q' },
            { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
          ],
        }),
      ],
      { role },
    );
    const by = Object.fromEntries(ev.map((e) => [e.action, e]));
    expect(by['s3:GetObject']?.resource).toBe('arn:aws:s3:::${BucketName}/${ObjectName}');
    expect(by['ec2:DescribeInstances']?.resource).toBe('*');
    expect(by['sqs:SendMessage']?.resource).toBe('arn:aws:sqs:us-east-1:123456789012:q');
    expect(by['made:Up']).toMatchObject({ unmapped: true });
    expect(ev.some((e) => e.action.startsWith('iam:'))).toBe(false);
  });

  it('a file that is not a policy says what it is', async () => {
    await expect(readIamlivePolicy([file({ Records: [] })], { role })).rejects.toThrow(
      /a CloudTrail log file, not an IAM policy/,
    );
  });
});
