// The uncovered calls, one key from the preview's replay headline: a scrollable list over
// the policy text (three lines a call: what, why, what to do). Its key layer lives while it
// is shown, so Esc closes it before it can leave the screen.
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { UNCOVERED_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { uncoveredLines, type UncoveredItem } from '../review/uncovered.js';
import { useColor } from '../theme.js';
import { count } from '../plural.js';

export interface UncoveredListProps {
  items: UncoveredItem[];
  /** Rows for the list itself (its title and border come on top). */
  height: number;
  /** Columns for the list itself (inside its border). */
  width: number;
  onClose: () => void;
}

export function UncoveredList({ items, height, width, onClose }: UncoveredListProps) {
  const color = useColor();
  const lines = useMemo(() => uncoveredLines(items, width), [items, width]);
  const rows = Math.max(3, height);
  const maxScroll = Math.max(0, lines.length - rows);
  const [scroll, setScroll] = useState(0);
  useKeys({
    id: 'uncovered',
    title: 'Uncovered calls',
    table: UNCOVERED_KEYS,
    onAction(action) {
      if (action === 'close') return onClose();
      const step = { up: -1, down: 1, pageUp: -rows, pageDown: rows, home: -lines.length, end: lines.length }[
        action
      ];
      setScroll((s) => Math.max(0, Math.min(maxScroll, s + step)));
    },
  });
  const shown = lines.slice(scroll, scroll + rows);
  const more =
    lines.length > rows ? ` · lines ${scroll + 1}–${scroll + shown.length} of ${lines.length}` : '';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Uncovered: {count(items.length, 'call')} not counted as allowed{more} · esc closes
      </Text>
      <Box flexDirection="column" borderStyle="single" paddingX={1} height={rows + 2} overflowY="hidden">
        {items.length === 0 && (
          <Text color={color('green')}>Every observed call is allowed: nothing uncovered.</Text>
        )}
        {shown.map((l, i) => (
          <Text
            key={scroll + i}
            wrap="truncate-end"
            bold={l.kind === 'head'}
            color={l.kind === 'why' ? color('yellow') : undefined}
            dimColor={l.kind === 'todo'}
          >
            {l.text}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
