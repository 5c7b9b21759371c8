// Client-side rate limiting. CloudTrail LookupEvents allows 2 requests per second per
// account and region; retries alone would keep hitting the limit. A token bucket with a
// burst of 2 can still let 3 calls into one second (2 at once, a third as a token
// refills), so this is a sliding window: at most `limit` grants in any `intervalMs`.

export interface RateLimiterOptions {
  limit: number;
  intervalMs: number;
  /** Clock and timer seams for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RateLimiter {
  private readonly stamps: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Grants so far (for progress and tests). */
  granted = 0;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? abortableSleep;
  }

  /** Resolves when one more call may start; waiters are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(() => this.waitTurn(signal));
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async waitTurn(signal?: AbortSignal): Promise<void> {
    const { limit, intervalMs } = this.opts;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      if (this.stamps.length < limit) break;
      const oldest = this.stamps[0]!;
      if (now - oldest >= intervalMs) {
        this.stamps.shift();
        break;
      }
      await this.sleep(oldest + intervalMs - now, signal);
    }
    this.stamps.push(this.now());
    this.granted++;
  }
}

/** LookupEvents: 2 per second, with a small margin so jitter on the wire cannot make it 3. */
export function lookupEventsLimiter(): RateLimiter {
  return new RateLimiter({ limit: 2, intervalMs: 1050 });
}
