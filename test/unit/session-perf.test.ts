// "Up to the last keystroke" means a synchronous write per decision. This measures it
// with a large review (5,000 actions, 10,000 evidence records) and keeps it bounded.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { SessionHandle } from '../../sessions/handle.js';
import { readSessionFile } from '../../sessions/store.js';
import type { Evidence } from '../../src/core/types.js';
import { demoSession, tempDir } from './session-test-data.js';

function bigEvidence(actions: number): Evidence[] {
  const out: Evidence[] = [];
  for (let i = 0; i < actions; i++) {
    const action = `svc${i % 200}:Action${i}`;
    for (const source of ['xray', 'cloudtrail'] as const) {
      out.push({
        source,
        action,
        resource: `arn:aws:dynamodb:us-east-1:123456789012:table/table-${i}`,
        region: 'us-east-1',
        account: '123456789012',
        count: 1000 + i,
        denied: i % 7 === 0 ? 2 : 0,
        firstSeen: '2026-11-02T10:00:00.000Z',
        lastSeen: '2026-11-20T10:00:00.000Z',
        samples: Array.from(
          { length: 5 },
          (_, k) => `1-67b2c1a0-${String(i).padStart(8, '0')}${k}abcdef0123456`,
        ),
      });
    }
  }
  return out;
}

const ms = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

describe('session write cost', () => {
  it('5,000 actions: a decision is on disk in a few milliseconds', () => {
    const dir = tempDir();
    const h = new SessionHandle(dir, demoSession({ evidence: bigEvidence(5000) }));
    // The first write encodes the evidence once; later writes reuse those bytes.
    const first = ms(() => h.dispatch({ type: 'setFilter', filter: 'svc' }));
    const decide: number[] = [];
    for (let i = 0; i < 50; i++) {
      decide.push(
        ms(() => h.dispatch({ type: 'decide', action: `svc${i % 200}:Action${i}`, decision: 'accepted' })),
      );
    }
    const move: number[] = [];
    for (let i = 0; i < 50; i++)
      move.push(ms(() => h.dispatch({ type: 'select', action: `svc1:Action${i}` })));
    const load = ms(() => readSessionFile(h.path));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const report = {
      sizeMB: +(statSync(h.path).size / 1e6).toFixed(2),
      firstWriteWithEncodeMs: +first.toFixed(1),
      decideMeanMs: +mean(decide).toFixed(1),
      decideMaxMs: +Math.max(...decide).toFixed(1),
      moveMeanMs: +mean(move).toFixed(1),
      loadMs: +load.toFixed(1),
    };
    console.log('session write cost, 5,000 actions:', JSON.stringify(report));
    expect(readSessionFile(h.path).decisions).toEqual(h.session.decisions);
    // Generous bounds (shared CI disks): a keystroke must never feel the write.
    expect(report.decideMeanMs).toBeLessThan(100);
    expect(report.moveMeanMs).toBeLessThan(100);
  });
});
