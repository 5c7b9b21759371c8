// CloudTrail through CloudTrail Lake: the aggregated query of lake-sql.ts started with
// StartQuery, DescribeQuery polled with progress (events and bytes scanned), result
// pages read with GetQueryResults, rows folded into evidence exactly as Athena's are.
// A cancelled run cancels the query too; a failed, cancelled or timed-out query is a
// UserError with Lake's reason.
import {
  CancelQueryCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  type DescribeQueryResponse,
} from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter, type Report } from '../../aws/progress.js';
import { UserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { lakeRow, lakeRowRecord } from './lake-rows.js';
import { buildLakeQuery } from './lake-sql.js';
import { foldRows, formatBytes, pollUntil } from './query-rows.js';
import type { RowRecord } from './athena-rows.js';

export interface LakeSettings {
  /** The event data store's ID or ARN. */
  eventDataStore: string;
}

export interface LakeReadOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  lake: LakeSettings;
  /** First poll delay; doubles up to 5 s (tests pass 0). */
  pollMs?: number;
  /** GetQueryResults page size (MaxQueryResults, at most 1000). */
  pageSize?: number;
}

export const LAKE_LABEL = 'CloudTrail events (Lake)';

const FAILED: Record<string, { verb: string; hint: string }> = {
  FAILED: {
    verb: 'failed',
    hint: 'Check the event data store ID (aws cloudtrail list-event-data-stores) and that it holds CloudTrail events; run in its region (--region).',
  },
  CANCELLED: {
    verb: 'was cancelled',
    hint: 'Someone cancelled it in CloudTrail Lake; run again.',
  },
  TIMED_OUT: {
    verb: 'timed out',
    hint: 'Lake stops queries that run too long: try a shorter window (--since, --start/--end).',
  },
};

function stats(d?: DescribeQueryResponse): string {
  const s = d?.QueryStatistics;
  const scanned = s?.EventsScanned ?? 0;
  return `${scanned} events scanned (${formatBytes(s?.BytesScanned ?? 0)}), ${s?.EventsMatched ?? 0} matched`;
}

async function waitForQuery(
  clients: AwsClients,
  id: string,
  opts: LakeReadOptions,
  report: Report,
): Promise<DescribeQueryResponse> {
  const ctx = { action: 'cloudtrail:DescribeQuery', profile: clients.settings.profile };
  return pollUntil(
    async () => {
      const out = await callAws(ctx, () =>
        clients.cloudtrail.send(new DescribeQueryCommand({ QueryId: id }), { abortSignal: opts.signal }),
      );
      const status = out.QueryStatus ?? 'QUEUED';
      if (status === 'FINISHED') return out;
      const failed = FAILED[status];
      if (failed) {
        const why = safeLine(out.ErrorMessage ?? 'no reason given');
        throw new UserError('aws', `The CloudTrail Lake query ${id} ${failed.verb}: ${why}`, {
          hint: failed.hint,
        });
      }
      report({ message: `query ${status.toLowerCase()}: ${stats(out)}` });
      return undefined;
    },
    opts.pollMs,
    opts.signal,
  );
}

async function* resultRows(
  clients: AwsClients,
  id: string,
  opts: LakeReadOptions,
): AsyncGenerator<RowRecord> {
  const ctx = { action: 'cloudtrail:GetQueryResults', profile: clients.settings.profile };
  let token: string | undefined;
  do {
    const out = await callAws(ctx, () =>
      clients.cloudtrail.send(
        new GetQueryResultsCommand({ QueryId: id, NextToken: token, MaxQueryResults: opts.pageSize ?? 1000 }),
        { abortSignal: opts.signal },
      ),
    );
    for (const cells of out.QueryResultRows ?? []) yield lakeRowRecord(lakeRow(cells), opts.role);
    token = out.NextToken;
  } while (token);
}

export async function lakeCloudTrail(clients: AwsClients, opts: LakeReadOptions): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', LAKE_LABEL, 'rows');
  const query = buildLakeQuery({
    eventDataStore: opts.lake.eventDataStore,
    role: opts.role,
    window: opts.window,
  });
  const started = await callAws(
    {
      action: 'cloudtrail:StartQuery',
      profile: clients.settings.profile,
      detail: `(event data store ${safeLine(opts.lake.eventDataStore)})`,
    },
    () =>
      clients.cloudtrail.send(new StartQueryCommand({ QueryStatement: query }), { abortSignal: opts.signal }),
  );
  const id = started.QueryId ?? '';
  report({ message: `query ${id} queued` });
  let done: DescribeQueryResponse;
  try {
    done = await waitForQuery(clients, id, opts, report);
  } catch (err) {
    // Cancelled by the user: cancel the query too, or Lake keeps scanning (and billing).
    if (opts.signal?.aborted) {
      await clients.cloudtrail.send(new CancelQueryCommand({ QueryId: id })).catch(() => undefined);
      report({ state: 'cancelled', message: `query ${id} cancelled` });
    }
    throw err;
  }
  const folded = await foldRows(resultRows(clients, id, opts), opts.role, (n, calls) =>
    report({ done: n, message: `${n} rows (${calls} calls) read; ${stats(done)}` }),
  );
  report({
    state: 'done',
    done: folded.rows,
    total: folded.rows,
    message: `${folded.calls} calls in ${folded.rows} rows; ${stats(done)}`,
  });
  return folded.evidence;
}
