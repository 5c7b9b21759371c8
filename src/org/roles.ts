// Pure: which of an account's roles a sweep compares.
import type { RoleDetail } from '../core/types.js';

/** AWS owns these policies (iam:CreateServiceLinkedRole): nothing for us to shrink. */
export function isServiceLinked(role: Pick<RoleDetail, 'path' | 'arn'>): boolean {
  return role.path.startsWith('/aws-service-role/') || role.arn.includes(':role/aws-service-role/');
}

export interface TagFilter {
  key: string;
  /** Absent: the tag is there, whatever its value. */
  value?: string;
}

/** `--role-filter tag:KEY=VALUE` or `tag:KEY`; undefined for name and path filters. */
export function tagFilterOf(pattern: string | undefined): TagFilter | undefined {
  const m = /^tag:([^=]+)(?:=(.*))?$/.exec(pattern ?? '');
  return m ? { key: m[1]!, value: m[2] } : undefined;
}

/** Tag keys and values match exactly. */
export function tagMatches(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
  f: TagFilter,
): boolean {
  return (tags ?? []).some((t) => t.Key === f.key && (f.value === undefined || t.Value === f.value));
}

/**
 * `--role-filter`: a path prefix when it starts with `/`, a tag (`tag:KEY=VALUE`, checked
 * once the role is read: ListRoles has no tags), else a name substring (any case).
 */
export function roleFilter(
  pattern: string | undefined,
): (role: Pick<RoleDetail, 'path' | 'name'>) => boolean {
  if (!pattern || tagFilterOf(pattern)) return () => true;
  if (pattern.startsWith('/')) return (r) => r.path.startsWith(pattern);
  const needle = pattern.toLowerCase();
  return (r) => r.name.toLowerCase().includes(needle);
}

export interface RoleSelection {
  selected: RoleDetail[];
  serviceLinked: number;
  filteredOut: number;
}

export function selectRoles(
  roles: RoleDetail[],
  opts: { filter?: string; includeServiceLinked?: boolean },
): RoleSelection {
  const keep = roleFilter(opts.filter);
  let serviceLinked = 0;
  let filteredOut = 0;
  const selected: RoleDetail[] = [];
  for (const r of roles) {
    if (!opts.includeServiceLinked && isServiceLinked(r)) serviceLinked++;
    else if (!keep(r)) filteredOut++;
    else selected.push(r);
  }
  return { selected, serviceLinked, filteredOut };
}
