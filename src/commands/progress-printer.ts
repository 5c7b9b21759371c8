// Progress of slow sources on stderr: one line per change when stderr is a terminal,
// nothing otherwise (logs stay clean in CI).
import type { SourceProgress } from '../core/progress.js';
import { safeLine } from '../core/sanitize.js';

export function progressPrinter(stderr: { write(t: string): unknown; isTTY?: boolean }, quiet: boolean) {
  const live = Boolean(stderr.isTTY) && !quiet;
  let last = 0;
  return {
    onProgress(p: SourceProgress): void {
      if (!live) return;
      const now = Date.now();
      if (p.state === 'running' && now - last < 100) return;
      last = now;
      const total = p.total !== undefined ? `/${p.total}` : '';
      // The message carries retries ("X-Ray: ThrottlingException, retry 2 ...") and fallbacks.
      const note = p.message ? ` (${safeLine(p.message).slice(0, 160)})` : '';
      stderr.write(`\r\u001b[2K${safeLine(p.label)}: ${p.state} ${p.done}${total} ${p.unit}${note}`);
    },
    finish(): void {
      if (live) stderr.write('\r\u001b[2K');
    },
  };
}
