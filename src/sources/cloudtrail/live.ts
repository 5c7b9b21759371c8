// Live CloudTrail through LookupEvents: management events of one region, last 90 days,
// 2 requests per second per account and region. The shared limiter (src/aws/clients.ts)
// spaces every attempt; the role is matched client-side on the session issuer, and each
// record goes through the file reader's pure evidenceForPrincipal.
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { isUserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { LiveCappedAccumulator } from './live-capped.js';
import { NoTrailError, trailLogsLive } from './live-s3.js';
import { principalOf } from './principal.js';
import { isRecord, recordProblem } from './record.js';
import { evidenceForPrincipal } from './record-evidence.js';

export const LOOKUP_RETENTION_MS = 90 * 86_400_000;

export interface LookupEventsLiveOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  /** MaxResults per call (1-50, default 50). */
  pageSize?: number;
  now?: () => number;
}

/** "about 3 min left" from the share of the window covered so far (events come newest first). */
export function lookupEstimate(
  window: { start: number; end: number },
  oldestSeen: number | undefined,
  eventsRead: number,
  elapsedMs: number,
): { total?: number; message: string } {
  const span = window.end - window.start;
  if (oldestSeen === undefined || span <= 0) return { message: `${eventsRead} events read` };
  const share = Math.min(1, Math.max(0, (window.end - oldestSeen) / span));
  if (share <= 0) return { message: `${eventsRead} events read` };
  const total = Math.max(eventsRead, Math.round(eventsRead / share));
  const leftMs = share >= 1 ? 0 : (elapsedMs / share) * (1 - share);
  const left = leftMs < 60_000 ? `${Math.ceil(leftMs / 1000)} s` : `${Math.ceil(leftMs / 60_000)} min`;
  return {
    total,
    message: `${eventsRead} of ~${total} events read (${Math.round(share * 100)}% of the window), about ${left} left`,
  };
}

export async function lookupEventsLive(
  clients: AwsClients,
  opts: LookupEventsLiveOptions,
): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', 'CloudTrail events (LookupEvents)', 'events');
  const now = (opts.now ?? Date.now)();
  const start = Math.max(Date.parse(opts.window.start), now - LOOKUP_RETENTION_MS);
  const end = Math.min(Date.parse(opts.window.end), now);
  const clipped =
    start > Date.parse(opts.window.start) ? ' (LookupEvents keeps 90 days: window clipped)' : '';
  const acc = new LiveCappedAccumulator();
  if (end <= start) {
    report({ state: 'done', message: `the window is older than LookupEvents keeps events (90 days)` });
    return [];
  }
  const who = principalOf(opts.role);
  const partition = opts.role.partition || 'aws';
  const began = Date.now();
  let read = 0;
  let matched = 0;
  let oldest: number | undefined;
  let token: string | undefined;
  let skipped = 0;
  let firstSkipped: string | undefined;
  report({ message: `reading events at 2 requests a second${clipped}` });
  do {
    const out = await callAws({ action: 'cloudtrail:LookupEvents', profile: clients.settings.profile }, () =>
      clients.cloudtrail.send(
        new LookupEventsCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MaxResults: opts.pageSize ?? 50,
          NextToken: token,
        }),
        { abortSignal: opts.signal },
      ),
    );
    for (const event of out.Events ?? []) {
      read++;
      if (event.EventTime) oldest = Math.min(oldest ?? Infinity, event.EventTime.getTime());
      let record: unknown;
      try {
        record = JSON.parse(event.CloudTrailEvent ?? '');
      } catch {
        record = undefined;
      }
      // An event whose record is unreadable or wrong-typed is skipped and counted, never half-read.
      const problem = !isRecord(record)
        ? 'its CloudTrailEvent is not a CloudTrail record'
        : recordProblem(record);
      if (problem) {
        skipped++;
        firstSkipped ??= `event ${event.EventId ?? read}: ${problem}`;
        continue;
      }
      const found = evidenceForPrincipal(record, who, partition);
      if (found.length) matched++;
      for (const e of found) acc.add(e);
    }
    token = out.NextToken;
    const est = lookupEstimate({ start, end }, token ? oldest : start, read, Date.now() - began);
    report({
      done: read,
      total: token ? est.total : read,
      message: `${est.message}; ${matched} by ${who.spelled}${clipped}`,
    });
  } while (token);
  if (skipped)
    opts.onProblem?.({
      message: `LookupEvents: ${skipped} event${skipped > 1 ? 's' : ''} skipped (${firstSkipped})`,
    });
  report({
    state: 'done',
    done: read,
    total: read,
    message: `${read} events read, ${matched} by ${who.spelled}${clipped}`,
  });
  return acc.result();
}

export type CloudTrailMode = 'auto' | 'lookup' | 's3';

/** What the S3 → LookupEvents fallback cannot see. */
export const LOOKUP_BLIND_SPOT =
  'which holds management events only: data events (S3 object reads and writes, Lambda invokes, DynamoDB item calls) are not seen';

export interface CloudTrailLiveOptions extends LookupEventsLiveOptions {
  /** auto: the trail's S3 logs for windows over a day, LookupEvents otherwise or when S3 cannot be read. */
  mode?: CloudTrailMode;
  trail?: string;
  regions?: string[];
  concurrency?: number;
}

/** LookupEvents is 100 events a second at best: S3 logs win once the window is longer than a day. */
export const S3_AFTER_MS = 86_400_000;

export async function cloudTrailLive(clients: AwsClients, opts: CloudTrailLiveOptions): Promise<Evidence[]> {
  const mode = opts.mode ?? 'auto';
  const long = Date.parse(opts.window.end) - Date.parse(opts.window.start) > S3_AFTER_MS;
  if (mode === 'lookup' || (mode === 'auto' && !long)) return lookupEventsLive(clients, opts);
  if (mode === 's3') return trailLogsLive(clients, opts);
  try {
    return await trailLogsLive(clients, opts);
  } catch (err) {
    if (opts.signal?.aborted || !isUserError(err) || err.kind !== 'aws') throw err;
    // The trail's logs are out of reach (no trail, no s3 permission): LookupEvents still
    // works, but sees less. Said on the progress line and, when S3 failed, as a problem.
    const why = safeLine(err.message);
    const noTrail = err instanceof NoTrailError;
    if (!noTrail)
      opts.onProblem?.({
        message: `the trail's S3 logs could not be read (${why}); fell back to LookupEvents, ${LOOKUP_BLIND_SPOT}`,
        fix:
          err.hint ??
          'Grant s3:ListBucket and s3:GetObject on the trail bucket, or pass --cloudtrail with a copy of the logs.',
      });
    const onProgress = opts.onProgress;
    const note = noTrail
      ? `no trail delivers to S3: LookupEvents, ${LOOKUP_BLIND_SPOT}`
      : `S3 logs failed: ${why}`;
    return lookupEventsLive(clients, {
      ...opts,
      onProgress: onProgress && ((p) => onProgress({ ...p, message: `${p.message ?? ''} (${note})`.trim() })),
    });
  }
}
