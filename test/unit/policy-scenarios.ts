// Two demo-account reviews, end to end through the engine, shared by the policy model
// and renderer tests (and their golden files). Evidence for X-Ray and CloudTrail is
// written here in the shape those readers emit; IAM and Access Analyzer come from demo/.
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel, type PolicyModelInput } from '../../src/core/policy-model.js';
import type { EvidenceInput, PolicyModel, RoleDetail } from '../../src/core/types.js';
import { readGeneratedPolicies, readUnusedFindings } from '../../src/sources/access-analyzer/index.js';
import { readAuthorizationDetails } from '../../src/sources/iam/index.js';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/notes`;
const ATTACHMENTS = 'arn:aws:s3:::notes-app-attachments-prod';
const DEPLOY_BUCKET = 'arn:aws:s3:::notes-app-serverlessdeploymentbucket-1a2b3c4d';
const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/notes-app-api-prod/5e1f0a20-b8c4-11f0-9a3e-0a1b2c3d4e5f`;
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T23:59:59.000Z' };
const FIXED = { generatedAt: '2026-11-21T09:30:00.000Z', toolVersion: '0.1.0' };

async function roleDetail(name: string): Promise<RoleDetail> {
  const details = await readAuthorizationDetails('demo/authorization-details.json');
  return details.roles.find((r) => r.name === name)!;
}

export interface Scenario {
  input: PolicyModelInput;
  model: PolicyModel;
}

export async function deleteRoleScenario(): Promise<Scenario> {
  const detail = await roleDetail('notes-app-api-prod-delete-us-east-1-lambdaRole');
  const role = roleRefFromArn(detail.arn)!;
  const observed: EvidenceInput[] = [
    {
      source: 'xray',
      action: 'dynamodb:DeleteItem',
      resource: TABLE,
      count: 412,
      firstSeen: '2026-11-02T08:01:12Z',
      lastSeen: '2026-11-20T17:42:08Z',
      samples: ['1-6745a1b0-3f9e2c1d4b5a697887766554'],
    },
    {
      source: 'xray',
      action: 's3:DeleteObject',
      resource: `${ATTACHMENTS}/private/us-east-1:7c0d/note-41.png`,
      count: 57,
      firstSeen: '2026-11-03T10:00:00Z',
      lastSeen: '2026-11-19T22:10:00Z',
    },
    {
      source: 'xray',
      action: 's3:DeleteObject',
      resource: `${ATTACHMENTS}/private/us-east-1:9a2e/scan.pdf`,
      count: 3,
      firstSeen: '2026-11-05T10:00:00Z',
      lastSeen: '2026-11-05T10:00:01Z',
    },
    {
      source: 'cloudtrail',
      action: 'dynamodb:DeleteItem',
      resource: TABLE,
      count: 3,
      firstSeen: '2026-11-10T12:00:00Z',
      lastSeen: '2026-11-10T12:05:00Z',
    },
  ];
  const unused = await readUnusedFindings(['demo/access-analyzer/findings-notes-app-api-prod-delete.json'], {
    role,
  });
  const candidates = mergeCandidates(aggregateEvidence([...observed, ...unused]), detail);
  const input: PolicyModelInput = {
    role,
    window: WINDOW,
    sources: ['X-Ray traces', 'CloudTrail events', 'Access Analyzer unused-access findings'],
    candidates,
    decisions: {
      'dynamodb:DeleteItem': 'accepted',
      'dynamodb:GetItem': 'rejected',
      's3:DeleteObject': 'accepted',
      'logs:CreateLogStream': 'accepted',
      'logs:PutLogEvents': 'accepted',
      'xray:PutTraceSegments': 'accepted',
      'xray:PutTelemetryRecords': 'accepted',
    },
    resourceChoices: { 's3:DeleteObject': [`${ATTACHMENTS}/private/*`] },
    comments: {
      byAction: {
        's3:DeleteObject': 'Deletes the attachments of a note.\nOnly under private/, where users upload.',
        'dynamodb:GetItem': 'Never used: reported by Access Analyzer.',
      },
      rationaleByAction: {
        'logs:CreateLogStream': 'The Lambda runtime writes the function logs with this role.',
        'logs:PutLogEvents': 'The Lambda runtime writes the function logs with this role.',
        'xray:PutTelemetryRecords': 'Active tracing: the runtime sends segments.',
        'xray:PutTraceSegments': 'Active tracing: the runtime sends segments.',
      },
    },
    ...FIXED,
  };
  return { input, model: buildPolicyModel(input) };
}

export async function deployerScenario(): Promise<Scenario> {
  const detail = await roleDetail('serverless-deployer');
  const role = roleRefFromArn(detail.arn)!;
  const generated = await readGeneratedPolicies(
    ['demo/access-analyzer/generated-policy-serverless-deployer.json'],
    {
      role,
    },
  );
  const trail: EvidenceInput[] = [
    {
      source: 'cloudtrail',
      action: 'cloudformation:CreateStack',
      resource: STACK,
      count: 1,
      firstSeen: '2026-11-02T10:00:05Z',
      lastSeen: '2026-11-02T10:00:05Z',
    },
    {
      source: 'cloudtrail',
      action: 'cloudformation:UpdateStack',
      resource: STACK,
      count: 6,
      firstSeen: '2026-11-04T09:12:00Z',
      lastSeen: '2026-11-18T15:20:44Z',
    },
    {
      source: 'cloudtrail',
      action: 'cloudformation:DeleteStack',
      resource: STACK,
      count: 1,
      firstSeen: '2026-11-20T16:05:51Z',
      lastSeen: '2026-11-20T16:05:51Z',
    },
    {
      source: 'cloudtrail',
      action: 'cloudformation:DescribeStacks',
      resource: STACK,
      count: 88,
      firstSeen: '2026-11-02T10:00:06Z',
      lastSeen: '2026-11-20T16:07:02Z',
    },
    {
      source: 'cloudtrail',
      action: 's3:CreateBucket',
      resource: DEPLOY_BUCKET,
      count: 1,
      firstSeen: '2026-11-02T09:59:58Z',
      lastSeen: '2026-11-02T09:59:58Z',
    },
    {
      source: 'cloudtrail',
      action: 's3:PutObject',
      resource: `${DEPLOY_BUCKET}/serverless/notes-app-api/prod/1762077600000-2026-11-02T10:00:00.000Z/compiled-cloudformation-template.json`,
      count: 7,
      firstSeen: '2026-11-02T10:00:01Z',
      lastSeen: '2026-11-18T15:20:40Z',
    },
    {
      source: 'cloudtrail',
      action: 's3:ListBucket',
      resource: DEPLOY_BUCKET,
      count: 7,
      firstSeen: '2026-11-02T10:00:00Z',
      lastSeen: '2026-11-18T15:20:39Z',
    },
    {
      source: 'cloudtrail',
      action: 'iam:CreatePolicy',
      resource: `arn:aws:iam::${ACCOUNT}:policy/notes-app-api-prod-extra`,
      count: 0,
      denied: 1,
      firstSeen: '2026-11-04T09:13:00Z',
      lastSeen: '2026-11-04T09:13:00Z',
    },
    {
      source: 'cloudtrail',
      action: 'organizations:DescribeOrganization',
      count: 0,
      denied: 2,
      firstSeen: '2026-11-02T09:59:50Z',
      lastSeen: '2026-11-04T09:11:58Z',
    },
    {
      source: 'cloudtrail',
      action: 'iam:PassRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/notes-app-api-prod-create-us-east-1-lambdaRole`,
      count: 1,
      inferredReason: 'lambda:CreateFunction passes the execution role',
    },
  ];
  const candidates = mergeCandidates(aggregateEvidence([...generated, ...trail]), detail);
  const accept = (c: (typeof candidates)[number]) =>
    c.totalCount > 0 && !c.deniedOnly && !c.noPermissionNeeded && !c.unmapped && !c.serviceLevelOnly;
  const input: PolicyModelInput = {
    role,
    window: WINDOW,
    sources: ['CloudTrail events', 'Access Analyzer generated policy'],
    candidates,
    decisions: Object.fromEntries(candidates.filter(accept).map((c) => [c.action, 'accepted'])),
    resourceChoices: {
      's3:PutObject': [`${DEPLOY_BUCKET}/serverless/notes-app-api/*`],
    },
    fills: {
      FunctionName: 'notes-app-api-prod-*',
      '${RoleNameWithPath}': 'notes-app-api-prod-*-lambdaRole',
      LogGroupName: '/aws/lambda/notes-app-api-prod-*',
    },
    comments: { byAction: { 'iam:PassRole': 'Serverless hands each function its execution role.' } },
    ...FIXED,
  };
  return { input, model: buildPolicyModel(input) };
}
