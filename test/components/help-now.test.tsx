// Issue 16 leftovers: the `?` map says what Esc does now (a filter, a pane, a list takes it
// first), the preview offers `u` only when something is uncovered, and Esc from the resume
// chooser that --role opens lands the role list on that role.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import { SessionHandle } from '../../sessions/handle.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEngine, demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

function mount(screen: 'review' | 'preview', extra: Evidence[] = []) {
  const handle = newHandle({ role: demo.role, roleDetail: demo.detail, screen });
  const result = { evidence: [...demo.evidence, ...extra], results: [] };
  for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
    handle.dispatch(e);
  // Tall enough for the whole key map: no scrolling between the blocks.
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    { columns: 120, rows: 80 },
  );
  return { r, handle };
}

/** The lines of the key map's "Everywhere" block. */
function everywhere(frame: string): string[] {
  const lines = frame.split('\n').map((l) => l.replace(/^[│ ]+|[│ ]+$/g, ''));
  const at = lines.indexOf('Everywhere');
  expect(at).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > at && l === '');
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

const escLine = (frame: string) => everywhere(frame).find((l) => l.startsWith('esc '));

describe('the ? map says what Esc does now', () => {
  it('in the review: back a screen, but "clear the filter" while a filter is in force', async () => {
    const { r } = mount('review');
    await r.waitFor('▾ dynamodb');
    await r.type('?');
    const plain = await r.waitFor('Keys');
    expect(escLine(plain)).toMatch(/^esc +go back one screen/);
    await r.press('escape');
    await r.waitFor('a accept');
    await r.type('/');
    await r.type('is:pending');
    await r.press('enter');
    await r.waitFor('filter: is:pending');
    await r.type('?');
    const filtered = await r.waitFor('Keys');
    expect(escLine(filtered)).toMatch(/^esc +clear the filter \(esc again goes back a screen\)/);
    expect(filtered).not.toContain('go back one screen');
    // ? and q still do what they say.
    expect(everywhere(filtered).join('\n')).toMatch(/^q +quit/m);
  });

  it('in the detail pane: back to the list', async () => {
    const { r } = mount('review');
    await r.waitFor('▾ dynamodb');
    await r.press('tab');
    await r.waitFor('tab/esc list');
    await r.type('?');
    const f = await r.waitFor('Keys');
    expect(escLine(f)).toMatch(/^esc +back to the list/);
  });

  it("over the preview's uncovered list: close the list", async () => {
    const extra: Evidence[] = [
      {
        source: 'cloudtrail',
        action: 'notes:FrobnicateWidget',
        count: 4,
        unmapped: true,
        denied: 0,
        samples: [],
        firstSeen: '2026-11-10T00:00:00Z',
        lastSeen: '2026-11-10T00:00:00Z',
      },
    ];
    const { r } = mount('preview', extra);
    await r.waitFor('Replay (u lists 1 uncovered)');
    await r.type('u');
    await r.waitFor('Uncovered: 1 call');
    await r.type('?');
    const f = await r.waitFor('Keys');
    expect(escLine(f)).toMatch(/^esc +close the list \(back to the preview\)/);
  });
});

describe('the preview offers u only when something is uncovered', () => {
  it('every call covered: no u in the footer or the key map, and u does nothing', async () => {
    const { r } = mount('preview');
    const f = await r.waitFor(/Replay[^\n]*allows (\d+) of \1 observed calls/);
    expect(f).not.toContain('u lists');
    expect(f).toContain('s save');
    expect(f).not.toContain('u uncovered');
    await r.type('?');
    const help = await r.waitFor('Keys');
    expect(help).toContain('write the files');
    expect(help).not.toContain('observed calls the policy does not cover');
    await r.press('escape');
    await r.waitFor('s save');
    await r.type('u');
    await r.type('s');
    // u opened nothing: s went to the preview and wrote the files.
    await r.waitFor('wrote ');
    expect(r.frame()).not.toContain('Uncovered:');
  });
});

describe('esc from the chooser --role opens', () => {
  it('lands the role list on that role, not on the first one', async () => {
    const dir = tempDir();
    const deployer = await demoEvidence('serverless-deployer');
    const h = SessionHandle.create(
      dir,
      { role: deployer.role, roleDetail: deployer.detail, screen: 'window' },
      { write: { durable: false } },
    );
    const r = render(
      <App
        engine={demoEngine()}
        sessionsDir={dir}
        cwd={tempDir()}
        color={false}
        pendingRole={{ role: deployer.role, roleDetail: deployer.detail }}
      />,
      { columns: 120, rows: 40 },
    );
    await r.waitFor(h.session.id);
    await r.press('escape');
    const list = await r.waitFor(/Choose a role[\s\S]*● \/serverless-deployer/);
    const rows = list.split('\n').filter((l) => /^[› ] [● ] \//.test(l));
    const at = rows.findIndex((l) => l.includes('/serverless-deployer'));
    // Not the first row: a cursor left at the top would not be on it.
    expect(at).toBeGreaterThan(0);
    expect(rows[at]).toMatch(/^› ● \/serverless-deployer/);
    expect(rows.filter((l) => l.startsWith('›'))).toHaveLength(1);
    // The cursor moves on from there, and enter offers the same role again.
    await r.press('up');
    await r.waitFor((f) => !/› ● \/serverless-deployer/.test(f));
    await r.press('down');
    await r.waitFor(/› ● \/serverless-deployer/);
    await r.press('enter');
    await r.waitFor('serverless-deployer has an unfinished session');
  });
});

describe('the preview at 80x24', () => {
  it('a wrapped "placeholders left" line is counted: the frame fits, path and footer shown', async () => {
    // The deployer over the demo's last 7 days: four placeholders left, a line of 88 characters.
    const engine = demoEngine();
    const window = { start: '2026-11-13T23:59:59Z', end: '2026-11-20T23:59:59Z' };
    const detail = (await engine.listRoles()).find((x) => x.name === 'serverless-deployer')!;
    const role = roleRefFromArn(detail.arn)!;
    const { evidence } = await engine.gather(await engine.planSources(role), { role, window });
    const handle = newHandle({
      role,
      roleDetail: detail,
      window: { ...window, preset: '7d' },
      screen: 'preview',
    });
    const result = { evidence, results: [] };
    for (const e of gatheredEvents(handle.session, result, new Date('2026-11-21T00:00:00Z')))
      handle.dispatch(e);
    const r = render(
      <App engine={engine} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
      { columns: 80, rows: 24 },
    );
    await r.waitFor('placeholders left');
    await new Promise((resolve) => setTimeout(resolve, 20));
    r.resize(80, 24);
    const f = await r.waitFor((x) => x.includes('q quit') && x.split('\n').every((l) => l.length <= 80));
    // Long enough to take two rows at 80 columns.
    expect(f).toMatch(/placeholders left: [^\n]*\n[^\n]*fills them\)/);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(f).toContain('path: ');
    expect(f).toContain('Preview · ');
  });
});
