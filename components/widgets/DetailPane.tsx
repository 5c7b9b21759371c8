// The detail pane: the selected action's lines (review/detail.ts), scrolled, clipped to height.
import { Box, Text } from 'ink';
import type { Line, Tone } from '../review/detail.js';
import { useColor, type ColorName } from '../theme.js';

const TONE: Record<Tone, { color?: ColorName; bold?: boolean; dim?: boolean }> = {
  title: { bold: true },
  dim: { dim: true },
  warn: { color: 'yellow' },
  ok: { color: 'green' },
  plain: {},
};

export function DetailPane(props: {
  lines: Line[];
  scroll: number;
  height: number;
  width: number;
  focused: boolean;
}) {
  const color = useColor();
  const h = Math.max(1, props.height - 2);
  const start = Math.min(props.scroll, Math.max(0, props.lines.length - h));
  const shown = props.lines.slice(start, start + h);
  return (
    <Box
      flexDirection="column"
      width={props.width}
      borderStyle={props.focused ? 'double' : 'single'}
      paddingX={1}
      height={props.height}
      overflowY="hidden"
    >
      {shown.map((l, i) => {
        const t = TONE[l.tone];
        return (
          <Box key={start + i} marginLeft={l.indent} flexShrink={0}>
            <Text bold={t.bold} dimColor={t.dim} color={t.color && color(t.color)} wrap="wrap">
              {l.text}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
