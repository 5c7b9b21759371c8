import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates, resourceKind } from '../../src/core/merge.js';
import type { Candidate, EvidenceInput, RoleDetail } from '../../src/core/types.js';
import { authorizationDetailsFrom, readAuthorizationDetails } from '../../src/sources/iam/index.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';

function roleWith(statements: Record<string, unknown>[]): RoleDetail {
  return {
    arn: 'arn:aws:iam::123456789012:role/app',
    name: 'app',
    path: '/',
    policies: [
      { kind: 'inline', name: 'app-policy', document: { Version: '2012-10-17', Statement: statements } },
    ],
  };
}

const merge = (inputs: EvidenceInput[], role?: RoleDetail) =>
  mergeCandidates(aggregateEvidence(inputs), role);
const byAction = (cs: Candidate[], action: string) => cs.find((c) => c.action === action);

describe('mergeCandidates: one candidate per action', () => {
  it('folds sources and casings into one candidate with per-resource counts', () => {
    const cs = merge([
      {
        source: 'xray',
        action: 'dynamodb:GetItem',
        resource: TABLE,
        count: 10,
        lastSeen: '2026-11-10T00:00:00Z',
      },
      {
        source: 'cloudtrail',
        action: 'DYNAMODB:getitem',
        resource: TABLE,
        count: 2,
        lastSeen: '2026-11-12T00:00:00Z',
      },
      { source: 'xray', action: 'dynamodb:GetItem', resource: `${TABLE}-archive`, count: 1, denied: 4 },
      {
        source: 'access-analyzer',
        action: 'dynamodb:GetItem',
        resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}',
        count: 1,
      },
    ]);
    expect(cs).toHaveLength(1);
    const c = cs[0]!;
    expect(c).toMatchObject({
      action: 'dynamodb:GetItem',
      service: 'dynamodb',
      accessLevel: 'Read',
      totalCount: 14,
      totalDenied: 4,
      lastSeen: '2026-11-12T00:00:00Z',
      deniedOnly: false,
      unused: false,
      granted: false,
    });
    expect(c.resources).toEqual([
      { arn: TABLE, kind: 'observed', sources: ['cloudtrail', 'xray'], count: 12, denied: 0 },
      { arn: `${TABLE}-archive`, kind: 'observed', sources: ['xray'], count: 1, denied: 4 },
      {
        arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}',
        kind: 'template',
        sources: ['access-analyzer'],
        count: 1,
        denied: 0,
      },
    ]);
    expect(c.evidence.xray).toMatchObject({ count: 11, denied: 4 });
    expect(c.evidence.cloudtrail).toMatchObject({ count: 2, denied: 0 });
  });

  it.each([
    ['arn:aws:s3:::bucket/key.txt', 'observed'],
    ['arn:aws:s3:::${BucketName}', 'template'],
    ['arn:aws:s3:::bucket/*', 'wildcard'],
    ['*', 'wildcard'],
  ])('classifies %s as %s', (arn, kind) => {
    expect(resourceKind(arn)).toBe(kind);
  });

  it.each([
    [
      'denied only',
      { source: 'cloudtrail', action: 'iam:CreatePolicy', count: 0, denied: 3 },
      { deniedOnly: true, unused: false },
    ],
    [
      'denied, and listed by Access Analyzer (which includes denied calls)',
      [
        { source: 'cloudtrail', action: 'iam:CreatePolicy', count: 0, denied: 1 },
        { source: 'access-analyzer', action: 'iam:CreatePolicy', resource: '*', count: 1 },
      ],
      { deniedOnly: true, totalCount: 1 },
    ],
    [
      'needing no permission',
      { source: 'cloudtrail', action: 'sts:GetCallerIdentity', count: 5, noPermissionNeeded: true },
      { noPermissionNeeded: true, totalCount: 5 },
    ],
    [
      'inferred',
      {
        source: 'cloudtrail',
        action: 'iam:PassRole',
        count: 1,
        inferredReason: 'CreateFunction passes a role',
      },
      {
        inferredReason: 'CreateFunction passes a role',
        risks: [expect.objectContaining({ code: 'pass-role' })],
      },
    ],
    [
      'a service-level template',
      { source: 'access-analyzer', action: 'ec2:*', count: 0, serviceLevelOnly: true },
      {
        action: 'ec2:*',
        serviceLevelOnly: true,
        accessLevel: 'Service level',
        unmapped: false,
        unused: false,
      },
    ],
    [
      'unmapped',
      {
        source: 'xray',
        action: 's3:HeadObject',
        unmapped: true,
        count: 2,
        raw: { service: 'S3', operation: 'HeadObject' },
      },
      { unmapped: true, accessLevel: 'Unknown', raw: [{ service: 'S3', operation: 'HeadObject' }] },
    ],
  ])('keeps a candidate %s', (_name, input, expected) => {
    const cs = merge((Array.isArray(input) ? input : [input]) as EvidenceInput[]);
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject(expected);
  });

  it('gives a resourceless observation the catalogue template, filled with what is known', () => {
    const cs = merge(
      [{ source: 'xray', action: 'kms:Decrypt', region: 'eu-west-1', count: 3 }],
      roleWith([]),
    );
    expect(cs[0]!.resources).toEqual([
      expect.objectContaining({
        arn: 'arn:aws:kms:eu-west-1:123456789012:key/${KeyId}',
        kind: 'template',
        count: 3,
      }),
    ]);
    const star = merge([{ source: 'xray', action: 'xray:PutTraceSegments', count: 1 }]);
    expect(star[0]!.resources.map((r) => r.arn)).toEqual(['*']);
  });

  it('orders by service then action, whatever the input order', () => {
    const inputs: EvidenceInput[] = [
      { source: 'xray', action: 's3:PutObject', count: 1 },
      { source: 'xray', action: 'dynamodb:Query', count: 1 },
      { source: 'cloudtrail', action: 'cloudformation:DescribeStacks', count: 1 },
      { source: 'xray', action: 'dynamodb:GetItem', count: 1 },
      { source: 'xray', action: 's3:GetObject', count: 1 },
    ];
    const order = merge(inputs).map((c) => c.action);
    expect(order).toEqual([
      'cloudformation:DescribeStacks',
      'dynamodb:GetItem',
      'dynamodb:Query',
      's3:GetObject',
      's3:PutObject',
    ]);
    expect(merge([...inputs].reverse()).map((c) => c.action)).toEqual(order);
  });
});

describe('mergeCandidates: the current policy', () => {
  const seen: EvidenceInput[] = [
    { source: 'xray', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', count: 1 },
  ];

  it.each([
    ['an exact Allow', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], true],
    [
      'a wildcard Allow, any casing',
      [{ Effect: 'Allow', Action: ['S3:get*'], Resource: 'arn:aws:s3:::b/*' }],
      true,
    ],
    ['Allow NotAction of another service', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], true],
    ['Allow NotAction of this action', [{ Effect: 'Allow', NotAction: 's3:Get*', Resource: '*' }], false],
    [
      'an unconditional Deny',
      [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', Resource: '*' },
      ],
      false,
    ],
    [
      'a Deny with a Condition (not evaluated: still granted)',
      [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
      true,
    ],
    [
      'a Deny covering every observed resource',
      [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ],
      false,
    ],
    [
      'a Deny on another bucket',
      [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
      ],
      true,
    ],
    ['a Deny only', [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }], false],
  ])('marks granted under %s: %s', (_name, statements, granted) => {
    const c = byAction(merge(seen, roleWith(statements)), 's3:GetObject')!;
    expect(c.granted).toBe(granted);
  });

  it('lists granted actions no source saw as unused, with the granted resources', () => {
    const role = roleWith([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE },
      { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
    ]);
    const cs = merge([{ source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 4 }], role);
    expect(cs.map((c) => [c.action, c.granted, c.unused])).toEqual([
      ['dynamodb:GetItem', true, false],
      ['dynamodb:PutItem', true, true],
      ['xray:PutTraceSegments', true, true],
    ]);
    const put = byAction(cs, 'dynamodb:PutItem')!;
    expect(put.resources).toEqual([
      { arn: TABLE, kind: 'observed', sources: ['current-policy'], count: 0, denied: 0 },
    ]);
    expect(put.evidence['current-policy']).toMatchObject({ count: 0, samples: ['app-policy'] });
  });

  it('expands a service wildcard grant of reasonable size, summarises huge ones and says so', () => {
    const role = roleWith([
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE },
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
    ]);
    const cs = merge([], role);
    const dynamodb = cs.filter((c) => c.service === 'dynamodb');
    expect(dynamodb.length).toBeGreaterThan(50);
    expect(dynamodb.every((c) => c.unused && c.granted && !c.action.includes('*'))).toBe(true);
    const ec2 = cs.filter((c) => c.service === 'ec2');
    expect(ec2).toEqual([
      expect.objectContaining({
        action: 'ec2:*',
        unused: true,
        granted: true,
        risks: [
          {
            code: 'broad-grant',
            reason: expect.stringMatching(/^ec2:\* grants \d{3,} actions; not listed one by one$/),
          },
        ],
      }),
    ]);
  });

  it('summarises AdministratorAccess as one broad grant (the demo deployer)', async () => {
    const details = await readAuthorizationDetails('demo/authorization-details.json');
    const deployer = details.roles.find((r) => r.name === 'serverless-deployer')!;
    const cs = merge([{ source: 'cloudtrail', action: 'cloudformation:CreateStack', count: 1 }], deployer);
    expect(cs.map((c) => [c.action, c.granted, c.unused])).toEqual([
      ['*', true, true],
      ['cloudformation:CreateStack', true, false],
    ]);
    expect(cs[0]!.risks[0]!.code).toBe('broad-grant');
  });

  it('applies a whole-service unused finding to that service’s unobserved grants', () => {
    const role = roleWith([
      { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: '*' },
    ]);
    const cs = merge(
      [
        {
          source: 'unused-findings',
          action: 'sqs:*',
          count: 0,
          unused: true,
          lastAccessed: '2026-01-01T00:00:00Z',
        },
        { source: 'xray', action: 'sqs:SendMessage', count: 3 },
      ],
      role,
    );
    expect(cs.map((c) => [c.action, c.unused])).toEqual([
      ['sqs:ReceiveMessage', true],
      ['sqs:SendMessage', false],
    ]);
    expect(byAction(cs, 'sqs:ReceiveMessage')!.evidence['unused-findings']).toMatchObject({ unused: true });
  });

  it('takes an unused finding’s resources from the grant (the demo delete role)', async () => {
    const details = await readAuthorizationDetails('demo/authorization-details.json');
    const del = details.roles.find((r) => r.name.startsWith('notes-app-api-prod-delete'))!;
    const cs = merge(
      [{ source: 'unused-findings', action: 'dynamodb:GetItem', count: 0, unused: true }],
      del,
    );
    const get = byAction(cs, 'dynamodb:GetItem')!;
    expect(get).toMatchObject({ granted: true, unused: true });
    expect(get.resources.map((r) => r.arn)).toEqual([TABLE]);
    expect(Object.keys(get.evidence).sort()).toEqual(['current-policy', 'unused-findings']);
  });

  it('handles a real 78-role export without expanding admin grants', async () => {
    const details = await readAuthorizationDetails(
      'test/fixtures/salesforce+cloudsplaining/examples/files/example.json',
    );
    const org = details.roles.find((r) => r.name === 'OrganizationAccountAccessRole')!;
    const cs = merge([], org);
    expect(cs.map((c) => c.action)).toEqual(['*']);
    const file = 'test/fixtures/salesforce+cloudsplaining/test/files/example-authz-details.json';
    const small = authorizationDetailsFrom(JSON.parse(readFileSync(file, 'utf8')), file).roles.find(
      (r) => r.name === 'MyRole',
    )!;
    const mine = merge([], small);
    expect(mine.map((c) => c.action)).toEqual([
      'ec2:AssociateIamInstanceProfile',
      'ec2:DescribeIamInstanceProfileAssociations',
      'ec2:DisassociateIamInstanceProfile',
      'iam:AddRoleToInstanceProfile',
      'iam:CreateInstanceProfile',
      'iam:GetInstanceProfile',
      'iam:ListInstanceProfilesForRole',
      'iam:PassRole',
    ]);
    expect(mine.every((c) => c.granted && c.unused)).toBe(true);
  });
});
