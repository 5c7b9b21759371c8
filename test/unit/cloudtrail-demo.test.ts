// The bundled demo trail (demo/cloudtrail): the serverless-deployer's deploy/update/remove
// cycle in the real S3 layout, other principals in the same files, and a generator that
// reproduces the committed files byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evidence, RoleRef } from '../../src/core/types.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const DEMO = path.join(ROOT, 'demo', 'cloudtrail');
const role = (name: string): RoleRef => ({
  arn: `arn:aws:iam::123456789012:role/${name}`,
  name,
  account: '123456789012',
  partition: 'aws',
});

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const byAction = (evidence: Evidence[]) => {
  const out = new Map<string, { count: number; denied: number; inferred: boolean; unmapped: boolean }>();
  for (const e of evidence) {
    const have = out.get(e.action) ?? { count: 0, denied: 0, inferred: false, unmapped: false };
    out.set(e.action, {
      count: have.count + e.count,
      denied: have.denied + e.denied,
      inferred: have.inferred || !!e.inferredReason,
      unmapped: have.unmapped || !!e.unmapped,
    });
  }
  return out;
};

describe('demo/cloudtrail', () => {
  it('is laid out as a trail bucket: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz', () => {
    const names = files(DEMO);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      expect(name).toMatch(
        /^AWSLogs\/123456789012\/CloudTrail\/us-east-1\/2026\/11\/(\d{2})\/123456789012_CloudTrail_us-east-1_202611\1T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
    }
  });

  it('the deployer: deploy, update and remove calls, two SCP denials, inferred PassRole, API Gateway verbs', async () => {
    const actions = byAction(await readCloudTrail([DEMO], { role: role('serverless-deployer') }));
    for (const a of [
      'cloudformation:CreateStack',
      'cloudformation:UpdateStack',
      'cloudformation:DeleteStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      'cloudformation:ValidateTemplate',
      's3:CreateBucket',
      's3:PutObject',
      's3:GetObject',
      's3:ListBucket',
      'lambda:CreateFunction',
      'lambda:UpdateFunctionCode',
      'lambda:GetFunction',
      'lambda:AddPermission',
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:GetRole',
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
    ]) {
      expect(actions.get(a), a).toMatchObject({ denied: 0 });
      expect(actions.get(a)!.count, a).toBeGreaterThan(0);
    }
    expect(actions.get('iam:CreatePolicy')).toEqual({
      count: 0,
      denied: 2,
      inferred: false,
      unmapped: false,
    });
    expect(actions.get('organizations:DescribeOrganization')).toMatchObject({ count: 0, denied: 6 });
    expect(actions.get('iam:PassRole')).toMatchObject({ count: 7, inferred: true });
    // API Gateway's management calls are authorised per HTTP verb on the resource path
    // (API Gateway developer guide, "Control access for managing an API"): CreateRestApi and
    // CreateDeployment are POSTs, DeleteRestApi a DELETE; nothing is left unmapped.
    expect(actions.get('apigateway:POST')).toMatchObject({ count: 4, denied: 0, unmapped: false });
    expect(actions.get('apigateway:DELETE')).toMatchObject({ count: 1, unmapped: false });
    expect(actions.has('apigateway:CreateRestApi')).toBe(false);
  });

  it('the last call of the deployer is its RoleLastUsed in authorization-details.json', async () => {
    const evidence = await readCloudTrail([DEMO], { role: role('serverless-deployer') });
    const last = evidence
      .map((e) => e.lastSeen!)
      .sort()
      .at(-1);
    const authz = JSON.parse(readFileSync(path.join(ROOT, 'demo', 'authorization-details.json'), 'utf8')) as {
      RoleDetailList: { RoleName: string; RoleLastUsed?: { LastUsedDate: string } }[];
    };
    const used = authz.RoleDetailList.find((r) => r.RoleName === 'serverless-deployer')?.RoleLastUsed
      ?.LastUsedDate;
    expect(Date.parse(last!)).toBe(Date.parse(used!));
  });

  it.each([
    ['create', ['logs:CreateLogStream', 's3:PutObject']],
    ['get', ['logs:CreateLogStream', 's3:GetObject']],
    ['list', ['logs:CreateLogStream']],
    ['delete', ['logs:CreateLogStream', 's3:DeleteObject']],
  ])('the %s function role sees only its own S3 data events and log streams', async (fn, expected) => {
    const evidence = await readCloudTrail([DEMO], {
      role: role(`notes-app-api-prod-${fn}-us-east-1-lambdaRole`),
    });
    expect([...byAction(evidence).keys()].sort()).toEqual(expected);
    for (const e of evidence) {
      if (e.action.startsWith('s3:'))
        expect(e.resource).toMatch(/^arn:aws:s3:::notes-app-attachments-prod\/private\//);
      else
        expect(e.resource).toMatch(
          new RegExp(
            `^arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/notes-app-api-prod-${fn}:log-stream:`,
          ),
        );
    }
  });

  it('the read-only CI role with its /ci/ path', async () => {
    const evidence = await readCloudTrail([DEMO], { role: role('github-actions-readonly') });
    expect([...byAction(evidence).keys()]).toEqual(['cloudformation:DescribeStacks', 'lambda:ListFunctions']);
  });

  const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-demo-ct-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('scripts/generate-demo-cloudtrail.ts reproduces the committed files byte for byte', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-demo-cloudtrail.ts', tmp], {
      cwd: ROOT,
    });
    expect(files(tmp)).toEqual(files(DEMO));
    for (const f of files(DEMO))
      expect(readFileSync(path.join(tmp, f)).equals(readFileSync(path.join(DEMO, f))), f).toBe(true);
  });
});
