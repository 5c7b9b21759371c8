// The ARNs a record itself names (CloudTrail `resources[]`, ARNs in the request and the
// response; ARNs an X-Ray subsegment captured), kept beside the ARN the tool derived for
// each action, so the replay can check the policy against the evidence's own ARNs and not
// only against its own derivation (a wrong derivation would otherwise read 100%).
import { lookupAction, resourceTypeArn } from '../catalog/catalog.js';
import { escapeIamLiteral, unescapeIamLiteral } from './iam-literal.js';

/** ARNs kept per evidence entry: enough to catch a wrong derivation, small in a session. */
export const MAX_EVIDENCE_ARNS = 5;

/** ARNs a record names, by where it named them (response ARNs may name what a call made). */
export interface RecordArns {
  /** `resources[]` and ARNs in the request. */
  request: string[];
  /** ARNs only the response named. */
  response: string[];
}

// Variables whose values hold a `/` (paths, keys, log groups); every other one stops at `/`,
// so an object ARN never fits a bucket's template.
const SPANS_SLASH = /Path|Object|Key|Prefix|LogGroupName|LogStreamName|ParameterName/;

const strictCache = new Map<string, RegExp>();

function strictTemplate(template: string): RegExp {
  let re = strictCache.get(template);
  if (!re) {
    const body = template
      .split(/(\$\{[^}]+\})/)
      .map((part) => {
        const name = /^\$\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (name === 'Partition' || name === 'Region' || name === 'Account') return '[^:]*';
        return SPANS_SLASH.test(name) ? '.+' : '[^/]+';
      })
      .join('');
    re = new RegExp(`^${body}$`);
    strictCache.set(template, re);
  }
  return re;
}

/** The ARN has the shape of one of the action's resource types. */
export function fitsAction(action: string, arn: string): boolean {
  const entry = lookupAction(action);
  if (!entry || entry.wildcardOnly) return false;
  return entry.resourceTypes.some((t) => {
    const template = resourceTypeArn(entry.service, t.name);
    return template !== undefined && strictTemplate(template).test(arn);
  });
}

const inside = (outer: string, inner: string) =>
  inner.length > outer.length && inner.startsWith(outer) && /[/:]/.test(inner[outer.length]!);

/**
 * The record's ARNs that name what `action` was checked on, for the replay. Left out: ARNs
 * of another shape; an ARN another action of the same call was derived on (CopyObject's
 * destination is PutObject's, not GetObject's); a container of the derived ARN (the table
 * of a Query on its index: IAM checks the index); and a response ARN that extends the
 * derived one (the version UpdateFunctionCode published).
 */
export function evidenceArns(
  action: string,
  derived: string[],
  others: string[],
  arns: RecordArns,
): string[] {
  const own = derived.map(unescapeIamLiteral);
  const theirs = new Set(others.map(unescapeIamLiteral).filter((o) => !own.includes(o)));
  const keep = (arn: string, response: boolean) =>
    fitsAction(action, arn) &&
    !theirs.has(arn) &&
    !own.some((d) => inside(arn, d)) &&
    !(response && own.some((d) => inside(d, arn)));
  const out = new Set([
    ...arns.request.filter((a) => keep(a, false)),
    ...arns.response.filter((a) => keep(a, true)),
  ]);
  return [...out].sort().slice(0, MAX_EVIDENCE_ARNS);
}

/** A derived resource that is one of the record's ARNs verbatim: its `*?$` are the name's own. */
export function literalIfNamed(resource: string, arns: RecordArns): string {
  return arns.request.includes(resource) || arns.response.includes(resource)
    ? escapeIamLiteral(resource)
    : resource;
}

/** Union of two ARN lists, sorted and capped (the evidence aggregator's rule). */
export function mergeArns(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!b?.length) return a;
  if (!a?.length) return [...b].sort().slice(0, MAX_EVIDENCE_ARNS);
  return [...new Set([...a, ...b])].sort().slice(0, MAX_EVIDENCE_ARNS);
}
