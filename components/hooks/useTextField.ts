// A single-line text field whose keys come through the screen's modal layer (onText), so
// the value the screen reads in its next key handler is always the one on screen. (Ink UI's
// TextInput reports changes from an effect, a render late: Enter could see the old value.)
import { useReducer } from 'react';
import type { Key } from 'ink';
import { editorFrom, editorReducer, type EditorOp, type EditorState } from './editorState.js';

type FieldOp = EditorOp | { type: 'set'; text: string };

function fieldReducer(s: EditorState, op: FieldOp): EditorState {
  if (op.type === 'set') return editorFrom(op.text.replace(/[\r\n]+/g, ' '));
  if (op.type === 'newline') return s;
  if (op.type === 'insert')
    return editorReducer(s, { type: 'insert', text: op.text.replace(/[\r\n]+/g, ' ') });
  return editorReducer(s, op);
}

export interface TextField {
  value: string;
  cursor: number;
  set: (text: string) => void;
  /** For a modal layer's onText: edits the field; true when the key was a text key. */
  onText: (input: string, key: Key) => boolean;
}

export function useTextField(initial = ''): TextField {
  const [state, dispatch] = useReducer(fieldReducer, initial, editorFrom);
  return {
    value: state.lines[0] ?? '',
    cursor: state.col,
    set: (text) => dispatch({ type: 'set', text }),
    onText(input, key) {
      if (key.backspace || key.delete) dispatch({ type: 'backspace' });
      else if (key.leftArrow) dispatch({ type: 'move', dir: 'left' });
      else if (key.rightArrow) dispatch({ type: 'move', dir: 'right' });
      else if (key.home || (key.ctrl && input === 'a')) dispatch({ type: 'move', dir: 'home' });
      else if (key.end || (key.ctrl && input === 'e')) dispatch({ type: 'move', dir: 'end' });
      else if (key.ctrl && input === 'u') dispatch({ type: 'killToStart' });
      else if (input && !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape) {
        dispatch({ type: 'insert', text: input });
      } else return false;
      return true;
    },
  };
}
