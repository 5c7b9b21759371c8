// CloudTrail through CloudTrail Lake, real SDK against the fake: local files, Athena and
// Lake give the same evidence for the same records; polling with events and bytes
// scanned, result paging, CancelQuery on cancel, FAILED / CANCELLED / TIMED_OUT queries
// and refused calls as clear errors, throttled polls retried.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planLiveSources } from '../../src/sources/plan-live.js';
import { UserError } from '../../src/core/errors.js';
import type { SourceProgress } from '../../src/core/progress.js';
import type { RoleRef, TimeWindow } from '../../src/core/types.js';
import { athenaCloudTrail } from '../../src/sources/cloudtrail/athena.js';
import { lakeCloudTrail, type LakeReadOptions } from '../../src/sources/cloudtrail/lake.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/reader.js';
import { DEMO_CLOUDTRAIL, demoRecords, asQueryRows } from './demo-records.js';
import { role, startHarness, type Harness } from './harness.js';
import { DEPLOYER, WINDOW as NOTES_WINDOW, notesAppScenario, roleArnOf } from './notes-app/index.js';
import type { Scenario } from './scenario.js';

const STORE = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const STORE_ARN = `arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/${STORE}`;
const ROLE = role('arn:aws:iam::123456789012:role/serverless-deployer');
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' };
const ATHENA = { table: 'cloudtrail_logs.events', output: 's3://athena-results/iam-refine/' };

let h: Harness | undefined;
let tmp: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

async function harness(extra: Partial<Scenario> = {}): Promise<Harness> {
  h = await startHarness({
    account: '123456789012',
    events: await demoRecords(),
    lake: { eventDataStore: STORE },
    ...extra,
  });
  return h;
}

const lake = (hh: Harness, extra: Partial<LakeReadOptions> = {}) =>
  lakeCloudTrail(hh.clients, {
    role: ROLE,
    window: WINDOW,
    lake: { eventDataStore: STORE },
    pollMs: 0,
    ...extra,
  });

const INVICTUS = path.resolve('test/fixtures/invictus-ir+aws_dataset/CloudTrail');
const INVICTUS_WINDOW = { start: '2023-07-10T11:00:00.000Z', end: '2023-07-10T12:20:00.000Z' };

async function invictusRecords(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const f of (await readdir(INVICTUS)).sort())
    out.push(...(JSON.parse(await readFile(path.join(INVICTUS, f), 'utf8')) as { Records: [] }).Records);
  return out;
}

interface Data {
  events: Record<string, unknown>[];
  /** What the local reader reads: the same records as files. */
  paths: string[];
}

const DATA: Record<string, () => Promise<Data>> = {
  demo: async () => ({ events: await demoRecords(), paths: [DEMO_CLOUDTRAIL] }),
  // The notes app's records, other principals' calls among them, as one local file.
  notes: async () => {
    const events = notesAppScenario({ deployCycles: 2 }).events ?? [];
    tmp = await mkdtemp(path.join(tmpdir(), 'iam-refine-lake-'));
    await writeFile(path.join(tmp, 'records.json'), JSON.stringify(events));
    return { events, paths: [path.join(tmp, 'records.json')] };
  },
  // Real records (invictus-ir): nested parameters and responses, an IAM user, EC2 roles.
  invictus: async () => ({ events: await invictusRecords(), paths: [INVICTUS] }),
};

describe('CloudTrail Lake backend', () => {
  it.each([
    ['the demo trail, store by ID', 'demo', ROLE.arn, STORE, WINDOW],
    [
      'the demo trail, store by ARN, a window that cuts it',
      'demo',
      ROLE.arn,
      STORE_ARN,
      { start: '2026-11-05T00:00:00.500Z', end: '2026-11-12T12:00:00.000Z' },
    ],
    ['the notes app (other principals too)', 'notes', roleArnOf(DEPLOYER), STORE, NOTES_WINDOW],
    ['invictus, an IAM user', 'invictus', 'arn:aws:iam::123837392027:user/bert-jan', STORE, INVICTUS_WINDOW],
    [
      'invictus, an EC2 role',
      'invictus',
      'arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role',
      STORE,
      INVICTUS_WINDOW,
    ],
  ] as const)(
    'gives the same evidence as the local reader and Athena: %s',
    async (_what, data, arn, eventDataStore, window: TimeWindow) => {
      const { events: records, paths } = await DATA[data]!();
      const hh = await harness({ events: records });
      const who: RoleRef = arn.includes(':user/')
        ? { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' }
        : role(arn);
      const local = await readCloudTrail(paths, { role: who, window });
      const athena = await athenaCloudTrail(hh.clients, { role: who, window, athena: ATHENA, pollMs: 0 });
      const events: SourceProgress[] = [];
      const got = await lake(hh, {
        role: who,
        window,
        lake: { eventDataStore },
        onProgress: (p) => events.push(p),
      });
      expect(local.length).toBeGreaterThan(5);
      expect(asQueryRows(got)).toEqual(asQueryRows(local));
      expect(asQueryRows(athena)).toEqual(asQueryRows(local));
      // Lake aggregated: fewer rows than the role's calls.
      const [, calls, rows] = /^(\d+) calls in (\d+) rows/.exec(events.at(-1)?.message ?? '') ?? [];
      expect(Number(rows)).toBeGreaterThan(0);
      expect(Number(rows)).toBeLessThan(Number(calls));
      const sql = String(hh.fake.callsOf('cloudtrail:StartQuery')[0]!.params.QueryStatement);
      expect(sql).toContain(`\nFROM ${STORE}\n`);
    },
  );

  it('sees denials and calls of other principals as the local reader does', async () => {
    const local = await readCloudTrail([DEMO_CLOUDTRAIL], { role: ROLE, window: WINDOW });
    expect(local.some((e) => e.denied > 0)).toBe(true);
    expect(local.some((e) => e.action === 'iam:PassRole')).toBe(true);
  });

  it('pages results and reports events and bytes scanned while polling', async () => {
    const hh = await harness({ lake: { eventDataStore: STORE, polls: 3, bytesPerRecord: 2048 } });
    const events: SourceProgress[] = [];
    const paged = await lake(hh, { pageSize: 7, onProgress: (p) => events.push(p) });
    const whole = await lake(hh);
    expect(asQueryRows(paged)).toEqual(asQueryRows(whole));
    const pages = hh.fake.callsOf('cloudtrail:GetQueryResults').filter((c) => c.params.MaxQueryResults === 7);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.params.NextToken).toBeUndefined();
    expect(pages.slice(1).every((c) => typeof c.params.NextToken === 'string')).toBe(true);
    // QUEUED, RUNNING three times, FINISHED: five polls for each query.
    expect(hh.fake.callsOf('cloudtrail:DescribeQuery')).toHaveLength(10);
    const records = (await demoRecords()).length;
    const messages = events.map((e) => e.message ?? '');
    expect(messages).toContain('query queued: 0 events scanned (0 B), 0 matched');
    const mb = ((records * 2048) / 1024 ** 2).toFixed(1);
    expect(
      messages.some((m) =>
        new RegExp(`^query running: ${records} events scanned \\(${mb} MB\\), [1-9]\\d* matched$`).test(m),
      ),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'done' });
    expect(events.at(-1)!.message).toMatch(
      /^\d+ calls in \d+ rows; \d+ events scanned \([\d.]+ MB\), \d+ matched$/,
    );
  });

  it.each([
    ['FAILED', 'Query failed: Column eventtime cannot be resolved', /failed: Query failed: Column eventtime/],
    ['CANCELLED', 'Query was cancelled by user', /was cancelled: Query was cancelled by user/],
    ['TIMED_OUT', 'Query exceeded the maximum run time', /timed out: Query exceeded/],
  ] as const)("a %s query is a clear error with Lake's reason", async (status, message, expected) => {
    const hh = await harness({ lake: { eventDataStore: STORE, polls: 1, fail: { status, message } } });
    const err = await lake(hh).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(expected);
    expect((err as UserError).message).toContain('The CloudTrail Lake query lake-query-');
    expect((err as UserError).hint).toBeTruthy();
    expect(hh.fake.callsOf('cloudtrail:GetQueryResults')).toHaveLength(0);
  });

  it('cancels the query in Lake when the user cancels', async () => {
    const hh = await harness({ lake: { eventDataStore: STORE, polls: 1000 } });
    const controller = new AbortController();
    const events: SourceProgress[] = [];
    const run = lake(hh, {
      pollMs: 1,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.message?.startsWith('query running')) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    const cancel = hh.fake.callsOf('cloudtrail:CancelQuery');
    expect(cancel).toHaveLength(1);
    expect(cancel[0]!.params.QueryId).toBe(hh.fake.callsOf('cloudtrail:DescribeQuery')[0]!.params.QueryId);
    expect(cancel[0]!.status).toBe(200);
    expect(events.at(-1)?.state).toBe('cancelled');
    expect(hh.fake.callsOf('cloudtrail:GetQueryResults')).toHaveLength(0);
  });

  it('retries throttled polls and result pages', async () => {
    const hh = await harness();
    hh.fake.faults.add(
      { action: 'cloudtrail:DescribeQuery', kind: 'throttle', times: 2 },
      { action: 'cloudtrail:GetQueryResults', kind: 'throttle', times: 1 },
    );
    const got = await lake(hh);
    expect(asQueryRows(got)).toEqual(
      asQueryRows(await readCloudTrail([DEMO_CLOUDTRAIL], { role: ROLE, window: WINDOW })),
    );
    expect(hh.fake.callsOf('cloudtrail:DescribeQuery').filter((c) => c.status === 400)).toHaveLength(2);
  });

  it.each([
    [
      'cloudtrail:StartQuery',
      /AccessDeniedException calling cloudtrail:StartQuery: add cloudtrail:StartQuery/,
    ],
    ['cloudtrail:GetQueryResults', /calling cloudtrail:GetQueryResults: add cloudtrail:GetQueryResults/],
  ])('a refused %s names the permission', async (action, message) => {
    const hh = await harness();
    hh.fake.faults.add({ action, kind: 'access-denied' });
    const err = await lake(hh).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(message);
  });

  it('says so when the event data store does not exist', async () => {
    const hh = await harness();
    const err = await lake(hh, { lake: { eventDataStore: 'ffffffff-0000-1111-2222-333333333333' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(
      /cloudtrail:StartQuery failed: EventDataStoreNotFoundException: .*ffffffff-0000-1111-2222-333333333333/,
    );
  });

  it.each([
    ['another role', 'arn:aws:iam::123456789012:role/nobody'],
    ['the role in another account', 'arn:aws:iam::999999999999:role/serverless-deployer'],
  ])('finds nothing for %s', async (_what, arn) => {
    const hh = await harness();
    expect(await lake(hh, { role: role(arn) })).toHaveLength(0);
  });

  it('is the live CloudTrail source when configured', async () => {
    const hh = await harness();
    const plans = await planLiveSources(hh.clients, ROLE, {
      lake: { eventDataStore: STORE_ARN },
      pollIntervalMs: 0,
    });
    const plan = plans.find((p) => p.id === 'cloudtrail')!;
    expect(plan).toMatchObject({
      available: true,
      label: 'CloudTrail events (Lake)',
      detail: `live, CloudTrail Lake event data store ${STORE}`,
    });
    const got = await plan.run({
      role: ROLE,
      window: WINDOW,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(asQueryRows(got)).toEqual(
      asQueryRows(await readCloudTrail([DEMO_CLOUDTRAIL], { role: ROLE, window: WINDOW })),
    );
    expect(hh.fake.callsOf('cloudtrail:StartQuery')).toHaveLength(1);
    expect(hh.fake.callsOf('cloudtrail:LookupEvents')).toHaveLength(0);
  });

  it("is unavailable, with the fix, when the store's ARN names another region", async () => {
    const hh = await harness();
    const plans = await planLiveSources(hh.clients, ROLE, {
      lake: { eventDataStore: STORE_ARN.replace('us-east-1', 'eu-west-1') },
    });
    expect(plans.find((p) => p.id === 'cloudtrail')).toMatchObject({
      available: false,
      why: "the event data store is in eu-west-1, the run's region is us-east-1",
      fix: 'Pass --region eu-west-1.',
    });
  });
});
