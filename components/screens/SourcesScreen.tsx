// Sources: which can run for this role, why the others cannot and how to fix that; toggles.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { SourceId } from '../../src/core/types.js';
import { SOURCE_BADGES } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { SourcePlan } from '../engine.js';
import { SOURCES_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { isListMove, moveList, LIST_START } from '../hooks/listState.js';
import { useColor } from '../theme.js';

export interface SourcesScreenProps {
  plans: SourcePlan[] | undefined;
  loadError?: string;
  /** Sources switched on; the available ones by default. */
  chosen: ReadonlySet<SourceId>;
  onToggle: (id: SourceId) => void;
  onStart: () => void;
}

export function SourcesScreen(props: SourcesScreenProps) {
  const color = useColor();
  const [list, setList] = useState(LIST_START);
  const [note, setNote] = useState<string>();
  const plans = props.plans ?? [];
  const usable = plans.filter((p) => p.available && props.chosen.has(p.id));

  useKeys({
    id: 'sources',
    title: 'Sources',
    table: SOURCES_KEYS,
    onAction(action) {
      setNote(undefined);
      if (isListMove(action)) setList(moveList(list, action, plans.length, plans.length));
      else if (action === 'toggle') {
        const p = plans[list.cursor];
        if (p?.available) props.onToggle(p.id);
        else if (p) setNote(`${p.label} cannot run: ${p.why ?? 'unavailable'}`);
      } else if (action === 'start') {
        if (usable.length > 0) props.onStart();
        else setNote('choose at least one available source');
      }
    },
  });

  if (props.loadError) return <Text color={color('red')}>{safeLine(props.loadError)}</Text>;
  if (!props.plans) return <Text dimColor>looking for sources…</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>Sources of evidence</Text>
      {plans.map((p, i) => {
        const on = p.available && props.chosen.has(p.id);
        const selected = i === list.cursor;
        return (
          <Box key={p.id} flexDirection="column">
            <Text inverse={selected} wrap="truncate-end">
              {selected ? '› ' : '  '}
              {p.available ? (on ? '[x] ' : '[ ] ') : '[-] '}
              {SOURCE_BADGES[p.id].padEnd(4)}
              {p.label}
              {p.available && p.detail ? `  ${safeLine(p.detail)}` : ''}
            </Text>
            {!p.available && (
              <Box marginLeft={8} flexDirection="column">
                <Text dimColor wrap="wrap">
                  {safeLine(p.why ?? 'unavailable')}
                </Text>
                {p.fix && (
                  <Text dimColor wrap="wrap">
                    fix: {safeLine(p.fix)}
                  </Text>
                )}
              </Box>
            )}
          </Box>
        );
      })}
      <Box marginTop={1}>
        <Text>
          {usable.length} of {plans.length} sources chosen
        </Text>
      </Box>
      {note && <Text color={color('yellow')}>{note}</Text>}
    </Box>
  );
}
