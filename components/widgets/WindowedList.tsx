// A list that renders only the rows in view (offset..offset+height-1) and one status line,
// so a review of thousands of actions costs the same per keypress as one of ten.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { ListState } from '../hooks/listState.js';

export interface WindowedListProps<T> {
  items: readonly T[];
  state: ListState;
  /** Rows available for items (the status line is extra). */
  height: number;
  renderRow: (item: T, index: number, selected: boolean) => ReactNode;
  rowKey: (item: T, index: number) => string;
  empty?: string;
  /** The cursor is drawn only where the keys go. */
  focused?: boolean;
}

export function WindowedList<T>(props: WindowedListProps<T>) {
  const { items, state, height, renderRow, rowKey, empty = 'nothing to show', focused = true } = props;
  if (items.length === 0) {
    return (
      <Box flexDirection="column">
        <Text dimColor>{empty}</Text>
      </Box>
    );
  }
  const end = Math.min(items.length, state.offset + Math.max(1, height));
  const visible = items.slice(state.offset, end);
  const more = items.length > end - state.offset;
  return (
    <Box flexDirection="column">
      {visible.map((item, i) => {
        const index = state.offset + i;
        return (
          <Box key={rowKey(item, index)}>{renderRow(item, index, focused && index === state.cursor)}</Box>
        );
      })}
      {more && (
        <Text dimColor>
          {state.offset > 0 ? '↑ ' : '  '}
          {state.offset + 1}–{end} of {items.length}
          {end < items.length ? ' ↓' : ''}
        </Text>
      )}
    </Box>
  );
}
