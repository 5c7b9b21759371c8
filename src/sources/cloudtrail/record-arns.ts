// Every ARN a CloudTrail record names, exactly as written: `resources[].ARN`, ARNs at any
// depth of `requestParameters`, and those only `responseElements` names. The replay checks
// the policy against them (src/core/evidence-arns.ts). Bounded, so a giant record costs
// no more than a small one.
import type { RecordArns } from '../../core/evidence-arns.js';
import type { CloudTrailRecord } from './record.js';

const MAX_DEPTH = 6;
const MAX_ARNS = 64;
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:/;

function collect(value: unknown, out: Set<string>, depth: number): void {
  if (out.size >= MAX_ARNS || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (ARN.test(value)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, out, depth + 1);
  }
}

export function recordArns(record: CloudTrailRecord): RecordArns {
  const request = new Set<string>();
  for (const r of Array.isArray(record.resources) ? record.resources : [])
    if (typeof r?.ARN === 'string' && ARN.test(r.ARN)) request.add(r.ARN);
  collect(record.requestParameters, request, 0);
  const response = new Set<string>();
  collect(record.responseElements, response, 0);
  return {
    request: [...request].sort(),
    response: [...response].filter((a) => !request.has(a)).sort(),
  };
}
