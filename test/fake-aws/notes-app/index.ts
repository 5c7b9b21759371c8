// The demo account (TEAM brief): the serverless notes app, stage prod, in 123456789012,
// as a fake-AWS scenario. Sizes are parameters so the bench can ask for 1,000 traces.
import type { FakeRole, Scenario } from '../scenario.js';
import { notesAppEvents } from './events.js';
import {
  ACCESS_ROLE,
  ACCOUNT,
  BUCKET,
  DEPLOYER,
  FUNCTIONS,
  REGION,
  TABLE,
  TRAIL_BUCKET,
  functionArn,
  functionName,
  roleArnOf,
  roleName,
  type FunctionKind,
} from './ids.js';
import { notesAppTraces } from './traces.js';
import { trailLogObjects } from './trail-logs.js';

export * from './ids.js';

export const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z' };
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** The notes table's stream, as the demo's event source mapping names it. */
export const STREAM_ARN = `${TABLE_ARN}/stream/2026-10-28T09:12:37.418`;

const GRANTS: Record<FunctionKind, [string[], string][]> = {
  create: [
    [['dynamodb:PutItem'], TABLE_ARN],
    [['s3:PutObject'], `arn:aws:s3:::${BUCKET}/private/*`],
  ],
  get: [
    [['dynamodb:GetItem'], TABLE_ARN],
    [['s3:GetObject'], `arn:aws:s3:::${BUCKET}/private/*`],
  ],
  list: [[['dynamodb:Query'], `${TABLE_ARN}/index/userId-index`]],
  update: [
    [['dynamodb:UpdateItem'], TABLE_ARN],
    [['s3:PutObject'], `arn:aws:s3:::${BUCKET}/private/*`],
  ],
  delete: [
    [['dynamodb:DeleteItem', 'dynamodb:GetItem'], TABLE_ARN],
    [['s3:DeleteObject'], `arn:aws:s3:::${BUCKET}/private/*`],
    // Its event source mapping reads the table's stream (demo/event-source-mappings.json).
    [
      ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'],
      STREAM_ARN,
    ],
  ],
};

function lambdaRole(f: FunctionKind): FakeRole {
  const logGroup = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${functionName(f)}:*`;
  return {
    RoleName: roleName(f),
    CreateDate: '2026-11-02T10:05:00Z',
    RoleLastUsed: { LastUsedDate: '2026-11-19T23:50:00Z', Region: REGION },
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    inline: {
      [`${functionName(f)}-lambda`]: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroup },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
          ...GRANTS[f].map(([Action, Resource]) => ({ Effect: 'Allow', Action, Resource })),
        ],
      },
    },
  };
}

export interface NotesAppOptions {
  tracesPerFunction?: number;
  deployCycles?: number;
  /** Filler roles (for role paging). */
  extraRoles?: number;
}

export function notesAppScenario(opts: NotesAppOptions = {}): Scenario {
  const events = notesAppEvents(opts.deployCycles ?? 6, WINDOW.start, WINDOW.end);
  const deleteRole = roleArnOf(roleName('delete'));
  const deployer = roleArnOf(DEPLOYER);
  const analyzer = `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/unused-access`;
  return {
    account: ACCOUNT,
    roles: [
      ...FUNCTIONS.map(lambdaRole),
      {
        RoleName: DEPLOYER,
        CreateDate: '2026-10-01T08:00:00Z',
        RoleLastUsed: { LastUsedDate: '2026-11-19T12:00:00Z', Region: REGION },
        attached: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      },
      { RoleName: ACCESS_ROLE, Path: '/service-role/' },
      ...Array.from({ length: opts.extraRoles ?? 0 }, (_, i) => ({
        RoleName: `filler-role-${String(i).padStart(4, '0')}`,
      })),
    ],
    managedPolicies: {
      [ADMIN]: {
        PolicyName: 'AdministratorAccess',
        DefaultVersionId: 'v1',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    },
    accessAdvisor: {
      [deleteRole]: [
        {
          ServiceName: 'Amazon DynamoDB',
          ServiceNamespace: 'dynamodb',
          LastAuthenticated: '2026-11-19T22:00:00Z',
          TotalAuthenticatedEntities: 1,
          TrackedActionsLastAccessed: [
            {
              ActionName: 'DeleteItem',
              LastAccessedTime: '2026-11-19T22:00:00Z',
              LastAccessedRegion: REGION,
            },
            { ActionName: 'GetItem' },
          ],
        },
        {
          ServiceName: 'Amazon S3',
          ServiceNamespace: 's3',
          LastAuthenticated: '2026-11-19T22:00:00Z',
          TotalAuthenticatedEntities: 1,
          TrackedActionsLastAccessed: [
            { ActionName: 'DeleteObject', LastAccessedTime: '2026-11-19T22:00:00Z' },
          ],
        },
        { ServiceName: 'AWS X-Ray', ServiceNamespace: 'xray', TotalAuthenticatedEntities: 0 },
      ],
    },
    accessAdvisorPolls: 1,
    lambdaFunctions: FUNCTIONS.map((f) => ({
      FunctionName: functionName(f),
      FunctionArn: functionArn(f),
      Role: roleArnOf(roleName(f)),
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${functionName(f)}` },
    })),
    // The delete function reads the table's stream (REMOVE records), as in the demo.
    eventSourceMappings: [
      {
        UUID: '5d3c1a8e-7b42-4f0e-9a61-2c8f0b7d4e19',
        FunctionArn: functionArn('delete'),
        EventSourceArn: STREAM_ARN,
        State: 'Enabled',
      },
    ],
    traces: notesAppTraces(opts.tracesPerFunction ?? 4, WINDOW.start, WINDOW.end),
    events,
    trails: [
      {
        Name: 'management-events',
        TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/management-events`,
        S3BucketName: TRAIL_BUCKET,
        S3KeyPrefix: 'trail',
        IsMultiRegionTrail: true,
        HomeRegion: REGION,
      },
    ],
    buckets: { [TRAIL_BUCKET]: trailLogObjects(events, { account: ACCOUNT, prefix: 'trail' }) },
    analyzers: [
      {
        arn: `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/external`,
        name: 'external',
        type: 'ACCOUNT',
      },
      { arn: analyzer, name: 'unused-access', type: 'ACCOUNT_UNUSED_ACCESS' },
    ],
    findings: [
      {
        analyzerArn: analyzer,
        id: 'a1b2c3d4-0000-4000-8000-00000000de1e',
        resource: deleteRole,
        findingType: 'UnusedPermission',
        findingDetails: [
          {
            unusedPermissionDetails: {
              serviceNamespace: 'dynamodb',
              actions: [{ action: 'GetItem' }],
              lastAccessed: '2026-11-19T22:00:00Z',
            },
          },
        ],
      },
    ],
    generatedPolicies: {
      [deployer]: {
        policies: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'SupportedServiceSid0',
                Effect: 'Allow',
                Action: [
                  'cloudformation:CreateStack',
                  'cloudformation:DeleteStack',
                  'cloudformation:DescribeStacks',
                  'cloudformation:UpdateStack',
                ],
                Resource: `arn:aws:cloudformation:\${Region}:\${Account}:stack/\${StackName}/\${Id}`,
              },
              {
                Sid: 'SupportedServiceSid1',
                Effect: 'Allow',
                Action: ['iam:CreateRole', 'iam:GetRole', 'iam:PutRolePolicy'],
                Resource: `arn:aws:iam::\${Account}:role/\${RoleNameWithPath}`,
              },
              {
                Sid: 'SupportedServiceSid2',
                Effect: 'Allow',
                Action: [
                  'cloudformation:ValidateTemplate',
                  'lambda:CreateFunction',
                  'lambda:GetFunction',
                  's3:CreateBucket',
                ],
                Resource: '*',
              },
            ],
          },
        ],
      },
    },
    policyGenerationPolls: 2,
  };
}
