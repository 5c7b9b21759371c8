// Multi-line text editing as a pure reducer: the comment editor's state, tested without Ink.
import { stripControl } from '../../src/core/sanitize.js';
export interface EditorState {
  lines: string[];
  row: number;
  col: number;
}

export type EditorOp =
  | { type: 'insert'; text: string }
  | { type: 'newline' }
  | { type: 'backspace' }
  /** Ctrl-U, as in a shell: delete from the start of the line to the cursor. */
  | { type: 'killToStart' }
  | { type: 'move'; dir: 'up' | 'down' | 'left' | 'right' | 'home' | 'end' };

export function editorFrom(text: string): EditorState {
  const lines = text.split('\n');
  const row = lines.length - 1;
  return { lines, row, col: lines[row]!.length };
}

export function editorText(s: EditorState): string {
  return s.lines.join('\n');
}

function clampCol(s: EditorState, row: number, col: number): EditorState {
  return { ...s, row, col: Math.min(col, s.lines[row]!.length) };
}

function insert(s: EditorState, text: string): EditorState {
  // Pasted text keeps its line breaks (CRLF and CR from terminals become LF); escape
  // sequences and other controls go, tabs become spaces.
  const clean = stripControl(text.replace(/\r\n?/g, '\n')).replace(/\t/g, ' ');
  if (!clean) return s;
  const line = s.lines[s.row]!;
  const parts = (line.slice(0, s.col) + clean + line.slice(s.col)).split('\n');
  const tailLen = line.length - s.col;
  const lines = [...s.lines.slice(0, s.row), ...parts, ...s.lines.slice(s.row + 1)];
  const row = s.row + parts.length - 1;
  return { lines, row, col: lines[row]!.length - tailLen };
}

function backspace(s: EditorState): EditorState {
  if (s.col > 0) {
    const line = s.lines[s.row]!;
    const lines = [...s.lines];
    lines[s.row] = line.slice(0, s.col - 1) + line.slice(s.col);
    return { lines, row: s.row, col: s.col - 1 };
  }
  if (s.row === 0) return s;
  const prev = s.lines[s.row - 1]!;
  const lines = [...s.lines.slice(0, s.row - 1), prev + s.lines[s.row]!, ...s.lines.slice(s.row + 1)];
  return { lines, row: s.row - 1, col: prev.length };
}

function move(s: EditorState, dir: Extract<EditorOp, { type: 'move' }>['dir']): EditorState {
  const len = s.lines[s.row]!.length;
  switch (dir) {
    case 'left':
      if (s.col > 0) return { ...s, col: s.col - 1 };
      return s.row > 0 ? { ...s, row: s.row - 1, col: s.lines[s.row - 1]!.length } : s;
    case 'right':
      if (s.col < len) return { ...s, col: s.col + 1 };
      return s.row < s.lines.length - 1 ? { ...s, row: s.row + 1, col: 0 } : s;
    case 'up':
      return s.row > 0 ? clampCol(s, s.row - 1, s.col) : { ...s, col: 0 };
    case 'down':
      return s.row < s.lines.length - 1 ? clampCol(s, s.row + 1, s.col) : { ...s, col: len };
    case 'home':
      return { ...s, col: 0 };
    case 'end':
      return { ...s, col: len };
  }
}

export function editorReducer(s: EditorState, op: EditorOp): EditorState {
  switch (op.type) {
    case 'insert':
      return insert(s, op.text);
    case 'newline':
      return insert(s, '\n');
    case 'backspace':
      return backspace(s);
    case 'killToStart': {
      const lines = [...s.lines];
      lines[s.row] = lines[s.row]!.slice(s.col);
      return { lines, row: s.row, col: 0 };
    }
    case 'move':
      return move(s, op.dir);
  }
}
