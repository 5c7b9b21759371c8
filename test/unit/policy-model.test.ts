import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates } from '../../src/core/merge.js';
import {
  applyFills,
  buildPolicyModel,
  placeholdersIn,
  type PolicyModelInput,
} from '../../src/core/policy-model.js';
import { statementSid, uniqueSids } from '../../src/core/policy-sid.js';
import type { EvidenceInput } from '../../src/core/types.js';
import { deleteRoleScenario, deployerScenario } from './policy-scenarios.js';

const ROLE = {
  arn: 'arn:aws:iam::123456789012:role/app',
  name: 'app',
  account: '123456789012',
  partition: 'aws',
};
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
const BUCKET = 'arn:aws:s3:::notes-app-attachments-prod';

function model(evidence: EvidenceInput[], extra: Partial<PolicyModelInput> = {}) {
  const candidates = mergeCandidates(aggregateEvidence(evidence));
  return buildPolicyModel({
    role: ROLE,
    sources: ['X-Ray traces'],
    candidates,
    decisions: Object.fromEntries(candidates.map((c) => [c.action, 'accepted'])),
    generatedAt: '2026-11-21T00:00:00.000Z',
    ...extra,
  });
}

const shape = (m: ReturnType<typeof model>) => m.statements.map((s) => [s.sid, s.actions, s.resources]);

describe('buildPolicyModel: statements by purpose', () => {
  it('puts actions on the same resources of one service in one statement', () => {
    const m = model([
      { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 3 },
      { source: 'xray', action: 'dynamodb:PutItem', resource: TABLE, count: 2 },
      { source: 'xray', action: 'dynamodb:Query', resource: `${TABLE}/index/userId-index`, count: 1 },
    ]);
    expect(shape(m)).toEqual([
      ['DynamodbQueryNotesUserIdIndex', ['dynamodb:Query'], [`${TABLE}/index/userId-index`]],
      ['DynamodbReadWriteNotesTable', ['dynamodb:GetItem', 'dynamodb:PutItem'], [TABLE]],
    ]);
  });

  it('keeps S3 bucket and object resources in separate statements, even when chosen together', () => {
    const m = model(
      [
        { source: 'xray', action: 's3:ListBucket', resource: BUCKET, count: 1 },
        { source: 'xray', action: 's3:GetObject', resource: `${BUCKET}/private/a.png`, count: 1 },
      ],
      { resourceChoices: { 's3:GetObject': [`${BUCKET}/private/*`, BUCKET] } },
    );
    expect(shape(m)).toEqual([
      ['S3GetObjectNotesAppAttachmentsProdPrivateObject', ['s3:GetObject'], [`${BUCKET}/private/*`]],
      ['S3ListReadNotesAppAttachmentsProdBucket', ['s3:GetObject', 's3:ListBucket'], [BUCKET]],
    ]);
  });

  it('uses observed ARNs over templates they fill, keeps templates nothing fills, and * for wildcard-only actions', () => {
    const m = model([
      {
        source: 'cloudtrail',
        action: 'lambda:CreateFunction',
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:f1',
        count: 1,
      },
      {
        source: 'access-analyzer',
        action: 'lambda:CreateFunction',
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:${FunctionName}',
        count: 1,
      },
      {
        source: 'access-analyzer',
        action: 's3:CreateBucket',
        resource: 'arn:aws:s3:::${BucketName}',
        count: 1,
      },
      {
        source: 'xray',
        action: 'xray:PutTraceSegments',
        resource: 'arn:aws:xray:us-east-1:123456789012:group/x',
        count: 1,
      },
    ]);
    expect(m.statements.map((s) => s.resources)).toEqual([
      ['arn:aws:lambda:us-east-1:123456789012:function:f1'],
      ['arn:aws:s3:::${BucketName}'],
      ['*'],
    ]);
    expect(m.statements[1]!.placeholders).toEqual(['${BucketName}']);
  });

  it('leaves out rejected, pending and unmapped actions, and says which unmapped ones it left out', () => {
    const evidence: EvidenceInput[] = [
      { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 1 },
      { source: 'xray', action: 'dynamodb:PutItem', resource: TABLE, count: 1 },
      { source: 'xray', action: 'dynamodb:Scan', resource: TABLE, count: 1 },
      { source: 'xray', action: 's3:HeadObject', unmapped: true, count: 1 },
    ];
    const m = model(evidence, {
      decisions: {
        'dynamodb:getitem': 'accepted',
        'dynamodb:PutItem': 'rejected',
        'dynamodb:Scan': 'pending',
        's3:HeadObject': 'accepted',
      },
    });
    expect(shape(m)).toEqual([['DynamodbGetItemNotesTable', ['dynamodb:GetItem'], [TABLE]]]);
    expect(m.skipped).toEqual([
      { action: 's3:HeadObject', reason: 'not an IAM action in the catalogue: left out' },
    ]);
  });

  it('summarises the evidence of a statement in one line', () => {
    const m = model([
      {
        source: 'xray',
        action: 'dynamodb:GetItem',
        resource: TABLE,
        count: 400,
        firstSeen: '2026-11-02T08:00:00Z',
        lastSeen: '2026-11-10T00:00:00Z',
      },
      {
        source: 'xray',
        action: 'dynamodb:PutItem',
        resource: TABLE,
        count: 12,
        denied: 2,
        lastSeen: '2026-11-20T23:00:00Z',
      },
      {
        source: 'cloudtrail',
        action: 'dynamodb:PutItem',
        resource: TABLE,
        count: 1,
        firstSeen: '2026-11-05T01:00:00Z',
        lastSeen: '2026-11-05T02:00:00Z',
      },
      { source: 'access-analyzer', action: 'dynamodb:GetItem', resource: TABLE, count: 1 },
    ]);
    expect(m.statements[0]!.evidenceSummary).toBe(
      'X-Ray: 412 calls, 2 denied, 2026-11-02..2026-11-20; CloudTrail: 1 event, 2026-11-05; Access Analyzer: in the generated policy',
    );
  });
});

describe('buildPolicyModel: the user’s choices', () => {
  it('fills placeholders by name, never IAM policy variables', () => {
    expect(
      applyFills('arn:aws:s3:::${BucketName}/home/${aws:username}/*', {
        BucketName: 'b',
        'aws:username': 'x',
      }),
    ).toBe('arn:aws:s3:::b/home/${aws:username}/*');
    expect(applyFills('arn:aws:iam::1:role/${RoleNameWithPath}', { '${RoleNameWithPath}': 'r' })).toBe(
      'arn:aws:iam::1:role/r',
    );
    expect(placeholdersIn('arn:${Partition}:s3:::${BucketName}/${aws:userid}/${*}')).toEqual([
      '${Partition}',
      '${BucketName}',
    ]);
  });

  it('puts the rationale from statement and action comments into the statement', () => {
    const m = model([{ source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 1 }], {
      comments: {
        rationaleByAction: { 'dynamodb:GetItem': 'Reads one note.\r\n\nBy its id.' },
        byAction: { 'dynamodb:GetItem': 'Used by get.\nAlso by delete, to check the owner.' },
      },
    });
    expect(m.statements[0]!.rationale).toEqual([
      'Reads one note.',
      'By its id.',
      'dynamodb:GetItem: Used by get.',
      'Also by delete, to check the owner.',
    ]);
  });

  it('is deterministic: the same candidates in any order give the same model', () => {
    const evidence: EvidenceInput[] = [
      { source: 'xray', action: 's3:PutObject', resource: `${BUCKET}/a`, count: 1 },
      { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 1 },
      {
        source: 'xray',
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:123456789012:q',
        count: 1,
      },
      { source: 'xray', action: 's3:GetObject', resource: `${BUCKET}/a`, count: 1 },
    ];
    const a = model(evidence);
    const candidates = mergeCandidates(aggregateEvidence(evidence)).reverse();
    const b = buildPolicyModel({
      role: ROLE,
      sources: ['X-Ray traces'],
      candidates,
      decisions: Object.fromEntries(candidates.map((c) => [c.action, 'accepted'])),
      generatedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(b).toEqual(a);
  });
});

describe('Sids', () => {
  it.each([
    ['dynamodb', ['dynamodb:GetItem', 'dynamodb:PutItem'], [TABLE], 'DynamodbReadWriteNotesTable'],
    ['s3', ['s3:CreateBucket'], ['arn:aws:s3:::${BucketName}'], 'S3CreateBucket'],
    ['xray', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*'], 'XrayWrite'],
    ['iam', ['iam:PassRole'], ['arn:aws:iam::1:role/ci/deploy-role'], 'IamPassRoleCiDeployRole'],
    [
      'logs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['arn:aws:logs:us-east-1:1:log-group:/aws/lambda/fn:*'],
      'LogsWriteLogGroupAwsLambdaFn',
    ],
    [
      'sqs',
      ['sqs:SendMessage'],
      ['a', 'b', 'c', 'd'].map((q) => `arn:aws:sqs:us-east-1:1:${q}`),
      'SqsSendMessageAQueueAnd3More',
    ],
  ])('names a %s statement of %j', (service, actions, resources, sid) => {
    expect(statementSid(service, actions, resources)).toBe(sid);
  });

  it('keeps Sids valid and unique', () => {
    expect(uniqueSids(['A', 'B', 'A', 'A2', 'A'])).toEqual(['A', 'B', 'A2', 'A22', 'A3']);
    const weird = statementSid('s3', ['s3:GetObject'], ['arn:aws:s3:::my.bucket-ü/ünï cödé/"*"']);
    expect(weird).toMatch(/^[A-Za-z0-9]+$/);
  });
});

describe('the demo scenarios', () => {
  it('delete role: what it used, the logs and tracing the runtime needs, not the unused GetItem', async () => {
    const { model: m } = await deleteRoleScenario();
    expect(shape(m)).toEqual([
      [
        'DynamodbDeleteItemNotesTable',
        ['dynamodb:DeleteItem'],
        ['arn:aws:dynamodb:us-east-1:123456789012:table/notes'],
      ],
      [
        'LogsWriteLogGroupAwsLambdaNotesAppApiProdDelete',
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/notes-app-api-prod-delete:*'],
      ],
      ['S3DeleteObjectNotesAppAttachmentsProdPrivateObject', ['s3:DeleteObject'], [`${BUCKET}/private/*`]],
      ['XrayWrite', ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']],
    ]);
    expect(m.statements[0]!.evidenceSummary).toBe(
      'X-Ray: 412 calls, 2026-11-02..2026-11-20; CloudTrail: 3 events, 2026-11-10',
    );
    expect(m.statements[1]!.rationale).toEqual([
      'The Lambda runtime writes the function logs with this role.',
    ]);
  });

  it('deployer: observed ARNs, fills applied, denied-only actions left out', async () => {
    const { model: m } = await deployerScenario();
    const actions = m.statements.flatMap((s) => s.actions);
    expect(actions).not.toContain('iam:CreatePolicy');
    expect(actions).not.toContain('organizations:DescribeOrganization');
    expect(actions).not.toContain('apigateway:*');
    expect(actions).toContain('iam:PassRole');
    const lambda = m.statements.find((s) => s.service === 'lambda')!;
    expect(lambda.resources).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:notes-app-api-prod-*']);
    expect(m.statements.every((s) => /^[A-Za-z0-9]+$/.test(s.sid))).toBe(true);
    expect(new Set(m.statements.map((s) => s.sid)).size).toBe(m.statements.length);
  });
});
