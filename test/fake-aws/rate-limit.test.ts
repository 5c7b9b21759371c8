// The sliding-window limiter on a fake clock, and bounded fan-out.
import { describe, expect, it } from 'vitest';
import { mapConcurrent, Semaphore } from '../../src/aws/concurrency.js';
import { RateLimiter } from '../../src/aws/rate-limit.js';

function clockedLimiter(limit: number, intervalMs: number) {
  let now = 0;
  const limiter = new RateLimiter({
    limit,
    intervalMs,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  return { limiter, now: () => now };
}

describe('RateLimiter', () => {
  it.each([
    [2, 1000, 7],
    [2, 1050, 9],
    [5, 1000, 23],
  ])('grants at most %i calls in any %i ms (%i calls)', async (limit, interval, n) => {
    const { limiter, now } = clockedLimiter(limit, interval);
    const grants: number[] = [];
    await Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => grants.push(now()))));
    expect(grants).toHaveLength(n);
    for (let i = limit; i < grants.length; i++)
      expect(grants[i]! - grants[i - limit]!).toBeGreaterThanOrEqual(interval);
    // And no slower than that: the k-th grant waits exactly floor(k / limit) intervals.
    expect(grants.at(-1)).toBe(Math.floor((n - 1) / limit) * interval);
  });

  it('stops a waiting caller on abort', async () => {
    const limiter = new RateLimiter({ limit: 1, intervalMs: 60_000 });
    await limiter.acquire();
    const ctl = new AbortController();
    const waiting = limiter.acquire(ctl.signal);
    ctl.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('bounded concurrency', () => {
  it('keeps results in order and at most `limit` running', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (x) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('throws the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapConcurrent([1, 2, 3, 4, 5], 1, async (x) => {
      started.push(x);
      if (x === 2) throw new Error('boom');
      return x;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('queues Semaphore callers beyond the limit', async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    let release!: () => void;
    const first = sem.run(() => new Promise<void>((r) => (release = r)).then(() => order.push('first')));
    const second = sem.run(async () => order.push('second'));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
