// Every live source together through gather(): an injected fault ends the source it
// hits with a clear message and the source marked failed, and the others complete.
import { afterEach, describe, expect, it } from 'vitest';
import { planLiveSources } from '../../src/sources/plan-live.js';
import type { SourceProgress } from '../../src/core/progress.js';
import { gather, sourceStatuses } from '../../src/sources/gather.js';
import type { FaultKind } from './faults.js';
import { DEMO_NOW, role, startHarness, type Harness } from './harness.js';
import { ACCESS_ROLE, WINDOW, notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';

const ROLE = role(roleArnOf(roleName('delete')));
const LIVE = {
  analyzerAccessRole: `arn:aws:iam::123456789012:role/service-role/${ACCESS_ROLE}`,
  cloudtrailMode: 'lookup' as const,
  pollIntervalMs: 1,
  now: DEMO_NOW,
};
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The action each source is hit on, and the words its failure must say. */
const TARGETS = {
  xray: 'xray:BatchGetTraces',
  cloudtrail: 'cloudtrail:LookupEvents',
  'access-analyzer': 'access-analyzer:GetGeneratedPolicy',
  'unused-findings': 'access-analyzer:ListFindings',
  'access-advisor': 'iam:GetServiceLastAccessedDetails',
} as const;
type Target = keyof typeof TARGETS;

const MESSAGES: Record<Exclude<FaultKind, 'unprocessed'>, (action: string) => RegExp> = {
  'access-denied': (a) => new RegExp(`^AccessDenied(Exception)? calling ${a}: add ${a} to the tool's policy`),
  'expired-token': (a) =>
    new RegExp(`^the AWS credentials were rejected calling ${a} \\(ExpiredToken(Exception)?\\)`),
  'server-error': (a) => new RegExp(`^AWS returned a server error for ${a} after 3 attempts`),
  malformed: (a) => new RegExp(`^the response to ${a} could not be read \\(malformed body\\)`),
  throttle: (a) => new RegExp(`^AWS throttled ${a} after 3 attempts`),
  slow: (a) => new RegExp(`^${a} timed out`),
  truncated: (a) => new RegExp(`${a}`),
};

const CASES: [Target, Exclude<FaultKind, 'unprocessed'>][] = [
  ...(Object.keys(TARGETS) as Target[]).map((t): [Target, 'access-denied'] => [t, 'access-denied']),
  ['xray', 'expired-token'],
  ['access-advisor', 'server-error'],
  ['cloudtrail', 'malformed'],
  ['unused-findings', 'throttle'],
  ['access-analyzer', 'slow'],
  ['xray', 'truncated'],
  ['access-advisor', 'truncated'],
];

async function run(kind: FaultKind, action: string) {
  h = await startHarness(notesAppScenario(), { settings: { maxAttempts: 3, requestTimeoutMs: 1_000 } });
  h.fake.faults.add({ action, kind, delayMs: 3_000 });
  const plans = await planLiveSources(h.clients, ROLE, LIVE);
  return gather(plans, { role: ROLE, window: WINDOW });
}

describe('live sources together', () => {
  it.each(CASES)('%s with %s: that source fails clearly, the others complete', async (target, kind) => {
    const { results, evidence } = await run(kind, TARGETS[target]);
    const failed = results.find((r) => r.id === target)!;
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(MESSAGES[kind](TARGETS[target]));
    for (const r of results.filter((x) => x.id !== target)) expect([r.id, r.state]).toEqual([r.id, 'done']);
    expect(evidence.length).toBeGreaterThan(0);
  });

  it('a denied lambda:ListFunctions fails X-Ray with the permission to add, never drops it', async () => {
    const { results } = await run('access-denied', 'lambda:ListFunctions');
    const xray = results.find((r) => r.id === 'xray')!;
    expect(xray).toMatchObject({ state: 'failed', status: 'failed' });
    expect(xray.message).toMatch(
      /calling lambda:ListFunctions: add lambda:ListFunctions to the tool's policy/,
    );
    expect(sourceStatuses(results).find((s) => s.id === 'xray')?.status).toBe('failed');
  });

  it('throttling past the retry budget fails the source quickly, saying so, with each retry shown', async () => {
    h = await startHarness(notesAppScenario(), { settings: { retryBudgetMs: 300 } });
    h.fake.faults.add({ action: 'xray:*', kind: 'throttle' });
    const plans = await planLiveSources(h.clients, ROLE, LIVE);
    const progress: SourceProgress[] = [];
    const began = Date.now();
    const { results } = await gather(plans, {
      role: ROLE,
      window: WINDOW,
      onProgress: (p) => progress.push(p),
    });
    expect(Date.now() - began).toBeLessThan(10_000);
    const xray = results.find((r) => r.id === 'xray')!;
    expect(xray.state).toBe('failed');
    expect(xray.message).toMatch(/^AWS throttled xray:\w+.*retry budget \(0\.3 s\) is used up/);
    expect(
      progress.some((p) => p.source === 'xray' && /X-Ray: ThrottledException, retry 1/.test(p.message ?? '')),
    ).toBe(true);
  });

  it('runs all six to completion on a healthy account', async () => {
    h = await startHarness(notesAppScenario());
    const plans = await planLiveSources(h.clients, ROLE, LIVE);
    expect(plans.map((p) => [p.id, p.available])).toEqual([
      ['xray', true],
      ['cloudtrail', true],
      ['access-analyzer', true],
      ['unused-findings', true],
      ['access-advisor', true],
      ['lambda-config', true],
    ]);
    const { results, evidence } = await gather(plans, { role: ROLE, window: WINDOW });
    expect(results.every((r) => r.state === 'done' && r.status === 'ok')).toBe(true);
    const sources = new Set(evidence.map((e) => e.source));
    expect([...sources].sort()).toEqual(['access-advisor', 'lambda-config', 'unused-findings', 'xray']);
  });

  it('says up front which sources cannot run and why', async () => {
    h = await startHarness({ ...notesAppScenario(), analyzers: [] });
    const plans = await planLiveSources(h.clients, role(roleArnOf('serverless-deployer')), { now: DEMO_NOW });
    const by = Object.fromEntries(plans.map((p) => [p.id, p]));
    expect(by.xray).toMatchObject({
      available: false,
      why: 'no Lambda function in us-east-1 runs as serverless-deployer',
    });
    expect(by.xray!.fix).toMatch(/--xray-filter/);
    expect(by['access-analyzer']).toMatchObject({
      available: false,
      why: 'policy generation needs an access role (one-time setup)',
    });
    expect(by['unused-findings']).toMatchObject({
      available: false,
      why: 'no unused-access analyzer in us-east-1',
    });
    expect(by.cloudtrail!.available).toBe(true);
  });
});
