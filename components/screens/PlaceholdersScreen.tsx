// Placeholders: every ${Name} left in an accepted resource, with values seen in observed ones.
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { Candidate } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { SessionEvent } from '../../sessions/events.js';
import type { Session } from '../../sessions/schema.js';
import { PLACEHOLDER_KEYS, VALUE_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { fitList, isListMove, LIST_START, moveList } from '../hooks/listState.js';
import { sessionModel } from '../review/model.js';
import { findPlaceholders, type PlaceholderInfo } from '../review/placeholders.js';
import { WindowedList } from '../widgets/WindowedList.js';
import { useColor } from '../theme.js';
import { useTextField } from '../hooks/useTextField.js';
import { TextField } from '../widgets/TextField.js';

export interface PlaceholdersScreenProps {
  session: Session;
  candidates: Candidate[];
  dispatch: (e: SessionEvent) => void;
  height: number;
}

export function PlaceholdersScreen(props: PlaceholdersScreenProps) {
  const { session, candidates, dispatch } = props;
  const color = useColor();
  const unfilledModel = useMemo(
    () => sessionModel(session, candidates, { fills: false }),
    [session, candidates],
  );
  const list = useMemo(
    () => findPlaceholders(unfilledModel, candidates, session.fills),
    [unfilledModel, candidates, session.fills],
  );
  const [nav, setNav] = useState(LIST_START);
  const [editing, setEditing] = useState<{ suggestion: number }>();
  const field = useTextField();
  const listHeight = Math.max(3, Math.floor((props.height - 6) / 2));
  const view = fitList(nav, list.length, listHeight);
  const current: PlaceholderInfo | undefined = list[view.cursor];

  useKeys({
    id: 'placeholders',
    title: 'Placeholders',
    table: PLACEHOLDER_KEYS,
    active: !editing,
    onAction(action) {
      if (isListMove(action)) setNav(moveList(view, action, list.length, listHeight));
      else if (action === 'preview') dispatch({ type: 'setScreen', screen: 'preview' });
      else if (action === 'edit' && current) {
        field.set(current.value ?? current.suggestions[0] ?? '');
        setEditing({ suggestion: 0 });
      }
    },
  });
  useKeys({
    id: 'placeholder-value',
    title: 'Placeholder value',
    table: VALUE_KEYS,
    level: 'modal',
    modal: true,
    active: Boolean(editing),
    onAction(action) {
      if (!editing || !current) return;
      if (action === 'cancel') setEditing(undefined);
      else if (action === 'next' && current.suggestions.length) {
        const i = (editing.suggestion + 1) % current.suggestions.length;
        field.set(current.suggestions[i]!);
        setEditing({ suggestion: i });
      } else if (action === 'submit') {
        dispatch({ type: 'fillPlaceholder', name: current.name, value: field.value });
        setEditing(undefined);
      }
    },
    onText: field.onText,
  });

  const left = list.filter((p) => !p.value).length;
  return (
    <Box flexDirection="column">
      <Text bold>
        Placeholders{' '}
        <Text color={color(left ? 'yellow' : 'green')}>
          {list.length === 0 ? 'none in the accepted resources' : `${left} of ${list.length} left to fill`}
        </Text>
      </Text>
      <WindowedList
        items={list}
        state={view}
        height={listHeight}
        rowKey={(p) => p.name}
        empty="every accepted resource is concrete"
        renderRow={(p, _i, selected) => (
          <Text inverse={selected} wrap="truncate-end">
            {selected ? '› ' : '  '}
            {`\${${safeLine(p.name)}}`.padEnd(24)} = {p.value ? safeLine(p.value) : '(not filled)'}
          </Text>
        )}
      />
      {current && (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">used by {safeLine(current.actions.join(', '))}</Text>
          {current.templates.slice(0, 3).map((t) => (
            <Text key={t} dimColor wrap="truncate-end">
              {'  '}
              {safeLine(t)}
            </Text>
          ))}
          <Text wrap="truncate-end">
            seen:{' '}
            {current.suggestions.length
              ? safeLine(current.suggestions.slice(0, 5).join(', '))
              : 'no observed resource fits'}
          </Text>
        </Box>
      )}
      {editing && current && (
        <Box borderStyle="round" paddingX={1} flexDirection="column">
          <Text bold>{`\${${safeLine(current.name)}}`}</Text>
          <TextField field={field} placeholder="a value, or tab for the values seen" />
        </Box>
      )}
    </Box>
  );
}
