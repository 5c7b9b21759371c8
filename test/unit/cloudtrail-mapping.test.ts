import { describe, expect, it } from 'vitest';
import { callerOf, record, rows, type Row } from './cloudtrail-invictus.js';
import { serviceExists } from '../../src/catalog/catalog.js';
import {
  EVENT_SOURCE_EXCEPTIONS,
  deniedActionFromMessage,
  evidenceFromRecord,
  isDenied,
  prefixForEventSource,
  stripApiVersion,
} from '../../src/sources/cloudtrail/index.js';

describe('eventSource → IAM prefix', () => {
  it.each(Object.entries(EVENT_SOURCE_EXCEPTIONS))(
    '%s.amazonaws.com → %s (a catalogue service)',
    (host, prefix) => {
      expect(prefixForEventSource(`${host}.amazonaws.com`)).toEqual({ prefix, known: true });
      expect(serviceExists(prefix)).toBe(true);
    },
  );
  it.each([
    ['s3.amazonaws.com', 's3', true],
    ['lambda.amazonaws.com', 'lambda', true],
    ['resource-explorer-2.amazonaws.com', 'resource-explorer-2', true],
    ['sts.amazonaws.com.cn', 'sts', true],
    ['notaservice.amazonaws.com', 'notaservice', false],
  ])('%s → %s (known: %s)', (source, prefix, known) => {
    expect(prefixForEventSource(source)).toEqual({ prefix, known });
  });
});

describe('eventName API version suffixes', () => {
  it.each([
    ['GetFunction20150331v2', 'GetFunction'],
    ['CreateFunction20150331', 'CreateFunction'],
    ['UpdateFunctionCode20150331v2', 'UpdateFunctionCode'],
    ['AddPermission20150331v2', 'AddPermission'],
    ['ListVersionsByFunction20150331', 'ListVersionsByFunction'],
    ['TagResource20170331v2', 'TagResource'],
    ['GetDistribution2020_05_31', 'GetDistribution'],
    ['ListObjectsV2', 'ListObjectsV2'],
    ['GetObject', 'GetObject'],
    ['Invoke', 'Invoke'],
  ])('%s → %s', (name, op) => expect(stripApiVersion(name)).toBe(op));
});

describe('denials', () => {
  it.each([
    ['AccessDenied', undefined, true],
    ['AccessDeniedException', undefined, true],
    ['Client.UnauthorizedOperation', undefined, true],
    ['UnauthorizedOperation', undefined, true],
    ['accessdenied', undefined, true],
    ['ThrottlingException', undefined, false],
    ['NoSuchBucketPolicy', undefined, false],
    ['Client.InvalidParameterValue', undefined, false],
    ['SomeNewCode', 'User: x is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k', true],
    [undefined, undefined, false],
  ])('%s → denied %s', (code, message, denied) => expect(isDenied(code, message)).toBe(denied));

  it.each([
    [
      'User: arn:aws:iam::123837392027:user/bert-jan is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123837392027:role/stratus-red-team-leave-org-role',
      {
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::123837392027:role/stratus-red-team-leave-org-role',
      },
    ],
    [
      'User: u is not authorized to perform: organizations:LeaveOrganization on resource: * because no identity-based policy allows it',
      { action: 'organizations:LeaveOrganization', resource: '*' },
    ],
    [
      'User: u is not authorized to perform: iam:passrole on resource: "arn:aws:iam::1:role/r".',
      { action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/r' },
    ],
    ['You are not authorized to perform this operation.', undefined],
  ])('message %# names the refused action', (message, expected) => {
    expect(deniedActionFromMessage(message)).toEqual(expected);
  });
});

describe('real invictus records → evidence', () => {
  const fn = 'arn:aws:lambda:us-east-1:123837392027:function:stratus-red-team-backdoor-f-func';
  const cases: { name: string; id: string; rows: Row[] }[] = [
    {
      name: 's3 ListBuckets → ListAllMyBuckets',
      id: '44a42357-fa38-4c9c-a58c-709254a857f7',
      rows: [['s3:ListAllMyBuckets', '*', 1, 0]],
    },
    {
      name: 'monitoring → cloudwatch',
      id: '3d34e888-731a-44cd-8a74-a6d244d1f3d5',
      rows: [
        ['cloudwatch:DescribeAlarms', 'arn:aws:cloudwatch:us-east-1:123837392027:alarm:${AlarmName}', 1, 0],
      ],
    },
    {
      name: 'lambda GetFunction20150331v2',
      id: 'eaced50d-35b0-4cc7-b46a-f2e8b80e872e',
      rows: [['lambda:GetFunction', fn, 1, 0]],
    },
    {
      name: 'lambda ListVersionsByFunction20150331',
      id: '257d0fa5-5f8b-4b6e-a6a3-2854deeed298',
      rows: [['lambda:ListVersionsByFunction', fn, 1, 0]],
    },
    {
      name: 'lambda AddPermission20150331v2',
      id: 'b1f37249-bb39-4b9c-a302-e6d0f807d70c',
      rows: [['lambda:AddPermission', fn, 1, 0]],
    },
    {
      name: 'lambda UpdateFunctionCode20150331v2 by function ARN (not the published version)',
      id: '0ea8187c-26a8-425d-8daf-48479996e44d',
      rows: [
        [
          'lambda:UpdateFunctionCode',
          'arn:aws:lambda:us-east-1:123837392027:function:stratus-red-team-olc-func-xhfgzaowxc',
          1,
          0,
        ],
      ],
    },
    {
      name: 'lambda CreateFunction20150331 + inferred iam:PassRole',
      id: '2e15203f-d196-441a-adeb-794b195b4a28',
      rows: [
        ['lambda:CreateFunction', fn, 1, 0],
        ['iam:PassRole', 'arn:aws:iam::123837392027:role/stratus-red-team-backdoor-f-lambda', 1, 0],
      ],
    },
    {
      name: 'CreateFunction failing validation: allowed, but PassRole not proven',
      id: '2b7c36ee-1525-45a4-b58a-dc1a828d2c7f',
      rows: [
        [
          'lambda:CreateFunction',
          'arn:aws:lambda:us-east-1:123837392027:function:stratus-red-team-olc-func-xhfgzaowxc',
          1,
          0,
        ],
      ],
    },
    {
      name: 'sts:AssumeRole on the role ARN',
      id: '4bd2a6f6-dddc-49e6-ba7d-08f73e809e64',
      rows: [
        [
          'sts:AssumeRole',
          'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role',
          1,
          0,
        ],
      ],
    },
    {
      name: 'sts:AssumeRole AccessDenied: resource from the message',
      id: 'e4bad408-6272-4892-bf47-bd41b435ce40',
      rows: [
        [
          'sts:AssumeRole',
          'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role',
          0,
          1,
        ],
      ],
    },
    {
      name: 'ec2 Client.UnauthorizedOperation',
      id: 'fbd91225-39aa-4c00-822c-9f0b96e7758f',
      rows: [['ec2:GetPasswordData', 'arn:aws:ec2:us-east-1:123837392027:instance/i-durz4ux740gjqvcm', 0, 1]],
    },
    {
      name: 'organizations AccessDenied',
      id: 'be7f89b5-d456-4423-b3e6-0fb0b19bad7c',
      rows: [['organizations:LeaveOrganization', '*', 0, 1]],
    },
    {
      name: 'ce AccessDenied',
      id: 'c2774e69-ba15-4839-8809-0eba34df2ff3',
      rows: [['ce:GetCostForecast', 'arn:aws:billing::123837392027:billingview/${ResourceId}', 0, 1]],
    },
    {
      name: 'ThrottlingException still proves the permission',
      id: '111f1ab1-d904-4aab-bc84-95b9ad3b3357',
      rows: [
        [
          'ssm:PutParameter',
          'arn:aws:ssm:us-east-1:123837392027:parameter/${ParameterNameWithoutLeadingSlash}',
          1,
          0,
        ],
      ],
    },
    {
      name: 'NoSuchBucketPolicy still proves the permission',
      id: 'ff741115-0fc8-4191-aab3-5e3a26fe0a89',
      rows: [['s3:GetBucketPolicyStatus', 'arn:aws:s3:::invictus-aws-2022-10-27-e0xdv', 1, 0]],
    },
    {
      name: 's3 GetBucketLifecycle → GetLifecycleConfiguration',
      id: '0aba48a0-49f4-4bbd-ab3f-6c75c8efb1ce',
      rows: [['s3:GetLifecycleConfiguration', 'arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk', 1, 0]],
    },
    {
      name: 's3 GetBucketCors → catalogue casing GetBucketCORS',
      id: '61b38ec9-0b96-44c4-a90b-d5a79439503e',
      rows: [['s3:GetBucketCORS', 'arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk', 1, 0]],
    },
    {
      name: 'iam CreateRole with its path',
      id: 'ff709962-49b6-494d-8198-cdf0f7e8e666',
      rows: [
        [
          'iam:CreateRole',
          'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role',
          1,
          0,
        ],
      ],
    },
    {
      name: 'iam PutRolePolicy by role name',
      id: '6c1eed73-00ee-4810-8009-c9ce5990c100',
      rows: [
        [
          'iam:PutRolePolicy',
          'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role',
          1,
          0,
        ],
      ],
    },
    {
      name: 'logs CreateLogGroup',
      id: 'a46276b9-dd85-4736-b9df-6210c69aa8e7',
      rows: [
        [
          'logs:CreateLogGroup',
          'arn:aws:logs:us-east-1:123837392027:log-group:/stratus-red-team/vpc-flow-logs',
          1,
          0,
        ],
      ],
    },
    {
      name: 'servicecatalog-appregistry → servicecatalog',
      id: '0804d897-4cba-44ba-8ac4-42b83c2e9099',
      rows: [['servicecatalog:ListApplications', '*', 1, 0]],
    },
    {
      name: 'sts GetCallerIdentity',
      id: 'c51ec284-c59d-4e86-8dc2-a81867b807be',
      rows: [['sts:GetCallerIdentity', '*', 1, 0]],
    },
    {
      name: 'unknown S3 internal call stays unmapped',
      id: '14ff525a-1809-4b51-ba87-ff07973db7ba',
      rows: [['s3:GetStorageLensDashboardDataInternal', undefined, 1, 0]],
    },
    { name: 'AwsServiceEvent is no permission', id: '895dc875-cb08-45a5-b8c2-9158838741c0', rows: [] },
    { name: 'AwsConsoleSignIn is no permission', id: '70e5932e-9022-4b38-837e-ca10dad94eb7', rows: [] },
  ];
  it.each(cases)('$name', ({ id, rows: expected }) => expect(rows(record(id))).toEqual(expected));

  it('marks calls that need no permission, unmapped calls, and the reason of inferred ones', () => {
    const [caller] = evidenceFromRecord(
      record('c51ec284-c59d-4e86-8dc2-a81867b807be'),
      callerOf(record('c51ec284-c59d-4e86-8dc2-a81867b807be')),
    );
    expect(caller).toMatchObject({
      noPermissionNeeded: true,
      samples: ['c51ec284-c59d-4e86-8dc2-a81867b807be'],
    });
    const r = record('14ff525a-1809-4b51-ba87-ff07973db7ba');
    expect(evidenceFromRecord(r, callerOf(r))[0]).toMatchObject({
      unmapped: true,
      raw: { service: 's3.amazonaws.com', operation: 'GetStorageLensDashboardDataInternal' },
    });
    const create = record('2e15203f-d196-441a-adeb-794b195b4a28');
    const pass = evidenceFromRecord(create, callerOf(create)).find((e) => e.action === 'iam:PassRole');
    expect(pass?.inferredReason).toMatch(
      /lambda:CreateFunction passed this role \(requestParameters\.role\)/,
    );
    expect(pass).toMatchObject({
      firstSeen: create.eventTime,
      lastSeen: create.eventTime,
      region: 'us-east-1',
      account: '123837392027',
    });
  });
});
