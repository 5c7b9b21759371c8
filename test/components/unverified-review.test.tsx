// Unverified grants in the TUI on the demo's admin deployer: the actions only `*` grants
// and no source could see are offered per service (K), kept on choice, and the preview
// says what is kept and what is not.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { SessionHandle } from '../../sessions/handle.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('serverless-deployer');
});

function reviewSession(): SessionHandle {
  const h = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'review' });
  const sources = [
    { id: 'cloudtrail' as const, label: 'CloudTrail events' },
    { id: 'xray' as const, label: 'X-Ray traces' },
  ];
  h.dispatch({ type: 'setSources', sources });
  const result = {
    evidence: demo.evidence,
    results: sources.map((s) => ({ ...s, state: 'done' as const, evidence: 1 })),
  };
  for (const e of gatheredEvents(h.session, result, new Date('2026-11-21T00:00:00Z'))) h.dispatch(e);
  return h;
}

describe('unverified shares in the review', () => {
  it('K lists the services whose unseen actions only * grants; choosing one keeps its share, again drops it', async () => {
    const handle = reviewSession();
    const r = render(
      <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
      { columns: 140, rows: 40 },
    );
    const onDisk = () =>
      JSON.parse(readFileSync(handle.path, 'utf8')) as { decisions: Record<string, string> };
    await r.waitFor('Review');
    // Nothing of a share is kept one by one: the admin role's unseen data-plane actions stay out.
    expect(onDisk().decisions['dynamodb:GetItem']).toBeUndefined();
    await r.type('K');
    const list = await r.waitFor("keep a service's share");
    expect(list).toMatch(/\[ {4}\] cloudwatch +\d+ actions/);
    expect(list).toMatch(/\[ {4}\] dynamodb +\d+ actions/);
    await r.press('down'); // dynamodb
    await r.waitFor('CloudTrail: a data event, and the logs hold no dynamodb data events');
    await r.press('enter');
    await r.waitFor(/kept \d+ dynamodb actions only \* grants/);
    expect(onDisk().decisions['dynamodb:GetItem']).toBe('accepted');
    expect(r.frame()).toMatch(/\[kept\] dynamodb/);
    await r.press('escape');
    // The kept share's actions are rows now, marked unverified.
    await r.waitFor(/\[✓\] GetItem .*unverifi/);
    await r.type('v');
    const preview = await r.waitFor(/unverified grants: .*actions of \d+ services only \* grants, not kept/);
    expect(preview).toMatch(/Change against the current policies: \d+ kept, \d+ removed, 0 added/);
    await r.press('escape');
    await r.waitFor('Review');
    await r.type('K');
    await r.waitFor("keep a service's share");
    await r.press('down');
    await r.press('enter');
    await r.waitFor(/dropped \d+ dynamodb actions only \* grants/);
    expect(onDisk().decisions['dynamodb:GetItem']).toBe('rejected');
  });
});
