// The organization's accounts through the real Organizations client: every page, ACTIVE only;
// and the assumed session in a member account, refused for a role that is not there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-args.js';
import { runSweepCommand } from '../../src/commands/sweep.js';
import { accountClients, listOrganizationAccounts } from '../../src/org/aws.js';
import { startHarness, type Harness } from './harness.js';
import { AUDIT_ROLE, MANAGEMENT, organization } from './org-scenario.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('organization accounts and assumed sessions', () => {
  it('lists every page of ListAccounts and keeps the ACTIVE accounts', async () => {
    const organizationAccounts = Array.from({ length: 45 }, (_, i) => ({
      Id: String(100000000000 + i),
      Name: `acct-${i}`,
      State: i === 7 ? ('SUSPENDED' as const) : ('ACTIVE' as const),
    }));
    h = await startHarness(organization({}, { organizationAccounts }));
    const accounts = await listOrganizationAccounts(h.clients);
    expect(accounts).toHaveLength(44);
    expect(accounts.some((a) => a.id === '100000000007')).toBe(false);
    expect(h.fake.callsOf('organizations:ListAccounts')).toHaveLength(3);
  });

  it('reads a member account with its own session; a missing role fails at AssumeRole', async () => {
    h = await startHarness(organization({ '111111111111': {}, '222222222222': { noAuditRole: true } }));
    const opts = { roleName: AUDIT_ROLE, partition: 'aws', sessionName: 'iam-refine-test' };
    const member = await accountClients(h.clients, '111111111111', opts);
    const { listRolesLive } = await import('../../src/sources/iam/live.js');
    const roles = await listRolesLive(member);
    member.destroy();
    expect(roles.map((r) => r.name)).toContain('app-orders');
    expect(h.fake.callsOf('iam:ListRoles').map((c) => c.accessKeyId)).toEqual(['ASIA111111111111FAKE']);
    await expect(accountClients(h.clients, '222222222222', opts)).rejects.toThrow(/sts:AssumeRole/);
  });

  it("reads unused-access findings from the organization's analyzer when the caller holds it", async () => {
    const A = '111111111111';
    const analyzerArn = `arn:aws:access-analyzer:us-east-1:${MANAGEMENT}:analyzer/org-unused`;
    h = await startHarness(
      organization(
        { [A]: {} },
        {
          analyzers: [{ arn: analyzerArn, name: 'org-unused', type: 'ORGANIZATION_UNUSED_ACCESS' }],
          findings: [
            {
              analyzerArn,
              id: 'org-finding-1',
              resource: `arn:aws:iam::${A}:role/app-orders`,
              findingType: 'UnusedPermission',
              findingDetails: [
                {
                  unusedPermissionDetails: {
                    serviceNamespace: 'iam',
                    actions: [{ action: 'PutRolePolicy' }],
                  },
                },
              ],
            },
          ],
        },
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-org-analyzer-'));
    try {
      const args = parseCommandLine([
        'compare',
        '--all-roles',
        '--accounts',
        A,
        '--assume-role',
        AUDIT_ROLE,
        '--report',
        dir,
      ]);
      let stderr = '';
      const sink = { write: () => true };
      const code = await runSweepCommand(args, {
        stdout: sink,
        stderr: { write: (t: string) => (stderr += t) },
        stdinIsTTY: false,
        env: process.env,
      });
      expect(code, stderr).toBe(3);
      expect(stderr).toContain(`the organization's analyzer ${analyzerArn}`);
      const findings = h.fake.callsOf('access-analyzer:ListFindings');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((c) => !c.accessKeyId.startsWith('ASIA'))).toBe(true);
      expect(
        h.fake.calls.filter((c) => c.accessKeyId.startsWith('ASIA') && c.service === 'access-analyzer'),
      ).toEqual([]);
      const report = JSON.parse(readFileSync(join(dir, A, 'app-orders.json'), 'utf8')) as {
        sources: { source: string; observations: number }[];
      };
      expect(report.sources.find((s) => s.source === 'unused-findings')?.observations).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a role whose Access Advisor read fails is listed as failed, not reported clean', async () => {
    const A = '111111111111';
    h = await startHarness(organization({ [A]: {} }));
    h.fake.faults.add({
      action: 'iam:GenerateServiceLastAccessedDetails',
      kind: 'access-denied',
      account: A,
      times: 1,
    });
    const { sweepAccount } = await import('../../src/org/account-sweep.js');
    const { Semaphore } = await import('../../src/aws/concurrency.js');
    const member = await accountClients(h.clients, A, {
      roleName: AUDIT_ROLE,
      partition: 'aws',
      sessionName: 'iam-refine-test',
    });
    const written: string[] = [];
    const result = await sweepAccount(member, {
      account: A,
      reportDir: 'reports',
      window: { start: new Date(Date.now() - 90 * 86_400_000).toISOString(), end: new Date().toISOString() },
      roleConcurrency: 1,
      overall: new Semaphore(1),
      pollIntervalMs: 1,
      now: () => new Date(),
      write: (file) => written.push(file),
    });
    member.destroy();
    expect(result.status).toBe('partial');
    expect(result.failedRoles).toHaveLength(1);
    expect(result.failedRoles[0]!.reason).toMatch(
      /IAM Access Advisor: .*iam:GenerateServiceLastAccessedDetails/,
    );
    expect(result.failedRoles[0]!.fix).toContain(`--accounts ${A}`);
    expect(result.roles).toHaveLength(2);
    expect(written).toHaveLength(2);
    expect(result.serviceLinkedSkipped).toBe(1);
  });

  it('--org refused says to name the accounts instead', async () => {
    h = await startHarness(organization({}));
    h.fake.faults.add({ action: 'organizations:ListAccounts', kind: 'access-denied' });
    const args = parseCommandLine(['compare', '--all-roles', '--org', '--assume-role', AUDIT_ROLE]);
    const sink = { write: () => true };
    const run = runSweepCommand(args, { stdout: sink, stderr: sink, stdinIsTTY: false, env: process.env });
    await expect(run).rejects.toMatchObject({
      message: expect.stringContaining('organizations:ListAccounts') as unknown,
      hint: expect.stringContaining('--accounts ID,ID or --accounts FILE') as unknown,
    });
  });
});
