import { describe, expect, it } from 'vitest';
import { globCovers, globOverlaps, globRegex } from '../../src/core/policy-glob.js';
import { arnPatternsOverlap } from '../../src/core/expand-resources.js';

describe('IAM pattern sets', () => {
  it.each([
    ['*', 'arn:aws:s3:::b/k', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/private/*', true],
    ['arn:aws:s3:::b/private/*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/x', true],
    ['arn:aws:dynamodb:*:*:table/*', 'arn:aws:dynamodb:us-east-1:1:table/notes', true],
    ['arn:aws:dynamodb:us-east-1:1:table/notes', 'arn:aws:dynamodb:us-east-1:1:table/notes', true],
    ['arn:aws:dynamodb:us-east-1:1:table/notes', 'arn:aws:dynamodb:us-east-1:1:table/*', false],
    // A Deny written with a policy variable never claims to cover a whole grant.
    ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/*', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(globCovers(outer, inner)).toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::a*', 'arn:aws:s3:::*b', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*', false],
    ['arn:aws:s3:::b/private/*', 'arn:aws:s3:::b/*.png', true],
    ['table/notes', 'table/notes', true],
    ['table/notes', 'table/note?', true],
    ['table/notes', 'table/other', false],
    // Catalogue variables read as wildcards; bucket names cannot hold a slash.
    ['arn:aws:s3:::${BucketName}', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:::b/*', true],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(globOverlaps(a, b)).toBe(expected);
    expect(globOverlaps(b, a)).toBe(expected);
  });

  it.each([
    ['s3:Get*', 's3:GetObject', true],
    ['S3:GET*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:?etObject', 's3:GetObject', true],
  ])('action pattern %s matches %s: %s', (pattern, action, expected) => {
    expect(globRegex(pattern, { ignoreCase: true }).test(action)).toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::b/*', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', false],
    [
      'arn:aws:dynamodb:*:*:table/*',
      'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
      true,
    ],
    ['arn:aws:*', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', true],
  ])('ARN %s can name a resource of %s: %s', (pattern, template, expected) => {
    expect(arnPatternsOverlap(pattern, template)).toBe(expected);
  });
});
