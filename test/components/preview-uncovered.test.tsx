// No clean headline while calls are uncovered, and the list one key away: `u` on the preview
// opens the calls the replay cannot count as allowed (no IAM action, not allowed by the
// policy, a mapping doubt), each with why and what to do; Esc closes it, then leaves.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import { uncoveredItems } from '../../components/review/uncovered.js';
import { replayPolicy } from '../../src/core/replay.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

const BASE = { denied: 0, samples: [], firstSeen: '2026-11-10T00:00:00Z', lastSeen: '2026-11-10T00:00:00Z' };
/** A call no catalogue action fits, and a delete whose record named an object outside private/. */
const EXTRA: Evidence[] = [
  { ...BASE, source: 'cloudtrail', action: 'notes:FrobnicateWidget', count: 4, unmapped: true },
  {
    ...BASE,
    source: 'cloudtrail',
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::notes-app-attachments-prod/private/a.png',
    arns: ['arn:aws:s3:::notes-app-attachments-prod/public/a.png'],
    count: 2,
  },
];

function mount(size: { columns: number; rows: number }, extra: Evidence[] = EXTRA) {
  const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'preview' });
  const result = { evidence: [...demo.evidence, ...extra], results: [] };
  for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
    handle.dispatch(e);
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    size,
  );
  return { r, handle };
}

/** Resize once the screen is up (as review-flow's 80x24 checks do), then wait for it to fit. */
async function sized(r: ReturnType<typeof render>, columns: number, rows: number, ready: string) {
  await r.waitFor(ready);
  await new Promise((resolve) => setTimeout(resolve, 20));
  r.resize(columns, rows);
  return r.waitFor((f) => f.includes(ready) && fits(f, columns, rows));
}

const fits = (f: string, columns: number, rows: number) =>
  f.split('\n').length <= rows && f.split('\n').every((l) => l.length <= columns);

describe('uncovered calls in the preview', () => {
  it('the headline counts them as not allowed and hints u; u lists them at 80x24; esc closes, then goes back', async () => {
    const { r } = mount({ columns: 80, rows: 24 });
    const f = await sized(r, 80, 24, 'Replay (u lists 2 uncovered): allows');
    const [, allowed, total] = /allows (\d+) of (\d+)/.exec(f)!;
    expect(Number(allowed)).toBeLessThan(Number(total));
    expect(f).toMatch(/u uncovered/); // the footer
    await r.type('u');
    const list = await r.waitFor('Uncovered: 2 calls');
    expect(fits(list, 80, 24)).toBe(true);
    // Wrapped, never cut: the whole resource, why and what to do are on screen.
    const text = list.replace(/[│ ]*\n[│ ]*/g, ' ');
    expect(text).toContain(
      's3 · DeleteObject · 2 calls · (CT) · on arn:aws:s3:::notes-app-attachments-prod/private/a.png',
    );
    expect(text).toContain(
      'why: its record named arn:aws:s3:::notes-app-attachments-prod/public/a.png, which the policy does not allow (mapping doubt)',
    );
    expect(text).toContain('do:  in the review (esc): check the resources (e); the derived ARN may be wrong');
    expect(text).toContain('notes · FrobnicateWidget · 4 calls');
    expect(text).toContain(
      "do:  look it up in the service's IAM reference; if it needs a permission, add it to the saved policy",
    );
    expect(list).toMatch(/esc\/u close list/);
    // The preview's own keys are asleep under the list: s does not save.
    await r.type('s');
    expect(r.frame()).not.toContain('wrote ');
    await r.type('?');
    const help = await r.waitFor('Uncovered calls');
    expect(help).toContain('close the list (back to the preview)');
    await r.press('escape');
    await r.waitFor((x) => !x.includes('close the list (back to the preview)'));
    await r.press('escape');
    await r.waitFor((x) => x.includes('Replay (u lists') && !x.includes('Uncovered: 2 calls'));
    await r.press('escape');
    await r.waitFor((x) => !x.includes('Replay (u lists'));
  });

  it('scrolls a list longer than the screen', async () => {
    const many: Evidence[] = Array.from({ length: 12 }, (_, i) => ({
      ...BASE,
      source: 'cloudtrail' as const,
      action: `notes:Op${String(i).padStart(2, '0')}`,
      count: 1,
      unmapped: true,
    }));
    const { r } = mount({ columns: 80, rows: 24 }, many);
    await sized(r, 80, 24, 'Replay (u lists 12 uncovered)');
    await r.type('u');
    const top = await r.waitFor('Uncovered: 12 calls');
    expect(top).toContain('notes · Op00');
    expect(top).not.toContain('notes · Op11');
    expect(fits(top, 80, 24)).toBe(true);
    await r.press('end');
    const bottom = await r.waitFor('notes · Op11');
    expect(bottom).not.toContain('notes · Op00');
    expect(bottom).toMatch(/Uncovered: 12 calls not counted as allowed · lines \d+–48 of 48 · esc closes/);
  });
});

describe('uncoveredItems', () => {
  it('lists denied calls first, with the policy that does not allow them, then unmapped ones', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    };
    const evidence: Evidence[] = [
      {
        ...BASE,
        source: 'xray',
        action: 'dynamodb:GetItem',
        resource: 'arn:aws:dynamodb:us-east-1:1:table/t',
        count: 3,
      },
      { ...BASE, source: 'xray', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', count: 1 },
      { ...BASE, source: 'xray', action: 'notes:Frob', count: 2, unmapped: true },
    ];
    const items = uncoveredItems(replayPolicy(evidence, policy));
    expect(items.map((i) => [i.kind, i.service, i.name, i.count])).toEqual([
      ['denied', 'dynamodb', 'GetItem', 3],
      ['unmapped', 'notes', 'Frob', 2],
    ]);
    expect(items[0]!.why).toBe('the policy does not allow it on arn:aws:dynamodb:us-east-1:1:table/t');
    expect(items[0]!.todo).toContain('accept the action (a)');
  });
});
