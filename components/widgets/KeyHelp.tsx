// The `?` overlay: the keys that reach the screen now, from the same tables the dispatcher uses.
// Laid out as wrapped lines in a window the height of the terminal: at 80x24 its top (the
// movement keys) is shown first and ↑↓ scroll the rest, never pushed off the screen.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { bindingKeys, HELP_KEYS, TEXT_GLOBAL_KEYS, type Binding, type KeyTable } from '../keys.js';
import { useActiveLayers, useKeys, type LayerInfo, type LayerLevel } from '../hooks/keyLayers.js';

export interface HelpLine {
  text: string;
  kind: 'title' | 'key' | 'note' | 'gap';
}

/** Word wrap to `width`, long words cut; at least one line. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line) out.push(line);
      out.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  out.push(line);
  return out;
}

export interface HelpLayer {
  title: string;
  table: KeyTable;
  level: LayerLevel;
}

/**
 * The layers a key can reach, topmost first: down to the first modal one (a field that takes
 * letters as text), then only Ctrl-C, as the footer shows them.
 */
export function helpLayers(layers: LayerInfo[]): HelpLayer[] {
  const shown = layers.filter((l) => l.level !== 'overlay');
  const modal = shown.findIndex((l) => l.modal);
  if (modal < 0) return shown;
  return [...shown.slice(0, modal + 1), { title: 'Everywhere', table: TEXT_GLOBAL_KEYS, level: 'global' }];
}

/**
 * A layer's bindings as they act now. A key a higher layer binds never reaches this one (a
 * filter in force, an open list takes Esc first): a screen's block leaves it out, since the
 * block above lists it; the global block keeps the key where the user looks for it, with
 * what it does now ("esc clear the filter"), not what it does once that layer is gone.
 */
export function reachingBindings(layer: HelpLayer, above: readonly HelpLayer[]): Binding[] {
  const owner = (key: string) => above.flatMap((l) => l.table).find((b) => b.keys.includes(key));
  const out: Binding[] = [];
  for (const b of layer.table) {
    const free = b.keys.filter((k) => !owner(k));
    if (free.length === b.keys.length) out.push(b);
    else if (free.length) out.push({ ...b, keys: free });
    if (layer.level !== 'global') continue;
    // Shadowed keys of the global block: grouped by the binding that takes them.
    const takers = new Map<Binding, string[]>();
    for (const k of b.keys.filter((x) => !free.includes(x))) {
      const taker = owner(k)!;
      takers.set(taker, [...(takers.get(taker) ?? []), k]);
    }
    for (const [taker, keys] of takers) out.push({ ...taker, keys });
  }
  return out;
}

export function helpLines(layers: LayerInfo[], width: number): HelpLine[] {
  const reach = helpLayers(layers);
  const blocks = reach.map((layer, i) => ({ layer, bindings: reachingBindings(layer, reach.slice(0, i)) }));
  const keyWidth = Math.min(
    Math.max(8, Math.floor(width / 3)),
    Math.max(8, ...blocks.flatMap((l) => l.bindings.map((b) => bindingKeys(b).length))),
  );
  const lines: HelpLine[] = [];
  for (const { layer, bindings } of blocks) {
    if (!bindings.length) continue;
    if (lines.length) lines.push({ text: '', kind: 'gap' });
    lines.push({ text: layer.title, kind: 'title' });
    for (const b of bindings) {
      const wrapped = wrapText(b.help ?? b.label, Math.max(10, width - keyWidth - 1));
      wrapped.forEach((w, i) =>
        lines.push({ text: `${(i === 0 ? bindingKeys(b) : '').padEnd(keyWidth)} ${w}`, kind: 'key' }),
      );
    }
  }
  if (reach.some((l) => l.table === TEXT_GLOBAL_KEYS)) {
    lines.push({ text: '', kind: 'gap' });
    for (const w of wrapText('Letters are text here: q, j and k type into the field; ctrl+c quits.', width))
      lines.push({ text: w, kind: 'note' });
  }
  return lines;
}

export function KeyHelp(props: { width: number; height?: number; onClose: () => void }) {
  const inner = Math.max(20, props.width - 4);
  const lines = helpLines(useActiveLayers(), inner);
  // Border (2), "Keys" and the closing hint.
  const room = Math.max(3, (props.height ?? lines.length + 4) - 4);
  const maxTop = Math.max(0, lines.length - room);
  const [top, setTop] = useState(0);
  const at = Math.min(top, maxTop);
  useKeys({
    id: 'help',
    title: 'Key map',
    table: HELP_KEYS,
    level: 'overlay',
    modal: true,
    onAction(action) {
      if (action === 'close') return props.onClose();
      const step = { up: -1, down: 1, pageUp: -room, pageDown: room, home: -lines.length, end: lines.length }[
        action
      ];
      setTop(Math.max(0, Math.min(maxTop, at + step)));
    },
  });
  const shown = lines.slice(at, at + room);
  const scrolls = lines.length > room;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={props.width}>
      <Text bold>Keys</Text>
      {shown.map((l, i) => (
        <Text key={at + i} wrap="truncate-end" underline={l.kind === 'title'} dimColor={l.kind === 'note'}>
          {l.text || ' '}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {scrolls
          ? `lines ${at + 1}–${at + shown.length} of ${lines.length}: ↑↓ j k scroll · esc or ? closes`
          : 'esc or ? closes this map'}
      </Text>
    </Box>
  );
}
