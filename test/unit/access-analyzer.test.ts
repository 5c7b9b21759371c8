import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { isUserError } from '../../src/core/errors.js';
import type { RoleRef } from '../../src/core/types.js';
import {
  evidenceFromFindings,
  evidenceFromGeneratedPolicy,
  isSameRole,
  readGeneratedPolicies,
  readUnusedFindings,
} from '../../src/sources/access-analyzer/index.js';

const EXAMPLES = 'test/fixtures/aws+aws-cli/awscli/examples/accessanalyzer';
const DEMO_GENERATED = 'demo/access-analyzer/generated-policy-serverless-deployer.json';
const DEMO_FINDING = 'demo/access-analyzer/findings-notes-app-api-prod-delete.json';

/** The JSON block after `Output::` in an AWS CLI example (.rst, indented four spaces). */
function cliOutput(file: string): unknown {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Output::') + 1;
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() !== '' && !line.startsWith('    ')) break;
    block.push(line);
  }
  return JSON.parse(block.join('\n'));
}

const role = (arn: string): RoleRef => roleRefFromArn(arn)!;
const ADMIN = role('arn:aws:iam::111122223333:role/Admin');
const DEPLOYER = role('arn:aws:iam::123456789012:role/serverless-deployer');
const DELETE = role('arn:aws:iam::123456789012:role/notes-app-api-prod-delete-us-east-1-lambdaRole');

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iam-refine-h3-')), name);
  writeFileSync(file, content);
  return file;
}

async function userErrorOf(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isUserError(e)) throw new Error(`expected a UserError, got ${String(e)}`);
  return e;
}

describe('isSameRole', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/serverless-deployer', true],
    ['arn:aws:iam::123456789012:role/ci/serverless-deployer', true], // path in one ARN only
    ['arn:aws:iam::999999999999:role/serverless-deployer', false],
    ['arn:aws:iam::123456789012:role/other', false],
    ['arn:aws:iam::123456789012:user/serverless-deployer', false],
    [undefined, false],
  ])('%s is the deployer: %s', (arn, expected) => {
    expect(isSameRole(DEPLOYER, arn)).toBe(expected);
  });
});

describe('generated policies', () => {
  it('reads the AWS CLI example: every action, the unmapped one flagged, incomplete job warned', () => {
    const warnings: string[] = [];
    const evidence = evidenceFromGeneratedPolicy(
      cliOutput(`${EXAMPLES}/get-generated-policy.rst`),
      'ex.json',
      {
        role: ADMIN,
        onWarning: (m) => warnings.push(m),
      },
    );
    expect(evidence).toHaveLength(26);
    expect(evidence.every((e) => e.source === 'access-analyzer' && e.resource === '*' && e.count === 1)).toBe(
      true,
    );
    expect(evidence.map((e) => e.action)).toContain('cloudtrail:LookupEvents');
    expect(evidence.filter((e) => e.unmapped).map((e) => e.action)).toEqual([
      's3:ListAllamzn-s3-demo-buckets',
    ]);
    expect(evidence[0]!.samples).toEqual(['c557dc4a-0338-4489-95dd-739014860ff9']);
    expect(warnings).toEqual([expect.stringMatching(/^ex\.json: .*isComplete: false/)]);
  });

  it('skips, with a warning, a policy generated for another principal', () => {
    const warnings: string[] = [];
    const evidence = evidenceFromGeneratedPolicy(
      cliOutput(`${EXAMPLES}/get-generated-policy.rst`),
      'ex.json',
      {
        role: DEPLOYER,
        onWarning: (m) => warnings.push(m),
      },
    );
    expect(evidence).toEqual([]);
    expect(warnings).toEqual([
      'ex.json: generated for arn:aws:iam::111122223333:role/Admin, not arn:aws:iam::123456789012:role/serverless-deployer: skipped',
    ]);
  });

  it('keeps ${...} placeholders and turns service-level entries into serviceLevelOnly evidence', async () => {
    const evidence = await readGeneratedPolicies([DEMO_GENERATED], { role: DEPLOYER });
    const find = (action: string) => evidence.filter((e) => e.action === action);
    expect(find('s3:CreateBucket')).toEqual([
      expect.objectContaining({ resource: 'arn:aws:s3:::${BucketName}', count: 1, denied: 0 }),
    ]);
    expect(find('lambda:CreateFunction')[0]!.resource).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:${FunctionName}',
    );
    expect(find('apigateway:*')).toEqual([
      expect.objectContaining({
        serviceLevelOnly: true,
        count: 0,
        samples: ['5f3c1a8e-2b7d-4e91-9c04-7a6b8d2e1f30'],
      }),
    ]);
    expect(evidence.some((e) => e.unmapped)).toBe(false);
  });

  it.each([
    ['svc:${Action}', 'ec2:${Ec2Action}', 'ec2:*'],
    ['svc:*', 'sqs:*', 'sqs:*'],
  ])('recognises a service-level entry written %s', (_shape, action, expected) => {
    const output = {
      generatedPolicyResult: {
        generatedPolicies: [
          { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: [action], Resource: '*' }] }) },
        ],
        properties: { principalArn: DEPLOYER.arn },
      },
    };
    expect(evidenceFromGeneratedPolicy(output, 'x.json', { role: DEPLOYER })).toEqual([
      expect.objectContaining({ action: expected, serviceLevelOnly: true }),
    ]);
  });

  it.each([
    [
      'a job still running',
      { jobDetails: { jobId: 'j-1', status: 'IN_PROGRESS' } },
      /policy generation job j-1 is IN_PROGRESS/,
    ],
    [
      'a failed job',
      {
        jobDetails: { jobId: 'j-2', status: 'FAILED', jobError: { code: 'SERVICE_ERROR', message: 'boom' } },
      },
      /j-2 is FAILED: SERVICE_ERROR boom/,
    ],
    [
      'an unused-access finding',
      { findingDetails: [] },
      /get-finding-v2 output, not get-generated-policy output/,
    ],
    [
      'a policy that is not JSON',
      { generatedPolicyResult: { generatedPolicies: [{ policy: '{"Version":' }], properties: {} } },
      /holds a policy that is not valid JSON/,
    ],
  ])('rejects %s with a message naming the file', async (_name, content, message) => {
    const file = tempFile('gen.json', JSON.stringify(content));
    const e = await userErrorOf(readGeneratedPolicies([file], { role: DEPLOYER }));
    expect(e.where).toBe(file);
    expect(e.message).toMatch(message);
  });
});

describe('unused-access findings', () => {
  it('marks the demo delete role dynamodb:GetItem unused', async () => {
    const evidence = await readUnusedFindings([DEMO_FINDING], { role: DELETE });
    expect(evidence).toEqual([
      expect.objectContaining({
        source: 'unused-findings',
        action: 'dynamodb:GetItem',
        unused: true,
        count: 0,
        samples: ['8c2e4f61-93ab-4d7e-b1f5-0e6a9c3d7b24'],
      }),
    ]);
  });

  it('reads the AWS CLI example (an ExternalAccess finding) as no unused evidence', () => {
    const example = cliOutput(`${EXAMPLES}/get-finding-v2.rst`);
    const cognito = role('arn:aws:iam::111122223333:role/Cognito_testpoolAuth_Role');
    expect(evidenceFromFindings([example], 'f.json', { role: cognito })).toEqual([]);
  });

  it('reads JSON lines: bare and prefixed action names, whole-service findings, other roles counted', async () => {
    const finding = (resource: string, details: unknown[], extra: object = {}) =>
      JSON.stringify({
        id: `id-${details.length}`,
        resource,
        findingType: 'UnusedPermission',
        findingDetails: details,
        ...extra,
      });
    const file = tempFile(
      'findings.jsonl',
      [
        finding(DELETE.arn, [
          {
            unusedPermissionDetails: {
              serviceNamespace: 'dynamodb',
              actions: [{ action: 'getitem', lastAccessed: '2026-10-01T00:00:00Z' }],
            },
          },
          { unusedPermissionDetails: { serviceNamespace: 's3', actions: [{ action: 's3:DeleteObject' }] } },
          { unusedPermissionDetails: { serviceNamespace: 'sqs', lastAccessed: '2026-09-01T00:00:00Z' } },
        ]),
        '',
        finding('arn:aws:iam::123456789012:role/someone-else', [
          { unusedPermissionDetails: { serviceNamespace: 'kms' } },
        ]),
        finding(DELETE.arn, [{ unusedPermissionDetails: { serviceNamespace: 'sns' } }], {
          status: 'ARCHIVED',
        }),
      ].join('\n'),
    );
    const warnings: string[] = [];
    const evidence = await readUnusedFindings([file], { role: DELETE, onWarning: (m) => warnings.push(m) });
    expect(evidence.map((e) => [e.action, e.lastAccessed])).toEqual([
      ['dynamodb:GetItem', '2026-10-01T00:00:00.000Z'],
      ['s3:DeleteObject', undefined],
      ['sqs:*', '2026-09-01T00:00:00.000Z'],
    ]);
    expect(warnings).toEqual([
      `${file}: 1 finding(s) for other resources skipped`,
      `${file}: 1 archived or resolved finding(s) skipped`,
    ]);
  });

  it.each([
    [
      'list-findings-v2 output',
      () => JSON.stringify(cliOutput(`${EXAMPLES}/list-findings-v2.rst`)),
      /list-findings-v2 output, which names findings but holds no details/,
    ],
    [
      'a generated policy',
      () => readFileSync(DEMO_GENERATED, 'utf8'),
      /holds aws accessanalyzer get-generated-policy output/,
    ],
    [
      'a broken JSON line',
      () => '{"findingDetails": []}\n{"resource": ',
      /is not valid JSON, nor JSON lines/,
    ],
    ['an empty file', () => '', /the file is empty/],
  ])('rejects %s with a message naming the file', async (_name, content, message) => {
    const file = tempFile('findings.json', content());
    const e = await userErrorOf(readUnusedFindings([file], { role: DELETE }));
    expect(e.where).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(e.message).toMatch(message);
  });
});
