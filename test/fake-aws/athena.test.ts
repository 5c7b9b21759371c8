// CloudTrail through Athena, real SDK against the fake: the aggregated query gives the
// same evidence as reading the same records as local files; polling with progress and
// cost, result paging, Stop on cancel, FAILED / CANCELLED queries as clear errors.
import { afterEach, describe, expect, it } from 'vitest';
import { planLiveSources } from '../../src/sources/plan-live.js';
import { UserError } from '../../src/core/errors.js';
import type { SourceProgress } from '../../src/core/progress.js';
import { athenaCloudTrail, estimatedCost } from '../../src/sources/cloudtrail/athena.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/reader.js';
import { DEMO_CLOUDTRAIL as DEMO, demoRecords, asQueryRows } from './demo-records.js';
import { role, startHarness, type Harness } from './harness.js';
import type { Scenario } from './scenario.js';

const ROLE = role('arn:aws:iam::123456789012:role/serverless-deployer');
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' };
const ATHENA = {
  table: 'cloudtrail_logs.events',
  workgroup: 'primary',
  output: 's3://athena-results/iam-refine/',
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const strip = asQueryRows;

async function harness(extra: Partial<Scenario> = {}): Promise<Harness> {
  const scenario: Scenario = { account: '123456789012', events: await demoRecords(), ...extra };
  h = await startHarness(scenario);
  return h;
}

describe('Athena CloudTrail backend', () => {
  it('gives the same evidence as the local reader on the same records', async () => {
    const { clients, fake } = await harness();
    const local = await readCloudTrail([DEMO], { role: ROLE, window: WINDOW });
    const events: SourceProgress[] = [];
    const athena = await athenaCloudTrail(clients, {
      role: ROLE,
      window: WINDOW,
      athena: ATHENA,
      pollMs: 0,
      onProgress: (p) => events.push(p),
    });
    expect(local.length).toBeGreaterThan(10);
    expect(local.some((e) => e.denied > 0)).toBe(true);
    expect(strip(athena)).toEqual(strip(local));
    // The engine aggregated: fewer rows than the role's calls.
    const [, calls, rows] = /^(\d+) calls in (\d+) rows/.exec(events.at(-1)?.message ?? '') ?? [];
    expect(Number(rows)).toBeGreaterThan(0);
    expect(Number(rows)).toBeLessThan(Number(calls));
    const start = fake.callsOf('athena:StartQueryExecution');
    expect(start).toHaveLength(1);
    expect(start[0]!.params).toMatchObject({
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: ATHENA.output },
    });
    expect(String(start[0]!.params.QueryString)).toContain(`"timestamp" >= '2026/11/02'`);
  });

  it('pages results at the page size and reports state, bytes and cost while polling', async () => {
    const { clients, fake } = await harness({ athena: { polls: 3, bytesPerRecord: 2048 } });
    const events: SourceProgress[] = [];
    const paged = await athenaCloudTrail(clients, {
      role: ROLE,
      window: WINDOW,
      athena: ATHENA,
      pollMs: 0,
      pageSize: 7,
      onProgress: (p) => events.push(p),
    });
    const whole = await athenaCloudTrail(clients, { role: ROLE, window: WINDOW, athena: ATHENA, pollMs: 0 });
    expect(strip(paged)).toEqual(strip(whole));
    const pages = fake.callsOf('athena:GetQueryResults').filter((c) => c.params.MaxResults === 7);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(1).every((c) => typeof c.params.NextToken === 'string')).toBe(true);
    // QUEUED, then RUNNING three times, then SUCCEEDED: five polls for the first query.
    expect(fake.callsOf('athena:GetQueryExecution').length).toBe(10);
    const messages = events.map((e) => e.message ?? '');
    expect(messages).toContain('query queued: 0 B scanned, about $0.0000');
    const records = (await demoRecords()).length;
    expect(
      messages.some((m) => m.includes(`query running: ${((records * 2048) / 1024 ** 2).toFixed(1)} MB`)),
    ).toBe(true);
    const last = events.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.message).toMatch(/^\d+ calls in \d+ rows; [\d.]+ MB scanned, about \$0\.\d{4}$/);
  });

  it.each([
    [
      'FAILED',
      'TABLE_NOT_FOUND: line 3:6: Table awsdatacatalog.cloudtrail_logs.events does not exist',
      /failed: TABLE_NOT_FOUND/,
    ],
    ['CANCELLED', 'Query was cancelled by user', /was cancelled: Query was cancelled by user/],
  ] as const)("a %s query is a clear error with Athena's reason", async (state, reason, message) => {
    const { clients, fake } = await harness({ athena: { polls: 1, fail: { state, reason } } });
    const err = await athenaCloudTrail(clients, {
      role: ROLE,
      window: WINDOW,
      athena: ATHENA,
      pollMs: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(message);
    expect((err as UserError).message).toContain('query-');
    expect(fake.callsOf('athena:GetQueryResults')).toHaveLength(0);
  });

  it('stops the query in Athena when the user cancels', async () => {
    const { clients, fake } = await harness({ athena: { polls: 1000 } });
    const controller = new AbortController();
    const events: SourceProgress[] = [];
    const run = athenaCloudTrail(clients, {
      role: ROLE,
      window: WINDOW,
      athena: ATHENA,
      pollMs: 1,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.message?.startsWith('query running')) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    const stop = fake.callsOf('athena:StopQueryExecution');
    expect(stop).toHaveLength(1);
    expect(stop[0]!.params.QueryExecutionId).toBe(
      fake.calls.find((c) => c.operation === 'GetQueryExecution')!.params.QueryExecutionId,
    );
    expect(events.at(-1)?.state).toBe('cancelled');
  });

  it.each([
    ['another role', 'arn:aws:iam::123456789012:role/nobody', 0],
    ['the role in another account', 'arn:aws:iam::999999999999:role/serverless-deployer', 0],
  ])('finds nothing for %s', async (_what, arn, n) => {
    const { clients } = await harness();
    expect(
      await athenaCloudTrail(clients, { role: role(arn), window: WINDOW, athena: ATHENA, pollMs: 0 }),
    ).toHaveLength(n);
  });

  it('is the live CloudTrail source when configured', async () => {
    const { clients, fake } = await harness();
    const plans = await planLiveSources(clients, ROLE, { athena: ATHENA, pollIntervalMs: 0 });
    const plan = plans.find((p) => p.id === 'cloudtrail')!;
    expect(plan.detail).toBe('live, Athena table cloudtrail_logs.events (workgroup primary)');
    const got = await plan.run({
      role: ROLE,
      window: WINDOW,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(strip(got)).toEqual(strip(await readCloudTrail([DEMO], { role: ROLE, window: WINDOW })));
    expect(fake.callsOf('athena:StartQueryExecution')).toHaveLength(1);
    expect(fake.callsOf('cloudtrail:LookupEvents')).toHaveLength(0);
  });

  it.each([
    [0, '$0.0000'],
    [1024 ** 4, '$5.0000'],
    [3 * 1024 ** 3, '$0.0146'],
  ])('estimatedCost(%d) = %s (10 MB minimum)', (bytes, cost) => expect(estimatedCost(bytes)).toBe(cost));
});
