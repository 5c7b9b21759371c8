// Multi-line editor for rationales: Enter breaks the line, Ctrl-S keeps the text, Esc drops it.
// Keys come through a modal layer, so nothing typed here reaches the screen below.
import { useReducer } from 'react';
import { Box, Text } from 'ink';
import { EDITOR_KEYS } from '../keys.js';
import { useKeys } from '../hooks/keyLayers.js';
import { editorFrom, editorReducer, editorText } from '../hooks/editorState.js';

export interface TextEditorProps {
  id: string;
  title: string;
  initial: string;
  width: number;
  onSave: (text: string) => void;
  onCancel: () => void;
}

export function TextEditor(props: TextEditorProps) {
  const [state, dispatch] = useReducer(editorReducer, props.initial, editorFrom);
  useKeys({
    id: props.id,
    title: 'Editor',
    table: EDITOR_KEYS,
    level: 'modal',
    modal: true,
    onAction(action, _input, key) {
      if (action === 'save') props.onSave(editorText(state).trim());
      else if (action === 'cancel') props.onCancel();
      else if (action === 'newline') dispatch({ type: 'newline' });
      else if (action === 'move') {
        const dir = key.upArrow ? 'up' : key.downArrow ? 'down' : key.leftArrow ? 'left' : 'right';
        dispatch({ type: 'move', dir });
      }
    },
    onText(input, key) {
      // The same editing keys as every one-line field (useTextField).
      if (key.backspace || key.delete) dispatch({ type: 'backspace' });
      else if (key.home || (key.ctrl && input === 'a')) dispatch({ type: 'move', dir: 'home' });
      else if (key.end || (key.ctrl && input === 'e')) dispatch({ type: 'move', dir: 'end' });
      else if (key.ctrl && input === 'u') dispatch({ type: 'killToStart' });
      else if (!key.ctrl && !key.meta && !key.tab && input) dispatch({ type: 'insert', text: input });
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={props.width}>
      <Text bold>{props.title}</Text>
      {state.lines.map((line, row) => (
        <Text key={row} wrap="wrap">
          {row === state.row ? (
            <>
              {line.slice(0, state.col)}
              <Text inverse>{line[state.col] ?? ' '}</Text>
              {line.slice(state.col + 1)}
            </>
          ) : (
            line || ' '
          )}
        </Text>
      ))}
    </Box>
  );
}
