// Per action: keep the exact observed resources or take a generalization of them.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import { RESOURCE_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import type { ResourceOption } from '../review/resources.js';

export interface ResourceChooserProps {
  action: string;
  options: ResourceOption[];
  current: number;
  width: number;
  onChoose: (resources: string[]) => void;
  onClose: () => void;
}

export function ResourceChooser(props: ResourceChooserProps) {
  const [cursor, setCursor] = useState(props.current);
  const n = props.options.length;
  useKeys({
    id: 'resources',
    title: 'Resources',
    table: RESOURCE_KEYS,
    level: 'modal',
    modal: true,
    onAction(action) {
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      else if (action === 'down') setCursor((c) => Math.min(n - 1, c + 1));
      else if (action === 'choose') props.onChoose(props.options[cursor]?.resources ?? []);
      else props.onClose();
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={props.width}>
      <Text bold>Resources of {safeLine(props.action)}</Text>
      {props.options.map((o, i) => (
        <Text key={o.label} inverse={i === cursor} wrap="wrap">
          {i === cursor ? '› ' : '  '}
          {i === props.current ? '(•) ' : '( ) '}
          {safeLine(o.label)}
        </Text>
      ))}
      {n === 1 && <Text dimColor>nothing to generalize: the resources have no common path</Text>}
    </Box>
  );
}
