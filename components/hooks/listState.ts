// Cursor and scroll offset of a windowed list, as a pure reducer: the list renders only
// rows offset..offset+height-1, and the offset moves just enough to keep the cursor in view.
export interface ListState {
  cursor: number;
  offset: number;
}

export type ListMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

export const LIST_START: ListState = { cursor: 0, offset: 0 };

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Keep the cursor inside 0..count-1 and visible in a window of `height` rows. */
export function fitList(s: ListState, count: number, height: number): ListState {
  if (count <= 0) return LIST_START;
  const h = Math.max(1, height);
  const cursor = clamp(s.cursor, 0, count - 1);
  let offset = clamp(s.offset, 0, Math.max(0, count - h));
  if (cursor < offset) offset = cursor;
  if (cursor >= offset + h) offset = cursor - h + 1;
  if (cursor === s.cursor && offset === s.offset) return s;
  return { cursor, offset };
}

export function moveList(s: ListState, move: ListMove, count: number, height: number): ListState {
  const page = Math.max(1, height - 1);
  const target: Record<ListMove, number> = {
    up: s.cursor - 1,
    down: s.cursor + 1,
    pageUp: s.cursor - page,
    pageDown: s.cursor + page,
    home: 0,
    end: count - 1,
  };
  return fitList({ ...s, cursor: target[move] }, count, height);
}

export function isListMove(action: string): action is ListMove {
  return ['up', 'down', 'pageUp', 'pageDown', 'home', 'end'].includes(action);
}
