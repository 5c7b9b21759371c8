// The per-service shares of grants only `*` (or a NotAction) gives and no source could
// see: choosing one keeps its actions in the policy (marked unverified), again drops them.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import type { UnverifiedShare } from '../../src/core/unverified.js';
import { SHARE_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';

export interface ShareChooserProps {
  shares: UnverifiedShare[];
  decisions: Record<string, string>;
  width: number;
  height: number;
  onChoose: (share: UnverifiedShare) => void;
  onClose: () => void;
}

export function ShareChooser(props: ShareChooserProps) {
  const [cursor, setCursor] = useState(0);
  const n = props.shares.length;
  useKeys({
    id: 'shares',
    title: 'Unverified shares',
    table: SHARE_KEYS,
    level: 'modal',
    modal: true,
    onAction(action) {
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      else if (action === 'down') setCursor((c) => Math.min(n - 1, c + 1));
      else if (action === 'choose') {
        const share = props.shares[cursor];
        if (share) props.onChoose(share);
      } else props.onClose();
    },
  });
  const rows = Math.max(3, props.height - 4);
  const offset = Math.min(Math.max(0, cursor - rows + 1), Math.max(0, n - rows));
  const selected = props.shares[cursor];
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={props.width}>
      <Text bold>Granted only by * or NotAction, seen by no source: keep a service&apos;s share</Text>
      {props.shares.slice(offset, offset + rows).map((s, i) => {
        const kept = s.actions.every((a) => props.decisions[a] === 'accepted');
        const at = offset + i === cursor;
        return (
          <Text key={s.service} inverse={at} wrap="truncate-end">
            {at ? '› ' : '  '}
            {kept ? '[kept] ' : '[    ] '}
            {safeLine(s.service).padEnd(20)} {String(s.actions.length).padStart(5)} actions
          </Text>
        );
      })}
      {selected && (
        <Text dimColor wrap="wrap">
          {safeLine(selected.reason)}
        </Text>
      )}
      {selected && <Text dimColor wrap="wrap">{`to verify: ${safeLine(selected.verify)}`}</Text>}
    </Box>
  );
}
