// A resumed session older than its window: the review offers to gather the time since;
// what it finds is added, and new actions arrive pending and marked new.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { regatherOffer } from '../../sessions/regather.js';
import { cleanup, render } from '../helpers/ink.js';
import { DEPLOYER, evidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

describe('re-gather on resume', () => {
  it('g gathers the time since; new actions stay pending and are marked new', async () => {
    const window = { start: '2026-11-13T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z', preset: '7d' };
    const handle = newHandle({ role: DEPLOYER, window, screen: 'review' }, [
      { type: 'setSources', sources: [{ id: 'cloudtrail', label: 'CloudTrail events', state: 'done' }] },
      {
        type: 'setEvidence',
        evidence: [evidence('s3:GetObject', { source: 'cloudtrail', resource: 'arn:aws:s3:::b/k' })],
        gatheredAt: '2026-11-20T00:00:00.000Z',
      },
      { type: 'decide', action: 's3:GetObject', decision: 'accepted' },
    ]);
    const offer = regatherOffer(handle.session, new Date('2026-12-01T00:00:00.000Z'));
    expect(offer.stale).toBe(true);
    const engine = fakeEngine({
      sources: [
        {
          plan: { id: 'cloudtrail', label: 'CloudTrail events', available: true },
          evidence: [evidence('s3:PutObject', { source: 'cloudtrail', resource: 'arn:aws:s3:::b/k2' })],
        },
      ],
    });
    const r = render(
      <App
        engine={engine}
        sessionsDir={handle.dir}
        session={handle}
        regather={offer}
        cwd={tempDir()}
        color={false}
      />,
      { columns: 140, rows: 40 },
    );
    await r.waitFor('Gathered 11 days ago: g gathers 2026-11-20 00:00Z → 2026-12-01 00:00Z and adds it');
    expect(r.frame()).toContain('g gather since');
    await r.type('g');
    await r.waitFor('Press enter to review');
    expect(engine.gathers[0]?.window).toEqual(offer.window);
    await r.press('enter');
    const f = await r.waitFor(/\[ \] PutObject .*new/);
    expect(f).toMatch(/\[✓\] GetObject/);
    expect(f).not.toContain('g gathers');
    expect(handle.session.lastRegather?.newActions).toEqual(['s3:PutObject']);
    expect(handle.session.decisions).toEqual({ 's3:GetObject': 'accepted' });
  });
});
