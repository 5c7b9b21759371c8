// The sources that were not ok, on stderr: what went wrong and the fix, one per source.
import { statusLine, type SourceStatus } from '../core/source-status.js';

export function reportSourceStatus(statuses: SourceStatus[], stderr: { write(t: string): unknown }): void {
  for (const s of statuses) {
    if (s.status === 'ok') continue;
    stderr.write(`iam-refine: ${statusLine(s)}\n`);
    if (s.fix) stderr.write(`  fix: ${s.fix.replace(/\n/g, '\n  ')}\n`);
  }
}
