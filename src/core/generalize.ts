// Default resource choices for a policy nobody reviewed row by row (scan): S3 object
// keys seen in the sources are examples, not the set the code will touch next, so keys
// of one bucket generalize to their common folder plus `*`. Every other resource stays
// exactly as observed. The TUI offers the same choice per action.
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
    const general = generalizeObjectArns(observed);
    if (general.length < observed.length) {
      const rest = c.resources.filter((r) => r.kind !== 'observed').map((r) => r.arn);
      choices[c.action] = [...general, ...rest];
      notes.push(`${c.action}: ${observed.length} observed object keys generalized to ${general.join(', ')}`);
    }
  }
  return { choices, notes };
}
