import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/commands/progress-printer.js';

describe('the progress line on stderr', () => {
  it('shows the retry a source is waiting on, without control sequences from the message', () => {
    let out = '';
    const printer = progressPrinter({ isTTY: true, write: (t: string) => (out += t) }, false);
    printer.onProgress({
      source: 'xray',
      label: 'X-Ray traces',
      state: 'running',
      done: 3,
      total: 10,
      unit: 'traces',
      message: 'X-Ray: ThrottledException, retry 2 (retry budget 58.1 s left)\u001b[31m',
    });
    expect(out).toContain(
      'X-Ray traces: running 3/10 traces (X-Ray: ThrottledException, retry 2 (retry budget 58.1 s left)',
    );
    expect(out).not.toContain('\u001b[31m');
  });

  it('prints nothing when stderr is not a terminal', () => {
    let out = '';
    const printer = progressPrinter({ isTTY: false, write: (t: string) => (out += t) }, false);
    printer.onProgress({ source: 'xray', label: 'X-Ray traces', state: 'running', done: 1, unit: 'traces' });
    expect(out).toBe('');
  });
});
