// A filled placeholder is the user's word (or a pick from the suggestions); the records are
// AWS's. When the records named resources of the same kind for an action, a filled ARN
// that matches none of them most likely names the wrong one (another stack's id): flag it.
// Checked against the ARNs the records themselves named (Evidence.arns), never against the
// resource the tool derived, so a wrong derivation cannot vouch for a wrong fill.
import { parseArn } from './arn.js';
import { cachedGlobRegex } from './policy-glob.js';
import type { Evidence, FilledArn, FilledMismatch } from './types.js';

const CALL_SOURCES = new Set(['xray', 'cloudtrail', 'csm']);

/** `stack` for a CloudFormation stack ARN, `object`/`bucket` for S3, '' for a bare name (SQS). */
export function resourceKind(arn: string): { service: string; type: string } | undefined {
  const p = parseArn(arn);
  if (!p) return undefined;
  if (p.service === 's3') return { service: 's3', type: p.resource.includes('/') ? 'object' : 'bucket' };
  return { service: p.service, type: /^([^/:]+)[/:]/.exec(p.resource)?.[1] ?? '' };
}

function sameKind(a: { service: string; type: string }, b: { service: string; type: string }): boolean {
  return a.service === b.service && a.type.toLowerCase() === b.type.toLowerCase();
}

/** ARNs the records named per action (lower-cased), successful calls only. */
function namedByAction(evidence: Evidence[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of evidence) {
    if (!CALL_SOURCES.has(e.source) || e.count <= 0 || !e.arns?.length) continue;
    const key = e.action.toLowerCase();
    const set = out.get(key) ?? new Set<string>();
    for (const arn of e.arns) set.add(arn);
    out.set(key, set);
  }
  return out;
}

/**
 * Filled ARNs that match none of the same-kind ARNs the records named: for each action, the
 * ones named for that action, or, when its records named none (DescribeStacks names a stack
 * by name), the ones named for any call of the role. One entry per filled ARN and basis.
 */
export function filledMismatches(evidence: Evidence[], filled: readonly FilledArn[]): FilledMismatch[] {
  if (filled.length === 0) return [];
  const named = namedByAction(evidence);
  const all = new Set([...named.values()].flatMap((set) => [...set]));
  const out: FilledMismatch[] = [];
  for (const f of filled) {
    const kind = resourceKind(f.template);
    if (!kind) continue;
    const ofKind = (arns: Iterable<string>) =>
      [...arns]
        .filter((arn) => {
          const k = resourceKind(arn);
          return k !== undefined && sameKind(k, kind);
        })
        .sort();
    // A `${...}` still open in the filled ARN reads as "anything": never flagged on a guess.
    const re = cachedGlobRegex(f.arn);
    const byBasis = new Map<string, FilledMismatch>();
    for (const action of [...f.actions].sort()) {
      const own = ofKind(named.get(action.toLowerCase()) ?? []);
      const observed = own.length ? own : ofKind(all);
      if (observed.length === 0 || observed.some((arn) => re.test(arn))) continue;
      const basis = `${own.length ? 'action' : 'role'}\u0000${observed.join('\n')}`;
      const entry = byBasis.get(basis) ?? {
        arn: f.arn,
        template: f.template,
        actions: [],
        kind: kind.type,
        observed,
        namedFor: own.length ? 'action' : 'role',
      };
      entry.actions.push(action);
      byBasis.set(basis, entry);
    }
    out.push(...byBasis.values());
  }
  return out;
}

/** "stack" → "the 2 observed stacks"; a bare name kind → "resources". */
export function observedNoun(m: Pick<FilledMismatch, 'kind' | 'observed'>): string {
  const word = m.kind || 'resource';
  const n = m.observed.length;
  return n === 1 ? `the observed ${word}` : `the ${n} observed ${word.endsWith('s') ? word : `${word}s`}`;
}
