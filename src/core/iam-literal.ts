// Names from evidence written into a policy as the names they are. In an IAM `Resource`
// a `*` or `?` is a wildcard and `${name}` a policy variable; `${*}`, `${?}` and `${$}`
// stand for a literal `*`, `?` and `$` (IAM User Guide, "IAM policy elements: Variables
// and tags", special characters). An S3 key `k*?` or a log group `/aws/*/x` written as
// is would grant more than the name; so every observed value is escaped where it enters
// an ARN (catalog.ts fillTemplate) and every ARN a record names verbatim as well.
import { randomUUID } from 'node:crypto';

const SPECIAL = /[*?$]/g;
const ESCAPE = /\$\{([*?$])\}/g;

/** `k*?` → `k${*}${?}`: a literal name as an IAM resource pattern that matches only it. */
export function escapeIamLiteral(value: string): string {
  return value.replace(SPECIAL, (c) => `\${${c}}`);
}

/** The literal text an escaped pattern stands for: `k${*}` → `k*` (wildcards and variables untouched). */
export function unescapeIamLiteral(pattern: string): string {
  return pattern.replace(ESCAPE, (_whole, c: string) => c);
}

/** The pattern holds one of IAM's literal escapes. */
export function hasIamEscape(pattern: string): boolean {
  return /\$\{[*?$]\}/.test(pattern);
}

/** The pattern with its escapes removed: what is left to read as wildcards and variables. */
export function withoutIamEscapes(pattern: string): string {
  return pattern.replace(ESCAPE, '');
}

// A value built as a pattern on purpose (a Secrets Manager name's `-??????` suffix) carries
// this mark so fillTemplate inserts it as written. The mark holds a per-process random part:
// no name read from a record can forge it.
const PATTERN_MARK = `\u0000iam-pattern:${randomUUID()}\u0000`;

/**
 * A template value that is already an IAM pattern (its literal parts escaped with
 * escapeIamLiteral): fillTemplate inserts it as written instead of escaping it.
 */
export function iamPattern(pattern: string): string {
  return `${PATTERN_MARK}${pattern}`;
}

/** A template variable's value as it goes into an ARN: literal names escaped, patterns as built. */
export function templateValue(value: string): string {
  return value.startsWith(PATTERN_MARK) ? value.slice(PATTERN_MARK.length) : escapeIamLiteral(value);
}

/**
 * The line every output document carries when a resource holds an escaped literal, so a
 * reader knows `${*}` there is part of a name, not a wildcard; undefined when none does.
 */
export function literalNamesNote(resources: string[]): string | undefined {
  const count = new Set(resources.filter(hasIamEscape)).size;
  if (count === 0) return undefined;
  return (
    `Literal names: ${count} resource${count === 1 ? ' holds' : 's hold'} a *, ? or $ that is part of a name, ` +
    'written with IAM escapes ${*}, ${?} and ${$}, which match only that character (never a wildcard or a policy variable)'
  );
}
