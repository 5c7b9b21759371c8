// Live Access Analyzer through the real SDK against the fake: policy generation (setup
// explained, recent jobs reused, progress, cancel) and unused-access findings.
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceProgress } from '../../src/core/progress.js';
import { evidenceFromGeneratedPolicy } from '../../src/sources/access-analyzer/generated-policy.js';
import { generatePolicyLive, sameWindow } from '../../src/sources/access-analyzer/live.js';
import { unusedFindingsLive } from '../../src/sources/access-analyzer/live-unused.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { DEMO_NOW, role, startHarness, type Harness } from './harness.js';
import { ACCESS_ROLE, DEPLOYER, WINDOW, notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';

const DEPLOYER_ROLE = role(roleArnOf(DEPLOYER));
const ACCESS_ROLE_ARN = 'arn:aws:iam::123456789012:role/service-role/' + ACCESS_ROLE;
const base = {
  role: DEPLOYER_ROLE,
  window: WINDOW,
  accessRole: ACCESS_ROLE_ARN,
  pollIntervalMs: 1,
  now: DEMO_NOW,
};
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('policy generation against the fake', () => {
  it('starts a job on the trail, polls it and maps it like the offline reader', async () => {
    const scenario = notesAppScenario();
    h = await startHarness(scenario);
    const progress: SourceProgress[] = [];
    const ev = await generatePolicyLive(h.clients, { ...base, onProgress: (p) => progress.push(p) });

    const start = h.fake.callsOf('access-analyzer:StartPolicyGeneration')[0]!.params;
    expect(start).toMatchObject({
      policyGenerationDetails: { principalArn: DEPLOYER_ROLE.arn },
      cloudTrailDetails: {
        accessRole: ACCESS_ROLE_ARN,
        trails: [
          {
            cloudTrailArn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
            allRegions: true,
          },
        ],
      },
    });
    const polls = h.fake.callsOf('access-analyzer:GetGeneratedPolicy');
    expect(polls).toHaveLength(3);
    expect(polls[0]!.params).toMatchObject({
      includeResourcePlaceholders: 'true',
      includeServiceLevelTemplate: 'true',
    });
    expect(progress.map((p) => p.message)).toContain(
      `job ${String(polls[0]!.params.jobId)}: IN_PROGRESS (0 s)`,
    );

    const cli = {
      jobDetails: { jobId: polls[0]!.params.jobId, status: 'SUCCEEDED' },
      generatedPolicyResult: {
        generatedPolicies: scenario.generatedPolicies![DEPLOYER_ROLE.arn]!.policies.map((p) => ({
          policy: JSON.stringify(p),
        })),
        properties: { principalArn: DEPLOYER_ROLE.arn },
      },
    };
    expect(ev).toEqual(aggregateEvidence(evidenceFromGeneratedPolicy(cli, 'file', { role: DEPLOYER_ROLE })));
    expect(ev.find((e) => e.action === 'cloudformation:CreateStack')?.resource).toBe(
      'arn:aws:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}',
    );
  });

  it('reuses a recent job for the same role and window', async () => {
    h = await startHarness(notesAppScenario());
    await generatePolicyLive(h.clients, base);
    const progress: SourceProgress[] = [];
    await generatePolicyLive(h.clients, { ...base, onProgress: (p) => progress.push(p) });
    expect(h.fake.callsOf('access-analyzer:StartPolicyGeneration')).toHaveLength(1);
    expect(progress.some((p) => /^reusing job /.test(p.message ?? ''))).toBe(true);
  });

  it('joins a job for the role that is still running instead of starting one', async () => {
    const scenario = notesAppScenario();
    scenario.policyGenerations = [
      {
        jobId: 'running-1',
        principalArn: DEPLOYER_ROLE.arn,
        status: 'IN_PROGRESS',
        startedOn: new Date(DEMO_NOW() - 60_000).toISOString(),
        pollsLeft: 1,
      },
    ];
    h = await startHarness(scenario);
    const ev = await generatePolicyLive(h.clients, base);
    expect(h.fake.callsOf('access-analyzer:StartPolicyGeneration')).toHaveLength(0);
    expect(ev.length).toBeGreaterThan(0);
  });

  it('explains the one-time setup when no access role is set', async () => {
    h = await startHarness(notesAppScenario());
    const err = await generatePolicyLive(h.clients, { ...base, accessRole: undefined }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      kind: 'aws',
      message: 'policy generation needs an access role, and none is set',
    });
    expect((err as { hint: string }).hint).toMatch(/trusted by access-analyzer\.amazonaws\.com/);
    expect((err as { hint: string }).hint).toMatch(/--analyzer-access-role/);
    expect(h.fake.callsOf('access-analyzer:StartPolicyGeneration')).toHaveLength(0);
  });

  it("says so when another generation holds the account's one slot", async () => {
    const scenario = notesAppScenario();
    scenario.policyGenerations = [
      {
        jobId: 'other',
        principalArn: roleArnOf('someone-else'),
        status: 'IN_PROGRESS',
        startedOn: new Date(DEMO_NOW()).toISOString(),
      },
    ];
    h = await startHarness(scenario);
    await expect(generatePolicyLive(h.clients, base)).rejects.toThrow(
      'another policy generation is running in this account (one at a time)',
    );
  });

  it('cancels its job when the user cancels', async () => {
    const scenario = { ...notesAppScenario(), policyGenerationPolls: 1000 };
    h = await startHarness(scenario);
    const ctl = new AbortController();
    const run = generatePolicyLive(h.clients, {
      ...base,
      signal: ctl.signal,
      onProgress: (p) => {
        if (/IN_PROGRESS/.test(p.message ?? '')) ctl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const cancel = h.fake.callsOf('access-analyzer:CancelPolicyGeneration');
    expect(cancel).toHaveLength(1);
    expect(cancel[0]!.params.jobId).toBe(
      h.fake.callsOf('access-analyzer:GetGeneratedPolicy')[0]!.params.jobId,
    );
  });

  it.each([
    [
      { start: Date.parse('2026-11-02'), end: Date.parse('2026-11-20') },
      { start: new Date('2026-11-02T00:30Z'), end: new Date('2026-11-20T03:00Z') },
      true,
    ],
    [
      { start: Date.parse('2026-11-02'), end: Date.parse('2026-11-20') },
      { start: new Date('2026-11-05'), end: new Date('2026-11-20') },
      false,
    ],
  ])('window %j matches job window %j: %s', (a, b, same) => {
    expect(sameWindow(a, b)).toBe(same);
  });
});

describe('unused-access findings against the fake', () => {
  it("finds the analyzer and reads the role's findings", async () => {
    h = await startHarness(notesAppScenario());
    const ev = await unusedFindingsLive(h.clients, { role: role(roleArnOf(roleName('delete'))) });
    expect(ev).toEqual([
      expect.objectContaining({
        source: 'unused-findings',
        action: 'dynamodb:GetItem',
        unused: true,
        count: 0,
      }),
    ]);
    expect(h.fake.callsOf('access-analyzer:ListFindingsV2')[0]!.params).toMatchObject({
      analyzerArn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused-access',
      filter: { resource: { eq: [roleArnOf(roleName('delete'))] } },
    });
  });

  it('pages through long finding details', async () => {
    const scenario = notesAppScenario();
    scenario.findings![0]!.findingDetails = Array.from({ length: 55 }, (_, i) => ({
      unusedPermissionDetails: {
        serviceNamespace: 's3',
        actions: [{ action: i % 2 ? 'GetObject' : 'PutObject' }],
      },
    }));
    h = await startHarness(scenario);
    const ev = await unusedFindingsLive(h.clients, { role: role(roleArnOf(roleName('delete'))) });
    expect(ev.map((e) => e.action)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(h.fake.callsOf('access-analyzer:GetFindingV2')).toHaveLength(2);
  });

  it('says how to create an analyzer when there is none', async () => {
    h = await startHarness({ ...notesAppScenario(), analyzers: [] });
    const err = await unusedFindingsLive(h.clients, { role: DEPLOYER_ROLE }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('no unused-access analyzer in us-east-1');
    expect((err as { hint: string }).hint).toMatch(/create-analyzer .*--type ACCOUNT_UNUSED_ACCESS/);
  });
});
