// Default resource choices for a policy nobody reviewed row by row (scan): generated
// names seen in the sources (S3 object keys, log streams) are examples, not the set the
// code will touch next. Keys of one bucket generalize to their common folder plus `*`;
// other generated names (the last variable of their ARN template) to `*`. Every other
// resource stays exactly as observed.
import {
  GENERATED_NAME_VARIABLES,
  lookupAction,
  resourceTypeFor,
  templateRegex,
} from '../catalog/catalog.js';
import type { Candidate } from './types.js';

const OBJECT_ARN = /^arn:([^:]+):s3:::([^/]+)\/(.+)$/;

function commonFolder(keys: string[]): string {
  let prefix = keys[0] ?? '';
  for (const k of keys) {
    let i = 0;
    while (i < prefix.length && i < k.length && prefix[i] === k[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

/**
 * `[bucket/private/u-1/a.png, bucket/private/u-2/b.png]` → `[bucket/private/*]`. A bucket
 * with one observed key keeps it exact: one example says nothing about the others.
 */
export function generalizeObjectArns(arns: string[]): string[] {
  const byBucket = new Map<string, { partition: string; keys: string[] }>();
  const out: string[] = [];
  for (const arn of arns) {
    const m = OBJECT_ARN.exec(arn);
    if (!m || arn.includes('${') || arn.includes('*')) {
      out.push(arn);
      continue;
    }
    const entry = byBucket.get(m[2]!) ?? { partition: m[1]!, keys: [] };
    entry.keys.push(m[3]!);
    byBucket.set(m[2]!, entry);
  }
  for (const [bucket, { partition, keys }] of byBucket) {
    if (keys.length === 1) out.push(`arn:${partition}:s3:::${bucket}/${keys[0]}`);
    else out.push(`arn:${partition}:s3:::${bucket}/${commonFolder(keys)}*`);
  }
  return [...new Set(out)].sort();
}

/**
 * `log-group:G:log-stream:2026/11/02/[$LATEST]ab12` → `log-group:G:log-stream:*` when the
 * template ends in a generated-name variable; other ARNs unchanged.
 */
export function generalizeGeneratedName(action: string, arn: string): string {
  const a = lookupAction(action);
  const type = a && resourceTypeFor(a, arn);
  if (!type) return arn;
  const last = /\$\{([^}]+)\}$/.exec(type.arn)?.[1];
  if (!last || !GENERATED_NAME_VARIABLES.has(last)) return arn;
  const m = new RegExp(templateRegex(type.arn).source, 'd').exec(arn);
  const start = m?.indices?.at(-1)?.[0];
  return start === undefined ? arn : `${arn.slice(0, start)}*`;
}

function generalizeForAction(action: string, arns: string[]): string[] {
  const objects = generalizeObjectArns(arns);
  const byName = new Map<string, string[]>();
  for (const arn of objects) {
    const general = OBJECT_ARN.test(arn) ? arn : generalizeGeneratedName(action, arn);
    byName.set(general, [...(byName.get(general) ?? []), arn]);
  }
  // A generated name seen once stays exact, like a single object key.
  return [...byName].flatMap(([general, seen]) => (seen.length > 1 ? [general] : seen)).sort();
}

export interface DefaultChoices {
  choices: Record<string, string[]>;
  /** One line per generalized action, for the summary and the document. */
  notes: string[];
}

export function defaultResourceChoices(candidates: Candidate[], accepted: Set<string>): DefaultChoices {
  const choices: Record<string, string[]> = {};
  const notes: string[] = [];
  for (const c of candidates) {
    if (!accepted.has(c.action)) continue;
    const observed = c.resources.filter((r) => r.kind === 'observed').map((r) => r.arn);
    const general = generalizeForAction(c.action, observed);
    if (general.length < observed.length) {
      const rest = c.resources.filter((r) => r.kind !== 'observed').map((r) => r.arn);
      choices[c.action] = [...general, ...rest];
      notes.push(`${c.action}: ${observed.length} observed names generalized to ${general.join(', ')}`);
    }
  }
  return { choices, notes };
}
