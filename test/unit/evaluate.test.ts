// The local evaluator against cases whose answers the IAM User Guide states: wildcards on
// both sides, NotAction with Deny, NotResource, explicit Deny across policies, actions
// compared without case and resources with it, conditions reported not evaluated.
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  evaluatePolicies,
  parsePolicies,
  resourceMatch,
  type Decision,
  type NamedPolicy,
} from '../../src/core/evaluate.js';

const T = 'arn:aws:dynamodb:us-east-1:123456789012:table';
const policy = (...Statement: object[]): NamedPolicy[] => [
  { name: 'p', document: { Version: '2012-10-17', Statement } },
];
const decide = (policies: NamedPolicy[], action: string, resource?: string): Decision =>
  evaluatePolicies(policies, { action, resource }).decision;

describe('Action and Resource matching', () => {
  const getAll = policy({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::media-*/uploads/*' });
  it.each([
    ['s3:GetObject', 'arn:aws:s3:::media-in/uploads/cat.png', 'allowed'],
    ['S3:GETOBJECT', 'arn:aws:s3:::media-in/uploads/cat.png', 'allowed'], // actions ignore case
    ['s3:getobjectversion', 'arn:aws:s3:::media-out/uploads/a/b/c', 'allowed'], // * spans slashes
    ['s3:GetObject', 'arn:aws:s3:::Media-in/uploads/cat.png', 'implicit-deny'], // resources keep case
    ['s3:GetObject', 'arn:aws:s3:::media-in/Uploads/cat.png', 'implicit-deny'],
    ['s3:PutObject', 'arn:aws:s3:::media-in/uploads/cat.png', 'implicit-deny'],
    ['s3express:GetObject', 'arn:aws:s3:::media-in/uploads/cat.png', 'implicit-deny'], // prefix is whole
  ] as const)('%s on %s: %s', (action, resource, expected) => {
    expect(decide(getAll, action, resource)).toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::log-?', 'arn:aws:s3:::log-1', 'yes'],
    ['arn:aws:s3:::log-?', 'arn:aws:s3:::log-12', 'no'],
    ['arn:aws:s3:::log-?', 'arn:aws:s3:::log-', 'no'],
    ['*', 'anything', 'yes'],
    ['arn:aws:s3:::*', '*', 'no'], // a wildcard-only action's resource is *, which only * names
    [`${T}/orders`, `${T}/orders`, 'yes'],
    [`${T}/orders`, `${T}/orders/index/byCustomer`, 'no'],
    [`${T}/*`, `${T}/\${TableName}`, 'yes'], // covers every table the call could name
    [`${T}/orders`, `${T}/\${TableName}`, 'maybe'], // which table was it?
    [`${T}/\${TableName}`, `${T}/orders`, 'maybe'], // placeholder left in the policy
    [`${T}/\${TableName}`, `${T}/\${TableName}`, 'maybe'],
    ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/ana/x', 'maybe'], // policy variable
    ['arn:aws:s3:::other/*', `${T}/\${TableName}`, 'no'],
    [`${T}/orders`, undefined, 'maybe'], // resource not recorded
    ['*', undefined, 'yes'],
    ['arn:aws:s3:::b/literal-${*}', 'arn:aws:s3:::b/literal-*', 'yes'], // ${*} is a literal *
    ['arn:aws:s3:::b/literal-${*}', 'arn:aws:s3:::b/literal-x', 'no'],
    ['arn:aws:s3:::b/cost-${$}?', 'arn:aws:s3:::b/cost-$5', 'yes'],
  ] as const)('resource pattern %s vs %s: %s', (pattern, resource, expected) => {
    expect(resourceMatch(pattern, resource)).toBe(expected);
  });
});

describe('Deny, NotAction, NotResource', () => {
  // "Deny everything except IAM": NotAction with Deny, the User Guide's example.
  const allButIam = policy(
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
  );
  it.each([
    ['iam:GetRole', 'allowed'],
    ['IAM:getrole', 'allowed'],
    ['s3:GetObject', 'explicit-deny'],
    ['sts:AssumeRole', 'explicit-deny'],
  ] as const)('Allow * with Deny NotAction iam:*: %s is %s', (action, expected) => {
    expect(decide(allButIam, action, 'arn:aws:iam::123456789012:role/x')).toBe(expected);
  });

  it('Allow with NotAction grants every other action, never the listed ones', () => {
    const p = policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' });
    expect(decide(p, 'ec2:RunInstances', '*')).toBe('allowed');
    expect(decide(p, 'iam:CreateUser', '*')).toBe('implicit-deny');
  });

  it('Allow with NotResource grants everything outside the list', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::vault/*' });
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::media/a')).toBe('allowed');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::vault/a')).toBe('implicit-deny');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::Vault/a')).toBe('allowed');
  });

  it('Deny with NotResource denies everything outside its list', () => {
    const p = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'] },
    );
    expect(decide(p, 's3:PutObject', 'arn:aws:s3:::media/a')).toBe('allowed');
    expect(decide(p, 's3:PutObject', 'arn:aws:s3:::other/a')).toBe('explicit-deny');
  });

  it('an explicit Deny in one policy beats an Allow in another, and says which', () => {
    const p: NamedPolicy[] = [
      {
        name: 'AdministratorAccess',
        document: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      },
      {
        name: 'guard',
        document: JSON.stringify({
          Statement: [{ Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' }],
        }),
      },
    ];
    const e = evaluatePolicies(p, { action: 'secretsmanager:GetSecretValue', resource: 'arn:x' });
    expect(e.decision).toBe('explicit-deny');
    expect(e.matched).toEqual([
      { policy: 'guard', index: 0, sid: 'NoSecrets', effect: 'Deny', conditional: false },
    ]);
  });

  it('no statement at all is an implicit deny', () => {
    expect(decide(policy(), 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('implicit-deny');
  });
});

describe('conditions and unresolved values', () => {
  it('an Allow with a Condition allows, reported as not evaluated', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    });
    const e = evaluatePolicies(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(e.decision).toBe('allowed');
    expect(e.conditionsNotEvaluated).toEqual([{ policy: 'p', index: 0, effect: 'Allow', conditional: true }]);
  });

  it('a Deny with a Condition does not deny, and is reported', () => {
    const p = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    );
    const e = evaluatePolicies(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(e.decision).toBe('allowed');
    expect(e.matched.map((m) => m.index)).toEqual([0]);
    expect(e.conditionsNotEvaluated.map((m) => [m.index, m.effect])).toEqual([[1, 'Deny']]);
  });

  it('a placeholder in the policy, or in the call, leaves the answer open', () => {
    const p = policy({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: `${T}/\${TableName}` });
    const e = evaluatePolicies(p, { action: 'dynamodb:PutItem', resource: `${T}/orders` });
    expect(e.decision).toBe('unresolved');
    expect(e.unresolved.map((u) => u.index)).toEqual([0]);
    const q = policy({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: `${T}/orders` });
    expect(decide(q, 'dynamodb:PutItem', `${T}/\${TableName}`)).toBe('unresolved');
    expect(decide(q, 'dynamodb:DeleteItem', `${T}/\${TableName}`)).toBe('implicit-deny');
  });

  it('a Deny that may apply keeps an Allow from being claimed', () => {
    const p = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
    );
    expect(decide(p, 's3:DeleteObject', 'arn:aws:s3:::home/ana/x')).toBe('unresolved');
    expect(decide(p, 's3:DeleteObject', 'arn:aws:s3:::work/x')).toBe('allowed');
  });
});

describe('parsePolicies', () => {
  it('reads a single statement object and string lists, and reports what it cannot read', () => {
    const { statements, problems } = parsePolicies([
      { name: 'ok', document: { Statement: { Effect: 'Allow', Action: 'S3:GetObject', Resource: 'arn:x' } } },
      {
        name: 'bad',
        document: {
          Statement: [
            { Effect: 'allow', Action: 's3:*', Resource: '*' }, // Effect is case-sensitive
            { Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' },
            { Effect: 'Allow', Action: 's3:*' },
          ],
        },
      },
      { name: 'text', document: '{not json' },
    ]);
    expect(statements).toHaveLength(1);
    expect(evaluate(statements, { action: 's3:getobject', resource: 'arn:x' }).decision).toBe('allowed');
    expect(problems.map((p) => [p.policy, p.index])).toEqual([
      ['bad', 0],
      ['bad', 1],
      ['bad', 2],
      ['text', undefined],
    ]);
  });
});
