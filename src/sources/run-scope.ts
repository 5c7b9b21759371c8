// The source a piece of async work belongs to, so code far below a source's run (the
// SDK's retry strategy) can say on that source's progress line that it is retrying.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RunScope {
  /** Show `text` on the source's progress line (keeps its counts). */
  say(text: string): void;
}

const scope = new AsyncLocalStorage<RunScope>();

export function runInScope<T>(s: RunScope, fn: () => T): T {
  return scope.run(s, fn);
}

export function currentScope(): RunScope | undefined {
  return scope.getStore();
}
