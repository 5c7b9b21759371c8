// CloudTrail log files as a trail delivers them to S3: gzipped {"Records": [...]} per
// region and 5-minute delivery, under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/.
import { gzipSync } from 'node:zlib';
import { hex, rng } from './ids.js';

type Rec = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');

export function trailLogObjects(
  records: Rec[],
  opts: { account: string; prefix?: string; seed?: number },
): Record<string, Buffer> {
  const next = rng(opts.seed ?? 5);
  const groups = new Map<string, Rec[]>();
  for (const r of records) {
    const t = Date.parse(String(r.eventTime));
    const delivery = new Date(Math.floor(t / 300_000) * 300_000 + 300_000);
    const key = `${String(r.awsRegion)}|${delivery.toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const objects: Record<string, Buffer> = {};
  const base = `${opts.prefix ? `${opts.prefix}/` : ''}AWSLogs/${opts.account}/CloudTrail`;
  for (const [key, recs] of groups) {
    const [region, iso] = key.split('|') as [string, string];
    const d = new Date(iso);
    const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
    const name = `${opts.account}_CloudTrail_${region}_${stamp}_${hex(next, 16)}.json.gz`;
    objects[`${base}/${region}/${day}/${name}`] = gzipSync(JSON.stringify({ Records: recs }));
  }
  // Digest files sit beside the logs and must be skipped.
  objects[
    `${opts.prefix ? `${opts.prefix}/` : ''}AWSLogs/${opts.account}/CloudTrail-Digest/us-east-1/2026/11/10/digest.json.gz`
  ] = gzipSync('{}');
  return objects;
}
