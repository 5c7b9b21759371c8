import { describe, expect, it } from 'vitest';
import { generalizeGeneratedName, generalizeObjectArns } from '../../src/core/generalize.js';

describe('generalizeObjectArns', () => {
  it.each([
    [
      'keys under one folder',
      ['arn:aws:s3:::b/private/u-1/a.png', 'arn:aws:s3:::b/private/u-2/b.png'],
      ['arn:aws:s3:::b/private/*'],
    ],
    ['keys with no common folder', ['arn:aws:s3:::b/a.txt', 'arn:aws:s3:::b/b.txt'], ['arn:aws:s3:::b/*']],
    ['a single key stays exact', ['arn:aws:s3:::b/private/a.png'], ['arn:aws:s3:::b/private/a.png']],
    [
      'buckets apart',
      ['arn:aws:s3:::b/x/1', 'arn:aws:s3:::b/x/2', 'arn:aws:s3:::c/y/1'],
      ['arn:aws:s3:::b/x/*', 'arn:aws:s3:::c/y/1'],
    ],
    [
      'non-object resources untouched',
      [
        'arn:aws:s3:::b',
        'arn:aws:dynamodb:us-east-1:1:table/notes',
        'arn:aws:s3:::${BucketName}/${ObjectName}',
      ],
      [
        'arn:aws:s3:::${BucketName}/${ObjectName}',
        'arn:aws:s3:::b',
        'arn:aws:dynamodb:us-east-1:1:table/notes',
      ],
    ],
    ['the partition is kept', ['arn:aws-cn:s3:::b/d/1', 'arn:aws-cn:s3:::b/d/2'], ['arn:aws-cn:s3:::b/d/*']],
  ])('%s', (_name, input, expected) => {
    expect(generalizeObjectArns(input).sort()).toEqual([...expected].sort());
  });
});

describe('generalizeGeneratedName', () => {
  const group = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn';
  it.each([
    ['logs:CreateLogStream', `${group}:log-stream:2026/11/02/[$LATEST]ab12`, `${group}:log-stream:*`],
    ['logs:CreateLogGroup', `${group}`, `${group}`],
    [
      'dynamodb:GetItem',
      'arn:aws:dynamodb:us-east-1:1:table/notes',
      'arn:aws:dynamodb:us-east-1:1:table/notes',
    ],
  ])('%s on %s → %s', (action, arn, expected) => {
    expect(generalizeGeneratedName(action, arn)).toBe(expected);
  });
});
