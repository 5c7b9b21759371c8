// Retries share one time budget per run: throttling that never ends fails the calls once
// the budget is spent, instead of running on for minutes with no word. Each retry says
// so on the progress line of the source that made the call (src/sources/run-scope.ts).
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { usageError } from '../core/errors.js';
import { currentScope } from '../sources/run-scope.js';

export const RETRY_BUDGET_ENV = 'IAM_REFINE_RETRY_BUDGET_MS';
/** Time all retries of a run may wait in total (back-off and client-side rate limiting). */
export const DEFAULT_RETRY_BUDGET_MS = 60_000;

/** Set on an error whose retries stopped because the budget was spent (errors.ts words it). */
export const BUDGET_SPENT = Symbol.for('iam-refine.retryBudgetSpent');

export class RetryBudget {
  private spent = 0;
  constructor(readonly totalMs: number) {}

  get leftMs(): number {
    return Math.max(0, this.totalMs - this.spent);
  }

  /** Take `ms` from the budget; false (and nothing taken) when it would go over. */
  take(ms: number): boolean {
    if (this.spent + ms > this.totalMs) {
      this.spent = this.totalMs;
      return false;
    }
    this.spent += ms;
    return true;
  }
}

/** The budget from the settings, else $IAM_REFINE_RETRY_BUDGET_MS, else 60 s. */
export function retryBudgetMs(asked: number | undefined, env: string | undefined): number {
  if (asked !== undefined) return asked;
  const raw = env?.trim();
  if (!raw) return DEFAULT_RETRY_BUDGET_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw usageError(`${RETRY_BUDGET_ENV} must be a whole number of milliseconds, not "${raw}".`);
  return n;
}

function errorName(e: unknown): string {
  const o = (e ?? {}) as { name?: string; code?: string };
  return o.name ?? o.code ?? 'an error';
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function isV2(s: unknown): s is RetryStrategyV2 {
  const o = s as Partial<RetryStrategyV2>;
  return (
    typeof o.acquireInitialRetryToken === 'function' && typeof o.refreshRetryTokenForRetry === 'function'
  );
}

function budgeted(inner: RetryStrategyV2, budget: RetryBudget, service: string): RetryStrategyV2 {
  const spend = (errorInfo: RetryErrorInfo): never => {
    Object.assign(errorInfo.error as object, { [BUDGET_SPENT]: budget.totalMs });
    throw errorInfo.error;
  };
  return {
    // The SDK (and tests) read the mode: keep the inner strategy's.
    ...('mode' in inner ? { mode: (inner as { mode?: string }).mode } : {}),
    acquireInitialRetryToken: (scope: string) => inner.acquireInitialRetryToken(scope),
    recordSuccess: (token: RetryToken) => inner.recordSuccess(token),
    async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
      if (budget.leftMs <= 0) return spend(errorInfo);
      currentScope()?.say(
        `${service}: ${errorName(errorInfo.error)}, retry ${token.getRetryCount() + 1} (retry budget ${seconds(budget.leftMs)} left)`,
      );
      // The SDK's strategies wait inside this call (back-off, adaptive rate limiting):
      // a wait longer than what is left of the budget ends the retries when the budget does.
      const began = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const outOfBudget = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), budget.leftMs + 1);
        timer.unref();
      });
      const refreshing = inner.refreshRetryTokenForRetry(token, errorInfo);
      refreshing.catch(() => undefined); // its verdict may come after the budget ran out
      const next = await Promise.race([refreshing, outOfBudget]);
      clearTimeout(timer);
      if (!next || !budget.take(Date.now() - began + next.getRetryDelay())) return spend(errorInfo);
      return next;
    },
  };
}

interface WithRetryConfig {
  config: { retryStrategy: () => Promise<unknown> };
}

/** Wrap the client's own retry strategy (its attempts and back-off) in the shared budget. */
export function withRetryBudget<T extends object>(client: T, budget: RetryBudget, service: string): T {
  const config = (client as unknown as WithRetryConfig).config;
  const original = config.retryStrategy;
  let wrapped: Promise<unknown> | undefined;
  config.retryStrategy = () =>
    (wrapped ??= original().then((s) => (isV2(s) ? budgeted(s, budget, service) : s)));
  return client;
}
