// The review cursor: drawn at once from local state, written to the session (so a resume
// lands on the same row) when it rests for a moment and when the screen goes away. Writing
// the session file on every arrow key would cost more than drawing the frame.
import { useEffect, useRef, useState } from 'react';
import type { SessionEvent } from '../../sessions/events.js';

export const CURSOR_SAVE_MS = 300;

export function useCursor(saved: string | undefined, dispatch: (e: SessionEvent) => void) {
  const [key, setKey] = useState(saved);
  const pending = useRef<{ key: string | undefined; saved: string | undefined }>({ key, saved });
  const dispatchRef = useRef(dispatch);
  useEffect(() => {
    pending.current = { key, saved };
    dispatchRef.current = dispatch;
  });
  useEffect(() => {
    if (key === saved) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'select', action: key }), CURSOR_SAVE_MS);
    return () => clearTimeout(timer);
  }, [key, saved, dispatch]);
  // Leaving the screen (or quitting) writes where the cursor is.
  useEffect(
    () => () => {
      const { key: last, saved: stored } = pending.current;
      if (last !== stored) dispatchRef.current({ type: 'select', action: last });
    },
    [],
  );
  return [key, setKey] as const;
}
