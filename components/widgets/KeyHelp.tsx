// The `?` overlay: every key of every active layer, from the same tables the dispatcher uses.
import { Box, Text } from 'ink';
import { bindingKeys } from '../keys.js';
import { useActiveLayers } from '../hooks/keyLayers.js';

export function KeyHelp(props: { width: number }) {
  const layers = useActiveLayers().filter((l) => l.level !== 'overlay');
  const keyWidth = Math.min(
    24,
    Math.max(8, ...layers.flatMap((l) => l.table.map((b) => bindingKeys(b).length))),
  );
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={props.width}>
      <Text bold>Keys</Text>
      <Box flexWrap="wrap" columnGap={4}>
        {layers.map((layer) => (
          <Box key={layer.id} flexDirection="column" marginTop={1} width={Math.min(60, props.width - 4)}>
            <Text underline>{layer.title}</Text>
            {layer.table.map((b) => (
              <Text key={`${b.action}:${bindingKeys(b)}`} wrap="truncate-end">
                {bindingKeys(b).padEnd(keyWidth)} {b.help ?? b.label}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text dimColor>esc or ? closes this map</Text>
    </Box>
  );
}
