// The sources that were not ok, on stderr: what went wrong and the fix, one per source.
import { statusLine, type SourceStatus } from '../core/source-status.js';
import type { RoleRef } from '../core/types.js';
import type { Account } from '../sources/account.js';
import type { SourceConfig } from '../sources/config.js';
import type { SourceResult } from '../sources/gather.js';

export function reportSourceStatus(statuses: SourceStatus[], stderr: { write(t: string): unknown }): void {
  for (const s of statuses) {
    if (s.status === 'ok') continue;
    stderr.write(`iam-refine: ${statusLine(s)}\n`);
    if (s.fix) stderr.write(`  fix: ${s.fix.replace(/\n/g, '\n  ')}\n`);
  }
}

/**
 * Live sources that gave nothing, with the line doctor prints for each (why, and the fix).
 * doctor's checks load only for a live run.
 */
export async function explainEmpty(
  account: Account,
  config: SourceConfig,
  role: RoleRef,
  results: SourceResult[],
  stderr: { write(t: string): unknown },
  explained?: Set<string>,
): Promise<void> {
  if (!account.clients || !config.live) return;
  const { explainEmptySources } = await import('../doctor/explain.js');
  const empty = results.filter((r) => r.evidence === 0 && (r.state === 'done' || r.state === 'skipped'));
  await explainEmptySources(account.clients, config.live, role, empty, (t) => stderr.write(t), explained);
}
