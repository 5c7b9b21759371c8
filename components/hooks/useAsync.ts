// A promise as state: undefined while it runs, then its value or its error message.
import { useEffect, useState } from 'react';

export interface AsyncState<T> {
  value?: T;
  error?: string;
}

/** Runs `load` when `key` changes (and is defined); the previous result is dropped. */
export function useAsync<T>(key: string | undefined, load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T> & { key?: string }>({});
  useEffect(() => {
    if (key === undefined) return undefined;
    let live = true;
    load().then(
      (value) => live && setState({ key, value }),
      (e: unknown) => live && setState({ key, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` says when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : {};
}
