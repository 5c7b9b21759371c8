// Athena (JSON 1.1): StartQueryExecution "runs" the CloudTrail query over the scenario's
// events by reading the role, account and window back out of the SQL the reader built,
// then grouping in JS exactly as the GROUP BY does (cloudtrail-query.ts). States go QUEUED → RUNNING →
// SUCCEEDED one GetQueryExecution at a time; `scenario.athena.fail` ends it FAILED or
// CANCELLED instead. GetQueryResults pages at MaxResults with the header row first.
import { RESPONSE_ARN_PATTERN } from '../../../src/sources/cloudtrail/athena-sql.js';
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import { executeOrg, isOrgQuery, ORG_COLUMNS } from './athena-org.js';
import { aggregate, callKey, COLUMNS, filtersOf, text, type Cell, type Rec } from './cloudtrail-query.js';

export interface FakeAthenaQuery {
  id: string;
  sql: string;
  workgroup?: string;
  output?: string;
  polls: number;
  stopped: boolean;
  rows: Cell[][];
  /** The organization sweep's query answers with the role first. */
  columns: readonly string[];
}

export interface FakeAthenaSettings {
  /** RUNNING answers before SUCCEEDED. */
  polls?: number;
  fail?: { state: 'FAILED' | 'CANCELLED'; reason: string };
  bytesPerRecord?: number;
  /** GetWorkGroup (services/preflight.ts): the workgroups (default: primary, no result location). */
  workgroups?: Record<string, { outputLocation?: string; state?: 'ENABLED' | 'DISABLED' }>;
  /** GetTableMetadata: the tables that exist, `db.table` (default: any). */
  tables?: string[];
  /** GetTableMetadata of these tables (`db.table`): partition keys and table parameters. */
  tableMetadata?: Record<string, { partitionKeys: string[]; parameters: Record<string, string> }>;
}

const queriesOf = (ctx: HandlerContext) => ctx.state.athenaQueries as FakeAthenaQuery[];

const times = (sql: string) =>
  [...sql.matchAll(/from_iso8601_timestamp\('([^']+)'\)/g)].map((m) => Date.parse(m[1]!));

/** Athena's table columns are the log file's fields, JSON objects as text. */
function keyOf(r: Rec): Cell[] {
  const response = text(r.responseElements);
  const { head, resources } = callKey(r);
  return [
    ...head,
    text(r.readOnly),
    text(r.requestParameters),
    resources,
    response
      ? [...response.matchAll(new RegExp(RESPONSE_ARN_PATTERN, 'g'))].map((m) => m[1]).join(' ')
      : undefined,
  ];
}

const execute = (sql: string, events: Rec[]) =>
  aggregate(events, filtersOf(sql, times), keyOf, (r) => String(r.eventTime)).rows;

function find(ctx: HandlerContext, id: unknown): FakeAthenaQuery {
  const q = queriesOf(ctx).find((x) => x.id === id);
  if (!q)
    throw new FakeAwsError(400, 'InvalidRequestException', `QueryExecution ${String(id)} was not found`);
  return q;
}

function stateOf(q: FakeAthenaQuery, ctx: HandlerContext): string {
  if (q.stopped) return 'CANCELLED';
  const polls = ctx.scenario.athena?.polls ?? 1;
  if (q.polls === 0) return 'QUEUED';
  if (q.polls <= polls) return 'RUNNING';
  return ctx.scenario.athena?.fail?.state ?? 'SUCCEEDED';
}

export const athenaHandlers: ServiceHandlers = {
  StartQueryExecution(p, ctx) {
    const sql = String(p.QueryString ?? '');
    const q: FakeAthenaQuery = {
      id: ctx.newId('query'),
      sql,
      workgroup: p.WorkGroup as string | undefined,
      output: (p.ResultConfiguration as { OutputLocation?: string } | undefined)?.OutputLocation,
      polls: 0,
      stopped: false,
      rows: isOrgQuery(sql)
        ? executeOrg(sql, ctx.scenario.events ?? [], keyOf, times)
        : execute(sql, ctx.scenario.events ?? []),
      columns: isOrgQuery(sql) ? ORG_COLUMNS : COLUMNS,
    };
    queriesOf(ctx).push(q);
    return { QueryExecutionId: q.id };
  },
  GetQueryExecution(p, ctx) {
    const q = find(ctx, p.QueryExecutionId);
    const state = stateOf(q, ctx);
    q.polls++;
    const fail = ctx.scenario.athena?.fail;
    const bytes = (ctx.scenario.events?.length ?? 0) * (ctx.scenario.athena?.bytesPerRecord ?? 1000);
    return {
      QueryExecution: {
        QueryExecutionId: q.id,
        Query: q.sql,
        Status: {
          State: state,
          StateChangeReason:
            state === fail?.state ? fail.reason : q.stopped ? 'Query was cancelled by user' : undefined,
        },
        Statistics: { DataScannedInBytes: state === 'QUEUED' ? 0 : bytes },
      },
    };
  },
  StopQueryExecution(p, ctx) {
    find(ctx, p.QueryExecutionId).stopped = true;
    return {};
  },
  GetQueryResults(p, ctx) {
    const q = find(ctx, p.QueryExecutionId);
    if (stateOf(q, ctx) !== 'SUCCEEDED')
      throw new FakeAwsError(
        400,
        'InvalidRequestException',
        `Query has not yet finished. Current state: ${stateOf(q, ctx)}`,
      );
    const size = clampInt(p.MaxResults, 1000, 1, 1000, 'MaxResults');
    const all = [q.columns, ...q.rows];
    const pg = page(all, p.NextToken, size, { id: q.id, size }, 'InvalidRequestException');
    return {
      ResultSet: {
        Rows: pg.items.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: q.columns.map((Name) => ({ Name, Type: 'varchar' })) },
      },
      NextToken: pg.next,
    };
  },
};
