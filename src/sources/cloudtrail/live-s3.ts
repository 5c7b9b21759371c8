// Live CloudTrail from the trail's S3 log files: the fast path for long windows.
// DescribeTrails gives the bucket and prefix; only the days (and regions) of the window
// are listed; each object is streamed to a temporary file and read by the very reader
// used for local files, then deleted. Results fold in key order, so they are stable.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DescribeTrailsCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws/clients.js';
import { mapConcurrent } from '../../aws/concurrency.js';
import { callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { UserError, isUserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { scanCloudTrailFile } from './file-reader.js';
import { LiveCappedAccumulator } from './live-capped.js';
import { prefilterFor } from './prefilter.js';
import { principalOf } from './principal.js';
import { evidenceForPrincipal } from './record-evidence.js';

export interface TrailLogsLiveOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  /** A trail name or ARN; otherwise the first trail that logs to S3 (multi-region first). */
  trail?: string;
  /** Regions to read; otherwise every region folder of the trail (its home region for a single-region trail). */
  regions?: string[];
  /** Objects read at once (default 8). */
  concurrency?: number;
}

export interface TrailLocation {
  trail: Trail;
  bucket: string;
  /** `[prefix/]AWSLogs/` */
  logsPrefix: string;
}

/** No trail delivers logs to S3: not a failure, LookupEvents is the way then. */
export class NoTrailError extends UserError {}

/** The trail to read: named, or the first multi-region trail with a bucket, or any trail with a bucket. */
export async function findTrail(
  clients: AwsClients,
  name?: string,
  signal?: AbortSignal,
): Promise<TrailLocation> {
  const { trailList = [] } = await callAws(
    { action: 'cloudtrail:DescribeTrails', profile: clients.settings.profile },
    () =>
      clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), {
        abortSignal: signal,
      }),
  );
  const withBucket = trailList.filter((t) => t.S3BucketName);
  const trail = name
    ? withBucket.find((t) => t.Name === name || t.TrailARN === name)
    : (withBucket.find((t) => t.IsMultiRegionTrail) ?? withBucket[0]);
  if (!trail) {
    throw new NoTrailError(
      'aws',
      name
        ? `no trail named ${name} delivers logs to S3`
        : 'no CloudTrail trail in this account and region delivers logs to S3',
      {
        hint: 'Create a trail (aws cloudtrail create-trail --is-multi-region-trail ...), or use LookupEvents (last 90 days of management events).',
      },
    );
  }
  const prefix = trail.S3KeyPrefix ? `${trail.S3KeyPrefix.replace(/\/+$/, '')}/` : '';
  return { trail, bucket: trail.S3BucketName!, logsPrefix: `${prefix}AWSLogs/` };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayPath = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/`;

/** UTC days from the window's start through the day after its end (files arrive minutes late). */
export function windowDays(window: TimeWindow, now = Date.now()): string[] {
  const days: string[] = [];
  const first = new Date(window.start);
  first.setUTCHours(0, 0, 0, 0);
  const last = Math.min(Date.parse(window.end) + 86_400_000, now);
  for (let t = first.getTime(); t <= last; t += 86_400_000) days.push(dayPath(new Date(t)));
  return days;
}

/** `<acct>_CloudTrail_<region>_20261110T1205Z_x.json.gz` → delivery time (ms), if the name says. */
export function deliveryTime(key: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/.exec(key);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) : undefined;
}

async function listPrefixes(
  clients: AwsClients,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: clients.s3 },
    { Bucket: bucket, Prefix: prefix, Delimiter: '/' },
    { abortSignal: signal },
  ))
    out.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean));
  return out;
}

async function listKeys(
  clients: AwsClients,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: clients.s3 },
    { Bucket: bucket, Prefix: prefix },
    { abortSignal: signal },
  ))
    out.push(...(page.Contents ?? []).map((o) => o.Key ?? '').filter((k) => /\.json(\.gz)?$/.test(k)));
  return out;
}

export async function trailLogsLive(clients: AwsClients, opts: TrailLogsLiveOptions): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', 'CloudTrail logs (S3)', 'files');
  const signal = opts.signal;
  const profile = clients.settings.profile;
  const s3 = (action: string, detail?: string) => ({ action, profile, detail });
  report({ message: 'finding the trail' });
  const loc = await findTrail(clients, opts.trail, signal);
  const where = `s3://${loc.bucket}/${loc.logsPrefix}`;
  const listDetail = `(trail bucket ${loc.bucket})`;

  // Organization trails put the organization id before the account.
  let accountPrefix = `${loc.logsPrefix}${opts.role.account}/`;
  if (loc.trail.IsOrganizationTrail) {
    const top = await callAws(s3('s3:ListBucket', listDetail), () =>
      listPrefixes(clients, loc.bucket, loc.logsPrefix, signal),
    );
    const org = top.find((p) => /\/o-[a-z0-9]+\/$/.test(p));
    if (org) accountPrefix = `${org}${opts.role.account}/`;
  }
  const trailPrefix = `${accountPrefix}CloudTrail/`;
  const home = loc.trail.HomeRegion ?? (await clients.cloudtrail.config.region());
  const regions =
    opts.regions ??
    (loc.trail.IsMultiRegionTrail
      ? (
          await callAws(s3('s3:ListBucket', listDetail), () =>
            listPrefixes(clients, loc.bucket, trailPrefix, signal),
          )
        ).map((p) => p.slice(trailPrefix.length, -1))
      : [home]);

  report({ message: `listing ${regions.length} region(s) of ${where}` });
  const start = Date.parse(opts.window.start);
  const days = windowDays(opts.window);
  const prefixes = regions.flatMap((r) => days.map((d) => `${trailPrefix}${r}/${d}`));
  const listed = await mapConcurrent(
    prefixes,
    8,
    (p) => callAws(s3('s3:ListBucket', listDetail), () => listKeys(clients, loc.bucket, p, signal)),
    signal,
  );
  // A file delivered before the window began holds no record of it.
  const keys = listed
    .flat()
    .filter((k) => (deliveryTime(k) ?? Infinity) >= start)
    .sort();

  const who = principalOf(opts.role);
  const partition = opts.role.partition || 'aws';
  const prefilter = prefilterFor(who);
  const end = Date.parse(opts.window.end);
  const dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-trail-'));
  let done = 0;
  let records = 0;
  let failed = 0;
  let firstError: UserError | undefined;
  let skippedRecords = 0;
  let firstSkipped: string | undefined;
  try {
    report({ done: 0, total: keys.length, message: `${keys.length} log files in the window` });
    const perFile = await mapConcurrent(
      keys,
      opts.concurrency ?? 8,
      async (key, i) => {
        const file = path.join(dir, `${i}-${path.basename(key)}`);
        const found = new LiveCappedAccumulator();
        try {
          const got = await callAws(s3('s3:GetObject', `on ${loc.bucket}/${key}`), () =>
            clients.s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: key }), { abortSignal: signal }),
          );
          // A body cut short (connection reset mid-stream) is the object's failure, named as such.
          await pipeline(got.Body as Readable, createWriteStream(file)).catch((e: unknown) => {
            if (signal?.aborted) throw e;
            throw new UserError(
              'aws',
              `the download of the log file broke off (${e instanceof Error ? e.message : String(e)})`,
              { hint: 'Usually transient: run again.', cause: e },
            );
          });
          const scanned = await scanCloudTrailFile(file, {
            signal,
            prefilter,
            onRecord: (record) => {
              const t = record.eventTime ? Date.parse(record.eventTime) : undefined;
              if (t !== undefined && (t < start || t > end)) return;
              for (const e of evidenceForPrincipal(record, who, partition)) found.add(e);
            },
            onBadRecord: (bad) => {
              firstSkipped ??= `s3://${loc.bucket}/${key} record ${bad.index}: ${bad.message}`;
            },
          });
          records += scanned.items;
          skippedRecords += scanned.skipped;
        } catch (e) {
          if (signal?.aborted || !isUserError(e)) throw e;
          // One object that cannot be read makes the source partial, not the others lost.
          // The reader names the temporary file; the user knows the object.
          failed++;
          firstError ??= e;
          opts.onProblem?.({
            message: `s3://${loc.bucket}/${key}: ${e.message} (file skipped)`,
            fix: e.hint,
          });
          return [];
        } finally {
          await rm(file, { force: true });
        }
        done++;
        report({
          done,
          total: keys.length,
          message: `${done} of ${keys.length} log files, ${records} records read`,
        });
        return found.result();
      },
      signal,
    );
    if (keys.length > 0 && failed === keys.length && firstError) throw firstError;
    if (skippedRecords)
      opts.onProblem?.({
        message: `${skippedRecords} record${skippedRecords > 1 ? 's' : ''} skipped for wrong field types (${firstSkipped})`,
      });
    const acc = new LiveCappedAccumulator();
    for (const found of perFile) for (const e of found) acc.add(e);
    report({
      state: 'done',
      done,
      total: keys.length,
      message: `${keys.length} log files, ${records} records read from ${where}`,
    });
    return acc.result();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
