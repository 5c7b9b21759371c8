// CloudTrail through Athena: one aggregated query over the trail's table (athena-sql.ts),
// polled with progress (state, bytes scanned, estimated cost), its result pages read,
// and each row turned back into a CloudTrail-shaped record so the file reader's own
// mapping makes the evidence, counts multiplied by the row's calls.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { UserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { athenaRowRecord, scaleEvidence, type AthenaRow } from './athena-rows.js';
import { buildAthenaQuery, ATHENA_COLUMNS } from './athena-sql.js';
import { LiveCappedAccumulator } from './live-capped.js';
import { principalOf } from './principal.js';
import { evidenceForPrincipal } from './record-evidence.js';

export interface AthenaSettings {
  table: string;
  workgroup?: string;
  /** s3://bucket/prefix/ for results (optional when the workgroup sets one). */
  output?: string;
  /** Partition column ('yyyy/MM/dd'); '' when the table has none. */
  partitionColumn?: string;
}

export interface AthenaReadOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  athena: AthenaSettings;
  /** First poll delay; doubles up to 5 s (tests pass 0). */
  pollMs?: number;
  /** GetQueryResults page size (max 1000). */
  pageSize?: number;
}

/** Athena's price: $5 per TB scanned, 10 MB minimum per query. */
export function estimatedCost(bytes: number): string {
  const billed = Math.max(bytes, 10 * 1024 * 1024);
  return `$${((billed / 1024 ** 4) * 5).toFixed(4)}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

const stats = (q?: QueryExecution) => {
  const bytes = q?.Statistics?.DataScannedInBytes ?? 0;
  return `${formatBytes(bytes)} scanned, about ${estimatedCost(bytes)}`;
};

async function waitForQuery(
  clients: AwsClients,
  id: string,
  opts: AthenaReadOptions,
  report: ReturnType<typeof reporter>,
) {
  const ctx = { action: 'athena:GetQueryExecution', profile: clients.settings.profile };
  let delay = opts.pollMs ?? 500;
  for (;;) {
    const out = await callAws(ctx, () =>
      clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), {
        abortSignal: opts.signal,
      }),
    );
    const q = out.QueryExecution;
    const state = q?.Status?.State ?? 'QUEUED';
    if (state === 'SUCCEEDED') return q;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const why = safeLine(
        q?.Status?.StateChangeReason ?? q?.Status?.AthenaError?.ErrorMessage ?? 'no reason given',
      );
      throw new UserError(
        'aws',
        `The Athena query ${id} ${state === 'FAILED' ? 'failed' : 'was cancelled'}: ${why}`,
        {
          hint:
            state === 'FAILED'
              ? `Check --athena-table ${opts.athena.table} exists with the documented CloudTrail columns (README: Athena), and that the workgroup has a result location (--athena-output).`
              : 'Someone stopped it in Athena (or the workgroup limit did); run again.',
        },
      );
    }
    report({ message: `query ${state.toLowerCase()}: ${stats(q)}` });
    await abortable(delay, opts.signal);
    delay = Math.min(Math.max(delay * 2, 1), 5_000);
  }
}

/** Rows of the query: the header row (Athena repeats the column names first) is dropped. */
async function* resultRows(
  clients: AwsClients,
  id: string,
  opts: AthenaReadOptions,
): AsyncGenerator<AthenaRow> {
  const ctx = { action: 'athena:GetQueryResults', profile: clients.settings.profile };
  let token: string | undefined;
  let first = true;
  do {
    const out = await callAws(ctx, () =>
      clients.athena.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          NextToken: token,
          MaxResults: opts.pageSize ?? 1000,
        }),
        { abortSignal: opts.signal },
      ),
    );
    const names = out.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [
      ...ATHENA_COLUMNS,
    ];
    for (const [i, row] of (out.ResultSet?.Rows ?? []).entries()) {
      const values = (row.Data ?? []).map((d) => d.VarCharValue);
      if (first && i === 0 && values.every((v, j) => v === names[j])) continue;
      yield Object.fromEntries(names.map((n, j) => [n, values[j]])) as AthenaRow;
    }
    first = false;
    token = out.NextToken;
  } while (token);
}

export async function athenaCloudTrail(clients: AwsClients, opts: AthenaReadOptions): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', 'CloudTrail events (Athena)', 'rows');
  const query = buildAthenaQuery({
    table: opts.athena.table,
    role: opts.role,
    window: opts.window,
    partitionColumn: opts.athena.partitionColumn,
  });
  const started = await callAws(
    { action: 'athena:StartQueryExecution', profile: clients.settings.profile },
    () =>
      clients.athena.send(
        new StartQueryExecutionCommand({
          QueryString: query,
          WorkGroup: opts.athena.workgroup,
          ResultConfiguration: opts.athena.output ? { OutputLocation: opts.athena.output } : undefined,
        }),
        { abortSignal: opts.signal },
      ),
  );
  const id = started.QueryExecutionId ?? '';
  report({ message: `query ${id} queued` });
  let done: QueryExecution | undefined;
  try {
    done = await waitForQuery(clients, id, opts, report);
  } catch (err) {
    // Cancelled by the user: stop the query too, or Athena keeps scanning (and billing).
    if (opts.signal?.aborted) {
      await clients.athena
        .send(new StopQueryExecutionCommand({ QueryExecutionId: id }))
        .catch(() => undefined);
      report({ state: 'cancelled', message: `query ${id} stopped` });
    }
    throw err;
  }
  const who = principalOf(opts.role);
  const partition = opts.role.partition || 'aws';
  const acc = new LiveCappedAccumulator();
  let rows = 0;
  let calls = 0;
  for await (const row of resultRows(clients, id, opts)) {
    const { record, n, firstSeen, lastSeen, samples } = athenaRowRecord(row, opts.role);
    rows++;
    calls += n;
    for (const e of evidenceForPrincipal(record, who, partition))
      acc.add(scaleEvidence(e, n, firstSeen, lastSeen, samples));
    report({ done: rows, message: `${rows} rows (${calls} calls) read; ${stats(done)}` });
  }
  report({
    state: 'done',
    done: rows,
    total: rows,
    message: `${calls} calls in ${rows} rows; ${stats(done)}`,
  });
  return acc.result();
}
