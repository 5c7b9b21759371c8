// On the public datasets (invictus-ir, stratus-red-team), every record's evidence leaves
// no `${Placeholder}` whose value the record holds: an ARN in the record that fits the
// template, or a request member named like the variable.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchTemplate } from '../../src/core/placeholders.js';
import type { RoleRef } from '../../src/core/types.js';
import { evidenceFromRecord, type CloudTrailRecord } from '../../src/sources/cloudtrail/index.js';

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const DATASETS = {
  'invictus-ir+aws_dataset': path.join(FIX, 'invictus-ir+aws_dataset', 'CloudTrail'),
  'DataDog+stratus-red-team': path.join(FIX, 'DataDog+stratus-red-team', 'docs', 'detonation-logs'),
};

function recordsIn(dir: string): CloudTrailRecord[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const data = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown;
      return (
        Array.isArray(data) ? data : (data as { Records: CloudTrailRecord[] }).Records
      ) as CloudTrailRecord[];
    });
}

function callerOf(r: CloudTrailRecord): RoleRef {
  const arn = r.userIdentity?.sessionContext?.sessionIssuer?.arn ?? r.userIdentity?.arn ?? '';
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}

/** Every string in a value, with the key it sits under. */
function strings(v: unknown, key = '', out: { key: string; value: string }[] = []) {
  if (typeof v === 'string') out.push({ key, value: v });
  else if (Array.isArray(v)) for (const x of v) strings(x, key, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, k, out);
  return out;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The placeholders of `resource` the record holds a value for, with where. */
function filledByRecord(resource: string, r: CloudTrailRecord): string[] {
  const found: string[] = [];
  const arns = strings([r.resources, r.requestParameters, r.responseElements]).filter((s) =>
    s.value.startsWith('arn:'),
  );
  for (const a of arns) if (matchTemplate(resource, a.value)) found.push(`${resource} fits ${a.value}`);
  const params = strings(r.requestParameters);
  for (const m of resource.matchAll(/\$\{([^}]+)\}/g)) {
    const name = squash(m[1]!.replace(/(WithoutLeadingSlash|WithPath)$/, ''));
    const hit = params.find((p) => squash(p.key) === name && p.value && !p.value.startsWith('arn:'));
    if (hit) found.push(`${m[0]} but requestParameters.${hit.key} = ${hit.value}`);
  }
  return found;
}

describe('no placeholder whose value is in the record', () => {
  it.each(Object.entries(DATASETS))('%s', (_name, dir) => {
    const problems: string[] = [];
    let resources = 0;
    for (const r of recordsIn(dir)) {
      for (const e of evidenceFromRecord(r, callerOf(r))) {
        if (!e.resource) continue;
        resources++;
        if (!e.resource.includes('${')) continue;
        for (const p of filledByRecord(e.resource, r)) problems.push(`${r.eventName} ${e.action}: ${p}`);
      }
    }
    expect(resources).toBeGreaterThan(50);
    expect([...new Set(problems)]).toEqual([]);
  });
});
