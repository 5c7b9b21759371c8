// Role picker data: filter-as-you-type over hundreds of roles, or a pasted ARN.
import { roleRefFromArn } from '../../src/core/arn.js';
import type { RoleDetail, RoleRef } from '../../src/core/types.js';

/** Every whitespace-separated term must appear in the role's path + name (case-insensitive). */
export function filterRoles(roles: readonly RoleDetail[], filter: string): RoleDetail[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...roles];
  return roles.filter((r) => {
    const hay = `${r.path}${r.name}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

/** Text cut in the middle to `width` with `…`: a role's path and its name's end both stay. */
export function cutMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(-tail) : ''}`;
}

export type PastedArn = { role: RoleRef } | { error: string } | undefined;

/** Text that starts with `arn:` is a pasted role ARN, valid or not. */
export function pastedArn(text: string): PastedArn {
  const t = text.trim();
  if (!t.startsWith('arn:')) return undefined;
  const role = roleRefFromArn(t);
  return role ? { role } : { error: 'not an IAM role ARN (arn:aws:iam::<account>:role/<name>)' };
}

/** The policies column: a count, or "—" when only listed (ListRoles has no policies). */
export function policyCount(r: RoleDetail): string {
  if (r.listedOnly) return '—';
  return String(Math.max(r.policies.length, r.attachedCount ?? 0));
}

/** "2026-11-20", "never", or "—" when only listed (ListRoles returns no last use). */
export function lastUsedText(r: RoleDetail): string {
  if (r.lastUsed) return r.lastUsed.slice(0, 10);
  return r.listedOnly ? '—' : 'never';
}
