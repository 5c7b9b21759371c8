import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { matchTemplate, placeholderSuggestions } from '../../src/core/placeholders.js';
import { deployerScenario } from './policy-scenarios.js';

describe('matchTemplate', () => {
  it.each([
    [
      'arn:aws:lambda:us-east-1:123456789012:function:${FunctionName}',
      'arn:aws:lambda:us-east-1:123456789012:function:notes-app-api-prod-create',
      { FunctionName: 'notes-app-api-prod-create' },
    ],
    [
      'arn:aws:cloudformation:us-east-1:123456789012:stack/${StackName}/${Id}',
      'arn:aws:cloudformation:us-east-1:123456789012:stack/notes-app-api-prod/5e1f0a20-b8c4',
      { StackName: 'notes-app-api-prod', Id: '5e1f0a20-b8c4' },
    ],
    [
      'arn:aws:s3:::${BucketName}/${ObjectName}',
      'arn:aws:s3:::b/private/u-1/a.png',
      { BucketName: 'b', ObjectName: 'private/u-1/a.png' },
    ],
    ['arn:aws:s3:::${BucketName}', 'arn:aws:s3:::b/key', undefined],
    [
      'arn:aws:iam::1:role/${RoleNameWithPath}',
      'arn:aws:iam::1:role/ci/deployer',
      { RoleNameWithPath: 'ci/deployer' },
    ],
    ['arn:aws:s3:::home/${aws:username}/${Key}', 'arn:aws:s3:::home/${aws:username}/k', { Key: 'k' }],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:${FunctionName}',
      'arn:aws:lambda:eu-west-1:123456789012:function:f',
      undefined,
    ],
    ['arn:aws:s3:::fixed', 'arn:aws:s3:::fixed', undefined],
  ])('%s fits %s as %j', (template, arn, expected) => {
    expect(matchTemplate(template, arn)).toEqual(expected);
  });
});

describe('placeholderSuggestions', () => {
  it('suggests values from resources observed for other actions of the service', async () => {
    const { input } = await deployerScenario();
    const s = placeholderSuggestions(input.candidates);
    expect(s['${StackName}']).toEqual(['notes-app-api-prod']);
    expect(s['${Id}']).toEqual(['5e1f0a20-b8c4-11f0-9a3e-0a1b2c3d4e5f']);
    expect(s['${BucketName}']).toEqual(['notes-app-serverlessdeploymentbucket-1a2b3c4d']);
    expect(s['${RoleNameWithPath}']).toEqual(['notes-app-api-prod-create-us-east-1-lambdaRole']);
    expect(Object.keys(s)).toEqual([...Object.keys(s)].sort());
  });

  it('suggests nothing when nothing observed fits', () => {
    const cs = mergeCandidates(
      aggregateEvidence([
        {
          source: 'access-analyzer',
          action: 's3:CreateBucket',
          resource: 'arn:aws:s3:::${BucketName}',
          count: 1,
        },
        {
          source: 'xray',
          action: 'dynamodb:GetItem',
          resource: 'arn:aws:dynamodb:us-east-1:1:table/t',
          count: 1,
        },
      ]),
    );
    expect(placeholderSuggestions(cs)).toEqual({});
  });
});
