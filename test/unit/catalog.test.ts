import { describe, expect, it } from 'vitest';
import {
  canonicalAction,
  expandActionPattern,
  fillTemplate,
  lookupAction,
  resourceTypeFor,
  serviceExists,
} from '../../src/catalog/catalog.js';

describe('catalog', () => {
  it.each([
    ['s3:getobject', 's3:GetObject'],
    ['DYNAMODB:GetItem', 'dynamodb:GetItem'],
    ['lambda:invokefunction', 'lambda:InvokeFunction'],
    ['iam:passrole', 'iam:PassRole'],
  ])('canonicalises %s to %s', (input, expected) => {
    expect(canonicalAction(input)).toBe(expected);
  });

  it.each(['s3:HeadObject', 'dynamodb:TransactWriteItems', 'sqs:SendMessageBatch', 'nosuch:Thing', 'bad'])(
    'knows %s is not an IAM action',
    (input) => {
      expect(canonicalAction(input)).toBeUndefined();
    },
  );

  it('knows services', () => {
    expect(serviceExists('cloudwatch')).toBe(true);
    expect(serviceExists('monitoring')).toBe(false);
  });

  it('reports access level and wildcard-only actions', () => {
    expect(lookupAction('s3:ListAllMyBuckets')).toMatchObject({ accessLevel: 'List', wildcardOnly: true });
    expect(lookupAction('dynamodb:PutItem')).toMatchObject({ accessLevel: 'Write', wildcardOnly: false });
  });

  it('expands wildcards case-insensitively', () => {
    const gets = expandActionPattern('s3:get*').map((a) => a.action);
    expect(gets).toContain('s3:GetObject');
    expect(gets).not.toContain('s3:PutObject');
    expect(expandActionPattern('dynamodb:*').length).toBeGreaterThan(30);
  });

  it('picks the resource type whose template matches the ARN', () => {
    const getObject = lookupAction('s3:GetObject')!;
    expect(resourceTypeFor(getObject, 'arn:aws:s3:::bucket/key.txt')).toMatchObject({ name: 'object' });
    const query = lookupAction('dynamodb:Query')!;
    expect(
      resourceTypeFor(query, 'arn:aws:dynamodb:us-east-1:123456789012:table/notes/index/byUser')?.name,
    ).toBe('index');
    expect(resourceTypeFor(query, 'arn:aws:dynamodb:us-east-1:123456789012:table/notes')?.name).toBe('table');
  });

  it('fills templates, keeping unknowns as placeholders', () => {
    expect(
      fillTemplate('arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', {
        Partition: 'aws',
        Region: 'us-east-1',
        Account: '123456789012',
      }),
    ).toBe('arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}');
  });
});
