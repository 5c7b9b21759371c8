// Compare on real authorization details: salesforce/cloudsplaining's example account
// (78 roles, 84 managed policies, Deny and NotAction among them), with evidence files.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../src/commands/compare.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { compareRole, type CompareReport } from '../../src/core/compare.js';
import { expandPolicies } from '../../src/core/expand-policy.js';
import type { Evidence, RoleDetail } from '../../src/core/types.js';
import { readUnusedFindings } from '../../src/sources/access-analyzer/index.js';
import { readAuthorizationDetails } from '../../src/sources/iam/index.js';
import { readXrayTraceFiles } from '../../src/sources/xray/index.js';

const AUTHZ = path.resolve('test/fixtures/salesforce+cloudsplaining/examples/files/example.json');
const FIXTURES = path.resolve('test/fixtures/compare');
const QUICKSETUP = 'AWS-QuickSetup-EnableCRecording-1clff_ap-northeast-1';
const BUCKET = 'arn:aws:s3:::aws-quick-setup-config-recording-200611803367-1clff';

let roles: RoleDetail[];
const byName = (name: string) => roles.find((r) => r.name === name)!;

/** The evidence files that concern a role, read with the project's own readers. */
async function evidenceFor(r: RoleDetail): Promise<Evidence[]> {
  const ref = roleRefFromArn(r.arn)!;
  const findings = await readUnusedFindings([path.join(FIXTURES, 'cloudsplaining-unused-findings.json')], {
    role: ref,
  });
  const xray =
    r.name === QUICKSETUP
      ? await readXrayTraceFiles([path.join(FIXTURES, 'cloudsplaining-quicksetup-xray.json')], { role: ref })
      : [];
  return [...findings, ...xray];
}

async function compare(name: string): Promise<CompareReport> {
  const r = byName(name);
  return compareRole({ role: r, policies: r.policies, evidence: await evidenceFor(r) });
}

beforeAll(async () => {
  ({ roles } = await readAuthorizationDetails(AUTHZ));
});

describe('expansion on the cloudsplaining account', () => {
  it('reads all 78 roles', () => {
    expect(roles).toHaveLength(78);
  });

  it.each([
    ['fp1-allow-and-deny-role', 'iam:* allowed and denied in one policy'],
    ['fp2-allow-and-deny-multiple-policies-role', '* allowed by one policy, denied by another'],
    ['fp3-deny-iam-role', 'a Deny alone'],
  ])('%s grants nothing: %s', (name) => {
    const e = expandPolicies(byName(name).policies);
    expect(e.grants).toEqual([]);
  });

  it('names the Deny that removed the grants', async () => {
    const report = await compare('fp2-allow-and-deny-multiple-policies-role');
    expect(report.deniedBy).toEqual([
      { policy: 'deny-all', sid: null, statement: 0, grants: expect.any(Number) },
    ]);
    expect(report.summary).toMatchObject({ grantedActions: 0, excess: 0, exitCode: 0 });
    expect(report.summary.deniedGrants).toBeGreaterThan(15000);
  });

  it('expands NotAction to everything but the listed IAM actions', () => {
    const actions = new Set(
      expandPolicies(byName('fn4-exploitableNotAction-role').policies).grants.map((g) => g.action),
    );
    expect(actions).toContain('iam:PassRole');
    expect(actions).toContain('iam:DeleteRole');
    expect(actions).toContain('ec2:RunInstances');
    for (const a of ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy'])
      expect(actions).not.toContain(a);
  });

  it('keeps a resource-constrained grant on its resource', () => {
    const [g] = expandPolicies(byName('fp4-nonExploitableResourceConstraint-role').policies).grants;
    expect(g).toMatchObject({ action: 'iam:CreatePolicyVersion', resource: 'arn:aws:iam::aws:policy/fp4-*' });
  });
});

describe('compare on the cloudsplaining account with evidence files', () => {
  it('judges the Quick Setup role from its X-Ray traces', async () => {
    const report = await compare(QUICKSETUP);
    const status = (action: string) =>
      report.used.some((u) => u.action === action)
        ? 'used'
        : report.excess.some((e) => e.action === action)
          ? 'excess'
          : report.unknown.some((u) => u.actions.includes(action))
            ? 'unknown'
            : 'absent';
    expect(status('s3:ListBucket')).toBe('used');
    expect(status('sns:ListTopics')).toBe('used');
    expect(status('s3:PutBucketPolicy')).toBe('excess'); // X-Ray traced its S3 calls
    expect(status('kms:CreateKey')).toBe('excess');
    expect(status('config:PutDeliveryChannel')).toBe('unknown'); // no Config calls traced
    expect(status('iam:PassRole')).toBe('unknown');
    expect(report.excess.find((e) => e.action === 's3:ListBucket')).toBeUndefined(); // used on exactly its bucket
    expect(report.used.find((u) => u.action === 's3:ListBucket')?.reason).toContain('X-Ray');
    expect(report.missing).toEqual([expect.objectContaining({ action: 'kms:CreateGrant', deniedCount: 1 })]);
    expect(report.excess.find((e) => e.action === 's3:CreateBucket')?.resource).toBe(BUCKET);
  });

  it('marks what the unused-access finding names as excess, service-wide when it names no action', async () => {
    const report = await compare('fn4-exploitableNotAction-role');
    const excess = new Set(report.excess.map((e) => e.action));
    expect(excess).toContain('s3:GetObject');
    expect(excess).toContain('ec2:RunInstances');
    expect(excess).not.toContain('ec2:DescribeInstances');
    expect(report.excess.find((e) => e.action === 'ec2:TerminateInstances')?.lastAccessed).toBe(
      '2022-11-02T08:00:00.000Z',
    );
    expect(report.summary.exitCode).toBe(3);
  });

  it('says when the excess grant has a Condition it did not evaluate', async () => {
    const report = await compare('fp5-nonExploitableConditionConstraint-role');
    expect(report.excess).toEqual([
      expect.objectContaining({
        action: 'iam:CreatePolicyVersion',
        conditional: true,
        sid: null,
        reason: expect.stringContaining('Condition (not evaluated)'),
      }),
    ]);
  });
});

describe('compare --all-roles on the cloudsplaining account', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iam-refine-all-roles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one report per role and exits 3', async () => {
    let stdout = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    const code = await runCompare({ roles, evidenceByRole: evidenceFor, report: dir }, io);
    expect(code).toBe(3);
    const files = await readdir(dir);
    expect(files).toHaveLength(78);
    const report = JSON.parse(await readFile(path.join(dir, `${QUICKSETUP}.json`), 'utf8'));
    expect(report.roleName).toBe(QUICKSETUP);
    expect(stdout.trim().split('\n').at(-1)).toBe('3 of 78 roles have failing excess grants');
  });
});
