// The per-account quotas of a sweep, measured at the fake: Access Advisor jobs open at once
// in each account stay at the bound whatever --concurrency says, and LookupEvents from every
// client of one account shares that account's 2 calls a second (other accounts unaffected).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-args.js';
import { runSweepCommand } from '../../src/commands/sweep.js';
import { accountClients, accountClientsIn } from '../../src/org/aws.js';
import { ACCESS_ADVISOR_JOBS_PER_ACCOUNT, AccountQuotas } from '../../src/org/quotas.js';
import type { SweepSummary } from '../../src/org/summary.js';
import { startHarness, type Harness } from './harness.js';
import { AUDIT_ROLE, organization } from './org-scenario.js';

const [A, B] = ['111111111111', '222222222222'] as const;

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('per-account quotas in a sweep', () => {
  it(`keeps at most ${ACCESS_ADVISOR_JOBS_PER_ACCOUNT} Access Advisor jobs open per account, even with --concurrency 32`, async () => {
    // 50 ms a call and identical roles (--role-filter app-extra): without the per-account
    // bound, the 4 role slots of an account reach Access Advisor together.
    h = await startHarness(organization({ [A]: { extraRoles: 10 }, [B]: { extraRoles: 10 } }), {
      latencyMs: 50,
    });
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-quotas-'));
    dirs.push(dir);
    const args = parseCommandLine([
      'compare',
      '--all-roles',
      '--accounts',
      `${A},${B}`,
      '--assume-role',
      AUDIT_ROLE,
      '--concurrency',
      '32',
      '--account-concurrency',
      '2',
      '--role-filter',
      'app-extra',
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
    expect(code, stderr).toBe(0);
    const { readFileSync } = await import('node:fs');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary.rolesCompared).toBe(20);
    for (const account of [A, B]) {
      const jobs = h.fake
        .callsOf('iam:GenerateServiceLastAccessedDetails')
        .filter((c) => c.accessKeyId === `ASIA${account}FAKE`);
      expect(jobs).toHaveLength(10);
      // Reached, never passed: the bound is what limits, not the role slots.
      console.log(
        'PEAK',
        account,
        h.fake.accessAdvisorPeak(account),
        JSON.stringify(
          h.fake.calls
            .filter((c) => c.accessKeyId === `ASIA${account}FAKE`)
            .slice(0, 40)
            .map((c) => [c.operation, c.at % 100000, c.params.RoleName ?? c.params.Arn ?? c.params.JobId]),
        ),
      );
      expect(h.fake.accessAdvisorPeak(account)).toBe(ACCESS_ADVISOR_JOBS_PER_ACCOUNT);
    }
    // Both accounts ran at once: the bound is per account, not one for the sweep.
    expect(h.fake.maxInFlight()).toBeGreaterThan(ACCESS_ADVISOR_JOBS_PER_ACCOUNT);
  }, 60_000);

  it("shares one account's LookupEvents limit across its clients, not with other accounts", async () => {
    const scenario = organization({ [A]: {}, [B]: {} });
    for (const m of scenario.members!) m.enforceLookupEventsRate = true;
    h = await startHarness(scenario);
    const quotas = new AccountQuotas();
    const opts = { roleName: AUDIT_ROLE, partition: 'aws', sessionName: 'iam-refine-test' };
    const a1 = await accountClients(h.clients, A, { ...opts, quota: quotas.of(A) });
    const region = await a1.cloudtrail.config.region();
    // A second client of the same account and region (as a region's X-Ray clients would be).
    const a2 = accountClientsIn(a1, region, quotas.of(A));
    const b = await accountClients(h.clients, B, { ...opts, quota: quotas.of(B) });
    const lookup = (c: typeof a1) => c.cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 }));
    try {
      await Promise.all([a1, a2, a1, a2, a1, a2, b, b].map(lookup));
    } finally {
      for (const c of [a1, a2, b]) c.destroy();
    }
    const calls = (account: string) =>
      h!.fake.callsOf('cloudtrail:LookupEvents').filter((c) => c.accessKeyId === `ASIA${account}FAKE`);
    const inA = calls(A);
    expect(inA).toHaveLength(6);
    // Never throttled, and never 3 calls of the account in one second.
    expect(inA.every((c) => c.status === 200)).toBe(true);
    for (let i = 2; i < inA.length; i++) expect(inA[i]!.at - inA[i - 2]!.at).toBeGreaterThanOrEqual(1000);
    // B's calls did not wait behind A's: both went out in the first second.
    const inB = calls(B);
    expect(inB).toHaveLength(2);
    expect(inB[1]!.at - inA[0]!.at).toBeLessThan(1000);
  }, 30_000);
});
