// Live X-Ray through the real SDK against the fake: role → Lambda functions → filter
// expressions, chunked windows, paging, BatchGetTraces in fives, retries, cancel.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import type { SourceProgress } from '../../src/core/progress.js';
import { readXrayTraceFiles } from '../../src/sources/xray/read.js';
import { gatherXrayLive, lambdaFilterExpressions } from '../../src/sources/xray/live.js';
import { DEMO_NOW, role, startHarness, type Harness } from './harness.js';
import {
  WINDOW,
  functionArn,
  functionName,
  notesAppScenario,
  roleArnOf,
  roleName,
} from './notes-app/index.js';

const GET_ROLE = role(roleArnOf(roleName('get')));
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('live X-Ray against the fake', () => {
  it('produces exactly the evidence the file reader produces from the same traces', async () => {
    const scenario = notesAppScenario({ tracesPerFunction: 9 });
    h = await startHarness(scenario);
    const live = await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW });

    const dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-xray-'));
    try {
      const file = path.join(dir, 'traces.json');
      await writeFile(file, JSON.stringify(scenario.traces!.flatMap((t) => t.segments)));
      const lambdaFunctions = scenario.lambdaFunctions!.map((f) => ({
        name: f.FunctionName,
        arn: f.FunctionArn,
        role: f.Role,
      }));
      const offline = await readXrayTraceFiles([file], { role: GET_ROLE, lambdaFunctions, window: WINDOW });
      // Samples are "a few" ids: which few depends on fetch order, so compare them as ids of the role's traces.
      const strip = (ev: typeof live) => ev.map(({ samples: _samples, ...rest }) => rest);
      expect(strip(live)).toEqual(strip(offline));
      const getTraces = new Set(
        scenario.traces!.filter((t) => t.segments[0]!.name === functionName('get')).map((t) => t.Id),
      );
      expect(live.every((e) => e.samples.length > 0 && e.samples.every((id) => getTraces.has(id)))).toBe(
        true,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(live.map((e) => e.action)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 's3:GetObject']));
    expect(live.find((e) => e.action === 'dynamodb:GetItem')?.count).toBe(9);
  });

  it("looks up the role's functions once and filters traces by them", async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 3 }));
    await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW });
    expect(h.fake.callsOf('lambda:ListFunctions')).toHaveLength(1);
    const filters = new Set(h.fake.callsOf('xray:GetTraceSummaries').map((c) => c.params.FilterExpression));
    expect([...filters]).toEqual([
      `service(id(name: "${functionName('get')}", type: "AWS::Lambda::Function"))`,
    ]);
  });

  it('uses --xray-filter as given and skips the Lambda lookup', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 3 }));
    const ev = await gatherXrayLive(h.clients, {
      role: GET_ROLE,
      window: WINDOW,
      now: DEMO_NOW,
      filter: `service("${functionName('get')}")`,
      service: functionName('get'),
    });
    expect(h.fake.callsOf('lambda:ListFunctions')).toHaveLength(0);
    expect(ev.find((e) => e.action === 'dynamodb:GetItem')?.count).toBe(3);
  });

  it('splits a long window into chunks the API accepts and follows NextToken', async () => {
    const scenario = {
      ...notesAppScenario({ tracesPerFunction: 90 }),
      maxTraceWindowHours: 24,
      pageSizes: { traceSummaries: 3 },
    };
    h = await startHarness(scenario);
    const ev = await gatherXrayLive(h.clients, {
      role: GET_ROLE,
      window: WINDOW,
      now: DEMO_NOW,
      chunkMs: 24 * 3_600_000,
    });
    const calls = h.fake.callsOf('xray:GetTraceSummaries');
    expect(calls.every((c) => c.status === 200)).toBe(true);
    const chunks = new Set(calls.map((c) => `${String(c.params.StartTime)}-${String(c.params.EndTime)}`));
    expect(chunks.size).toBe(18);
    expect(calls.some((c) => c.params.NextToken)).toBe(true);
    expect(ev.find((e) => e.action === 'dynamodb:GetItem')?.count).toBe(90);
  });

  it.each([1, 4, 5, 6, 23, 50])('fetches %i traces with ceil(n/5) BatchGetTraces calls', async (n) => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: n }));
    await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW });
    const batches = h.fake.callsOf('xray:BatchGetTraces');
    expect(batches).toHaveLength(Math.ceil(n / 5));
    expect(batches.every((c) => (c.params.TraceIds as string[]).length <= 5)).toBe(true);
    expect(new Set(batches.flatMap((c) => c.params.TraceIds as string[])).size).toBe(n);
  });

  it('retries UnprocessedTraceIds until every trace is read', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 10 }));
    h.fake.faults.add({ action: 'xray:BatchGetTraces', kind: 'unprocessed', times: 2 });
    const ev = await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW });
    expect(ev.find((e) => e.action === 'dynamodb:GetItem')?.count).toBe(10);
    expect(h.fake.callsOf('xray:BatchGetTraces').length).toBeGreaterThan(2);
  });

  it('rides out throttling with retries', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 10 }));
    h.fake.faults.add({ action: 'xray:BatchGetTraces', kind: 'throttle', times: 2 });
    const ev = await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW });
    expect(ev.find((e) => e.action === 'dynamodb:GetItem')?.count).toBe(10);
    expect(h.fake.callsOf('xray:BatchGetTraces').filter((c) => c.status === 429)).toHaveLength(2);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 60 }), { latencyMs: 15 });
    await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW, concurrency: 3 });
    expect(h.fake.maxInFlight()).toBeLessThanOrEqual(3);
    expect(h.fake.maxInFlight()).toBeGreaterThan(1);
  });

  it('says which permission is missing when BatchGetTraces is denied', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 10 }));
    h.fake.faults.add({ action: 'xray:BatchGetTraces', kind: 'access-denied' });
    const err = await gatherXrayLive(h.clients, { role: GET_ROLE, window: WINDOW, now: DEMO_NOW }).catch(
      (e: unknown) => e,
    );
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toBe(
      "AccessDeniedException calling xray:BatchGetTraces: add xray:BatchGetTraces to the tool's policy",
    );
  });

  it('explains what to do when no Lambda function runs as the role', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 1 }));
    const err = await gatherXrayLive(h.clients, {
      role: role(roleArnOf('serverless-deployer')),
      window: WINDOW,
      now: DEMO_NOW,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/no Lambda function in us-east-1 runs as serverless-deployer/);
    expect((err as { hint?: string }).hint).toMatch(/--xray-filter/);
  });

  it('stops on cancel and makes no more calls', async () => {
    h = await startHarness(notesAppScenario({ tracesPerFunction: 200 }), { latencyMs: 5 });
    const ctl = new AbortController();
    const seen: SourceProgress[] = [];
    const run = gatherXrayLive(h.clients, {
      role: GET_ROLE,
      window: WINDOW,
      now: DEMO_NOW,
      signal: ctl.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.done >= 10) ctl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const calls = h.fake.calls.length;
    await h.fake.close().then(() => undefined);
    expect(calls).toBeLessThan(100);
    expect(seen.some((p) => p.done >= 10)).toBe(true);
    h = undefined;
  });

  it('OR-s functions into a few filter expressions', () => {
    const fns = Array.from({ length: 12 }, (_, i) => ({
      name: `fn-${i}`,
      arn: functionArn('get'),
      role: 'r',
    }));
    const exprs = lambdaFilterExpressions(fns, 5);
    expect(exprs).toHaveLength(3);
    expect(exprs[2]).toBe(
      'service(id(name: "fn-10", type: "AWS::Lambda::Function")) OR service(id(name: "fn-11", type: "AWS::Lambda::Function"))',
    );
  });
});
