import { afterEach, describe, expect, it } from 'vitest';
import { WindowScreen } from '../../components/screens/WindowScreen.js';
import { SourcesScreen } from '../../components/screens/SourcesScreen.js';
import type { SourcePlan } from '../../components/engine.js';
import type { SessionWindow } from '../../sessions/schema.js';
import type { SourceId } from '../../src/core/types.js';
import { cleanup } from '../helpers/ink.js';
import { renderScreen } from './harness.js';
import { DEMO_CLOCK } from './support.js';

afterEach(cleanup);

describe('window screen', () => {
  function mount(mode: 'live' | 'files' = 'files') {
    const chosen: SessionWindow[] = [];
    const r = renderScreen(<WindowScreen now={DEMO_CLOCK} mode={mode} onChoose={(w) => chosen.push(w)} />);
    return { r, chosen };
  }

  it('starts on 7 days and takes a preset with enter', async () => {
    const { r, chosen } = mount();
    await r.waitFor('› 7d');
    expect(r.frame()).toContain('window: 2026-11-13 23:59Z → 2026-11-20 23:59Z');
    await r.press('down');
    await r.waitFor('› 30d');
    await r.press('enter');
    expect(chosen).toEqual([
      { start: '2026-10-21T23:59:59.000Z', end: '2026-11-20T23:59:59.000Z', preset: '30d' },
    ]);
  });

  it('preselects the window last used (preferences) when the session has none', async () => {
    const chosen: SessionWindow[] = [];
    const r = renderScreen(
      <WindowScreen
        now={DEMO_CLOCK}
        mode="files"
        remembered={{ preset: '30d' }}
        onChoose={(w) => chosen.push(w)}
      />,
    );
    await r.waitFor('› 30d');
    await r.press('enter');
    expect(chosen[0]?.preset).toBe('30d');
    // The session's own window wins over the remembered one.
    const own = renderScreen(
      <WindowScreen
        now={DEMO_CLOCK}
        mode="files"
        current={{ start: 'a', end: 'b', preset: '24h' }}
        remembered={{ preset: '30d' }}
        onChoose={() => undefined}
      />,
    );
    await own.waitFor('› 24h');
  });

  it('shows each live source limit and warns when the window is longer', async () => {
    const { r } = mount('live');
    await r.waitFor('LookupEvents: last 90 days');
    expect(r.frame()).toContain('traces are kept 30 days');
    await r.press('end');
    await r.waitFor('! X-Ray sees only the last 30 days');
  });

  it('validates a custom start and end before using it', async () => {
    const { r, chosen } = mount();
    await r.waitFor('› 7d');
    await r.type('c');
    await r.waitFor('ISO dates');
    expect(r.frame()).toContain('enter use window');
    await r.type('2026-11-20');
    await r.press('tab');
    await r.waitFor('› end');
    await r.type('2026-11-02');
    await r.press('enter');
    await r.waitFor('start must be before end');
    expect(chosen).toEqual([]);
    await r.press('backspace', 'backspace');
    await r.type('19');
    await r.press('shiftTab');
    await r.waitFor('› start');
    await r.press('backspace', 'backspace');
    await r.type('01');
    await r.press('enter');
    expect(chosen).toEqual([{ start: '2026-11-01T00:00:00.000Z', end: '2026-11-19T00:00:00.000Z' }]);
  });

  it('esc leaves the custom form for the presets', async () => {
    const { r } = mount();
    await r.waitFor('› 7d');
    await r.type('c');
    await r.waitFor('ISO dates');
    await r.press('escape');
    await r.waitFor('› 7d');
  });
});

describe('sources screen', () => {
  const plan = (id: SourceId, available: boolean, extra: Partial<SourcePlan> = {}): SourcePlan => ({
    id,
    label: `${id} source`,
    available,
    run: async () => [],
    ...extra,
  });
  const plans = [
    plan('xray', true, { detail: 'traces.json' }),
    plan('cloudtrail', false, { why: 'no CloudTrail logs given', fix: 'pass --cloudtrail ./AWSLogs' }),
    plan('access-analyzer', true),
  ];

  function mount(chosen: SourceId[]) {
    const log: string[] = [];
    const r = renderScreen(
      <SourcesScreen
        plans={plans}
        chosen={new Set(chosen)}
        onToggle={(id) => log.push(`toggle ${id}`)}
        onStart={() => log.push('start')}
      />,
    );
    return { r, log };
  }

  it('says why a source is unavailable and how to fix it', async () => {
    const { r } = mount(['xray', 'access-analyzer']);
    const f = await r.waitFor('2 of 3 sources chosen');
    expect(f).toContain('[x] XR  xray source  traces.json');
    expect(f).toContain('[-] CT  cloudtrail source');
    expect(f).toContain('no CloudTrail logs given');
    expect(f).toContain('fix: pass --cloudtrail ./AWSLogs');
  });

  it('toggles available sources only, and starts when one is chosen', async () => {
    const { r, log } = mount(['xray']);
    await r.waitFor('1 of 3');
    await r.type(' ');
    await r.press('down');
    await r.type(' ');
    await r.waitFor('cloudtrail source cannot run: no CloudTrail logs given');
    await r.press('enter');
    expect(log).toEqual(['toggle xray', 'start']);
  });

  it('refuses to start with no source', async () => {
    const { r, log } = mount([]);
    await r.waitFor('0 of 3');
    await r.press('enter');
    await r.waitFor('choose at least one available source');
    expect(log).toEqual([]);
  });
});
