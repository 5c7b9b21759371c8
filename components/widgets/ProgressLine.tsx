// One gathering line per source: state mark, label, bar or counter, and the error if it failed.
import { Box, Text } from 'ink';
import { ProgressBar, Spinner } from '@inkjs/ui';
import type { SourceProgress } from '../../src/core/progress.js';
import { safeLine } from '../../src/core/sanitize.js';
import { useColor } from '../theme.js';
import { unitFor } from '../plural.js';

const MARK: Record<SourceProgress['state'], string> = {
  pending: '·',
  running: '…',
  done: '✓',
  failed: '✗',
  cancelled: '■',
  skipped: '-',
};

export function progressCounter(p: SourceProgress): string {
  const done = p.done.toLocaleString('en-US');
  if (p.total === undefined) return `${done} ${unitFor(p.done, p.unit)}`;
  return `${done}/${p.total.toLocaleString('en-US')} ${unitFor(p.total, p.unit)}`;
}

export function ProgressLine(props: { progress: SourceProgress; width: number }) {
  const p = props.progress;
  const color = useColor();
  const labelWidth = Math.min(40, Math.max(18, Math.floor(props.width / 3)));
  const barWidth = Math.max(10, Math.min(30, props.width - labelWidth - 30));
  const showBar = p.state === 'running' && p.total !== undefined && p.total > 0;
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2}>{p.state === 'running' ? <Spinner /> : <Text>{MARK[p.state]}</Text>}</Box>
        <Box width={labelWidth} marginRight={1}>
          <Text wrap="truncate-end">{safeLine(p.label)}</Text>
        </Box>
        {showBar && (
          <Box width={barWidth} marginRight={1}>
            <ProgressBar value={(100 * p.done) / (p.total ?? 1)} />
          </Box>
        )}
        <Text>
          {p.state === 'skipped' ? 'skipped' : progressCounter(p)}
          {p.state === 'cancelled' ? ' (cancelled)' : ''}
        </Text>
      </Box>
      {p.message && (p.state === 'failed' || p.state === 'running' || p.state === 'skipped') && (
        <Box marginLeft={2}>
          <Text
            color={p.state === 'failed' ? color('red') : undefined}
            dimColor={p.state !== 'failed'}
            wrap="wrap"
          >
            {safeLine(p.message)}
          </Text>
        </Box>
      )}
    </Box>
  );
}
