// The sweep through the CLI against the fake: --resume reads again only what failed (an
// account that could not be assumed, the failed roles of a partial account), and
// `scan --all-roles` across accounts writes each role's policy, with X-Ray read per account
// and region. Needs `npm run build`, or IAM_REFINE_E2E_CLI=src/cli.ts to use tsx.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../helpers/temp-dirs.js';
import { CLI, fakeAwsCliEnv, runCliProcess as run } from '../helpers/cli-process.js';
import type { SweepState, SweepSummary } from '../../src/org/summary.js';
import { AUDIT_ROLE, MEMBERS, organization } from './org-scenario.js';
import { startFakeAws, type FakeAws } from './server.js';

const [A, , , , E] = MEMBERS;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const tempDir = tempDirsPerTest();

const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('sweep --resume and scan across accounts', () => {
  it('--resume assumes the failed account again and reads only the failed role of a partial one', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    fake = await startFakeAws(organization({ [A]: {}, [E]: {} }));
    // First run only: A's AssumeRole is refused once; one Access Advisor job of E is denied.
    fake.faults.add(
      { action: 'sts:AssumeRole', kind: 'access-denied', times: 1 },
      { action: 'iam:GenerateServiceLastAccessedDetails', kind: 'access-denied', account: E, times: 1 },
    );
    const cwd = tempDir('iam-refine-resume-');
    const env = fakeAwsCliEnv(fake, tempDir('iam-refine-home-'));
    const args = [
      'compare',
      '--all-roles',
      '--accounts',
      `${A},${E}`,
      '--assume-role',
      AUDIT_ROLE,
      '--account-concurrency',
      '1',
    ];
    const first = await run(args, env, cwd);
    expect(first.code, first.stderr).toBe(1);
    const reports = join(cwd, 'reports');
    const state = json<SweepState>(join(reports, 'sweep-state.json'));
    const byAccount = Object.fromEntries(state.accounts.map((a) => [a.account, a]));
    expect(byAccount[A]).toMatchObject({ status: 'failed', roles: [] });
    // Each role's outcome is in the state: two finished (with their report), one failed.
    expect(byAccount[E]!.status).toBe('partial');
    expect(byAccount[E]!.roles).toHaveLength(2);
    expect(byAccount[E]!.failedRoles).toHaveLength(1);
    const failedRole = byAccount[E]!.failedRoles[0]!.role!;
    expect(byAccount[E]!.failedRoles[0]!.reason).toMatch(/IAM Access Advisor: .*AccessDenied/);
    const kept = byAccount[E]!.roles[0]!;
    const keptReport = readFileSync(join(reports, kept.report), 'utf8');

    fake.faults.clear();
    const before = fake.calls.length;
    const second = await run([...args, '--resume'], env, cwd);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toContain(
      'resuming: 0 accounts already finished, 2 to go (1 partial: only their failed roles are read again)',
    );
    const later = fake.calls.slice(before);
    expect(
      later
        .filter((c) => c.action === 'sts:AssumeRole')
        .map((c) => String(c.params.RoleArn).split(':')[4])
        .sort(),
    ).toEqual([A, E]);
    // In E: the role list, then the failed role alone.
    const inE = later.filter((c) => c.service === 'iam' && c.accessKeyId === `ASIA${E}FAKE`);
    expect(inE.map((c) => c.operation)).toContain('ListRoles');
    const roleCalls = inE.filter((c) => c.params.RoleName ?? c.params.Arn);
    expect(roleCalls.length).toBeGreaterThan(0);
    expect(roleCalls.every((c) => String(c.params.RoleName ?? c.params.Arn).endsWith(failedRole))).toBe(true);
    expect(readFileSync(join(reports, kept.report), 'utf8')).toBe(keptReport);

    const summary = json<SweepSummary>(join(reports, 'summary.json'));
    expect(summary).toMatchObject({ accounts: 2, accountsFailed: 0, accountsPartial: 0, rolesCompared: 6 });
    expect(summary.failures).toEqual([]);
    expect(existsSync(join(reports, E, `${failedRole}.json`))).toBe(true);

    // Nothing left to do: a third run reads no account.
    const again = fake.calls.length;
    const third = await run([...args, '--resume'], env, cwd);
    expect(third.code, third.stderr).toBe(3);
    expect(third.stderr).toContain('resuming: 2 accounts already finished, 0 to go');
    expect(fake.calls.slice(again).filter((c) => c.action === 'sts:AssumeRole')).toEqual([]);
  }, 120_000);

  it('scan --all-roles writes every role policy, with X-Ray per account and region', async () => {
    fake = await startFakeAws(organization({ [A]: { ordersFunctionIn: 'eu-west-1' }, [E]: {} }));
    const cwd = tempDir('iam-refine-scan-');
    const env = fakeAwsCliEnv(fake, tempDir('iam-refine-home-'));
    const args = [
      'scan',
      '--all-roles',
      '--accounts',
      `${A},${E}`,
      '--assume-role',
      AUDIT_ROLE,
      '--xray-regions',
      'us-east-1,eu-west-1',
      '--out',
      'policies',
    ];
    const res = await run(args, env, cwd);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/2 accounts \(0 failed\), 6 roles scanned \(\d+ policies written\)/);
    const out = join(cwd, 'policies');
    const policy = (account: string, role: string) =>
      json<{ Statement: { Action: string | string[] }[] }>(join(out, account, `${role}.json`));
    const actions = (account: string, role: string) =>
      policy(account, role)
        .Statement.flatMap((s) => s.Action)
        .sort();
    // A's app-orders deleted an order (X-Ray, in eu-west-1). Access Advisor's "last accessed"
    // counts denied attempts too, so scan never accepts an action on its word alone.
    expect(actions(A, 'app-orders')).toEqual(['s3:DeleteObject']);
    expect(existsSync(join(out, A, 'app-orders.md'))).toBe(true);
    const summary = json<SweepSummary>(join(out, 'summary.json'));
    // E's app-orders: nothing seen used, so no policy, and the summary says why.
    expect(existsSync(join(out, E, 'app-orders.json'))).toBe(false);
    expect(summary.ranking.find((r) => r.account === E && r.role === 'app-orders')).toMatchObject({
      report: '',
      note: expect.stringContaining('no action seen used in the window') as unknown,
    });
    expect(summary.mode).toBe('scan');
    expect(summary.ranking.find((r) => r.account === A && r.role === 'app-orders')!.report).toBe(
      join(A, 'app-orders.json'),
    );
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('least-privilege policies');
    // Progress speaks of scanning, and the summary names the X-Ray regions and the roles traced.
    expect(res.stderr).toMatch(/: 3 roles to scan/);
    expect(res.stderr).toMatch(/ done: 3 roles scanned, /);
    expect(res.stderr).not.toContain('compared');
    expect(summary.evidence.xray).toEqual({ regions: ['us-east-1', 'eu-west-1'], roles: 1 });
    expect(summary.evidence.sources.find((s) => s.id === 'xray')?.roles).toBe(1);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(
      '- X-Ray: us-east-1, eu-west-1 (1 roles traced)',
    );
    // Lambda functions listed once per account and region, with the account's own session.
    const listed = fake.callsOf('lambda:ListFunctions');
    expect(listed.map((c) => `${c.accessKeyId} ${c.region}`).sort()).toEqual(
      [
        `ASIA${A}FAKE eu-west-1`,
        `ASIA${A}FAKE us-east-1`,
        `ASIA${E}FAKE eu-west-1`,
        `ASIA${E}FAKE us-east-1`,
      ].sort(),
    );
    const traces = fake.callsOf('xray:GetTraceSummaries');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((c) => c.accessKeyId === `ASIA${A}FAKE` && c.region === 'eu-west-1')).toBe(true);

    // A compare state is not a scan state; scan --all-roles needs the accounts.
    const mixed = await run(
      [
        'compare',
        '--all-roles',
        '--accounts',
        A,
        '--assume-role',
        AUDIT_ROLE,
        '--report',
        'policies',
        '--resume',
      ],
      env,
      cwd,
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('holds a scan sweep, not a compare one');
    const alone = await run(['scan', '--all-roles', '--demo'], env, cwd);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('scan --all-roles is for every role of several accounts');
    const badRegion = await run([...args.slice(0, 6), '--xray-regions', 'mars'], env, cwd);
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toContain('"mars" is not a region');
  }, 120_000);
});
