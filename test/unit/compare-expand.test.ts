import { describe, expect, it } from 'vitest';
import { expandActionCached, expandPolicies, isGranted } from '../../src/core/expand-policy.js';
import type { RolePolicy } from '../../src/core/types.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
const BUCKET = 'arn:aws:s3:::notes-app-attachments-prod';

function inline(...statements: Record<string, unknown>[]): RolePolicy {
  return { kind: 'inline', name: 'p', document: { Version: '2012-10-17', Statement: statements } };
}

function pairs(policies: RolePolicy[]): string[] {
  return expandPolicies(policies)
    .grants.map((g) => `${g.action} ${g.resource}`)
    .sort();
}

function actions(policies: RolePolicy[]): Set<string> {
  return new Set(expandPolicies(policies).grants.map((g) => g.action));
}

describe('policy expansion: wildcards', () => {
  it.each([
    ['s3:GetObject', ['s3:GetObject'], ['s3:PutObject']],
    ['s3:get*', ['s3:GetObject', 's3:GetBucketPolicy'], ['s3:PutObject', 's3:ListBucket']],
    ['dynamodb:*', ['dynamodb:GetItem', 'dynamodb:DeleteTable'], ['s3:GetObject']],
    ['*', ['s3:GetObject', 'iam:PassRole', 'dynamodb:DeleteTable'], []],
    [
      '*:ListTagsForResource',
      ['acm:ListTagsForResource', 'airflow:ListTagsForResource'],
      ['acm:DeleteCertificate'],
    ],
  ])('%s expands against the catalogue', (pattern, has, hasNot) => {
    const got = actions([inline({ Effect: 'Allow', Action: pattern, Resource: '*' })]);
    for (const a of has) expect(got).toContain(a);
    for (const a of hasNot) expect(got).not.toContain(a);
  });

  it('emits catalogue casing and the access level', () => {
    const [g] = expandPolicies([
      inline({ Effect: 'Allow', Action: 'DYNAMODB:getitem', Resource: TABLE }),
    ]).grants;
    expect(g).toMatchObject({
      action: 'dynamodb:GetItem',
      accessLevel: 'Read',
      resource: TABLE,
      via: 'DYNAMODB:getitem',
    });
  });

  it('expands `*` to every catalogue action', () => {
    const all = expandActionCached('*').length;
    expect(all).toBeGreaterThan(15000);
    expect(expandPolicies([inline({ Effect: 'Allow', Action: '*', Resource: '*' })]).grants).toHaveLength(
      all,
    );
  });

  it('notes a pattern that matches nothing instead of inventing an action', () => {
    const e = expandPolicies([
      inline({ Sid: 'Typo', Effect: 'Allow', Action: ['s3:GetObjekt', 's3:GetObject'], Resource: '*' }),
    ]);
    expect(e.grants.map((g) => g.action)).toEqual(['s3:GetObject']);
    expect(e.notes).toEqual([
      expect.objectContaining({ sid: 'Typo', message: expect.stringContaining('s3:GetObjekt') }),
    ]);
  });

  it.each([
    [{ Effect: 'Allow', Resource: '*' }],
    [{ Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }],
    [{ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' }],
    [{ Effect: 'Allow', Action: 's3:GetObject' }],
  ])('skips a malformed statement with a note: %j', (statement) => {
    const e = expandPolicies([inline(statement)]);
    expect(e.grants).toEqual([]);
    expect(e.notes).toHaveLength(1);
  });
});

describe('policy expansion: resources per action', () => {
  it('keeps each resource only for the actions it can name', () => {
    const got = pairs([
      inline({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket', 'dynamodb:GetItem'],
        Resource: [BUCKET, `${BUCKET}/*`, TABLE],
      }),
    ]);
    expect(got).toEqual([`dynamodb:GetItem ${TABLE}`, `s3:GetObject ${BUCKET}/*`, `s3:ListBucket ${BUCKET}`]);
  });

  it('keeps NotResource as "everything but"', () => {
    const [g] = expandPolicies([
      inline({ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/secret/*` }),
    ]).grants;
    expect(g).toMatchObject({ resource: '*', notResource: [`${BUCKET}/secret/*`] });
    const e = expandPolicies([
      inline({ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/secret/*` }),
    ]);
    expect(isGranted(e, 's3:GetObject', `${BUCKET}/public/a`)).toBe(true);
    expect(isGranted(e, 's3:GetObject', `${BUCKET}/secret/a`)).toBe(false);
  });

  it('notes a Condition without evaluating it', () => {
    const [g] = expandPolicies([
      inline({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
    ]).grants;
    expect(g?.conditional).toBe(true);
  });
});

describe('policy expansion: NotAction', () => {
  it('grants every catalogue action except the listed ones', () => {
    const got = actions([
      inline({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
    ]);
    expect(got).toContain('s3:GetObject');
    expect(got).toContain('ec2:RunInstances');
    expect(got).not.toContain('iam:PassRole');
    expect(got).not.toContain('organizations:DescribeOrganization');
  });

  it('records the NotAction list as the origin', () => {
    const [g] = expandPolicies([inline({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })]).grants;
    expect(g?.via).toBe('NotAction iam:*');
  });
});

describe('policy expansion: Deny is subtracted', () => {
  const allowS3 = {
    Sid: 'S3',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: `${BUCKET}/*`,
  };

  it.each([
    [
      'Deny on the same action and resource',
      { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
      ['s3:GetObject'],
    ],
    [
      'Deny with a wildcard action',
      { Effect: 'Deny', Action: 's3:Put*', Resource: `${BUCKET}/*` },
      ['s3:GetObject'],
    ],
    ['Deny on everything', { Effect: 'Deny', Action: '*', Resource: '*' }, []],
    ['Deny with NotAction', { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }, ['s3:GetObject']],
    [
      'Deny on another bucket',
      { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::other/*' },
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'Deny outside this bucket (NotResource)',
      { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` },
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'Deny except another bucket (NotResource)',
      { Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::other/*' },
      ['s3:GetObject'],
    ],
  ])('%s', (_name, deny, remaining) => {
    const e = expandPolicies([inline(allowS3, deny)]);
    expect([...new Set(e.grants.map((g) => g.action))].sort()).toEqual(remaining);
    expect(e.subtracted.length).toBe(2 - remaining.length);
  });

  it('keeps a grant a Deny covers only in part, and says so', () => {
    const e = expandPolicies([
      inline(allowS3, {
        Sid: 'NoSecrets',
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: `${BUCKET}/secret/*`,
      }),
    ]);
    const get = e.grants.find((g) => g.action === 's3:GetObject');
    expect(get?.partlyDeniedBy?.map((d) => d.sid)).toEqual(['NoSecrets']);
    expect(e.subtracted).toEqual([]);
  });

  it('keeps a grant a conditional Deny would cover, and says so', () => {
    const e = expandPolicies([
      inline(allowS3, {
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    expect(e.grants).toHaveLength(2);
    expect(e.grants.every((g) => g.conditionallyDeniedBy?.length === 1)).toBe(true);
  });

  it('subtracts a Deny in another policy of the role', () => {
    const deny: RolePolicy = {
      kind: 'managed',
      name: 'deny-iam',
      arn: 'arn:aws:iam::123456789012:policy/deny-iam',
      document: { Statement: { Effect: 'Deny', Action: 'iam:*', Resource: '*' } },
    };
    const e = expandPolicies([
      inline({ Effect: 'Allow', Action: ['iam:*', 's3:GetObject'], Resource: '*' }),
      deny,
    ]);
    expect([...new Set(e.grants.map((g) => g.action))]).toEqual(['s3:GetObject']);
    expect(e.subtracted[0]?.deniedBy).toMatchObject({ policy: 'deny-iam', policyArn: deny.arn });
  });

  it('does not let a Deny written with a policy variable remove a whole grant', () => {
    const e = expandPolicies([
      inline(allowS3, { Effect: 'Deny', Action: 's3:GetObject', Resource: `${BUCKET}/\${aws:username}/*` }),
    ]);
    expect(e.grants.find((g) => g.action === 's3:GetObject')?.partlyDeniedBy).toHaveLength(1);
  });
});

describe('policy expansion: managed policies shared by roles', () => {
  const shared: RolePolicy = {
    kind: 'managed',
    name: 'shared',
    arn: 'arn:aws:iam::123456789012:policy/shared',
    document: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt', 's3:Get*'], Resource: '*' }] },
  };

  it('gives every role the same grants and notes, and keeps one role’s Deny to that role', () => {
    const first = expandPolicies([shared]);
    const withDeny = expandPolicies([
      shared,
      inline({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }),
    ]);
    const again = expandPolicies([shared]);
    expect(again.grants).toEqual(first.grants);
    expect(again.notes).toEqual(first.notes);
    expect(first.notes).toHaveLength(1);
    expect(withDeny.grants.map((g) => g.action)).not.toContain('s3:GetObject');
    expect(again.grants.map((g) => g.action)).toContain('s3:GetObject');
  });
});
