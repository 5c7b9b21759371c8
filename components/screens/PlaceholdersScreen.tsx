// Placeholders: every ${Name} left in an accepted resource, one row per ARN it appears in,
// each filled on its own (Enter) or with one value everywhere (e), with the values seen in
// observed ARNs that fit the rest of that ARN.
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { Candidate } from '../../src/core/types.js';
import { parseArn } from '../../src/core/arn.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { SessionEvent } from '../../sessions/events.js';
import type { Session } from '../../sessions/schema.js';
import { PLACEHOLDER_KEYS, PLACEHOLDER_VALUE_KEYS } from '../keys.js';
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

/** What the editor fills: one occurrence, or the name in every ARN. */
interface Editing {
  everywhere: boolean;
  suggestions: string[];
  /** The suggestion shown, -1 while the field holds the current or typed value. */
  suggestion: number;
}

/** The part of an ARN after the account: what tells two stacks apart in a row. */
function shortArn(arn: string): string {
  return parseArn(arn)?.resource ?? arn;
}

function valueText(p: PlaceholderInfo): string {
  if (!p.value) return '(not filled)';
  return `${safeLine(p.value)}${p.scope === 'everywhere' ? '  (everywhere)' : ''}`;
}

export function PlaceholdersScreen(props: PlaceholdersScreenProps) {
  const { session, candidates, dispatch } = props;
  const color = useColor();
  const unfilledModel = useMemo(
    () => sessionModel(session, candidates, { fills: false }),
    [session, candidates],
  );
  // Suggestions depend on the fills too: the other names of an ARN narrow them.
  const { evidence, fills, fillsByArn } = session;
  const list = useMemo(
    () => findPlaceholders(unfilledModel, evidence, { fills, fillsByArn }),
    [unfilledModel, evidence, fills, fillsByArn],
  );
  const [nav, setNav] = useState(LIST_START);
  const [editing, setEditing] = useState<Editing>();
  const field = useTextField();
  const listHeight = Math.max(3, Math.floor((props.height - 8) / 2));
  const view = fitList(nav, list.length, listHeight);
  const current: PlaceholderInfo | undefined = list[view.cursor];
  const sameName = current ? list.filter((p) => p.name === current.name) : [];

  function open(everywhere: boolean) {
    if (!current) return;
    // Everywhere: the values seen for any of this name's ARNs.
    const suggestions = everywhere
      ? [...new Set(sameName.flatMap((p) => p.suggestions))]
      : current.suggestions;
    const value = everywhere ? (current.scope === 'everywhere' ? current.value : undefined) : current.value;
    field.set(value ?? suggestions[0] ?? '');
    setEditing({ everywhere, suggestions, suggestion: value === undefined && suggestions.length ? 0 : -1 });
  }

  useKeys({
    id: 'placeholders',
    title: 'Placeholders',
    table: PLACEHOLDER_KEYS,
    active: !editing,
    onAction(action) {
      if (isListMove(action)) setNav(moveList(view, action, list.length, listHeight));
      else if (action === 'preview') dispatch({ type: 'setScreen', screen: 'preview' });
      else if (action === 'edit') open(false);
      else if (action === 'everywhere') open(true);
    },
  });
  useKeys({
    id: 'placeholder-value',
    title: 'Placeholder value',
    table: PLACEHOLDER_VALUE_KEYS,
    level: 'modal',
    modal: true,
    active: Boolean(editing),
    onAction(action) {
      if (!editing || !current) return;
      const n = editing.suggestions.length;
      if (action === 'cancel') setEditing(undefined);
      else if ((action === 'next' || action === 'previous') && n) {
        const step = action === 'next' ? 1 : n - 1;
        const i = editing.suggestion < 0 ? (action === 'next' ? 0 : n - 1) : (editing.suggestion + step) % n;
        field.set(editing.suggestions[i]!);
        setEditing({ ...editing, suggestion: i });
      } else if (action === 'submit') {
        dispatch({
          type: 'fillPlaceholder',
          name: current.name,
          value: field.value,
          ...(editing.everywhere ? {} : { arn: current.template }),
        });
        setEditing(undefined);
      }
    },
    onText: field.onText,
  });

  const left = list.filter((p) => !p.value).length;
  const nameWidth = Math.min(20, Math.max(8, ...list.map((p) => p.name.length + 3)));
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
        rowKey={(p) => p.key}
        empty="every accepted resource is concrete"
        renderRow={(p, _i, selected) => (
          <Text inverse={selected} wrap="truncate-end">
            {selected ? '› ' : '  '}
            {`\${${safeLine(p.name)}}`.padEnd(nameWidth)} = {valueText(p)}
            <Text dimColor> in {safeLine(shortArn(p.template))}</Text>
          </Text>
        )}
      />
      {current && (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">{safeLine(current.template)}</Text>
          <Text wrap="truncate-end" dimColor>
            used by {safeLine(current.actions.join(', '))}
            {sameName.length > 1 ? ` · \${${safeLine(current.name)}} is in ${sameName.length} ARNs` : ''}
          </Text>
          <Text wrap="truncate-end">
            seen here:{' '}
            {current.suggestions.length
              ? safeLine(current.suggestions.slice(0, 5).join(', '))
              : 'no observed resource fits this ARN'}
          </Text>
        </Box>
      )}
      {editing && current && (
        <Box borderStyle="round" paddingX={1} flexDirection="column">
          <Text bold wrap="truncate-end">
            {editing.everywhere
              ? `\${${safeLine(current.name)}} everywhere (${sameName.length} ${sameName.length === 1 ? 'ARN' : 'ARNs'})`
              : `\${${safeLine(current.name)}} in ${safeLine(shortArn(current.template))} only`}
          </Text>
          <TextField
            field={field}
            placeholder={editing.suggestions.length ? 'a value, or tab for the values seen' : 'a value'}
          />
          {editing.suggestions.length > 0 && (
            <Text dimColor wrap="truncate-end">
              seen{editing.everywhere ? '' : ' for this ARN'}:{' '}
              {editing.suggestions
                .slice(0, 5)
                .map((s, i) => (i === editing.suggestion ? `[${safeLine(s)}]` : safeLine(s)))
                .join('  ')}
              {editing.suggestions.length > 5 ? ` (+${editing.suggestions.length - 5})` : ''}
            </Text>
          )}
        </Box>
      )}
    </Box>
  );
}
