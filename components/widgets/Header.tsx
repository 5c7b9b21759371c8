// Top lines: the banner (demo / offline), then role, window, sources and decision counts.
import { Box, Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import { describeWindow } from '../../src/core/window.js';
import type { TimeWindow } from '../../src/core/types.js';
import { useColor } from '../theme.js';

export interface DecisionCounts {
  accepted: number;
  rejected: number;
  pending: number;
}

export interface HeaderProps {
  banner?: string;
  roleName?: string;
  window?: TimeWindow;
  sources: string[];
  counts?: DecisionCounts;
  /** The last thing that happened: "saved policy.tf", "undid accept s3:GetObject". */
  status?: string;
}

export function Header(props: HeaderProps) {
  const color = useColor();
  const { counts } = props;
  return (
    <Box flexDirection="column">
      {props.banner && (
        <Text color={color('yellow')} bold wrap="truncate-end">
          ▌ {safeLine(props.banner)}
        </Text>
      )}
      <Text wrap="truncate-end">
        <Text bold>iam-refine</Text>
        {'  role '}
        <Text bold>{props.roleName ? safeLine(props.roleName) : '—'}</Text>
        {'  window '}
        {props.window ? describeWindow(props.window) : '—'}
        {'  sources '}
        {props.sources.length ? props.sources.join(' ') : '—'}
      </Text>
      {counts && (
        <Text wrap="truncate-end">
          <Text color={color('green')}>✓ {counts.accepted} accepted</Text>
          {'  '}
          <Text color={color('red')}>✗ {counts.rejected} rejected</Text>
          {'  '}
          <Text>{counts.pending} pending</Text>
          {props.status ? <Text dimColor>{`  · ${safeLine(props.status)}`}</Text> : null}
        </Text>
      )}
      {!counts && props.status && <Text dimColor>{safeLine(props.status)}</Text>}
    </Box>
  );
}
