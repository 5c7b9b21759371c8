// Records of the invictus-ir dataset by event id, and the evidence a record gives for
// the principal that made it: shared by the CloudTrail mapping tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RoleRef } from '../../src/core/types.js';
import { evidenceFromRecord, type CloudTrailRecord } from '../../src/sources/cloudtrail/index.js';

export const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'invictus-ir+aws_dataset', 'CloudTrail');
const records = new Map<string, CloudTrailRecord>();
for (const f of readdirSync(DIR).sort()) {
  for (const r of (JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as { Records: CloudTrailRecord[] })
    .Records) {
    records.set(r.eventID!, r);
  }
}

export function record(id: string): CloudTrailRecord {
  const r = records.get(id);
  if (!r) throw new Error(`no record ${id} in the invictus dataset`);
  return r;
}

/** The principal that made the record: its session issuer, or the IAM user. */
export function callerOf(r: CloudTrailRecord): RoleRef {
  const arn = r.userIdentity?.sessionContext?.sessionIssuer?.arn ?? r.userIdentity?.arn ?? '';
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}

export type Row = [action: string, resource: string | undefined, count: number, denied: number];
export const rows = (r: CloudTrailRecord) =>
  evidenceFromRecord(r, callerOf(r)).map((e): Row => [e.action, e.resource, e.count, e.denied ?? 0]);
