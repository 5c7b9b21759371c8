// Keys that arrive in one read (a paste, held keys, ssh batching) are handled one by one,
// in order; unknown escape sequences are dropped; a handler that throws is reported and
// the session and typed text stay.
import { useState } from 'react';
import { Text } from 'ink';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import { KeyLayerProvider, useKeys } from '../../components/hooks/keyLayers.js';
import { keysOf } from '../../components/input.js';
import { ScreenBoundary } from '../../components/widgets/ScreenBoundary.js';
import type { SessionHandle } from '../../sessions/handle.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

function reviewSession(): SessionHandle {
  const h = newHandle({ role: demo.role, roleDetail: demo.detail, screen: 'review' });
  h.dispatch({ type: 'setSources', sources: [{ id: 'xray', label: 'X-Ray traces' }] });
  const result = {
    evidence: demo.evidence,
    results: [{ id: 'xray' as const, label: 'X-Ray traces', state: 'done' as const, evidence: 2 }],
  };
  for (const e of gatheredEvents(h.session, result, new Date('2026-11-21T00:00:00Z'))) h.dispatch(e);
  return h;
}

function mount() {
  const handle = reviewSession();
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    { columns: 140, rows: 40 },
  );
  return { r, handle };
}

/** The row under the cursor: its name after the decision mark. */
const selected = (frame: string) => /› +(?:[▾▸] +(\S+)|\[[✓✗ ]\] +(\S+))/.exec(frame)?.slice(1).find(Boolean);

describe('keysOf', () => {
  it('splits a run of text into keys and keeps sequences whole', () => {
    expect(keysOf('jjj').map((k) => k.input)).toEqual(['j', 'j', 'j']);
    expect(keysOf('a\rb').map((k) => [k.input, k.key.return])).toEqual([
      ['a', false],
      ['', true],
      ['b', false],
    ]);
    expect(keysOf('\u001b[B')[0]?.key.downArrow).toBe(true);
    expect(keysOf('\u001b[1;2A')[0]?.key).toMatchObject({ upArrow: true, shift: true });
    expect(keysOf('\u001b[Z')[0]?.key).toMatchObject({ tab: true, shift: true });
    expect(keysOf('\u001b[5~')[0]?.key.pageUp).toBe(true);
    expect(keysOf('\u0013')[0]).toMatchObject({ input: 's', key: { ctrl: true } });
  });

  it.each([
    ['Ctrl+F1', '\u001b[1;5P'],
    ['Ctrl+F4', '\u001b[1;5S'],
    ['SGR colour', '\u001b[31m'],
    ['bracketed paste', '\u001b[200~'],
    ['unknown tilde key', '\u001b[99~'],
  ])('drops %s without throwing', (_name, seq) => {
    expect(keysOf(seq)).toEqual([]);
  });

  it('drops C1 controls and bidi overrides from text', () => {
    expect(keysOf('a\u202eb\u0085c\u200bd').map((k) => k.input)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('input chunks in the app', () => {
  it('"jjj" in one write moves three rows', async () => {
    const { r } = mount();
    const first = selected(await r.waitFor('▾ dynamodb'));
    // Every row, in order, one key at a time.
    const rows: (string | undefined)[] = [first];
    for (let i = 0; i < 3; i++) {
      const before = rows.at(-1);
      await r.type('j');
      rows.push(selected(await r.waitFor((f) => selected(f) !== before)));
    }
    await r.type('kkk');
    await r.waitFor((f) => selected(f) === first);
    await r.paste('jjj');
    const f = await r.waitFor((f) => selected(f) === rows[3]);
    expect(selected(f)).toBe(rows[3]);
  });

  it('Ctrl+F1..F4 and a pasted colour sequence are ignored; editor text stays', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.paste('\u001b[1;5P\u001b[1;5Q\u001b[1;5R\u001b[1;5S');
    await r.type('j');
    await r.waitFor(/› +\[✓\] DeleteItem/);
    await r.type('c');
    await r.waitFor('Rationale for statement');
    await r.type('Deletes');
    await r.paste(' a \u001b[31mred\u001b[0m note');
    await r.paste('\u001b[1;5P');
    await r.waitFor('Deletes a red note');
    await r.press('ctrlS');
    await r.waitFor('  Deletes a red note');
    expect(Object.values(handle.session.comments.rationaleByAction)).toEqual(['Deletes a red note']);
  });
});

const BOOM_KEYS = [{ keys: ['x'], action: 'boom', label: 'boom' }] as const;

function Thrower() {
  const [text, setText] = useState('');
  useKeys({
    id: 'thrower',
    title: 'test',
    table: BOOM_KEYS,
    level: 'modal',
    modal: true,
    onAction: () => {
      throw new Error('handler failed');
    },
    onText: (input) => setText((t) => t + input),
  });
  return <Text>typed:{text}</Text>;
}

describe('a key handler that throws', () => {
  it('is reported; the tree and the typed text stay, later keys still work', async () => {
    const errors: string[] = [];
    const r = render(
      <KeyLayerProvider onInterrupt={() => {}} onKeyError={(e) => errors.push((e as Error).message)}>
        <Thrower />
      </KeyLayerProvider>,
    );
    await r.waitFor('typed:');
    await r.paste('abxcd');
    await r.waitFor('typed:abcd');
    expect(errors).toEqual(['handler failed']);
  });
});

function DrawsBadly() {
  const [broken, setBroken] = useState(false);
  useKeys({ id: 'bad', title: 'test', table: BOOM_KEYS, onAction: () => setBroken(true) });
  if (broken) throw new Error('cannot draw this row');
  return <Text>fine</Text>;
}

describe('a screen that throws while drawing', () => {
  it('says what happened and how to resume; q still quits', async () => {
    let quit = 0;
    const r = render(
      <KeyLayerProvider onInterrupt={() => quit++}>
        <ScreenBoundary sessionId="abcdef0123" onQuit={() => quit++}>
          <DrawsBadly />
        </ScreenBoundary>
      </KeyLayerProvider>,
    );
    await r.waitFor('fine');
    await r.type('x');
    const f = await r.waitFor('The screen failed to draw: cannot draw this row');
    expect(f.replace(/\s+/g, ' ')).toContain('Press q to quit, then: iam-refine resume abcdef0123');
    await r.type('q');
    await r.waitFor(() => quit === 1);
  });
});
