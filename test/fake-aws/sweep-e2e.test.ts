// The organization sweep through the CLI against the fake: five member accounts, one whose
// audit role cannot be assumed, one whose IAM throttles, one with a role that cannot be
// read. Needs `npm run build`, or IAM_REFINE_E2E_CLI=src/cli.ts to use tsx.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_ARGS, runCliProcess as run, CLI, fakeAwsCliEnv } from '../helpers/cli-process.js';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../helpers/temp-dirs.js';
import type { CompareReport } from '../../src/core/compare-types.js';
import type { SweepState, SweepSummary } from '../../src/org/summary.js';
import { AUDIT_ROLE, MEMBERS, MANAGEMENT, organization } from './org-scenario.js';
import { startFakeAws, type FakeAws } from './server.js';

const [A, B, C, D, E] = MEMBERS;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const tempDir = tempDirsPerTest();

function envFor(f: FakeAws): NodeJS.ProcessEnv {
  return fakeAwsCliEnv(f, tempDir('iam-refine-home-'));
}

const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('compare --org across accounts', () => {
  it('sweeps five accounts: one not assumable, one throttling, one with an unreadable role; then resumes', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const scenario = organization(
      { [A]: {}, [B]: { noAuditRole: true }, [C]: {}, [D]: { brokenRole: true }, [E]: {} },
      {
        organizationAccounts: [
          ...[A, B, C, D, E].map((Id) => ({ Id, Name: `team-${Id.slice(0, 1)}` })),
          { Id: '666666666666', Name: 'closed', State: 'SUSPENDED' as const },
        ],
      },
    );
    fake = await startFakeAws(scenario);
    // Account C throttles its first IAM calls: the SDK's retries get through.
    fake.faults.add({ action: 'iam:*', kind: 'throttle', account: C, times: 3 });
    const cwd = tempDir('iam-refine-sweep-');
    const env = envFor(fake);
    const args = ['compare', '--all-roles', '--org', '--assume-role', AUDIT_ROLE, '--concurrency', '3'];
    const first = await run(args, env, cwd);
    expect(first.code, first.stderr).toBe(1);

    const reports = join(cwd, 'reports');
    const summary = json<SweepSummary>(join(reports, 'summary.json'));
    expect(summary.accounts).toBe(5);
    expect(summary.accountsFailed).toBe(1);
    expect(summary.accountsPartial).toBe(1);
    expect(summary.serviceLinkedSkipped).toBe(4);
    // Four accounts: audit role, app-orders, app-reports; D's legacy-app failed.
    expect(summary.rolesCompared).toBe(12);
    const byAccount = Object.fromEntries(summary.perAccount.map((a) => [a.account, a]));
    expect(byAccount[B]).toMatchObject({ status: 'failed', rolesCompared: 0 });
    expect(byAccount[B]!.reason).toContain(`cannot assume arn:aws:iam::${B}:role/${AUDIT_ROLE}: AWS refused`);
    expect(byAccount[B]!.fix).toContain(`arn:aws:iam::${MANAGEMENT}:root`);
    expect(byAccount[C]).toMatchObject({ status: 'done', rolesCompared: 3, rolesWithExcess: 1 });
    expect(byAccount[D]).toMatchObject({ status: 'partial', failedRoles: 1 });
    expect(summary.failures.map((f) => `${f.account}/${f.role ?? ''}`).sort()).toEqual([
      `${B}/`,
      `${D}/legacy-app`,
    ]);
    // app-orders ranks first in every account: unused iam Permissions management + s3 writes.
    const top = summary.ranking.slice(0, 4);
    expect(top.map((r) => r.role)).toEqual(['app-orders', 'app-orders', 'app-orders', 'app-orders']);
    expect(top[0]!.score.byLevel['Permissions management']).toBe(1);
    expect(top[0]!.score.riskyActions).toBeGreaterThan(0);
    const clean = summary.ranking.find((r) => r.role === 'app-reports' && r.account === A)!;
    expect(clean.score.excessActions).toBe(0);
    expect(clean.exitCode).toBe(0);

    const orders = json<{ roleName: string; excess: { action: string }[] }>(
      join(reports, A, 'app-orders.json'),
    );
    expect(orders.roleName).toBe('app-orders');
    expect(orders.excess.map((e) => e.action).sort()).toEqual(
      ['iam:CreateAccessKey', 'iam:PutRolePolicy', 's3:DeleteObject', 's3:PutObject'].sort(),
    );
    expect(existsSync(join(reports, B))).toBe(false);
    const md = readFileSync(join(reports, 'summary.md'), 'utf8');
    expect(md).toContain('## Failures');
    expect(md).toContain(`| ${B} | (account) | cannot assume arn:aws:iam::${B}:role/${AUDIT_ROLE}`);
    expect(md).toMatch(/\| 1 \| 111111111111 \| `app-orders` \| /);
    expect(first.stderr).toMatch(/\[accounts 5\/5, roles \d+\/\d+\]/);
    expect(first.stderr).toMatch(/ done: 3 roles compared, 1 with excess/);
    // No --athena-table, no --xray-regions: the summary says what "unused" rests on.
    expect(summary.evidence.cloudTrail.read).toBe(false);
    expect(summary.evidence.cloudTrail.accountsWithout.map((a) => a.account).sort()).toEqual([A, C, D, E]);
    expect(summary.evidence.sources.map((s) => [s.id, s.roles])).toEqual([
      ['access-advisor', 12],
      ['unused-findings', 12],
    ]);
    expect(md).toContain(
      '**No CloudTrail and no X-Ray was read: "unused" rests on IAM Access Advisor and Access Analyzer unused-access findings only.**',
    );
    // Each role's report records how each source ended.
    const ordersReport = json<CompareReport>(join(reports, A, 'app-orders.json'));
    expect(ordersReport.status).toBe('ok');
    expect(ordersReport.sources.map((s) => [s.id, s.status])).toEqual([
      ['access-advisor', 'ok'],
      ['unused-findings', 'ok'],
    ]);

    // Only the management credentials list accounts and assume roles; every read in a
    // member account is signed with that account's session.
    const management = fake.calls.filter((c) => !c.accessKeyId.startsWith('ASIA'));
    expect(new Set(management.map((c) => c.action))).toEqual(
      // ListAnalyzers: is there an organization analyzer here (none in this organization)?
      new Set([
        'sts:GetCallerIdentity',
        'organizations:ListAccounts',
        'sts:AssumeRole',
        'access-analyzer:ListAnalyzers',
      ]),
    );
    const assumed = fake.callsOf('sts:AssumeRole');
    expect(assumed.map((c) => String(c.params.RoleSessionName))).toSatisfy((names: string[]) =>
      names.every((n) => n.startsWith('iam-refine')),
    );
    expect(fake.calls.filter((c) => c.accessKeyId === `ASIA${C}FAKE` && c.fault === 'throttle')).toHaveLength(
      3,
    );
    expect(
      fake.calls.some(
        (c) => c.accessKeyId === 'ASIA666666666666FAKE' || String(c.params.RoleArn).includes('666666666666'),
      ),
    ).toBe(false);

    // The audit role is deployed in B; --resume reads B, and D's failed role only.
    scenario.members!.find((m) => m.account === B)!.roles!.push({ RoleName: AUDIT_ROLE });
    const before = fake.calls.length;
    const second = await run([...args, '--resume'], env, cwd);
    const later = fake.calls.slice(before);
    expect(second.stderr).toContain(
      'resuming: 3 accounts already finished, 2 to go (1 partial: only their failed roles are read again)',
    );
    expect(
      later
        .filter((c) => c.action === 'sts:AssumeRole')
        .map((c) => String(c.params.RoleArn))
        .sort(),
    ).toEqual([`arn:aws:iam::${B}:role/${AUDIT_ROLE}`, `arn:aws:iam::${D}:role/${AUDIT_ROLE}`]);
    const laterIam = later.filter((c) => c.service === 'iam');
    expect(laterIam.every((c) => [`ASIA${B}FAKE`, `ASIA${D}FAKE`].includes(c.accessKeyId))).toBe(true);
    // In D only the failed role is read again: its finished roles keep their reports.
    const readInD = laterIam
      .filter((c) => c.accessKeyId === `ASIA${D}FAKE`)
      .map((c) => String(c.params.RoleName ?? c.params.Arn ?? ''))
      .filter(Boolean);
    expect(readInD.length).toBeGreaterThan(0);
    expect(readInD.every((r) => r.includes('legacy-app'))).toBe(true);
    const resumed = json<SweepSummary>(join(reports, 'summary.json'));
    expect(resumed.accountsFailed).toBe(0);
    expect(resumed.rolesCompared).toBe(15);
    expect(second.code).toBe(1); // D's unreadable role is still listed
    const state = json<SweepState>(join(reports, 'sweep-state.json'));
    expect(state.accounts.map((a) => a.account).sort()).toEqual([A, B, C, D, E]);
  }, 120_000);

  it('Ctrl-C keeps the finished accounts; --resume never reads them again', async () => {
    const ids = [A, B, C, D];
    fake = await startFakeAws(organization(Object.fromEntries(ids.map((id) => [id, {}]))), { latencyMs: 60 });
    const cwd = tempDir('iam-refine-sweep-');
    const env = envFor(fake);
    const args = ['compare', '--all-roles', '--accounts', ids.join(','), '--assume-role', AUDIT_ROLE];
    const child = spawn(process.execPath, [...NODE_ARGS, ...args, '--account-concurrency', '1'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stopped = false;
    const code = await new Promise<number>((done) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Stop once the first account is finished and the second has started.
        if (!stopped && /111111111111 done/.test(stderr) && /222222222222: \d+ roles/.test(stderr))
          stopped = child.kill('SIGINT');
      });
      child.on('close', (c) => done(c ?? -1));
    });
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('run the same command with --resume to go on');
    const state = json<SweepState>(join(cwd, 'reports', 'sweep-state.json'));
    const finished = state.accounts.filter((a) => a.status !== 'failed').map((a) => a.account);
    expect(finished).toContain(A);
    expect(finished).not.toContain(D);
    const before = fake.calls.length;
    const resumed = await run([...args, '--resume'], env, cwd);
    expect(resumed.code, resumed.stderr).toBe(3);
    const assumedAgain = fake.calls
      .slice(before)
      .filter((c) => c.action === 'sts:AssumeRole')
      .map((c) => String(c.params.RoleArn).split(':')[4]);
    expect(assumedAgain.sort()).toEqual(ids.filter((id) => !finished.includes(id)).sort());
    expect(json<SweepSummary>(join(cwd, 'reports', 'summary.json')).rolesCompared).toBe(12);
  }, 120_000);

  it('--accounts FILE with an external id; a clean sweep exits 3 on excess', async () => {
    const scenario = organization({ [A]: { externalId: 'xyz' }, [E]: { externalId: 'xyz' } });
    fake = await startFakeAws(scenario);
    const cwd = tempDir('iam-refine-sweep-');
    const env = envFor(fake);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'accounts.txt'), `# prod\n${A}\n${E} # sandbox\n`);
    const base = ['compare', '--all-roles', '--accounts', 'accounts.txt', '--assume-role', AUDIT_ROLE];
    const denied = await run([...base, '--report', 'out/'], env, cwd);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain(`FAILED ${A}: cannot assume arn:aws:iam::${A}:role/${AUDIT_ROLE}`);
    expect(denied.stdout).toContain('with this trust policy: {"Version":"2012-10-17"');
    const ok = await run(
      [...base, '--external-id', 'xyz', '--role-filter', 'app-', '--report', 'ok'],
      env,
      cwd,
    );
    expect(ok.code, ok.stderr).toBe(3);
    const summary = json<SweepSummary>(join(cwd, 'ok', 'summary.json'));
    expect(summary.rolesCompared).toBe(4);
    expect(fake.callsOf('sts:AssumeRole').at(-1)!.params.ExternalId).toBe('xyz');
    const tagged = await run(
      [...base, '--external-id', 'xyz', '--role-filter', 'tag:team=orders', '--report', 'tagged'],
      env,
      cwd,
    );
    expect(tagged.code, tagged.stderr).toBe(3);
    const byTag = json<SweepSummary>(join(cwd, 'tagged', 'summary.json'));
    expect(byTag.ranking.map((r) => `${r.account}/${r.role}`).sort()).toEqual([
      `${A}/app-orders`,
      `${E}/app-orders`,
    ]);
    const bad = await run(['compare', '--all-roles', '--accounts', '1234', '--assume-role', 'X'], env, cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"1234" is not an account id');
  }, 120_000);
});
