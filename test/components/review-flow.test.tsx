// Issue 16: the review flow without surprises (key map at 80x24, Esc peels one layer,
// notes on the action just decided, column headers, messages that clear).
import chalk from 'chalk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { SessionHandle } from '../../sessions/handle.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { wrapText } from '../../components/widgets/KeyHelp.js';
import { progressCounter } from '../../components/widgets/ProgressLine.js';
import { count } from '../../components/plural.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, evidence, fakeEngine, newHandle, tempDir, withoutStreamReads } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

function reviewSession(extra: Evidence[] = []): SessionHandle {
  const h = newHandle({ role: demo.role, roleDetail: withoutStreamReads(demo.detail), screen: 'review' });
  const result = {
    // Nor the stream reads its event source mapping implies.
    evidence: [
      ...demo.evidence.filter((e) => !(e.source === 'lambda-config' && e.action.startsWith('dynamodb:'))),
      ...extra,
    ],
    results: [{ id: 'xray' as const, label: 'X-Ray traces', state: 'done' as const, evidence: 2 }],
  };
  h.dispatch({ type: 'setSources', sources: [{ id: 'xray', label: 'X-Ray traces' }] });
  for (const e of gatheredEvents(h.session, result, new Date('2026-11-21T00:00:00Z'))) h.dispatch(e);
  return h;
}

function mount(size = { columns: 140, rows: 40 }, handle = reviewSession()) {
  const r = render(
    <App
      engine={fakeEngine({ banner: 'Demo account 123456789012' })}
      sessionsDir={handle.dir}
      session={handle}
      cwd={tempDir()}
      color={false}
    />,
    size,
  );
  return { r, handle };
}

/** The size again once the app listens: a resize sent with the first render can be missed. */
async function sized(r: ReturnType<typeof render>, size: { columns: number; rows: number }, ready: string) {
  await r.waitFor(ready);
  await new Promise((resolve) => setTimeout(resolve, 20));
  r.resize(size.columns, size.rows);
  return r.waitFor((f) => f.includes(ready) && f.split('\n').every((l) => l.length <= size.columns));
}

const lineCount = (f: string) => f.split('\n').length;

describe('the ? key map at 80x24', () => {
  it('wraps a long help under its own column', () => {
    expect(wrapText('accept a pending action, then switch accepted ↔ rejected', 24)).toEqual([
      'accept a pending action,',
      'then switch accepted ↔',
      'rejected',
    ]);
  });

  it('shows its top, wraps long lines and scrolls to the end', async () => {
    const { r } = mount({ columns: 80, rows: 24 });
    await sized(r, { columns: 80, rows: 24 }, '▾ dynamodb');
    await r.type('?');
    const f = await r.waitFor('Keys');
    expect(lineCount(f)).toBeLessThanOrEqual(23);
    expect(f).toContain('Demo account 123456789012');
    expect(f).toContain('previous row');
    expect(f).toMatch(/lines 1–\d+ of \d+/);
    // The long toggle help is whole, not cut at a column.
    expect(f).toContain('switch accepted ↔ rejected');
    await r.press('end');
    const end = await r.waitFor('quit safely');
    expect(end).not.toContain('previous row');
    expect(lineCount(end)).toBeLessThanOrEqual(23);
    await r.press('home');
    await r.waitFor('previous row');
    await r.press('escape');
    await r.waitFor('a accept');
    expect(r.frame()).not.toContain('Keys');
  });
});

describe('q and j k agree with the key map', () => {
  it('on the role screen ? lists only the keys that work there, and says letters are text', async () => {
    const r = render(<App engine={fakeEngine({})} sessionsDir={tempDir()} cwd={tempDir()} color={false} />, {
      columns: 80,
      rows: 24,
    });
    await sized(r, { columns: 80, rows: 24 }, 'Choose a role');
    await r.type('?');
    const f = await r.waitFor('Keys');
    expect(f).toContain('clear the filter');
    expect(f).toContain('Letters are text here: q, j and k type into the field');
    expect(f).toContain('quit safely');
    expect(f).not.toContain('q         quit');
    expect(f).toContain('previous row');
    expect(f).not.toContain('↑/k');
  });
});

describe('Esc peels one layer', () => {
  it('clears a filter in force first, then goes back a screen', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.type('/');
    await r.type('is:pending');
    await r.press('enter');
    await r.waitFor('filter: is:pending');
    expect(r.frame()).toContain('esc clear filter');
    await r.press('escape');
    await r.waitFor((f) => f.includes('/ to filter') && f.includes('DeleteItem'));
    expect(handle.session.ui.filter).toBeUndefined();
    expect(handle.session.ui.screen).toBe('review');
    await r.press('escape');
    await r.waitFor(() => handle.session.ui.screen === 'sources');
  });

  it('closes an open editor or chooser, not the screen', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down');
    await r.type('C');
    await r.waitFor('Note on');
    await r.press('escape');
    await r.waitFor((f) => !f.includes('Note on') && f.includes('a accept'));
    await r.type('e');
    await r.waitFor('esc close');
    await r.press('escape');
    await r.waitFor('a accept');
    await r.press('tab');
    await r.waitFor('tab/esc list');
    await r.press('escape');
    await r.waitFor(() => handle.session.ui.pane === 'list');
    expect(handle.session.ui.screen).toBe('review');
  });
});

describe('notes land where the user means', () => {
  it('right after r, C writes the note of the action just decided, and the footer says so', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteItem/);
    await r.type('r');
    await r.waitFor(/› +\[ \] GetItem/);
    const f = await r.waitFor('C note on the action just decided');
    expect(f).toContain('rejected dynamodb:DeleteItem: C writes its note.');
    await r.type('C');
    await r.waitFor('Note on dynamodb:DeleteItem');
    await r.type('Not needed');
    await r.press('ctrlS');
    await r.waitFor(() => handle.session.comments.byAction['dynamodb:DeleteItem'] === 'Not needed');
    // Any other key ends it: C is about the selected action again.
    await r.waitFor('C note ');
    expect(r.frame()).not.toContain('just decided');
    await r.type('C');
    await r.waitFor('Note on dynamodb:GetItem');
    await r.press('escape');
    await r.press('down');
    await r.waitFor((f) => !f.includes('C writes its note'));
  });

  it('c and C on a service heading say what they work on', async () => {
    const { r } = mount();
    await r.waitFor('▾ dynamodb');
    await r.type('C');
    await r.waitFor('c and C write on one action: move to an action of dynamodb');
    // The message goes with the next key.
    await r.press('down');
    await r.waitFor((f) => !f.includes('c and C write on one action'));
  });
});

describe('headers and truncation', () => {
  it('the list has column headers on the grid of its rows', async () => {
    const { r } = mount({ columns: 140, rows: 40 });
    await sized(r, { columns: 140, rows: 40 }, '▾ dynamodb');
    const f = await r.waitFor('access');
    const lines = f.split('\n');
    const header = lines.find((l) => l.startsWith('decision action'))!;
    expect(header).toMatch(/^decision action +access +sources +calls marks/);
    const row = lines.find((l) => l.includes('] DeleteItem'))!;
    expect(row.indexOf('DeleteItem')).toBe(header.indexOf('action'));
    expect(row.indexOf('Write')).toBe(header.indexOf('access'));
    expect(row.indexOf('XR')).toBe(header.indexOf('sources'));
  });

  it('at 250 columns the access level is whole', async () => {
    const iam = evidence('iam:CreatePolicy', { source: 'cloudtrail', count: 2 });
    const { r } = mount({ columns: 250, rows: 40 }, reviewSession([iam]));
    await sized(r, { columns: 250, rows: 40 }, '▾ iam');
    const f = await r.waitFor('last seen');
    expect(f).toMatch(/CreatePolicy +Permissions management /);
    expect(f).toContain('last seen');
  });

  it('at 80 columns a long role name is cut in the middle', async () => {
    const role = { ...demo.detail!, name: `${'a'.repeat(30)}-middle-${'z'.repeat(20)}-end` };
    const r = render(
      <App engine={fakeEngine({ roles: [role] })} sessionsDir={tempDir()} cwd={tempDir()} color={false} />,
      { columns: 80, rows: 24 },
    );
    await sized(r, { columns: 80, rows: 24 }, '› /');
    const f = await r.waitFor('› /');
    // 80 columns leave 44 for the name: its start and its end, the middle cut.
    expect(f.match(/› (\/a+…z+-end) /)?.[1]).toHaveLength(44);
    expect(f).not.toContain('middle');
  });
});

describe('"Resources (your choice)" only after the user chose', () => {
  it('the gather generalization is labelled as such; e makes it the user’s choice', async () => {
    const { r } = mount();
    await r.waitFor('▾ s3');
    await r.type('/');
    await r.type('svc:s3');
    await r.press('enter');
    await r.press('down');
    const f = await r.waitFor('Resources (generalized: e chooses)');
    expect(f).not.toContain('your choice');
    await r.type('e');
    await r.waitFor('Resources of s3:DeleteObject');
    await r.press('up', 'enter');
    await r.waitFor((fr) => !fr.includes('Resources of s3:DeleteObject') && !fr.includes('generalized'));
    await r.type('e');
    await r.waitFor(/\(•\) exact/);
    await r.press('down', 'enter');
    await r.waitFor('Resources (your choice)');
  });
});

describe('messages read right and clear', () => {
  it('plurals: "1 observation", "1 trace", "1 action"', () => {
    expect(count(1, 'observation')).toBe('1 observation');
    expect(count(2, 'observation')).toBe('2 observations');
    const p = { source: 'xray' as const, label: 'X-Ray', state: 'done' as const, unit: 'traces' };
    expect(progressCounter({ ...p, done: 1 })).toBe('1 trace');
    expect(progressCounter({ ...p, done: 0, total: 1 })).toBe('0/1 trace');
    expect(progressCounter({ ...p, done: 3, total: 12 })).toBe('3/12 traces');
  });

  it('R on a one-action service says "1 s3 action." and the message goes with the next key', async () => {
    const { r } = mount();
    await r.waitFor('▾ s3');
    await r.type('/');
    await r.type('svc:s3');
    await r.press('enter');
    await r.waitFor((f) => !f.includes('▾ dynamodb'));
    await r.type('R');
    await r.waitFor('rejected 1 s3 action.');
    await r.type('u');
    const f = await r.waitFor('undid reject 1 s3 action.');
    expect(f).not.toContain('rejected 1 s3 action');
    await r.type('u');
    await r.waitFor(/undid .*\./);
  });
});

describe('text fields', () => {
  it('the path editor (o) shows a cursor; Ctrl-U deletes back to the start as in every field', async () => {
    const handle = reviewSession();
    handle.dispatch({ type: 'setScreen', screen: 'preview' });
    const { r } = mount({ columns: 140, rows: 40 }, handle);
    await r.waitFor('Preview ·');
    const level = chalk.level;
    chalk.level = 1;
    try {
      await r.type('o');
      await r.waitFor('enter keep');
      await r.type('\u0015');
      await r.type('out/x.tf');
      await r.press('left', 'left', 'left', 'left');
      // The cursor is the inverse cell on the "x" (ESC [7m ... ESC [27m).
      await r.waitFor(() => r.raw().includes('path: out/\u001b[7mx\u001b[27m.tf'));
      await r.type('\u0015');
      await r.waitFor(() => r.raw().includes('path: \u001b[7mx\u001b[27m.tf'));
      await r.press('enter');
      await r.waitFor(() => handle.session.output.path === 'x.tf');
    } finally {
      chalk.level = level;
    }
  });

  it('Ctrl-U in the filter and in the note editor deletes back to the start of the line', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.type('/');
    await r.type('svc:s3');
    await r.press('left', 'left');
    await r.type('\u0015');
    await r.press('enter');
    await r.waitFor('filter: s3');
    await r.press('down');
    await r.type('C');
    await r.waitFor('Note on');
    await r.type('first line');
    await r.press('enter');
    await r.type('second');
    await r.type('\u0015');
    await r.type('kept');
    await r.press('ctrlS');
    await r.waitFor(() => Object.values(handle.session.comments.byAction).includes('first line\nkept'));
  });
});
