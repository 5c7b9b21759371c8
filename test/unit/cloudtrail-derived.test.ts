// Mapping of calls the public datasets do not hold: real invictus records with some
// fields changed (S3 exceptions, Lambda Invoke, DynamoDB Streams, PassRole inference).
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/sources/cloudtrail/index.js';
import { record, rows, type Row } from './cloudtrail-invictus.js';

/** A real record with some fields changed, for calls the public datasets do not hold. */
function derived(id: string, change: Partial<CloudTrailRecord>): CloudTrailRecord {
  return { ...structuredClone(record(id)), ...change };
}

describe('derived records: operations missing from the datasets', () => {
  const s3Id = '61b38ec9-0b96-44c4-a90b-d5a79439503e'; // GetBucketCors by an IAM user
  const bucket = 'stratus-red-team-ctes-bucket-qyxyekjbtk';
  const ok = { errorCode: undefined, errorMessage: undefined };
  const cases: { name: string; change: Partial<CloudTrailRecord>; rows: Row[] }[] = [
    {
      name: 'S3 ListObjects → ListBucket',
      change: { ...ok, eventName: 'ListObjects' },
      rows: [['s3:ListBucket', `arn:aws:s3:::${bucket}`, 1, 0]],
    },
    {
      name: 'S3 HeadBucket → ListBucket',
      change: { ...ok, eventName: 'HeadBucket' },
      rows: [['s3:ListBucket', `arn:aws:s3:::${bucket}`, 1, 0]],
    },
    {
      name: 'S3 HeadObject with a version → GetObjectVersion on the object',
      change: {
        ...ok,
        eventName: 'HeadObject',
        resources: [],
        requestParameters: { bucketName: bucket, key: 'a/b.txt', versionId: 'v1' },
      },
      rows: [['s3:GetObjectVersion', `arn:aws:s3:::${bucket}/a/b.txt`, 1, 0]],
    },
    {
      name: 'S3 CopyObject → PutObject on the target, GetObject on the source',
      change: {
        ...ok,
        eventName: 'CopyObject',
        resources: [],
        requestParameters: { bucketName: bucket, key: 'new', 'x-amz-copy-source': 'src-bucket/old%20key' },
      },
      rows: [
        ['s3:PutObject', `arn:aws:s3:::${bucket}/new`, 1, 0],
        ['s3:GetObject', 'arn:aws:s3:::src-bucket/old key', 1, 0],
      ],
    },
    {
      name: 'Lambda data event Invoke → InvokeFunction',
      change: {
        ...ok,
        eventSource: 'lambda.amazonaws.com',
        eventName: 'Invoke',
        resources: [],
        requestParameters: { functionName: 'arn:aws:lambda:us-east-1:123837392027:function:orders' },
      },
      rows: [['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123837392027:function:orders', 1, 0]],
    },
    {
      name: 'DynamoDB Streams GetRecords → dynamodb',
      change: {
        ...ok,
        eventSource: 'streams.dynamodb.amazonaws.com',
        eventName: 'GetRecords',
        resources: [],
        requestParameters: {},
      },
      rows: [
        [
          'dynamodb:GetRecords',
          'arn:aws:dynamodb:us-east-1:123837392027:table/${TableName}/stream/${StreamLabel}',
          1,
          0,
        ],
      ],
    },
    {
      name: 'email → ses',
      change: {
        ...ok,
        eventSource: 'email.amazonaws.com',
        eventName: 'GetSendQuota',
        resources: [],
        requestParameters: null,
      },
      rows: [['ses:GetSendQuota', '*', 1, 0]],
    },
    {
      // The stack id is made by the call: CreateStack is checked on stack/NAME/* (the
      // CloudFormation IAM examples grant `stack/name/*`), never on one run's id.
      name: 'CloudFormation CreateStack with a service role → PassRole, stack/NAME/* for the new id',
      change: {
        ...ok,
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'CreateStack',
        readOnly: false,
        resources: [],
        requestParameters: { stackName: 'app', roleARN: 'arn:aws:iam::123837392027:role/cfn-exec' },
        responseElements: { stackId: 'arn:aws:cloudformation:us-east-1:123837392027:stack/app/0f1e' },
      },
      rows: [
        ['cloudformation:CreateStack', 'arn:aws:cloudformation:us-east-1:123837392027:stack/app/*', 1, 0],
        ['iam:PassRole', 'arn:aws:iam::123837392027:role/cfn-exec', 1, 0],
      ],
    },
    {
      name: 'CloudFormation DescribeStacks by name: the stack id stays a placeholder',
      change: {
        ...ok,
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'DescribeStacks',
        readOnly: true,
        resources: [],
        requestParameters: { stackName: 'app' },
      },
      rows: [
        [
          'cloudformation:DescribeStacks',
          'arn:aws:cloudformation:us-east-1:123837392027:stack/app/${Id}',
          1,
          0,
        ],
      ],
    },
    {
      name: 'ECS RunTask overriding the task role → PassRole',
      change: {
        ...ok,
        eventSource: 'ecs.amazonaws.com',
        eventName: 'RunTask',
        readOnly: false,
        resources: [],
        requestParameters: {
          taskDefinition: 'worker:3',
          overrides: { taskRoleArn: 'arn:aws:iam::123837392027:role/worker-task' },
        },
      },
      rows: [
        [
          'ecs:RunTask',
          // API_RunTask: taskDefinition is `family:revision`, so the record names the ARN's parts.
          'arn:aws:ecs:us-east-1:123837392027:task-definition/worker:3',
          1,
          0,
        ],
        ['iam:PassRole', 'arn:aws:iam::123837392027:role/worker-task', 1, 0],
      ],
    },
    {
      name: 'IAM CreatePolicy with a path: PolicyNameWithPath from path + name',
      change: {
        ...ok,
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicy',
        resources: [],
        requestParameters: { policyName: 'notes-invoke', path: '/app/', policyDocument: '{}' },
        responseElements: null,
      },
      rows: [['iam:CreatePolicy', 'arn:aws:iam::123837392027:policy/app/notes-invoke', 1, 0]],
    },
    {
      name: 'CreateFunction denied on iam:PassRole → the denial is PassRole',
      change: {
        errorCode: 'AccessDeniedException',
        errorMessage:
          'User: arn:aws:iam::123837392027:user/benjamin is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123837392027:role/admin',
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunction20150331',
        resources: [],
        requestParameters: null,
      },
      rows: [['iam:PassRole', 'arn:aws:iam::123837392027:role/admin', 0, 1]],
    },
  ];
  it.each(cases)('$name', ({ change, rows: expected }) => {
    const r = derived(s3Id, change);
    expect(rows(r)).toEqual(expected);
  });
});
