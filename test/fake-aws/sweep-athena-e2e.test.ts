// The organization sweep of five accounts with the organization trail's Athena table, through the CLI
// against the fake: the estimate is shown and, without a terminal, the query is refused
// unless --yes; with --yes ONE query runs for every account and each role's report carries
// its CloudTrail evidence. Needs `npm run build`, or IAM_REFINE_E2E_CLI=src/cli.ts to use tsx.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn as spawnPty } from '@lydell/node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../helpers/temp-dirs.js';
import type { CompareReport } from '../../src/core/compare-types.js';
import type { SweepSummary } from '../../src/org/summary.js';
import { CLI, fakeAwsCliEnv, NODE_ARGS, runCliProcess as run } from '../helpers/cli-process.js';
import { AUDIT_ROLE, MEMBERS, organization } from './org-scenario.js';
import { ORG_TABLE, orgTrail } from './org-trail.js';
import { startFakeAws, type FakeAws } from './server.js';

const [A, B, C, D, E] = MEMBERS;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const tempDir = tempDirsPerTest();

const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('compare --accounts ... --athena-table (organization CloudTrail)', () => {
  it('shows the estimate, refuses without --yes off a terminal, then runs one query for every account', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    // Five accounts: B's audit role cannot be assumed, C's IAM throttles, D has a role that
    // cannot be read; A, C and D have logs in the organization trail, B and E none in the window.
    fake = await startFakeAws(
      organization(
        { [A]: {}, [B]: { noAuditRole: true }, [C]: {}, [D]: { brokenRole: true }, [E]: {} },
        orgTrail([A, C, D]).scenario,
      ),
    );
    fake.faults.add({ action: 'iam:*', kind: 'throttle', account: C, times: 3 });
    const cwd = tempDir('iam-refine-sweep-athena-');
    const env = fakeAwsCliEnv(fake, tempDir('iam-refine-home-'));
    const args = [
      'compare',
      '--all-roles',
      '--accounts',
      [A, B, C, D, E].join(','),
      '--assume-role',
      AUDIT_ROLE,
      '--athena-table',
      ORG_TABLE,
      '--athena-output',
      's3://athena-results/iam-refine/',
    ];

    const refused = await run(args, env, cwd);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`CloudTrail: one Athena query over ${ORG_TABLE} for 5 accounts`);
    expect(refused.stderr).toMatch(
      /scans about 12\.0 KB \(6 log files in s3:\/\/org-trail-logs\/AWSLogs\/o-a1b2c3d4e5\/, partitions account and timestamp\): under \$0\.01 at Athena's \$5 per TB/,
    );
    expect(refused.stderr).toContain(`no trail logs in the window for 2 account(s): ${B}, ${E}`);
    expect(refused.stderr).toContain('no terminal to ask, and no --yes');
    expect(refused.stderr).toContain('Pass --yes');
    expect(fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);
    expect(fake.callsOf('sts:AssumeRole')).toHaveLength(0);
    expect(existsSync(join(cwd, 'reports', 'summary.json'))).toBe(false);

    const ran = await run([...args, '--yes'], env, cwd);
    expect(ran.code, ran.stderr).toBe(1); // B and D's legacy-app failed
    const started = fake.callsOf('athena:StartQueryExecution');
    expect(started).toHaveLength(1);
    const sql = String(started[0]!.params.QueryString);
    expect(sql).toContain(`"account" IN ('${A}', '${B}', '${C}', '${D}', '${E}')`);
    expect(sql).toMatch(/"timestamp" >= '\d{4}\/\d{2}\/\d{2}'/);
    // The query ran with the caller's credentials, never a member's session.
    expect(started[0]!.accessKeyId.startsWith('ASIA')).toBe(false);
    expect(ran.stderr).toMatch(/CloudTrail: \d+ rows for 6 roles; /);

    const reports = join(cwd, 'reports');
    const report = (account: string, role: string) =>
      json<CompareReport>(join(reports, account, `${role}.json`));
    const ordersA = report(A, 'app-orders');
    expect(ordersA.sources.find((s) => s.source === 'cloudtrail')?.observations).toBe(1);
    const put = ordersA.used.find((u) => u.action === 's3:PutObject');
    expect(put?.sources).toContain('cloudtrail');
    expect(put?.count).toBe(3);
    // Written in the window (CloudTrail): no longer excess; the 200-day-old DeleteObject still is.
    expect(ordersA.excess.map((e) => e.action).sort()).toEqual(
      ['iam:CreateAccessKey', 'iam:PutRolePolicy', 's3:DeleteObject'].sort(),
    );
    expect(report(C, 'app-orders').used.map((u) => u.action)).toContain('s3:PutObject');
    expect(report(A, 'app-reports').used.find((u) => u.action === 's3:ListBucket')?.sources).toContain(
      'cloudtrail',
    );
    // E: no logs in the trail, compared without CloudTrail: its sources say skipped, and why.
    const ordersE = report(E, 'app-orders');
    expect(ordersE.sources.find((s) => s.source === 'cloudtrail')).toMatchObject({
      status: 'skipped',
      observations: 0,
      reason: 'the organization trail holds no logs of this account in the window',
    });
    expect(ordersA.sources.find((s) => s.source === 'cloudtrail')).toMatchObject({ status: 'ok' });
    expect(ordersE.status).toBe('ok');
    expect(ordersE.excess.map((e) => e.action)).toContain('s3:PutObject');
    const summary = json<SweepSummary>(join(reports, 'summary.json'));
    expect(summary.accountsFailed).toBe(1);
    expect(summary.rolesCompared).toBe(12);
    // The evidence block: the query's facts, and the accounts read without CloudTrail (B failed).
    const [query] = summary.evidence.cloudTrail.queries;
    expect(summary.evidence.cloudTrail.queries).toHaveLength(1);
    expect(query).toMatchObject({
      table: ORG_TABLE,
      accounts: [A, B, C, D, E],
      accountsWithLogs: [A, C, D],
      estimatedBytes: 12 * 1024,
      estimatedFiles: 6,
      estimatedCost: 'under $0.01',
      cost: 'under $0.01',
      roles: 6,
    });
    expect(query!.scannedBytes).toBeGreaterThan(0);
    expect(summary.evidence.cloudTrail.accountsWithout).toEqual([
      { account: E, why: 'the organization trail held no logs of this account in the window' },
    ]);
    expect(summary.evidence.sources.find((s) => s.id === 'cloudtrail')?.roles).toBe(9);
    const md = readFileSync(join(reports, 'summary.md'), 'utf8');
    expect(md).toContain(`- CloudTrail: one Athena query over \`${ORG_TABLE}\``);
    expect(md).toContain(`- Without CloudTrail: ${E} (the organization trail held no logs`);
    expect(md).toContain(`in 1 account(s) (${E}) it rests on IAM Access Advisor`);
    expect(report(D, 'app-orders').used.map((u) => u.action)).toContain('s3:PutObject');

    const yesAlone = await run(
      ['compare', '--all-roles', '--accounts', A, '--assume-role', AUDIT_ROLE, '--yes'],
      env,
      cwd,
    );
    expect(yesAlone.code).toBe(2);
    expect(yesAlone.stderr).toContain(
      '--yes confirms the organization CloudTrail query: it needs --athena-table',
    );
  }, 120_000);

  it('asks on a terminal: "n" runs nothing (exit 2), "y" runs the one query', async () => {
    fake = await startFakeAws(organization({ [A]: {} }, orgTrail([A]).scenario));
    const cwd = tempDir('iam-refine-sweep-athena-');
    const env = { ...fakeAwsCliEnv(fake, tempDir('iam-refine-home-')), TERM: 'xterm-256color' };
    const args = ['compare', '--all-roles', '--accounts', A, '--assume-role', AUDIT_ROLE];
    const answer = (reply: string) =>
      new Promise<{ code: number; text: string }>((done) => {
        const pty = spawnPty(process.execPath, [...NODE_ARGS, ...args, '--athena-table', ORG_TABLE], {
          cwd,
          env,
          cols: 200,
          rows: 40,
        });
        let text = '';
        let asked = false;
        pty.onData((d) => {
          text += d;
          if (!asked && text.includes('Run the query? [y/N]')) {
            asked = true;
            pty.write(`${reply}\r`);
          }
        });
        pty.onExit((e) => done({ code: e.exitCode, text }));
      });
    const no = await answer('n');
    expect(no.text).toContain('scans about 4.0 KB (2 log files');
    expect(no.code, no.text).toBe(2);
    expect(no.text).toContain('the organization CloudTrail query was not run: nothing was swept');
    expect(fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);
    const yes = await answer('y');
    expect(yes.code, yes.text).toBe(3);
    expect(fake.callsOf('athena:StartQueryExecution')).toHaveLength(1);
  }, 120_000);
});
