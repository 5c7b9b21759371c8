// CloudTrail delivered to CloudWatch Logs, read with Logs Insights: per window chunk, one
// aggregated query (calls per event source, event name and error code, over every matched
// record) and one query for the records themselves (their request parameters give the
// resources), folded through the file reader's own mapping. Logs Insights returns at most
// 10,000 rows: when the records query hits that, the calls it could not fetch are still
// counted from the aggregate, on the action's ARN template, and the run says so.
import {
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter, splitWindow, type Report } from '../../aws/progress.js';
import { UserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import type { RowRecord } from './athena-rows.js';
import { foldRows, formatBytes, pollUntil } from './query-rows.js';
import { isRecord, type CloudTrailRecord } from './record.js';

export interface LogsInsightsSettings {
  /** The log group the trail delivers to. */
  logGroup: string;
}

export interface LogsInsightsReadOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  logs: LogsInsightsSettings;
  pollMs?: number;
  /** Window chunk per query pair (default 7 days). */
  chunkMs?: number;
}

export const LOGS_INSIGHTS_LABEL = 'CloudTrail events (Logs Insights)';
/** Logs Insights' most rows per query. */
export const LOGS_INSIGHTS_LIMIT = 10_000;
const WEEK = 7 * 86_400_000;

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The role's sessions: issuer name and account (the path is not always known). */
function roleFilter(role: RoleRef): string {
  return (
    `filter userIdentity.sessionContext.sessionIssuer.userName = ${quote(role.name)}` +
    ` and userIdentity.sessionContext.sessionIssuer.accountId = ${quote(role.account)}`
  );
}

export function aggregateQuery(role: RoleRef): string {
  return [
    'fields eventSource, eventName, errorCode',
    roleFilter(role),
    'stats count(*) as calls, min(@timestamp) as firstSeen, max(@timestamp) as lastSeen by eventSource, eventName, errorCode',
  ].join('\n| ');
}

export function recordsQuery(role: RoleRef): string {
  return ['fields @timestamp, @message', roleFilter(role), `limit ${LOGS_INSIGHTS_LIMIT}`].join('\n| ');
}

type Row = Record<string, string | undefined>;

const FAILED = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);

function stats(out?: GetQueryResultsCommandOutput): string {
  const s = out?.statistics;
  return `${s?.recordsMatched ?? 0} records matched, ${s?.recordsScanned ?? 0} scanned (${formatBytes(s?.bytesScanned ?? 0)})`;
}

async function runQuery(
  clients: AwsClients,
  query: string,
  chunk: { start: Date; end: Date },
  opts: LogsInsightsReadOptions,
  report: Report,
): Promise<{ rows: Row[]; matched: number }> {
  const profile = clients.settings.profile;
  const started = await callAws(
    { action: 'logs:StartQuery', profile, detail: `(log group ${safeLine(opts.logs.logGroup)})` },
    () =>
      clients.logs.send(
        new StartQueryCommand({
          logGroupName: opts.logs.logGroup,
          startTime: Math.floor(chunk.start.getTime() / 1000),
          endTime: Math.ceil(chunk.end.getTime() / 1000),
          queryString: query,
          limit: LOGS_INSIGHTS_LIMIT,
        }),
        { abortSignal: opts.signal },
      ),
  );
  const id = started.queryId ?? '';
  try {
    const done = await pollUntil(
      async () => {
        const out = await callAws({ action: 'logs:GetQueryResults', profile }, () =>
          clients.logs.send(new GetQueryResultsCommand({ queryId: id }), { abortSignal: opts.signal }),
        );
        const status = out.status ?? 'Scheduled';
        if (status === 'Complete') return out;
        if (FAILED.has(status)) {
          throw new UserError('aws', `The Logs Insights query ${id} ended ${status.toLowerCase()}`, {
            hint: 'Check the log group name and that it holds CloudTrail events; try a shorter window (--since).',
          });
        }
        report({ message: `query ${status.toLowerCase()}: ${stats(out)}` });
        return undefined;
      },
      opts.pollMs,
      opts.signal,
    );
    const rows = (done.results ?? []).map((cells) =>
      Object.fromEntries(cells.map((c) => [c.field ?? '', c.value])),
    );
    return { rows, matched: done.statistics?.recordsMatched ?? rows.length };
  } catch (err) {
    // Cancelled: stop the query too, or Logs Insights keeps scanning (and billing).
    if (opts.signal?.aborted) {
      await clients.logs.send(new StopQueryCommand({ queryId: id })).catch(() => undefined);
      report({ state: 'cancelled', message: `query ${id} stopped` });
    }
    throw err;
  }
}

const groupKey = (r: { eventSource?: unknown; eventName?: unknown; errorCode?: unknown }) =>
  `${String(r.eventSource ?? '')}\u0000${String(r.eventName ?? '')}\u0000${String(r.errorCode ?? '')}`;

/** `2026-11-05 10:00:00.000` (Logs Insights' @timestamp) → ISO. */
function iso(ts: string | undefined): string | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts.includes('T') ? ts : `${ts.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export interface ChunkRows {
  records: RowRecord[];
  /** Calls the records query could not return (its row limit), by aggregate group. */
  missing: number;
}

/**
 * One chunk's records within the window (Logs Insights ranges are whole seconds), plus,
 * when the records query was cut at its limit, a stand-in record per aggregate group for
 * the calls it did not return.
 */
export function chunkRows(
  recordsRows: Row[],
  aggregateRows: Row[],
  role: RoleRef,
  window: TimeWindow,
  truncated: boolean,
): ChunkRows {
  const [from, to] = [Date.parse(window.start), Date.parse(window.end)];
  const records: RowRecord[] = [];
  const fetched = new Map<string, number>();
  for (const row of recordsRows) {
    let record: unknown;
    try {
      record = JSON.parse(row['@message'] ?? '');
    } catch {
      continue;
    }
    if (!isRecord(record)) continue;
    const t = Date.parse(String(record.eventTime));
    if (!(t >= from && t <= to)) continue;
    fetched.set(groupKey(record), (fetched.get(groupKey(record)) ?? 0) + 1);
    const at = typeof record.eventTime === 'string' ? record.eventTime : undefined;
    const id = typeof record.eventID === 'string' ? [record.eventID] : [];
    records.push({ record, n: 1, firstSeen: at, lastSeen: at, samples: id });
  }
  let missing = 0;
  for (const row of truncated ? aggregateRows : []) {
    const left = Number(row.calls ?? 0) - (fetched.get(groupKey(row)) ?? 0);
    if (!(left > 0)) continue;
    missing += left;
    const record: CloudTrailRecord = {
      eventSource: row.eventSource ?? '',
      eventName: row.eventName ?? '',
      ...(row.errorCode ? { errorCode: row.errorCode } : {}),
      eventTime: iso(row.lastSeen),
      recipientAccountId: role.account,
      userIdentity: {
        type: 'AssumedRole',
        accountId: role.account,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: role.arn, userName: role.name, accountId: role.account },
        },
      },
    };
    records.push({
      record,
      n: left,
      firstSeen: iso(row.firstSeen),
      lastSeen: iso(row.lastSeen),
      samples: [],
    });
  }
  return { records, missing };
}

export async function logsInsightsCloudTrail(
  clients: AwsClients,
  opts: LogsInsightsReadOptions,
): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', LOGS_INSIGHTS_LABEL, 'records');
  const chunks = splitWindow(opts.window, opts.chunkMs ?? WEEK);
  let missing = 0;
  // Chunk by chunk, each folded before the next is queried: only one chunk's rows are held.
  async function* chunkRecords(): AsyncGenerator<RowRecord> {
    for (const [i, chunk] of chunks.entries()) {
      const tag = chunks.length > 1 ? `chunk ${i + 1}/${chunks.length}: ` : '';
      const tagged: Report = (p) => report({ ...p, message: `${tag}${p.message ?? ''}` });
      const agg = await runQuery(clients, aggregateQuery(opts.role), chunk, opts, tagged);
      const recs = await runQuery(clients, recordsQuery(opts.role), chunk, opts, tagged);
      const rows = chunkRows(recs.rows, agg.rows, opts.role, opts.window, recs.rows.length < recs.matched);
      missing += rows.missing;
      yield* rows.records;
    }
  }
  const folded = await foldRows(chunkRecords(), opts.role, (n) => report({ done: n }));
  const limitNote = missing
    ? `; ${missing} calls beyond Logs Insights' ${LOGS_INSIGHTS_LIMIT.toLocaleString('en-US')}-row limit counted without their parameters (shorter window chunks fetch them)`
    : '';
  report({
    state: 'done',
    done: folded.rows,
    total: folded.rows,
    message: `${folded.calls} calls in ${chunks.length} window chunk${chunks.length === 1 ? '' : 's'}${limitNote}`,
  });
  return folded.evidence;
}
