// Proof before save in the preview: the local replay and risk flags always, the AWS checks
// on `c` when the engine can run them, and the saved file carrying the same proof.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import type { Engine } from '../../components/engine.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { OnlineProofInput } from '../../src/aws/proof.js';
import type { OnlineProof } from '../../src/core/replay.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { proofSummary } from '../../components/review/proof.js';
import { replayPolicy } from '../../src/core/replay.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

function mount(engine: Engine = fakeEngine({})) {
  const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'preview' });
  const result = { evidence: demo.evidence, results: [] };
  for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
    handle.dispatch(e);
  const out = tempDir();
  const r = render(
    <App engine={engine} sessionsDir={handle.dir} session={handle} cwd={out} color={false} />,
    {
      columns: 150,
      rows: 40,
    },
  );
  return { r, handle, out };
}

const PROOF: OnlineProof = {
  simulation: {
    state: 'done',
    result: { simulated: 3, allowed: 3, denied: [], disagreements: [], missingContext: [] },
  },
  validation: {
    state: 'done',
    result: [
      {
        type: 'SUGGESTION',
        issueCode: 'EMPTY_OBJECT_CONDITION',
        details: 'An empty condition was found.',
        statements: [0],
        sids: ['DynamodbDeleteItemNotesTable'],
      },
    ],
  },
  noNewAccess: { state: 'done', result: { result: 'PASS', reasons: [] } },
};

describe('proof before save in the preview', () => {
  it('replays every observed call through the policy and says the AWS checks did not run offline', async () => {
    const { r } = mount();
    const f = await r.waitFor('Replay: allows');
    expect(f).toMatch(/Replay: allows (\d+) of \1 observed calls/);
    expect(f).toContain('Risk flags: none');
    expect(f).toContain('AWS checks: not run (offline: no AWS credentials in use)');
    await r.type('c');
    const said = await r.waitFor('This preview is offline, so nothing runs');
    // One sentence-case message, ended with a full stop, saying what to do.
    expect(said.replace(/\s+/g, ' ')).toContain(
      'This preview is offline, so nothing runs: the AWS checks need live credentials. Start with --profile (or AWS_PROFILE) instead of files to run them.',
    );
  });

  it('c runs the AWS checks on the policy as it is, shows each result and saves them with the policy', async () => {
    const asked: OnlineProofInput[] = [];
    let answer!: (p: OnlineProof) => void;
    const engine: Engine = {
      ...fakeEngine({}),
      proveOnline: (input) => {
        asked.push(input);
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const { r, out } = mount(engine);
    await r.waitFor('AWS checks: not run yet (c runs');
    await r.type('c');
    await r.waitFor('AWS checks: running');
    expect(asked).toHaveLength(1);
    expect(JSON.parse(asked[0]!.policyJson)).toMatchObject({ Version: '2012-10-17' });
    expect(asked[0]!.replay.total).toBeGreaterThan(0);
    expect(asked[0]!.current?.arn).toBe(demo.role.arn);
    answer(PROOF);
    const f = await r.waitFor('IAM policy simulator: allows 3 of 3 calls simulated');
    expect(f).toContain('Access Analyzer ValidatePolicy: 1 finding');
    expect(f).toContain('Access Analyzer CheckNoNewAccess: PASS');
    await r.type('s');
    const saved = await r.waitFor(/wrote \S+\.tf|Save anyway\?/);
    if (saved.includes('Save anyway?')) await r.type('y');
    await r.waitFor('wrote ');
    const tf = readFileSync(path.join(out, `${demo.role.name}-policy.tf`), 'utf8');
    expect(tf).toMatch(/# Replay \(local evaluator\): allows/);
    expect(tf).toContain('# IAM policy simulator: allows 3 of 3 calls simulated');
    expect(tf).toContain('EMPTY_OBJECT_CONDITION');
  });

  it('a failed AWS check run is shown in words and the local replay stands', async () => {
    const engine: Engine = {
      ...fakeEngine({}),
      proveOnline: () => Promise.reject(new Error('ExpiredToken: the security token has expired')),
    };
    const { r } = mount(engine);
    await r.waitFor('AWS checks: not run yet');
    await r.type('c');
    const f = await r.waitFor('AWS checks failed: ExpiredToken');
    expect(f).toMatch(/Replay: allows (\d+) of \1/);
  });
});

describe('proof lines', () => {
  it('colour each AWS check from its result: agreement and PASS green, findings yellow, FAIL red, skipped gray', () => {
    const replay = replayPolicy([], '{"Version":"2012-10-17","Statement":[]}');
    const fail: OnlineProof = {
      ...PROOF,
      noNewAccess: { state: 'done', result: { result: 'FAIL', reasons: [] } },
      simulation: { state: 'skipped', reason: 'nothing to simulate' },
    };
    const tones = (p: OnlineProof) =>
      proofSummary(replay, { statements: [] }, { state: 'done', proof: p }, true)
        .slice(2)
        .map((l) => l.tone);
    expect(tones(PROOF)).toEqual(['green', 'yellow', 'green']);
    expect(tones(fail)).toEqual(['gray', 'yellow', 'red']);
  });
});
