import { afterEach, describe, expect, it } from 'vitest';
import { GatherScreen } from '../../components/screens/GatherScreen.js';
import type { GatherResult } from '../../components/engine.js';
import { cleanup } from '../helpers/ink.js';
import { renderScreen } from './harness.js';
import { DEPLOYER, evidence, fakeEngine, type ScriptedSource } from './support.js';

afterEach(cleanup);

const xray: ScriptedSource = {
  plan: { id: 'xray', label: 'X-Ray traces', available: true },
  steps: 40,
  evidence: [evidence('dynamodb:GetItem'), evidence('s3:GetObject')],
};

function mount(sources: ScriptedSource[]) {
  const engine = fakeEngine({ sources });
  const done: { result: GatherResult; cancelled: boolean }[] = [];
  const continued: number[] = [];
  return engine.planSources(DEPLOYER).then((plans) => {
    const r = renderScreen(
      <GatherScreen
        engine={engine}
        plans={plans}
        role={DEPLOYER}
        width={100}
        onGathered={(result, cancelled) => done.push({ result, cancelled })}
        onContinue={() => continued.push(1)}
      />,
    );
    return { r, done, continued, engine };
  });
}

describe('gathering screen', () => {
  it('shows one line per source with counts, then what was gathered', async () => {
    const { r, done, continued } = await mount([xray]);
    await r.waitFor('Gathering evidence');
    const f = await r.waitFor('Done: 2 observations. Press enter to review.');
    expect(f).toMatch(/✓ X-Ray traces +2 observations/);
    expect(done).toHaveLength(1);
    expect(done[0]?.cancelled).toBe(false);
    await r.press('enter');
    expect(continued).toEqual([1]);
  });

  it('a partial source says what it could not read and the fix; a requested source that cannot run fails', async () => {
    const { r, done } = await mount([
      xray,
      {
        plan: { id: 'cloudtrail', label: 'CloudTrail files', available: true },
        steps: 2,
        evidence: [evidence('s3:ListAllMyBuckets')],
        problems: [
          { message: 'a.json.gz: the gzip data ends early (file skipped)', fix: 'Download the file again.' },
        ],
      },
      {
        plan: {
          id: 'unused-findings',
          label: 'Unused-access findings',
          available: false,
          requested: true,
          why: 'AccessDenied calling access-analyzer:ListAnalyzers',
          fix: 'add access-analyzer:ListAnalyzers',
        },
      },
    ]);
    const f = await r.waitFor('1 partial');
    expect(f).toContain('1 source failed, 1 partial (the review may miss actions only they would show)');
    expect(f).toContain('! CloudTrail files: partial: a.json.gz: the gzip data ends early (file skipped)');
    expect(f).toContain('fix: Download the file again.');
    expect(f).toContain(
      '✗ Unused-access findings: failed: AccessDenied calling access-analyzer:ListAnalyzers',
    );
    expect(done[0]?.result.results.map((x) => x.status)).toEqual(['ok', 'partial', 'failed']);
  });

  it('a failed source shows its error and the others go on', async () => {
    const { r, done } = await mount([
      xray,
      {
        plan: { id: 'cloudtrail', label: 'CloudTrail events', available: true },
        steps: 3,
        fail: 'AccessDenied: not authorized to perform cloudtrail:LookupEvents',
      },
    ]);
    const f = await r.waitFor('1 source failed');
    expect(f).toMatch(/✗ CloudTrail events/);
    expect(f).toContain('AccessDenied: not authorized to perform cloudtrail:LookupEvents');
    expect(done[0]?.result.evidence).toHaveLength(2);
    expect(done[0]?.result.results.map((x) => x.state)).toEqual(['done', 'failed']);
  });

  it('esc cancels, keeps what was gathered and says so', async () => {
    const { r, done, engine } = await mount([
      xray,
      {
        plan: { id: 'access-analyzer', label: 'Access Analyzer job', available: true },
        evidence: [evidence('iam:GetRole', { source: 'access-analyzer' })],
        hang: true,
      },
    ]);
    await r.waitFor(/✓ X-Ray traces/);
    expect(r.frame()).toContain('esc cancel');
    await r.press('escape');
    const f = await r.waitFor('Cancelled: 3 observations');
    expect(engine.gathers[0]?.signal?.aborted).toBe(true);
    expect(f).toMatch(/■ Access Analyzer job .*\(cancelled\)/);
    expect(done[0]?.cancelled).toBe(true);
  });

  it('draws error text from a source without its control sequences', async () => {
    const { r } = await mount([
      {
        plan: { id: 'xray', label: 'X-Ray', available: true },
        fail: 'bad file \u001b[2J\u001b]0;title\u0007here',
      },
    ]);
    const f = await r.waitFor('bad file');
    expect(f).toContain('bad file here');
    expect(f).not.toContain('title');
  });
});
