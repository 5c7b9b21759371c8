// Window: a preset (1 h … 90 d) or a typed start/end, with each source's own limit beside it.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { SessionWindow } from '../../sessions/schema.js';
import { describeWindow } from '../../src/core/window.js';
import { WINDOW_FORM_KEYS, WINDOW_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { isListMove, moveList, type ListState } from '../hooks/listState.js';
import type { Engine } from '../engine.js';
import { useColor } from '../theme.js';
import { useTextField } from '../hooks/useTextField.js';
import { TextField } from '../widgets/TextField.js';
import { customWindow, limitWarnings, presetWindow, PRESETS, sourceLimits } from './windows.js';

export interface WindowScreenProps {
  now: Date;
  mode: Engine['mode'];
  current?: SessionWindow;
  /** The window last used (preferences): preselected when the session has none yet. */
  remembered?: { preset?: string; start?: string; end?: string };
  onChoose: (window: SessionWindow) => void;
}

export function WindowScreen(props: WindowScreenProps) {
  const color = useColor();
  const chosen = props.current ?? props.remembered;
  const initial = Math.max(
    0,
    PRESETS.findIndex((p) => p.id === (chosen?.preset ?? '7d')),
  );
  const [list, setList] = useState<ListState>({ cursor: initial, offset: 0 });
  const [form, setForm] = useState<{ field: 0 | 1; error?: string }>();
  const start = useTextField(chosen?.start ?? '');
  const end = useTextField(chosen?.end ?? '');
  const fields = [start, end] as const;
  const limits = sourceLimits(props.mode);
  const preset = PRESETS[list.cursor]!;
  const preview = presetWindow(preset, props.now);

  useKeys({
    id: 'window',
    title: 'Window',
    table: WINDOW_KEYS,
    active: !form,
    onAction(action) {
      if (isListMove(action)) setList(moveList(list, action, PRESETS.length, PRESETS.length));
      else if (action === 'choose') props.onChoose(preview);
      else if (action === 'custom') setForm({ field: 0 });
    },
  });
  useKeys({
    id: 'window-form',
    title: 'Custom window',
    table: WINDOW_FORM_KEYS,
    level: 'modal',
    modal: true,
    active: Boolean(form),
    onAction(action) {
      if (!form) return;
      if (action === 'cancel') setForm(undefined);
      else if (action === 'field') setForm({ ...form, field: form.field === 0 ? 1 : 0 });
      else if (action === 'submit') {
        const w = customWindow(fields[0].value, fields[1].value, props.now);
        if ('error' in w) setForm({ ...form, error: w.error });
        else props.onChoose(w);
      }
    },
    onText(input, key) {
      if (form && fields[form.field].onText(input, key) && form.error) setForm({ ...form, error: undefined });
    },
  });

  const warnings = form ? [] : limitWarnings(preview, limits, props.now);
  return (
    <Box flexDirection="column">
      <Text bold>Time window</Text>
      {!form &&
        PRESETS.map((p, i) => (
          <Text key={p.id} inverse={i === list.cursor}>
            {i === list.cursor ? '› ' : '  '}
            {p.id.padEnd(4)} {p.label}
          </Text>
        ))}
      {!form && <Text dimColor>{'  '}c: custom start and end</Text>}
      {form && (
        <Box flexDirection="column">
          <Text dimColor>ISO dates: 2026-11-02 or 2026-11-02T10:00:00Z; an empty end means now</Text>
          {fields.map((field, i) => (
            <Box key={i}>
              <Text>{(i === form.field ? '› ' : '  ') + (i === 0 ? 'start' : 'end').padEnd(6)}</Text>
              <TextField
                field={field}
                focused={form.field === i}
                placeholder={i === 1 ? 'now' : 'YYYY-MM-DD'}
              />
            </Box>
          ))}
          {form.error && <Text color={color('red')}>{form.error}</Text>}
        </Box>
      )}
      <Box marginTop={1} flexDirection="column">
        {!form && <Text>window: {describeWindow(preview)}</Text>}
        <Text underline>What each source can see</Text>
        {limits.map((l) => (
          <Text key={l.label} wrap="truncate-end">
            {'  '}
            {l.label.padEnd(16)} {l.note}
          </Text>
        ))}
        {warnings.map((w) => (
          <Text key={w} color={color('yellow')}>
            ! {w}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
