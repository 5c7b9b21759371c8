// CloudTrail in CloudWatch Logs through Logs Insights, real SDK against the fake: the same
// evidence as the local reader on the same records (demo trail, notes app, invictus-ir),
// window chunks, polling with statistics, the row limit said and counted, StopQuery on
// cancel, and a missing log group as a clear error.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceProgress } from '../../src/core/progress.js';
import type { TimeWindow } from '../../src/core/types.js';
import {
  aggregateQuery,
  logsInsightsCloudTrail,
  type LogsInsightsReadOptions,
} from '../../src/sources/cloudtrail/logs-insights.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/reader.js';
import { DEMO_CLOUDTRAIL, demoRecords, withoutSamples } from './demo-records.js';
import { role, startHarness, type Harness } from './harness.js';
import type { Scenario } from './scenario.js';

const GROUP = 'aws-cloudtrail-logs-123456789012-1a2b3c4d';
const ROLE = role('arn:aws:iam::123456789012:role/serverless-deployer');
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' };
const INVICTUS = path.resolve('test/fixtures/invictus-ir+aws_dataset/CloudTrail');
const INVICTUS_WINDOW = { start: '2023-07-10T11:00:00.000Z', end: '2023-07-10T12:20:00.000Z' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(extra: Partial<Scenario> = {}): Promise<Harness> {
  h = await startHarness({
    account: '123456789012',
    events: await demoRecords(),
    logs: { logGroup: GROUP },
    ...extra,
  });
  return h;
}

const insights = (hh: Harness, extra: Partial<LogsInsightsReadOptions> = {}) =>
  logsInsightsCloudTrail(hh.clients, {
    role: ROLE,
    window: WINDOW,
    logs: { logGroup: GROUP },
    pollMs: 0,
    ...extra,
  });

async function invictusRecords(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const f of (await readdir(INVICTUS)).sort())
    out.push(...(JSON.parse(await readFile(path.join(INVICTUS, f), 'utf8')) as { Records: [] }).Records);
  return out;
}

describe('CloudTrail through Logs Insights', () => {
  it.each([
    ['the demo trail', ROLE.arn, WINDOW, 'demo'],
    [
      'the demo trail, a window that cuts it mid-second',
      ROLE.arn,
      { start: '2026-11-05T00:00:00.500Z', end: '2026-11-12T12:00:00.000Z' },
      'demo',
    ],
    [
      'invictus, an EC2 role',
      'arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role',
      INVICTUS_WINDOW,
      'invictus',
    ],
  ] as const)(
    'gives the same evidence as the local reader: %s',
    async (_what, arn, window: TimeWindow, data) => {
      const events = data === 'demo' ? await demoRecords() : await invictusRecords();
      const hh = await harness({ events });
      const who = role(arn);
      const local = await readCloudTrail(data === 'demo' ? [DEMO_CLOUDTRAIL] : [INVICTUS], {
        role: who,
        window,
      });
      const got = await insights(hh, { role: who, window });
      expect(local.length).toBeGreaterThan(3);
      expect(withoutSamples(got)).toEqual(withoutSamples(local));
      const start = hh.fake.callsOf('logs:StartQuery');
      expect(start.length % 2).toBe(0); // the aggregate and the records query per chunk
      expect(String(start[0]!.params.queryString)).toContain(`sessionIssuer.userName = "${who.name}"`);
    },
  );

  it('queries a window in chunks, polls with statistics, and reports them', async () => {
    const hh = await harness({ logs: { logGroup: GROUP, polls: 2, bytesPerRecord: 2048 } });
    const events: SourceProgress[] = [];
    const got = await insights(hh, { chunkMs: 5 * 86_400_000, onProgress: (p) => events.push(p) });
    expect(got.length).toBeGreaterThan(5);
    expect(hh.fake.callsOf('logs:StartQuery').length).toBe(2 * 4); // 19 days in 5-day chunks
    expect(
      events.some((e) =>
        /chunk 1\/4: query running: \d+ records matched, \d+ scanned \(/.test(e.message ?? ''),
      ),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'done' });
    expect(events.at(-1)?.message).toMatch(/calls in 4 window chunks$/);
  });

  it('past the row limit, counts the calls it could not fetch and says so', async () => {
    const base = await demoRecords();
    const one = base.find((e) => (e.userIdentity as { arn?: string }).arn?.includes('serverless-deployer'))!;
    const many = Array.from({ length: 10_050 }, (_, i) => ({
      ...one,
      eventID: `id-${i}`,
      eventTime: one.eventTime,
    }));
    const hh = await harness({ events: many });
    const events: SourceProgress[] = [];
    const got = await insights(hh, { onProgress: (p) => events.push(p) });
    const total = got.reduce((n, e) => n + e.count + e.denied, 0);
    expect(total).toBeGreaterThanOrEqual(10_050);
    expect(events.at(-1)?.message).toMatch(/50 calls beyond Logs Insights' 10,000-row limit/);
  });

  it('a missing log group is a clear error naming it', async () => {
    const hh = await harness();
    await expect(insights(hh, { logs: { logGroup: 'nope' } })).rejects.toThrow(/nope/);
  });

  it('stops the query when cancelled', async () => {
    const hh = await harness({ logs: { logGroup: GROUP, polls: 1000 } });
    const ac = new AbortController();
    const run = insights(hh, { signal: ac.signal, pollMs: 5 });
    await new Promise((r) => setTimeout(r, 100));
    ac.abort(new Error('cancelled'));
    await expect(run).rejects.toThrow();
    expect(hh.fake.callsOf('logs:StopQuery').length).toBe(1);
  });

  it('filters by the session issuer and groups by source, name and error', () => {
    expect(aggregateQuery(ROLE)).toMatch(
      /stats count\(\*\) as calls, .* by eventSource, eventName, errorCode$/,
    );
  });
});
