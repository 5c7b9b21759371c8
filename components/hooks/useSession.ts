// The session as React state: subscribed to the SessionHandle (reducer + store), so a
// screen re-renders after each event, once it is on disk. A failed write leaves the
// session unchanged and is reported, never swallowed.
import { useCallback, useState, useSyncExternalStore } from 'react';
import type { SessionEvent } from '../../sessions/events.js';
import { ReadOnlyError, type SessionHandle } from '../../sessions/handle.js';
import type { Session } from '../../sessions/schema.js';

const noSubscribe = () => () => {};
const none = () => undefined;

export interface SessionApi {
  handle: SessionHandle | undefined;
  session: Session | undefined;
  setHandle: (h: SessionHandle) => void;
  dispatch: (e: SessionEvent) => void;
  /** The last write that failed, in words. */
  writeError?: string;
}

export function useSession(initial: SessionHandle | undefined): SessionApi {
  const [handle, setHandle] = useState(initial);
  const [writeError, setWriteError] = useState<string>();
  const session = useSyncExternalStore(handle?.subscribe ?? noSubscribe, handle?.getSnapshot ?? none);
  const dispatch = useCallback(
    (e: SessionEvent) => {
      if (!handle) return;
      try {
        handle.dispatch(e);
        setWriteError(undefined);
      } catch (err) {
        if (err instanceof ReadOnlyError) setWriteError(err.message);
        else
          setWriteError(
            `the session could not be saved (${(err as Error).message}); the last change was not kept`,
          );
      }
    },
    [handle],
  );
  return { handle, session, setHandle, dispatch, writeError };
}
