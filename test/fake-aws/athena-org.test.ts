// The organization sweep's CloudTrail, real SDK against the fake: one query whose rows,
// split by role, give each role the evidence the per-role query gives it; the estimate
// sums exactly the log files of the swept accounts' partitions in the window.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-args.js';
import { costText, sweepCloudTrail } from '../../src/commands/sweep-cloudtrail.js';
import type { IO } from '../../src/commands/io.js';
import { UserError } from '../../src/core/errors.js';
import { athenaCloudTrail } from '../../src/sources/cloudtrail/athena.js';
import { planOrgCloudTrail, runOrgCloudTrail } from '../../src/sources/cloudtrail/athena-org.js';
import { demoRecords, withoutSamples } from './demo-records.js';
import { role, startHarness, type Harness } from './harness.js';
import { FILE_BYTES, ORG_ID, ORG_TABLE, orgTrail, TRAIL_BUCKET } from './org-trail.js';
import type { Scenario } from './scenario.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const [A, C] = ['111111111111', '333333333333'];
const now = Date.now();
const WINDOW = { start: new Date(now - 90 * 86_400_000).toISOString(), end: new Date(now).toISOString() };
const ATHENA = { table: ORG_TABLE, workgroup: 'primary', output: 's3://athena-results/iam-refine/' };

describe('organization CloudTrail through one Athena query', () => {
  it("splits one query into each role's evidence, equal to the per-role query's", async () => {
    const trail = orgTrail([A]);
    // The demo records (account 123456789012) in the organization's table, beside A's.
    const events = [...(await demoRecords()), ...(trail.scenario.events ?? [])];
    const demoWindow = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' };
    const scenario: Scenario = { account: '999999999999', ...trail.scenario, events };
    h = await startHarness(scenario);
    const accounts = ['123456789012', A];
    const plan = await planOrgCloudTrail(h.clients, { athena: ATHENA, accounts, window: demoWindow });
    const org = await runOrgCloudTrail(h.clients, plan, { pollMs: 0, pageSize: 7 });
    const deployer = role('arn:aws:iam::123456789012:role/serverless-deployer');
    const alone = await athenaCloudTrail(h.clients, {
      role: deployer,
      window: demoWindow,
      athena: ATHENA,
      pollMs: 0,
    });
    expect(alone.length).toBeGreaterThan(10);
    expect(withoutSamples(await org.evidenceFor(deployer))).toEqual(withoutSamples(alone));
    // Another role of the same account made no call: no evidence, not the deployer's.
    expect(await org.evidenceFor(role('arn:aws:iam::123456789012:role/other'))).toEqual([]);
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(2); // the org query + the per-role one
  });

  it("estimates the bytes of the window's partitions of the swept accounts only, then runs once", async () => {
    const trail = orgTrail([A, C]);
    h = await startHarness({ account: '999999999999', ...trail.scenario });
    const plan = await planOrgCloudTrail(h.clients, {
      athena: ATHENA,
      accounts: [A, C, '555555555555'],
      window: WINDOW,
    });
    expect(plan.estimate).toEqual({
      bytes: trail.bytesInWindow,
      objects: 4,
      accountsWithLogs: [A, C],
      location: `s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/`,
    });
    expect(trail.bytesInWindow).toBe(4 * FILE_BYTES);
    // Listed: the swept accounts' folders only (never 888888888888's, never the digests).
    const prefixes = h.fake.callsOf('s3:ListBucket').map((c) => String(c.params.prefix));
    expect(prefixes.length).toBeGreaterThan(0);
    expect(
      prefixes.every((p) =>
        /^AWSLogs\/o-a1b2c3d4e5\/(111111111111|333333333333|555555555555)\/CloudTrail\//.test(p),
      ),
    ).toBe(true);
    expect(plan.query).toContain(`"account" IN ('111111111111', '333333333333', '555555555555')`);
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);

    const org = await runOrgCloudTrail(h.clients, plan, { pollMs: 0 });
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(1);
    expect(org.covers(A)).toBe(true);
    expect(org.covers('555555555555')).toBe(false);
    const orders = await org.evidenceFor(role(`arn:aws:iam::${C}:role/app-orders`));
    expect(orders.map((e) => [e.action, e.count])).toEqual([['s3:PutObject', 3]]);
    expect(orders[0]!.resource).toBe('arn:aws:s3:::orders/o/1.json');
    const reports = await org.evidenceFor(role(`arn:aws:iam::${A}:role/APP-REPORTS`));
    expect(reports.map((e) => e.action)).toEqual(['s3:ListBucket']);
    expect(org.roles).toBe(4);
    expect(org.summary).toMatch(/^\d+ rows for 4 roles; .* scanned, about \$/);
  });

  it('a table without a day partition (--athena-partition-column none): every day is scanned and counted', async () => {
    const trail = orgTrail([A]);
    trail.scenario.athena!.tableMetadata![ORG_TABLE]!.partitionKeys = ['account', 'region'];
    h = await startHarness({ account: '999999999999', ...trail.scenario });
    const athena = { ...ATHENA, partitionColumn: '' };
    const plan = await planOrgCloudTrail(h.clients, { athena, accounts: [A], window: WINDOW });
    // The two files in the window and the one 200 days old; never the digest files.
    expect(plan.estimate.bytes).toBe(52 * FILE_BYTES);
    expect(plan.query).not.toContain('"timestamp"');
    const org = await runOrgCloudTrail(h.clients, plan, { pollMs: 0 });
    // The exact times still bound the rows: the old DeleteObject is not evidence.
    const orders = await org.evidenceFor(role(`arn:aws:iam::${A}:role/app-orders`));
    expect(orders.map((e) => e.action)).toEqual(['s3:PutObject']);
  });

  it('refuses a table without an account partition before scanning anything', async () => {
    const trail = orgTrail([A]);
    const athena = trail.scenario.athena!;
    athena.tableMetadata![ORG_TABLE]!.partitionKeys = ['timestamp'];
    h = await startHarness({ account: '999999999999', ...trail.scenario });
    const err = await planOrgCloudTrail(h.clients, { athena: ATHENA, accounts: [A], window: WINDOW }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('no account partition');
    expect((err as UserError).hint).toContain('The Athena organization table');
    expect(h.fake.callsOf('s3:ListBucket')).toHaveLength(0);
  });

  it('asks on a terminal before running: "n" runs nothing, "y" runs the one query', async () => {
    h = await startHarness({ account: '999999999999', ...orgTrail([A]).scenario });
    let stderr = '';
    const io: IO = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
      stdinIsTTY: true,
      env: {},
    };
    const { values } = parseCommandLine([
      'compare',
      '--all-roles',
      '--accounts',
      A,
      '--assume-role',
      'R',
      '--athena-table',
      ORG_TABLE,
    ]);
    const questions: string[] = [];
    const ask = (answer: string) => (q: string) => (questions.push(q), Promise.resolve(answer));
    const opts = { accounts: [A], window: WINDOW, pollMs: 0 };
    const declined = await sweepCloudTrail(h.clients, values, io, { ...opts, ask: ask('n') }).catch(
      (e: unknown) => e,
    );
    expect(declined).toBeInstanceOf(UserError);
    expect((declined as UserError).exitCode).toBe(2);
    expect((declined as UserError).message).toContain('was not run: nothing was swept');
    expect(questions).toEqual(['Run the query? [y/N] ']);
    expect(stderr).toContain('scans about 4.0 KB (2 log files');
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);
    const ct = await sweepCloudTrail(h.clients, values, io, { ...opts, ask: ask('Y') });
    expect(ct?.covers(A)).toBe(true);
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(1);
    // --yes: no question.
    const yes = parseCommandLine([
      'compare',
      '--all-roles',
      '--accounts',
      A,
      '--athena-table',
      ORG_TABLE,
      '--yes',
    ]);
    await sweepCloudTrail(h.clients, yes.values, io, { ...opts, ask: ask('n') });
    expect(questions).toHaveLength(2);
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(2);
  });
});

describe('Ctrl-C during the organization query', () => {
  it('stops the query in Athena and says nothing was swept', async () => {
    const trail = orgTrail([A]).scenario;
    h = await startHarness({ account: '999999999999', ...trail, athena: { ...trail.athena, polls: 1000 } });
    const ctl = new AbortController();
    const io: IO = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (t.includes('query running') && ctl.abort(), true) },
      stdinIsTTY: false,
      env: {},
    };
    const { values } = parseCommandLine(['compare', '--all-roles', '--athena-table', ORG_TABLE, '--yes']);
    const err = await sweepCloudTrail(h.clients, values, io, {
      accounts: [A],
      window: WINDOW,
      pollMs: 1,
      signal: ctl.signal,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('stopped (Ctrl-C) during the organization CloudTrail query');
    expect(h.fake.callsOf('athena:StopQueryExecution')).toHaveLength(1);
  });
});

describe('a table with no log file of the swept accounts', () => {
  it('is an error before any query: the location or the table is wrong', async () => {
    h = await startHarness({ account: '999999999999', ...orgTrail([A]).scenario });
    const io: IO = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      stdinIsTTY: false,
      env: {},
    };
    const { values } = parseCommandLine(['compare', '--all-roles', '--athena-table', ORG_TABLE, '--yes']);
    const err = await sweepCloudTrail(h.clients, values, io, { accounts: [C], window: WINDOW }).catch(
      (e: unknown) => e,
    );
    expect((err as UserError).message).toContain('no CloudTrail log file of these accounts in the window');
    expect((err as UserError).hint).toContain('AWSLogs/o-ORGID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/');
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);
  });
});

describe('costText', () => {
  it('bills at least 10 MB at $5 per TB', () => {
    expect(costText(0)).toBe('under $0.01');
    expect(costText(1024 ** 4)).toBe('about $5.00');
    expect(costText(300 * 1024 ** 3)).toBe('about $1.46');
  });
});
