// Excess at the resource level: an action used only on table/notes but granted on
// table/* is over-broad; a grant whose resources the action was never used on is unused.
import {
  GENERATED_NAME_VARIABLES,
  resourceTypeFor,
  templateRegex,
  type CatalogAction,
} from '../catalog/catalog.js';
import { globRegex, hasWildcard } from './policy-glob.js';
import type { GrantEntry } from './expand-policy.js';

/** Generated names, plus the partition (a wildcard there is harmless). */
const OPEN_VARIABLES = new Set([...GENERATED_NAME_VARIABLES, 'Partition']);

/** An ARN that names one thing (no wildcard, no placeholder). */
export function isConcreteArn(resource: string | undefined): resource is string {
  return resource !== undefined && resource.startsWith('arn:') && !hasWildcard(resource);
}

export type ResourceVerdict =
  | { kind: 'fits'; used: string[] }
  | { kind: 'over-broad'; used: string[]; wildcards: string[] }
  | { kind: 'unused'; used: string[] };

/** The template variables a grant pattern leaves open where the use was specific. */
function openVariables(action: CatalogAction, pattern: string, example: string): string[] | undefined {
  const type = resourceTypeFor(action, example);
  if (!type) return undefined;
  const names = [...type.arn.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
  const m = templateRegex(type.arn).exec(pattern);
  if (!m) return openByPrefix(names, type.arn, pattern, example);
  return names.filter((name, i) => {
    const value = m[i + 1] ?? '';
    return /[*?]/.test(value) && !OPEN_VARIABLES.has(name) && !value.includes('${');
  });
}

/**
 * A pattern without the type's shape (`log-group:/aws/lambda/fn:*` for a log stream):
 * it leaves nothing open when its wildcard starts after the value of every variable that
 * is not generated (the log group name), judged on the example it covers. `undefined`
 * when it cuts into such a value (`arn:aws:s3:::*`, `table/*`).
 */
function openByPrefix(
  names: string[],
  template: string,
  pattern: string,
  example: string,
): string[] | undefined {
  const literal = pattern.search(/[*?]/);
  if (literal < 0) return undefined;
  const m = new RegExp(templateRegex(template).source, 'd').exec(example);
  if (!m?.indices || !example.startsWith(pattern.slice(0, literal))) return undefined;
  const cut = names.filter((name, i) => !OPEN_VARIABLES.has(name) && (m.indices![i + 1]?.[1] ?? 0) > literal);
  return cut.length ? undefined : [];
}

/**
 * Judge one grant of an action that was used, given the concrete ARNs it was used on.
 * `used` must be every resource the action was seen on; callers skip the check when
 * some use had no concrete resource.
 */
export function judgeGrantResource(
  action: CatalogAction,
  grant: GrantEntry,
  used: string[],
): ResourceVerdict {
  if (action.wildcardOnly) return { kind: 'fits', used };
  const excluded = (grant.notResource ?? []).map((n) => globRegex(n));
  const re = globRegex(grant.resource);
  const covered = used.filter((arn) => re.test(arn) && !excluded.some((x) => x.test(arn)));
  if (covered.length === 0) return { kind: 'unused', used };
  if (grant.notResource) return { kind: 'over-broad', used: covered, wildcards: ['NotResource'] };
  if (!hasWildcard(grant.resource)) return { kind: 'fits', used: covered };
  const open = openVariables(action, grant.resource, covered[0]!);
  if (open === undefined) return { kind: 'over-broad', used: covered, wildcards: [grant.resource] };
  return open.length
    ? { kind: 'over-broad', used: covered, wildcards: open }
    : { kind: 'fits', used: covered };
}
