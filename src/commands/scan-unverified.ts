// scan's stderr lines for the grants no source could see: which were kept (or dropped on
// purpose), why, how to verify them, and the per-service shares only `*` grants.
import { safeLine } from '../core/sanitize.js';
import type { Candidate } from '../core/types.js';
import type { UnverifiedShare } from '../core/unverified.js';

/** Shares listed by name before "and N more services". */
const SHOWN_SHARES = 8;

export function unverifiedLines(
  candidates: Candidate[],
  shares: UnverifiedShare[],
  dropped: boolean,
): string[] {
  const grants = candidates.filter((c) => c.unverified);
  const lines: string[] = [];
  if (grants.length) {
    lines.push(
      dropped
        ? `  ${grants.length} unverified grants dropped on purpose (--drop-unverified): no source could see them`
        : `  ${grants.length} unverified grants kept: the current policy grants them and no source could see them (--drop-unverified removes them)`,
    );
    for (const c of grants) {
      lines.push(`    ${c.action}: ${safeLine(c.unverified!.reason)}`);
      lines.push(`      to verify: ${safeLine(c.unverified!.verify)}`);
    }
  }
  if (shares.length) {
    const total = shares.reduce((n, s) => n + s.actions.length, 0);
    lines.push(
      `  ${total} granted actions of ${shares.length} services no source could see, granted only by * or NotAction: not kept (keep a service's share in the review, key K)`,
    );
    for (const s of shares.slice(0, SHOWN_SHARES))
      lines.push(`    ${s.service}: ${s.actions.length} (${safeLine(s.reason)})`);
    if (shares.length > SHOWN_SHARES) lines.push(`    and ${shares.length - SHOWN_SHARES} more services`);
    lines.push(
      '    to verify: enable CloudTrail data events for the service, instrument the SDK with X-Ray, or use Access Advisor',
    );
  }
  return lines;
}
