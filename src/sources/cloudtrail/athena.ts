// CloudTrail through Athena: one aggregated query over the trail's table (athena-sql.ts),
// polled with progress (state, bytes scanned, estimated cost), its result pages read,
// and each row turned back into a CloudTrail-shaped record so the file reader's own
// mapping makes the evidence, counts multiplied by the row's calls (query-rows.ts).
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
import { athenaRowRecord, type AthenaRow } from './athena-rows.js';
import { buildAthenaQuery, ATHENA_COLUMNS } from './athena-sql.js';
import { foldRows, formatBytes, pollUntil } from './query-rows.js';

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

export const stats = (q?: QueryExecution) => {
  const bytes = q?.Statistics?.DataScannedInBytes ?? 0;
  return `${formatBytes(bytes)} scanned, about ${estimatedCost(bytes)}`;
};

/** What polling and paging a query need (the organization query shares them). */
export type AthenaRunOptions = Pick<AthenaReadOptions, 'athena' | 'pollMs' | 'pageSize' | 'signal'>;

async function waitForQuery(
  clients: AwsClients,
  id: string,
  opts: AthenaRunOptions,
  report: ReturnType<typeof reporter>,
): Promise<QueryExecution> {
  const ctx = { action: 'athena:GetQueryExecution', profile: clients.settings.profile };
  return pollUntil(
    async () => {
      const out = await callAws(ctx, () =>
        clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), {
          abortSignal: opts.signal,
        }),
      );
      const q = out.QueryExecution;
      const state = q?.Status?.State ?? 'QUEUED';
      if (state === 'SUCCEEDED') return q ?? {};
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
      return undefined;
    },
    opts.pollMs,
    opts.signal,
  );
}

/** Rows of the query: the header row (Athena repeats the column names first) is dropped. */
export async function* resultRows(
  clients: AwsClients,
  id: string,
  opts: AthenaRunOptions,
  columns: readonly string[] = ATHENA_COLUMNS,
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
    const names = out.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [...columns];
    for (const [i, row] of (out.ResultSet?.Rows ?? []).entries()) {
      const values = (row.Data ?? []).map((d) => d.VarCharValue);
      if (first && i === 0 && values.every((v, j) => v === names[j])) continue;
      yield Object.fromEntries(names.map((n, j) => [n, values[j]])) as AthenaRow;
    }
    first = false;
    token = out.NextToken;
  } while (token);
}

/** Starts the query and waits for it; a cancelled wait stops it in Athena too. */
export async function runAthenaQuery(
  clients: AwsClients,
  query: string,
  opts: AthenaRunOptions,
  report: ReturnType<typeof reporter>,
): Promise<{ id: string; done: QueryExecution }> {
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
  try {
    return { id, done: await waitForQuery(clients, id, opts, report) };
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
}

export async function athenaCloudTrail(clients: AwsClients, opts: AthenaReadOptions): Promise<Evidence[]> {
  const report = reporter(opts, 'cloudtrail', 'CloudTrail events (Athena)', 'rows');
  const query = buildAthenaQuery({
    table: opts.athena.table,
    role: opts.role,
    window: opts.window,
    partitionColumn: opts.athena.partitionColumn,
  });
  const { id, done } = await runAthenaQuery(clients, query, opts, report);
  const rows = (async function* () {
    for await (const row of resultRows(clients, id, opts)) yield athenaRowRecord(row, opts.role);
  })();
  const folded = await foldRows(rows, opts.role, (n, calls) =>
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
