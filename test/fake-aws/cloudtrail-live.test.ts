// Live CloudTrail through the real SDK against the fake: LookupEvents within 2 calls a
// second, role matched client-side, progress with an estimate; the trail's S3 logs read
// day by day through the same reader as local files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceProgress } from '../../src/core/progress.js';
import type { SourceProblem } from '../../src/core/source-status.js';
import type { Evidence } from '../../src/core/types.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/reader.js';
import { cloudTrailLive, lookupEstimate, lookupEventsLive } from '../../src/sources/cloudtrail/live.js';
import { deliveryTime, trailLogsLive, windowDays } from '../../src/sources/cloudtrail/live-s3.js';
import { DEMO_NOW, role, startHarness, type Harness } from './harness.js';
import { DEPLOYER, TRAIL_BUCKET, WINDOW, notesAppScenario, roleArnOf } from './notes-app/index.js';
import type { Scenario } from './scenario.js';

const ROLE = role(roleArnOf(DEPLOYER));
let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const strip = (ev: Evidence[]) => ev.map(({ samples: _s, ...rest }) => rest);
const by = (ev: Evidence[], action: string) => ev.filter((e) => e.action === action);

/** The same records as local files: the offline reader is the reference. */
async function offline(records: Record<string, unknown>[]): Promise<Evidence[]> {
  dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-ct-'));
  const file = path.join(dir, 'records.json');
  await writeFile(file, JSON.stringify({ Records: records }));
  return readCloudTrail([file], { role: ROLE, window: WINDOW });
}

/** The scenario's bucket written to disk, as `aws s3 sync` would. */
async function syncBucket(s: Scenario): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-ct-'));
  for (const [key, body] of Object.entries(s.buckets![TRAIL_BUCKET]!)) {
    await mkdir(path.join(dir, path.dirname(key)), { recursive: true });
    await writeFile(path.join(dir, key), body);
  }
  return dir;
}

describe('LookupEvents against the fake', () => {
  it("produces the evidence the file reader produces from the same region's records", async () => {
    const scenario = notesAppScenario({ deployCycles: 3 });
    h = await startHarness(scenario);
    const live = await lookupEventsLive(h.clients, { role: ROLE, window: WINDOW, now: DEMO_NOW });
    const reference = await offline(scenario.events!.filter((r) => r.awsRegion === 'us-east-1'));
    expect(strip(live)).toEqual(strip(reference));
    expect(by(live, 'ec2:DescribeInstances')).toEqual([]);
    expect(by(live, 'iam:CreatePolicy')[0]).toMatchObject({ count: 0, denied: 3 });
    expect(by(live, 'cloudformation:CreateStack')[0]?.count).toBe(3);
  });

  it('never makes more than 2 calls in any second, and is never throttled', async () => {
    const scenario = { ...notesAppScenario({ deployCycles: 2 }), enforceLookupEventsRate: true };
    h = await startHarness(scenario);
    const progress: SourceProgress[] = [];
    await lookupEventsLive(h.clients, {
      role: ROLE,
      window: WINDOW,
      now: DEMO_NOW,
      pageSize: 5,
      onProgress: (p) => progress.push(p),
    });
    const calls = h.fake.callsOf('cloudtrail:LookupEvents');
    expect(calls.length).toBeGreaterThanOrEqual(7);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    for (let i = 2; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 2]!.at).toBeGreaterThanOrEqual(1000);
    // Every page after the first reuses the token with the same parameters (the fake checks).
    expect(calls.slice(1).every((c) => typeof c.params.NextToken === 'string')).toBe(true);
    expect(
      progress.some((p) =>
        /of ~\d+ events read \(\d+% of the window\), about \d+ (s|min) left/.test(p.message ?? ''),
      ),
    ).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'done' });
  });

  it('keeps the limit when throttled calls are retried', async () => {
    h = await startHarness(notesAppScenario({ deployCycles: 1 }));
    h.fake.faults.add({ action: 'cloudtrail:LookupEvents', kind: 'throttle', times: 2 });
    await lookupEventsLive(h.clients, { role: ROLE, window: WINDOW, now: DEMO_NOW, pageSize: 10 });
    const calls = h.fake.callsOf('cloudtrail:LookupEvents');
    expect(calls.filter((c) => c.status === 400)).toHaveLength(2);
    for (let i = 2; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 2]!.at).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    [
      'expired-token',
      /the AWS credentials were rejected calling cloudtrail:LookupEvents \(ExpiredTokenException\)/,
    ],
    ['malformed', /the response to cloudtrail:LookupEvents could not be read/],
    ['access-denied', /AccessDeniedException calling cloudtrail:LookupEvents: add cloudtrail:LookupEvents/],
  ] as const)('ends a %s fault with a clear message', async (kind, message) => {
    h = await startHarness(notesAppScenario({ deployCycles: 1 }));
    h.fake.faults.add({ action: 'cloudtrail:LookupEvents', kind });
    await expect(lookupEventsLive(h.clients, { role: ROLE, window: WINDOW, now: DEMO_NOW })).rejects.toThrow(
      message,
    );
  });

  it('estimates what is left from the share of the window covered', () => {
    const est = lookupEstimate({ start: 0, end: 1000 }, 750, 50, 10_000);
    expect(est).toEqual({
      total: 200,
      message: '50 of ~200 events read (25% of the window), about 30 s left',
    });
  });
});

describe('trail logs in S3 against the fake', () => {
  it('reads exactly what the file reader reads from the synced bucket', async () => {
    const scenario = notesAppScenario({ deployCycles: 4 });
    h = await startHarness(scenario);
    const live = await trailLogsLive(h.clients, { role: ROLE, window: WINDOW });
    const local = await syncBucket(scenario);
    const reference = await readCloudTrail([path.join(local, 'trail/AWSLogs')], {
      role: ROLE,
      window: WINDOW,
    });
    expect(live).toEqual(reference);
    expect(
      by(live, 'cloudformation:DescribeStacks')
        .map((e) => e.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('lists only the days and regions of the window', async () => {
    h = await startHarness(notesAppScenario({ deployCycles: 18 }));
    const window = { start: '2026-11-05T00:00:00.000Z', end: '2026-11-06T12:00:00.000Z' };
    await trailLogsLive(h.clients, { role: ROLE, window });
    const listed = h.fake.callsOf('s3:ListBucket').map((c) => String(c.params.prefix));
    const dayPrefixes = listed
      .filter((p) => /\/\d{4}\/\d{2}\/\d{2}\/$/.test(p))
      .map((p) => p.split('CloudTrail/')[1]);
    expect(dayPrefixes.sort()).toEqual(
      ['eu-west-1', 'us-east-1'].flatMap((r) =>
        ['2026/11/05/', '2026/11/06/', '2026/11/07/'].map((d) => `${r}/${d}`),
      ),
    );
    const fetched = h.fake.callsOf('s3:GetObject').map((c) => deliveryTime(String(c.params.Key))!);
    expect(Math.min(...fetched)).toBeGreaterThanOrEqual(Date.parse(window.start));
  });

  it('names the object and the permission when GetObject is denied', async () => {
    h = await startHarness(notesAppScenario({ deployCycles: 1 }));
    h.fake.faults.add({ action: 's3:GetObject', kind: 'access-denied' });
    await expect(trailLogsLive(h.clients, { role: ROLE, window: WINDOW })).rejects.toThrow(
      /^AccessDenied calling s3:GetObject: add s3:GetObject to the tool's policy on notes-app-cloudtrail-logs\/trail\/AWSLogs\//,
    );
  });

  it('falls back to LookupEvents in auto mode when the logs cannot be read', async () => {
    h = await startHarness(notesAppScenario({ deployCycles: 1 }));
    h.fake.faults.add({ action: 's3:ListBucket', kind: 'access-denied' });
    const progress: SourceProgress[] = [];
    const problems: SourceProblem[] = [];
    const ev = await cloudTrailLive(h.clients, {
      role: ROLE,
      window: WINDOW,
      now: DEMO_NOW,
      onProgress: (p) => progress.push(p),
      onProblem: (p) => problems.push(p),
    });
    expect(by(ev, 'cloudformation:CreateStack')[0]?.count).toBe(1);
    expect(progress.at(-1)?.message).toMatch(/S3 logs failed: AccessDenied calling s3:ListBucket/);
    // Said as a problem (the source ends partial), with what LookupEvents cannot see.
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/fell back to LookupEvents, which holds management events only/);
    expect(problems[0]!.fix).toMatch(/docs\/tool-policy\.json/);
  });

  it('one log object cut short mid-body: skipped and named, the others read (partial)', async () => {
    h = await startHarness(notesAppScenario({ deployCycles: 1 }));
    h.fake.faults.add({ action: 's3:GetObject', kind: 'truncated', times: 1 });
    const problems: SourceProblem[] = [];
    const ev = await trailLogsLive(h.clients, {
      role: ROLE,
      window: WINDOW,
      onProblem: (p) => problems.push(p),
    });
    expect(ev.length).toBeGreaterThan(0);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]!.message).toMatch(/^s3:\/\/notes-app-cloudtrail-logs\/.*\(file skipped\)$/);
  });

  it.each([
    ['2026-11-05T10:00:00Z', '2026-11-05T11:00:00Z', ['2026/11/05/', '2026/11/06/']],
    ['2026-11-30T23:00:00Z', '2026-12-01T01:00:00Z', ['2026/11/30/', '2026/12/01/', '2026/12/02/']],
  ])('window %s..%s covers the days %j', (start, end, days) => {
    expect(windowDays({ start, end }, Date.parse('2027-01-01'))).toEqual(days);
  });
});
