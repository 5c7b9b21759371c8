import { useState } from 'react';
import { Box, Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '../helpers/ink.js';
import { KeyLayerProvider, useKeys } from '../../components/hooks/keyLayers.js';
import { Footer } from '../../components/widgets/Footer.js';
import { KeyHelp } from '../../components/widgets/KeyHelp.js';
import { TextEditor } from '../../components/widgets/TextEditor.js';
import { WindowedList } from '../../components/widgets/WindowedList.js';
import { GLOBAL_KEYS, REVIEW_KEYS } from '../../components/keys.js';
import { moveList, LIST_START, isListMove } from '../../components/hooks/listState.js';

afterEach(cleanup);

function Screen(props: { log: string[] }) {
  const [editing, setEditing] = useState(false);
  const [help, setHelp] = useState(false);
  const [text, setText] = useState('');
  useKeys({
    id: 'global',
    title: 'Everywhere',
    table: GLOBAL_KEYS,
    level: 'global',
    onAction: (a) => (a === 'help' ? setHelp(true) : props.log.push(`global:${a}`)),
  });
  useKeys({
    id: 'review',
    title: 'Review',
    table: REVIEW_KEYS,
    onAction: (a) => (a === 'comment' ? setEditing(true) : props.log.push(`review:${a}`)),
  });
  return (
    <Box flexDirection="column">
      <Text>text: {text || '(none)'}</Text>
      {editing && (
        <TextEditor
          id="ed"
          title="Rationale"
          initial=""
          width={60}
          onSave={(t) => {
            setText(t.replace(/\n/g, ' / '));
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {help ? <KeyHelp width={100} onClose={() => setHelp(false)} /> : <Footer />}
    </Box>
  );
}

function mount(log: string[]) {
  return render(
    <KeyLayerProvider onInterrupt={() => log.push('interrupt')}>
      <Screen log={log} />
    </KeyLayerProvider>,
  );
}

describe('key layers', () => {
  it('sends a key to the topmost layer that binds it, then to the global layer', async () => {
    const log: string[] = [];
    const r = mount(log);
    await r.waitFor('a accept');
    await r.type('aq');
    await r.press('escape', 'ctrlC');
    expect(log).toEqual(['review:accept', 'global:quit', 'global:back', 'interrupt']);
  });

  it('a modal editor swallows letters the screen would act on, and keeps lines', async () => {
    const log: string[] = [];
    const r = mount(log);
    await r.waitFor('c comment');
    await r.type('c');
    await r.waitFor('Rationale');
    expect(r.frame()).toContain('ctrl+s save');
    expect(r.frame()).not.toContain('a accept');
    await r.type('read a');
    await r.press('enter');
    await r.type('qr');
    await r.press('backspace', 'ctrlS');
    await r.waitFor('text: read a / q');
    expect(log).toEqual([]);
  });

  it('the ? overlay lists every key of the active tables, hidden footer keys too', async () => {
    const r = mount([]);
    await r.waitFor('u undo');
    expect(r.frame()).not.toContain('pgdn');
    await r.type('?');
    const f = await r.waitFor('Keys');
    for (const line of ['pgdn', 'accept the action', 'quit (the session is already saved)', 'Everywhere'])
      expect(f).toContain(line);
    await r.press('escape');
    await r.waitFor('u undo');
  });
});

describe('windowed list', () => {
  const items = Array.from({ length: 1000 }, (_, i) => `row ${i}`);
  it('renders only the rows in view and follows the cursor', async () => {
    let state = LIST_START;
    for (let i = 0; i < 25; i++) state = moveList(state, 'down', items.length, 10);
    const r = render(
      <WindowedList
        items={items}
        state={state}
        height={10}
        rowKey={(x) => x}
        renderRow={(x, _i, sel) => <Text>{(sel ? '› ' : '  ') + x}</Text>}
      />,
    );
    const f = await r.waitFor('of 1000');
    expect(f).toContain('› row 25');
    expect(f).toContain('17–26 of 1000');
    expect(f).not.toContain('row 15\n');
    expect(f.split('\n').filter((l) => l.includes('row ')).length).toBe(10);
  });

  it.each([
    ['end', 999, 990],
    ['home', 0, 0],
    ['pageDown', 9, 0],
  ] as const)('%s moves the cursor to %i with offset %i', (move, cursor, offset) => {
    expect(isListMove(move)).toBe(true);
    expect(moveList(LIST_START, move, items.length, 10)).toEqual({ cursor, offset });
  });
});
