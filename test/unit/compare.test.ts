import { describe, expect, it } from 'vitest';
import { compareRole, statusByAction, type CompareOptions } from '../../src/core/compare.js';
import type { Evidence, RoleDetail } from '../../src/core/types.js';
import { BUCKET, TABLE, deleteEvidence, deleteRole, ev, inline, role } from './compare-helpers.js';

function run(r: RoleDetail, evidence: Evidence[], opts: CompareOptions = {}) {
  return compareRole({ role: r, policies: r.policies, evidence }, opts);
}

function statuses(r: RoleDetail, evidence: Evidence[], opts: CompareOptions = {}): Record<string, string> {
  const report = run(r, evidence, opts);
  return Object.fromEntries([...statusByAction(report)].map(([a, s]) => [a, s.status]));
}

describe('compare: the demo delete role', () => {
  const report = run(deleteRole(), deleteEvidence(), { generatedAt: '2026-11-21T00:00:00.000Z' });

  it('reports dynamodb:GetItem as the only excess, and nothing it used', () => {
    expect(report.excess).toEqual([
      {
        action: 'dynamodb:GetItem',
        resource: TABLE,
        policy: 'notes-app-api-prod-delete-lambda',
        sid: null,
        statement: 2,
        accessLevel: 'Read',
        status: 'unused',
        reason: expect.stringContaining("X-Ray traced this role's dynamodb calls"),
        sources: ['unused-findings', 'xray'],
        failing: true,
      },
    ]);
    expect(report.summary).toMatchObject({
      used: 2,
      unused: 1,
      unknown: 4,
      excess: 1,
      failing: 1,
      exitCode: 3,
    });
  });

  it('calls the logs and xray grants unknown, grouped by statement: no source given could see them', () => {
    expect(report.unknown.map((u) => [u.statement, u.actions, u.reason])).toEqual([
      [0, ['logs:CreateLogStream', 'logs:PutLogEvents'], expect.stringContaining('X-Ray: no logs calls')],
      [
        1,
        ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        expect.stringContaining('X-Ray: no xray calls'),
      ],
    ]);
  });

  it('keeps the report shape CI steps filter on', () => {
    expect(Object.keys(report)).toEqual([
      'role',
      'roleName',
      'window',
      'generatedAt',
      'sources',
      'excess',
      'unknown',
      'missing',
      'ignored',
      'used',
      'deniedBy',
      'notes',
      'summary',
    ]);
    expect(report.role).toBe(deleteRole().arn);
    expect(report.sources.map((s) => s.source)).toEqual(['unused-findings', 'xray']);
    expect(report.used.map((u) => u.action)).toEqual(['dynamodb:DeleteItem', 's3:DeleteObject']);
  });
});

describe('compare: what each source can see', () => {
  const wide = role(
    'wide',
    inline('p', {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:DescribeTable', 'kms:Decrypt', 'iam:PassRole'],
      Resource: '*',
    }),
  );

  it.each([
    [
      'X-Ray sees every action of a traced service',
      [ev('xray', 'dynamodb:PutItem', { resource: TABLE })],
      {
        'dynamodb:GetItem': 'unused',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'unknown',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'CloudTrail without data events sees management actions only',
      [ev('cloudtrail', 'sts:GetCallerIdentity')],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'unused',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'CloudTrail with DynamoDB data events sees item actions too',
      [ev('cloudtrail', 'dynamodb:PutItem', { resource: TABLE })],
      {
        'dynamodb:GetItem': 'unused',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'unused',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'an Access Analyzer generated policy sees management actions',
      [ev('access-analyzer', 'kms:Decrypt', { count: 0 })],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'used',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'a service-level generated entry leaves that service unknown',
      [ev('access-analyzer', 'dynamodb:*', { count: 0, serviceLevelOnly: true })],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unknown',
        'kms:Decrypt': 'unused',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'an unused-access finding is explicit non-use',
      [ev('unused-findings', 'kms:Decrypt', { count: 0, unused: true })],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unknown',
        'kms:Decrypt': 'unused',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'a service-level unused finding covers the whole service',
      [ev('unused-findings', 'dynamodb:*', { count: 0, unused: true })],
      {
        'dynamodb:GetItem': 'unused',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'unknown',
        'iam:PassRole': 'unknown',
      },
    ],
    [
      'an inferred iam:PassRole counts as used',
      [ev('cloudtrail', 'iam:PassRole', { count: 0, inferredReason: 'lambda:CreateFunction passes a role' })],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unused',
        'kms:Decrypt': 'unused',
        'iam:PassRole': 'used',
      },
    ],
    [
      'no evidence at all leaves everything unknown',
      [],
      {
        'dynamodb:GetItem': 'unknown',
        'dynamodb:DescribeTable': 'unknown',
        'kms:Decrypt': 'unknown',
        'iam:PassRole': 'unknown',
      },
    ],
  ])('%s', (_name, evidence, expected) => {
    expect(statuses(wide, evidence)).toEqual(expected);
  });

  it('treats Access Advisor last-accessed before the window as unused, inside it as used', () => {
    const window = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' };
    const got = statuses(
      wide,
      [
        ev('access-advisor', 'kms:Decrypt', { count: 0, lastAccessed: '2026-06-01T00:00:00.000Z' }),
        ev('access-advisor', 'dynamodb:DescribeTable', {
          count: 0,
          lastAccessed: '2026-11-05T00:00:00.000Z',
        }),
      ],
      { window },
    );
    expect(got).toMatchObject({ 'kms:Decrypt': 'unused', 'dynamodb:DescribeTable': 'used' });
    const report = run(
      wide,
      [ev('access-advisor', 'kms:Decrypt', { count: 0, lastAccessed: '2026-06-01T00:00:00.000Z' })],
      { window },
    );
    expect(report.excess[0]).toMatchObject({
      action: 'kms:Decrypt',
      lastAccessed: '2026-06-01T00:00:00.000Z',
    });
  });

  it('keeps a granted action the role tried and was denied as used, with why', () => {
    const report = run(wide, [ev('cloudtrail', 'kms:Decrypt', { count: 0, denied: 3 })]);
    expect(report.used[0]).toMatchObject({
      action: 'kms:Decrypt',
      denied: 3,
      reason: expect.stringContaining('denied 3 times'),
    });
  });
});

describe('compare: resource over-breadth', () => {
  const get = (resource: string) =>
    role('r', inline('p', { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: resource }));
  const used = [ev('xray', 'dynamodb:GetItem', { resource: TABLE, count: 4 })];

  it.each<[string, [string, string][]]>([
    [TABLE, []],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/*', [['over-broad', 'TableName']]],
    ['arn:aws:dynamodb:*:*:table/notes', [['over-broad', 'Region, Account']]],
    ['*', [['over-broad', '*']]],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/archive', [['unused', 'never on this resource']]],
  ])('GetItem used on table/notes, granted on %s', (resource, expected) => {
    const report = run(get(resource), used);
    expect(report.excess.map((e) => [e.status, e.reason])).toEqual(
      expected.map(([status, why]) => [status, expect.stringContaining(why)]),
    );
    for (const e of report.excess) expect(e.usedResources).toEqual([TABLE]);
  });

  it('accepts a wildcard in the object key: keys are made per request', () => {
    const r = role(
      'r',
      inline('p', { Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/private/*` }),
    );
    expect(run(r, [ev('xray', 's3:PutObject', { resource: `${BUCKET}/private/u1/a.png` })]).excess).toEqual(
      [],
    );
  });

  it('flags a wildcard in the bucket name', () => {
    const r = role(
      'r',
      inline('p', { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::notes-*/*' }),
    );
    const [e] = run(r, [ev('xray', 's3:PutObject', { resource: `${BUCKET}/private/u1/a.png` })]).excess;
    expect(e).toMatchObject({ status: 'over-broad', reason: expect.stringContaining('BucketName') });
  });

  it('does not judge resources when a use has no concrete resource', () => {
    const r = get('*');
    expect(run(r, [...used, ev('cloudtrail', 'dynamodb:GetItem')]).excess).toEqual([]);
  });

  it('never calls a wildcard-only action over-broad', () => {
    const r = role('r', inline('p', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    expect(run(r, [ev('xray', 's3:ListAllMyBuckets', { resource: 'arn:aws:s3:::x' })]).excess).toEqual([]);
  });
});

describe('compare: exit code, --fail-on, --ignore, --strict', () => {
  const r = role(
    'r',
    inline(
      'p',
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
        Resource: TABLE,
      },
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' },
    ),
  );
  const evidence = [ev('xray', 'dynamodb:PutItem', { resource: TABLE })];

  it.each([
    [{}, 3, 2],
    [{ failOn: 'write' as const }, 3, 1],
    [{ ignore: ['dynamodb:DeleteItem'] }, 3, 1],
    [{ ignore: ['dynamodb:*'] }, 0, 0],
    [{ ignore: ['DYNAMODB:Get*'], failOn: 'write' as const }, 3, 1],
    [{ ignore: ['dynamodb:*'], strict: true }, 3, 1],
  ])('%j → exit %i with %i failing', (opts, exitCode, failing) => {
    const report = run(r, evidence, opts);
    expect(report.summary.exitCode).toBe(exitCode);
    expect(report.summary.failing).toBe(failing);
  });

  it('keeps ignored and non-failing entries in the report', () => {
    const report = run(r, evidence, { ignore: ['dynamodb:GetItem'], failOn: 'write' });
    expect(report.ignored.map((e) => e.action)).toEqual(['dynamodb:GetItem']);
    expect(report.excess.map((e) => [e.action, e.failing])).toEqual([['dynamodb:DeleteItem', true]]);
  });

  it('moves unknown grants into excess under --strict', () => {
    const report = run(r, evidence, { strict: true });
    expect(report.unknown).toEqual([]);
    expect(report.excess.find((e) => e.action === 'logs:PutLogEvents')).toMatchObject({
      status: 'unknown',
      failing: true,
    });
  });
});

describe('compare: used or denied but not granted', () => {
  const r = role('r', inline('p', { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }));

  it.each([
    [
      ev('cloudtrail', 'iam:CreatePolicy', { count: 0, denied: 2 }),
      'iam:CreatePolicy',
      null,
      2,
      'denied 2 times: not granted',
    ],
    [
      ev('xray', 'dynamodb:GetItem', { resource: `${TABLE}-archive`, count: 0, denied: 1 }),
      'dynamodb:GetItem',
      `${TABLE}-archive`,
      1,
      'granted, but not on this resource',
    ],
    [ev('xray', 'sqs:SendMessage', { count: 3 }), 'sqs:SendMessage', null, 0, '3 calls succeeded'],
  ])('%j', (evidence, action, resource, deniedCount, why) => {
    const [m] = run(r, [evidence]).missing;
    expect(m).toMatchObject({ action, resource, deniedCount, reason: expect.stringContaining(why) });
  });

  it('does not list a call that needs no permission or is unmapped', () => {
    expect(
      run(r, [
        ev('cloudtrail', 'sts:GetCallerIdentity', { noPermissionNeeded: true }),
        ev('xray', 'dynamodb:FrobnicateItem', { unmapped: true }),
      ]).missing,
    ).toEqual([]);
  });

  it('never calls a grant unused while its evidence holds calls, even calls that need no permission', () => {
    const granted = role(
      'r',
      inline('p', { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }),
    );
    const report = run(granted, [
      ev('cloudtrail', 'sts:GetCallerIdentity', { count: 8, noPermissionNeeded: true }),
    ]);
    expect(report.excess.map((e) => e.action)).not.toContain('sts:GetCallerIdentity');
    const used = report.used.find((u) => u.action === 'sts:GetCallerIdentity');
    expect(used?.reason).toBe(
      'seen by CloudTrail (8 calls); the call needs no permission, so the grant is not what allows it',
    );
  });

  it('counts Deny-subtracted grants and treats them as not granted', () => {
    const denied = role(
      'r',
      inline(
        'p',
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
      ),
    );
    const report = run(denied, [ev('cloudtrail', 'iam:GetRole', { count: 0, denied: 1 })]);
    expect(report.summary.grantedActions).toBe(0);
    expect(report.deniedBy).toEqual([
      { policy: 'p', sid: 'NoIam', statement: 1, grants: expect.any(Number) },
    ]);
    expect(report.missing.map((m) => m.action)).toEqual(['iam:GetRole']);
  });
});

describe("compare: calls AWS makes on the workload's behalf", () => {
  it("never calls a stream read unused because X-Ray traced the role's other dynamodb calls", () => {
    // Lambda's poller reads the stream with the role's credentials, outside the function's traces.
    const r = role(
      'worker',
      inline('p', {
        Effect: 'Allow',
        Action: ['dynamodb:GetRecords', 'dynamodb:Scan'],
        Resource: '*',
      }),
    );
    const s = statuses(r, [ev('xray', 'dynamodb:DeleteItem')]);
    expect(s['dynamodb:GetRecords']).toBe('unknown');
    expect(s['dynamodb:Scan']).toBe('unused');
  });
});
