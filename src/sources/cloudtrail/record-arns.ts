// Every ARN a CloudTrail record names, exactly as written: `resources[].ARN`, ARNs at any
// depth of `requestParameters`, and those only `responseElements` names. The replay checks
// the policy against them (src/core/evidence-arns.ts). Bounded, so a giant record costs
// no more than a small one.
import type { RecordArns } from '../../core/evidence-arns.js';
import type { CloudTrailRecord } from './record.js';

const MAX_DEPTH = 6;
const MAX_ARNS = 64;
/** Values looked at per part of a record: a 10,000-instance DescribeInstances response costs no more. */
const MAX_VALUES = 2000;
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:/;

function collect(root: unknown, out: Set<string>): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let seen = 0;
  while (stack.length && out.size < MAX_ARNS && seen++ < MAX_VALUES) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (ARN.test(value)) out.add(value);
    } else if (value && typeof value === 'object' && depth < MAX_DEPTH) {
      const children = (Array.isArray(value) ? value : Object.values(value)).slice(0, MAX_VALUES);
      // Pushed in reverse so the values are visited in document order.
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], depth: depth + 1 });
    }
  }
}

export function recordArns(record: CloudTrailRecord): RecordArns {
  const request = new Set<string>();
  for (const r of Array.isArray(record.resources) ? record.resources : [])
    if (typeof r?.ARN === 'string' && ARN.test(r.ARN)) request.add(r.ARN);
  collect(record.requestParameters, request);
  const response = new Set<string>();
  collect(record.responseElements, response);
  return {
    request: [...request].sort(),
    response: [...response].filter((a) => !request.has(a)).sort(),
  };
}
