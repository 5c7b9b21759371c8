// CloudTrail records of the notes app's deployer role: deploy / update / remove cycles
// with a few AccessDenied, plus other principals' events that must not count.
import { ACCOUNT, DEPLOY_BUCKET, DEPLOYER, REGION, STAGE_PREFIX, hex, rng, roleArnOf, uuid } from './ids.js';

type Rec = Record<string, unknown>;

interface Step {
  source: string;
  name: string;
  params?: Rec;
  error?: string;
  readOnly?: boolean;
  region?: string;
}

const STACK = { stackName: STAGE_PREFIX };
const CYCLE: Step[] = [
  { source: 'cloudformation', name: 'ValidateTemplate', readOnly: true },
  { source: 's3', name: 'CreateBucket', params: { bucketName: DEPLOY_BUCKET } },
  { source: 'cloudformation', name: 'CreateStack', params: STACK },
  { source: 'cloudformation', name: 'DescribeStacks', params: STACK, readOnly: true },
  { source: 'cloudformation', name: 'DescribeStackEvents', params: STACK, readOnly: true },
  { source: 'iam', name: 'CreateRole', params: { roleName: `${STAGE_PREFIX}-get-${REGION}-lambdaRole` } },
  { source: 'iam', name: 'PutRolePolicy', params: { roleName: `${STAGE_PREFIX}-get-${REGION}-lambdaRole` } },
  {
    source: 'iam',
    name: 'GetRole',
    params: { roleName: `${STAGE_PREFIX}-get-${REGION}-lambdaRole` },
    readOnly: true,
  },
  { source: 'lambda', name: 'CreateFunction20150331', params: { functionName: `${STAGE_PREFIX}-get` } },
  {
    source: 'lambda',
    name: 'GetFunction20150331v2',
    params: { functionName: `${STAGE_PREFIX}-get` },
    readOnly: true,
  },
  { source: 'lambda', name: 'AddPermission20150331v2', params: { functionName: `${STAGE_PREFIX}-get` } },
  { source: 'logs', name: 'CreateLogGroup', params: { logGroupName: `/aws/lambda/${STAGE_PREFIX}-get` } },
  { source: 'iam', name: 'CreatePolicy', error: 'AccessDenied' },
  { source: 'organizations', name: 'DescribeOrganization', error: 'AccessDeniedException', readOnly: true },
  { source: 'cloudformation', name: 'UpdateStack', params: STACK },
  { source: 'lambda', name: 'UpdateFunctionCode20150331v2', params: { functionName: `${STAGE_PREFIX}-get` } },
  { source: 'cloudformation', name: 'DescribeStacks', params: STACK, readOnly: true, region: 'eu-west-1' },
  { source: 'cloudformation', name: 'DeleteStack', params: STACK },
  { source: 'logs', name: 'DeleteLogGroup', params: { logGroupName: `/aws/lambda/${STAGE_PREFIX}-get` } },
];

function identity(role: string, session: string): Rec {
  return {
    type: 'AssumedRole',
    principalId: `AROA${hex(rng(role.length), 17).toUpperCase()}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAFAKEEXAMPLE00001',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAFAKEEXAMPLE',
        arn: roleArnOf(role),
        accountId: ACCOUNT,
        userName: role,
      },
      attributes: { creationDate: '2026-11-02T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function record(step: Step, time: number, who: Rec, next: () => number): Rec {
  return {
    eventVersion: '1.09',
    userIdentity: who,
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${step.source}.amazonaws.com`,
    eventName: step.name,
    awsRegion: step.region ?? REGION,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'serverless/4.4.0 aws-sdk-nodejs/3.700.0',
    ...(step.error
      ? {
          errorCode: step.error,
          errorMessage: `User is not authorized to perform: ${step.source}:${step.name}`,
        }
      : {}),
    requestParameters: step.params ?? null,
    responseElements: null,
    requestID: uuid(next),
    eventID: uuid(next),
    readOnly: step.readOnly ?? false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}

/** `cycles` deploy cycles spread over [start, end), one step a minute, plus an operator's events. */
export function notesAppEvents(cycles: number, start: string, end: string, seed = 11): Rec[] {
  const next = rng(seed);
  const from = Date.parse(start);
  const span = Date.parse(end) - from;
  const out: Rec[] = [];
  for (let c = 0; c < cycles; c++) {
    const t0 = from + (c / cycles) * span;
    CYCLE.forEach((step, i) =>
      out.push(record(step, t0 + i * 60_000, identity(DEPLOYER, `deploy-${c}`), next)),
    );
    // Someone else in the account at the same time: never the deployer's evidence.
    out.push(
      record(
        { source: 'ec2', name: 'DescribeInstances', readOnly: true },
        t0 + 30_000,
        identity('platform-operator', 'alice'),
        next,
      ),
    );
  }
  return out;
}
