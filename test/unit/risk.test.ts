// Risk flags: the rule table on single actions, on candidates (observed resources first)
// and on statements (combinations judged on the whole policy, wildcard lines merged).
import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { actionRisks, candidateRisks, coversAllOfType, statementRisks } from '../../src/core/risk.js';
import type { CandidateResource } from '../../src/core/types.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const codes = (action: string, resources: string[], context: string[] = [action]) =>
  actionRisks({ action, resources, context }).map((f) => f.code);

describe('actionRisks', () => {
  it.each([
    // privilege escalation
    ['iam:PassRole', ['*'], [], ['privilege-escalation', 'wildcard-resource']],
    ['iam:PassRole', [ROLE], [], ['pass-role']],
    ['sts:AssumeRole', ['*'], [], ['privilege-escalation', 'wildcard-resource']],
    ['sts:AssumeRole', [ROLE], [], []],
    ['iam:CreatePolicyVersion', [`arn:aws:iam::${ACCOUNT}:policy/p`], [], ['privilege-escalation']],
    ['iam:AttachRolePolicy', [ROLE], [], ['privilege-escalation']],
    ['iam:attachuserpolicy', [ROLE], [], ['privilege-escalation']], // any casing
    ['iam:PutRolePolicy', [ROLE], [], ['privilege-escalation']],
    ['iam:PutGroupPolicy', [ROLE], [], ['privilege-escalation']],
    ['iam:UpdateAssumeRolePolicy', [ROLE], [], ['privilege-escalation']],
    ['iam:PutRolePermissionsBoundary', [ROLE], [], ['privilege-escalation']],
    [
      'lambda:UpdateFunctionCode',
      ['arn:aws:lambda:us-east-1:1:function:f'],
      ['iam:PassRole'],
      ['privilege-escalation'],
    ],
    ['lambda:UpdateFunctionCode', ['arn:aws:lambda:us-east-1:1:function:f'], [], []],
    // resource exposure
    ['s3:PutBucketPolicy', ['arn:aws:s3:::b'], [], ['resource-exposure']],
    ['s3:PutBucketAcl', ['arn:aws:s3:::b'], [], ['resource-exposure']],
    ['s3:PutObjectAcl', ['arn:aws:s3:::b/k'], [], ['resource-exposure']],
    ['lambda:AddPermission', ['arn:aws:lambda:us-east-1:1:function:f'], [], ['resource-exposure']],
    [
      'secretsmanager:PutResourcePolicy',
      ['arn:aws:secretsmanager:us-east-1:1:secret:s'],
      [],
      ['resource-exposure'],
    ],
    ['kms:PutKeyPolicy', ['arn:aws:kms:us-east-1:1:key/k'], [], ['resource-exposure']],
    ['ec2:ModifySnapshotAttribute', ['arn:aws:ec2:us-east-1::snapshot/s'], [], ['resource-exposure']],
    ['autoscaling:PutScalingPolicy', ['*'], [], ['wildcard-resource']], // a Put*Policy that exposes nothing
    ['iam:DeleteRolePolicy', [ROLE], [], ['permissions-management']],
    // data access at scale
    ['s3:GetObject', ['*'], [], ['data-access', 'wildcard-resource']],
    ['s3:GetObject', ['arn:aws:s3:::*/*'], [], ['data-access']],
    ['s3:GetObject', ['arn:aws:s3:::media/*'], [], []],
    [
      'secretsmanager:GetSecretValue',
      [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`],
      [],
      ['data-access'],
    ],
    ['secretsmanager:GetSecretValue', [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/*`], [], []],
    ['kms:Decrypt', ['arn:aws:kms:*:*:key/*'], [], ['data-access']],
    ['ssm:GetParametersByPath', [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/*`], [], ['data-access']],
    // wildcard resources only where the action supports resource ARNs
    ['dynamodb:GetItem', ['*'], [], ['wildcard-resource']],
    ['s3:ListAllMyBuckets', ['*'], [], []],
    ['xray:PutTraceSegments', ['*'], [], []],
  ])('%s on %j (with %j): %j', (action, resources, also, expected) => {
    expect(codes(action, resources, [action, ...also])).toEqual(expected);
  });

  it('says in one line which action and why', () => {
    expect(actionRisks({ action: 'iam:PassRole', resources: ['*'] })).toEqual([
      {
        code: 'privilege-escalation',
        reason: 'iam:PassRole on * can hand any role, admin ones included, to a service',
      },
      {
        code: 'wildcard-resource',
        reason: 'iam:PassRole: resource * although the action supports resource ARNs',
      },
    ]);
  });

  it.each([
    ['*', true],
    ['arn:aws:s3:::*', true],
    ['arn:aws:s3:::bucket/*', false],
    ['arn:aws:s3:::*/private/*', true],
    ['arn:aws:kms:us-east-1:1:key/*', true],
    ['arn:aws:kms:us-east-1:1:key/1234', false],
    ['arn:aws:dynamodb:us-east-1:1:table/orders*', false],
    ['not-an-arn', false],
  ])('%s names every resource of its type: %s', (resource, expected) => {
    expect(coversAllOfType(resource)).toBe(expected);
  });
});

describe('candidate and statement flags', () => {
  const res = (arn: string, sources: CandidateResource['sources']): CandidateResource => ({
    arn,
    kind: arn === '*' ? 'wildcard' : 'observed',
    sources,
    count: 1,
    denied: 0,
  });

  it('judges a candidate on what was observed, not on the current policy’s *', () => {
    const c = {
      action: 's3:GetObject',
      resources: [res('arn:aws:s3:::media/a', ['xray']), res('*', ['current-policy'])],
    };
    expect(candidateRisks(c)).toEqual([]);
    expect(candidateRisks({ ...c, resources: [res('*', ['current-policy'])] }).map((f) => f.code)).toEqual([
      'data-access',
      'wildcard-resource',
    ]);
  });

  it('mergeCandidates flags the candidates, combinations included', () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;
    const cs = mergeCandidates(
      aggregateEvidence([
        { source: 'cloudtrail', action: 'lambda:UpdateFunctionCode', resource: fn, count: 2 },
        {
          source: 'cloudtrail',
          action: 'iam:PassRole',
          resource: ROLE,
          count: 1,
          inferredReason: 'CreateFunction',
        },
        { source: 'cloudtrail', action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::b', count: 1 },
      ]),
    );
    expect(Object.fromEntries(cs.map((c) => [c.action, c.risks.map((r) => r.code)]))).toEqual({
      'iam:PassRole': ['pass-role'],
      'lambda:UpdateFunctionCode': ['privilege-escalation'],
      's3:PutBucketPolicy': ['resource-exposure'],
    });
  });

  it('merges the wildcard lines of a statement into one', () => {
    expect(
      statementRisks(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DescribeLimits'], ['*']),
    ).toEqual([
      {
        code: 'wildcard-resource',
        reason: 'resource * although dynamodb:GetItem, dynamodb:PutItem support resource ARNs',
      },
    ]);
  });

  it('buildPolicyModel flags statements on their own resources and the whole policy', () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;
    const candidates = mergeCandidates(
      aggregateEvidence([
        { source: 'cloudtrail', action: 'lambda:UpdateFunctionCode', resource: fn, count: 2 },
        { source: 'cloudtrail', action: 'iam:PassRole', resource: '*', count: 1 },
      ]),
    );
    const model = buildPolicyModel({
      role: { arn: ROLE, name: 'app', account: ACCOUNT, partition: 'aws' },
      sources: [],
      candidates,
      decisions: { 'lambda:UpdateFunctionCode': 'accepted', 'iam:PassRole': 'accepted' },
    });
    expect(model.statements.map((s) => [s.actions, s.risks.map((r) => r.code)])).toEqual([
      [['iam:PassRole'], ['privilege-escalation', 'wildcard-resource']],
      [['lambda:UpdateFunctionCode'], ['privilege-escalation']],
    ]);
  });
});
