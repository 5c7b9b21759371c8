// The online proof through the real SDK clients against the fake: the requests IAM and
// Access Analyzer receive, how their answers map to the proof, and how each check degrades
// to "unavailable" (the local replay standing) when AWS refuses, throttles or is gone.
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentPolicyDocument,
  runOnlineProof,
  runOnlineProofWith,
  simulateCalls,
} from '../../src/aws/proof.js';
import { acceptsAutomatically } from '../../src/core/auto-accept.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { replayPolicy, type ReplayResult } from '../../src/core/replay.js';
import type { Evidence, RoleDetail } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { getRoleDetailLive } from '../../src/sources/iam/live.js';
import { readLambdaFunctions, readXrayTraceFiles } from '../../src/sources/xray/index.js';
import { role, startHarness, type Harness } from './harness.js';
import { notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';
import { memberList } from './services/proof.js';

const GET_ROLE = role(roleArnOf(roleName('get')));
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The get function's role: its demo traces → the policy scan writes → the local replay. */
async function refinedGetRole(): Promise<{ evidence: Evidence[]; policyJson: string; replay: ReplayResult }> {
  const lambdaFunctions = await readLambdaFunctions('demo/lambda-functions.json');
  const evidence = await readXrayTraceFiles(['demo/xray'], { role: GET_ROLE, lambdaFunctions });
  const candidates = mergeCandidates(evidence);
  const decisions = Object.fromEntries(
    candidates.filter(acceptsAutomatically).map((c) => [c.action, 'accepted' as const]),
  );
  const model = buildPolicyModel({ role: GET_ROLE, sources: ['X-Ray traces'], candidates, decisions });
  const policyJson = renderPolicyJson(model);
  return { evidence, policyJson, replay: replayPolicy(evidence, policyJson) };
}

async function currentOf(harness: Harness, name: string): Promise<RoleDetail> {
  return getRoleDetailLive(harness.clients, name);
}

describe('online proof against the fake', () => {
  it('sends the policy as saved, one simulation per resource, and maps every answer', async () => {
    h = await startHarness(notesAppScenario());
    const { policyJson, replay } = await refinedGetRole();
    expect(replay.allowed).toBe(replay.total);
    const current = await currentOf(h, roleName('get'));
    const online = await runOnlineProof(h.clients, { policyJson, replay, current });

    const sims = h.fake.callsOf('iam:SimulateCustomPolicy');
    const resources = [...new Set(replay.calls.map((c) => c.resource))];
    expect(sims).toHaveLength(resources.length);
    for (const call of sims) {
      expect(memberList(call.params, 'PolicyInputList')).toEqual([policyJson]);
      const [resource] = memberList(call.params, 'ResourceArns');
      expect(memberList(call.params, 'ActionNames')).toEqual(
        replay.calls.filter((c) => c.resource === resource).map((c) => c.action),
      );
    }
    const [validate] = h.fake.callsOf('access-analyzer:ValidatePolicy');
    expect(validate!.params).toMatchObject({ policyDocument: policyJson, policyType: 'IDENTITY_POLICY' });
    const [noNew] = h.fake.callsOf('access-analyzer:CheckNoNewAccess');
    expect(noNew!.params).toMatchObject({
      newPolicyDocument: policyJson,
      existingPolicyDocument: currentPolicyDocument(current),
      policyType: 'IDENTITY_POLICY',
    });

    expect(online).toEqual({
      simulation: {
        state: 'done',
        result: {
          simulated: replay.total,
          allowed: replay.total,
          denied: [],
          disagreements: [],
          missingContext: [],
        },
      },
      validation: { state: 'done', result: [] },
      noNewAccess: { state: 'done', result: expect.objectContaining({ result: 'PASS', reasons: [] }) },
    });
  });

  it('reports where AWS disagrees with the local replay, and pages through the results', async () => {
    const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
    const object = 'arn:aws:s3:::notes-app-attachments-prod/private/u-1/a.png';
    const evidence = aggregateEvidence(
      [
        ...['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].map((action) => ({
          action,
          resource: table,
        })),
        { action: 's3:GetObject', resource: object },
      ].map((e) => ({ ...e, source: 'xray' as const, count: 1 })),
    );
    const policyJson = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          Resource: table,
        },
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::notes-app-attachments-prod/private/*',
        },
      ],
    });
    const replay = replayPolicy(evidence, policyJson);
    h = await startHarness({
      ...notesAppScenario(),
      proof: {
        simulatorPageSize: 2,
        simulatorOverrides: [{ action: 's3:GetObject', resource: object, decision: 'explicitDeny' }],
      },
    });
    const sim = await simulateCalls(h.clients, policyJson, replay.calls);
    expect(sim.simulated).toBe(4);
    expect(sim.allowed).toBe(3);
    expect(sim.denied).toEqual([{ action: 's3:GetObject', resource: object, decision: 'explicitDeny' }]);
    expect(sim.disagreements).toEqual([
      { action: 's3:GetObject', resource: object, local: 'allowed', aws: 'explicitDeny' },
    ]);
    // Three table actions in pages of two: the second page asked for with the Marker.
    const tableCalls = h.fake
      .callsOf('iam:SimulateCustomPolicy')
      .filter((c) => memberList(c.params, 'ResourceArns')[0] === table);
    expect(tableCalls.map((c) => c.params.Marker !== undefined)).toEqual([false, true]);
  });

  it('maps ValidatePolicy findings to the Sids of the statements they point at', async () => {
    h = await startHarness(notesAppScenario());
    const policyJson = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Items',
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes',
        },
        { Sid: 'PassAnyRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      ],
    });
    const empty = replayPolicy([], policyJson);
    const online = await runOnlineProof(h.clients, { policyJson, replay: empty });
    expect(online.validation).toEqual({
      state: 'done',
      result: [
        expect.objectContaining({
          type: 'SECURITY_WARNING',
          issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
          statements: [1],
          sids: ['PassAnyRole'],
        }),
      ],
    });
    expect(online.noNewAccess).toEqual({
      state: 'skipped',
      reason: "the role's current policies are not known",
    });
    expect(h.fake.callsOf('access-analyzer:CheckNoNewAccess')).toHaveLength(0);
    expect(h.fake.callsOf('iam:SimulateCustomPolicy')).toHaveLength(0); // nothing observed to simulate
  });

  it('says FAIL, and which statement, when the refined policy grants more than the current one', async () => {
    h = await startHarness(notesAppScenario());
    const current = await currentOf(h, roleName('get'));
    const { policyJson, replay } = await refinedGetRole();
    const doc = JSON.parse(policyJson) as { Statement: object[] };
    doc.Statement.push({ Sid: 'Extra', Effect: 'Allow', Action: 'dynamodb:Scan', Resource: '*' });
    const wider = JSON.stringify(doc, null, 2);
    const online = await runOnlineProof(h.clients, { policyJson: wider, replay, current });
    expect(online.noNewAccess).toEqual({
      state: 'done',
      result: {
        result: 'FAIL',
        message: expect.stringContaining('new access'),
        reasons: [
          {
            description: `New access in the statement with index: ${doc.Statement.length - 1}.`,
            statementIndex: doc.Statement.length - 1,
            sid: 'Extra',
          },
        ],
      },
    });
  });

  it.each([
    [
      'access-denied',
      'iam:SimulateCustomPolicy',
      'simulation',
      /add iam:SimulateCustomPolicy to the tool's policy/,
    ],
    [
      'throttle',
      'access-analyzer:ValidatePolicy',
      'validation',
      /AWS throttled access-analyzer:ValidatePolicy/,
    ],
    [
      'server-error',
      'access-analyzer:CheckNoNewAccess',
      'noNewAccess',
      /server error for access-analyzer:CheckNoNewAccess/,
    ],
  ] as const)(
    'degrades on %s from %s: that check unavailable, the others done',
    async (kind, action, check, reason) => {
      h = await startHarness(notesAppScenario(), { settings: { maxAttempts: 1 } });
      const current = await currentOf(h, roleName('get'));
      const { policyJson, replay } = await refinedGetRole();
      h.fake.faults.add({ action, kind });
      const online = await runOnlineProof(h.clients, { policyJson, replay, current });
      expect(online[check]).toEqual({ state: 'unavailable', reason: expect.stringMatching(reason) });
      const others = (['simulation', 'validation', 'noNewAccess'] as const).filter((c) => c !== check);
      for (const c of others) expect(online[c].state).toBe('done');
    },
  );

  it('degrades to the local result when AWS cannot be reached at all', async () => {
    h = await startHarness(notesAppScenario(), { settings: { maxAttempts: 1 } });
    const current = await currentOf(h, roleName('get'));
    const { policyJson, replay } = await refinedGetRole();
    await h.fake.close();
    const online = await runOnlineProof(h.clients, { policyJson, replay, current });
    for (const c of [online.simulation, online.validation, online.noNewAccess]) {
      expect(c).toEqual({
        state: 'unavailable',
        reason: expect.stringMatching(/could not reach AWS|timed out/),
      });
    }
    expect(replay.allowed).toBe(replay.total);
  });
});

describe('clients made for the run (scan --profile)', () => {
  it('finds the endpoint and credentials like every live source, and closes its clients', async () => {
    h = await startHarness(notesAppScenario());
    const current = await currentOf(h, roleName('get'));
    const { policyJson, replay } = await refinedGetRole();
    const online = await runOnlineProofWith({}, { policyJson, replay, current });
    expect([online.simulation.state, online.validation.state, online.noNewAccess.state]).toEqual([
      'done',
      'done',
      'done',
    ]);
    expect(h.fake.calls.every((c) => c.region === 'us-east-1')).toBe(true);
  });
});

describe('cancellation', () => {
  it('stops on abort instead of reporting the checks unavailable', async () => {
    h = await startHarness(notesAppScenario());
    const { policyJson, replay } = await refinedGetRole();
    const controller = new AbortController();
    controller.abort();
    await expect(
      runOnlineProof(h.clients, { policyJson, replay, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
