// What the two server-side engines (Athena, CloudTrail Lake) share: polling their query
// with cancellable waits, byte counts in words, and folding the
// aggregated rows, each turned back into a record, into evidence through the file
// reader's own mapping, counts multiplied by the row's calls.
import type { Evidence, RoleRef } from '../../core/types.js';
import { scaleEvidence, type RowRecord } from './athena-rows.js';
import { LiveCappedAccumulator } from './live-capped.js';
import { principalOf } from './principal.js';
import { evidenceForPrincipal } from './record-evidence.js';

export function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Calls `poll` until it gives a value, waiting `pollMs` between calls (doubling up to 5 s). */
export async function pollUntil<T>(
  poll: () => Promise<T | undefined>,
  pollMs = 500,
  signal?: AbortSignal,
): Promise<T> {
  let delay = pollMs;
  for (;;) {
    const value = await poll();
    if (value !== undefined) return value;
    await abortable(delay, signal);
    delay = Math.min(Math.max(delay * 2, 1), 5_000);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export interface FoldedRows {
  evidence: Evidence[];
  rows: number;
  calls: number;
}

/** Rows → evidence for the role; `onRow` after each row (progress). */
export async function foldRows(
  rows: AsyncIterable<RowRecord>,
  role: RoleRef,
  onRow: (rows: number, calls: number) => void,
): Promise<FoldedRows> {
  const who = principalOf(role);
  const partition = role.partition || 'aws';
  const acc = new LiveCappedAccumulator();
  let count = 0;
  let calls = 0;
  for await (const { record, n, firstSeen, lastSeen, samples } of rows) {
    count++;
    calls += n;
    for (const e of evidenceForPrincipal(record, who, partition))
      acc.add(scaleEvidence(e, n, firstSeen, lastSeen, samples));
    onRow(count, calls);
  }
  return { evidence: acc.result(), rows: count, calls };
}
