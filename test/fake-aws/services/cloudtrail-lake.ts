// CloudTrail Lake (JSON 1.1, on the CloudTrail endpoint): StartQuery "runs" the reader's
// SQL over the scenario's events as Lake stores them (lakeEvent: maps of strings with
// nested values as JSON text, timestamps without a zone), reading the store, role and
// window back out of the SQL and grouping as its GROUP BY does. DescribeQuery answers
// QUEUED, RUNNING `polls` times, then FINISHED (or `fail`'s status); GetQueryResults
// pages rows of one-entry maps; CancelQuery cancels a query still running.
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import { RESPONSE_ARN_PATTERN } from '../../../src/sources/cloudtrail/athena-sql.js';
import { aggregate, callKey, COLUMNS, filtersOf, text, type Cell, type Rec } from './cloudtrail-query.js';

export interface FakeLakeSettings {
  /** The one event data store ID the account has (it holds the scenario's events). */
  eventDataStore: string;
  /** RUNNING answers before FINISHED. */
  polls?: number;
  fail?: { status: 'FAILED' | 'CANCELLED' | 'TIMED_OUT'; message: string };
  bytesPerRecord?: number;
  /** GetEventDataStore's Status (services/preflight.ts; default ENABLED). */
  status?:
    | 'CREATED'
    | 'ENABLED'
    | 'PENDING_DELETION'
    | 'STARTING_INGESTION'
    | 'STOPPING_INGESTION'
    | 'STOPPED_INGESTION';
}

export interface FakeLakeQuery {
  id: string;
  sql: string;
  polls: number;
  cancelled: boolean;
  rows: Cell[][];
  matched: number;
}

const queriesOf = (ctx: HandlerContext) => ctx.state.lakeQueries as FakeLakeQuery[];

/** A map<string,string> column: strings as they are, anything else as JSON text. */
function stringMap(v: unknown): Record<string, Cell> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)]));
}

/** 'YYYY-MM-DD HH:MM:SS.000', how Lake shows a timestamp. */
export function lakeTimestamp(iso: unknown): string {
  return new Date(Date.parse(String(iso))).toISOString().replace('T', ' ').replace('Z', '');
}

/** CAST(map AS JSON): keys in order. */
function jsonOfMap(m: Record<string, Cell> | undefined): Cell {
  if (!m) return undefined;
  const sorted = Object.keys(m).sort();
  return JSON.stringify(Object.fromEntries(sorted.map((k) => [k, m[k] ?? null])));
}

function keyOf(r: Rec): Cell[] {
  const response = stringMap(r.responseElements);
  const arns = response
    ? Object.values(response)
        .filter((v): v is string => v !== undefined)
        .flatMap((v) =>
          v.startsWith('arn:')
            ? [v]
            : [...v.matchAll(new RegExp(RESPONSE_ARN_PATTERN, 'g'))].map((m) => m[1]!),
        )
        .sort()
    : undefined;
  const { head, resources } = callKey(r);
  return [
    ...head,
    typeof r.readOnly === 'boolean' ? String(r.readOnly) : undefined,
    jsonOfMap(stringMap(r.requestParameters)),
    resources,
    arns?.join(' ') || undefined,
  ];
}

const times = (sql: string) =>
  [...sql.matchAll(/eventTime [<>]= '(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)'/g)].map((m) =>
    Date.parse(`${m[1]!.replace(' ', 'T')}Z`),
  );

function find(ctx: HandlerContext, id: unknown): FakeLakeQuery {
  const q = queriesOf(ctx).find((x) => x.id === id);
  if (!q) throw new FakeAwsError(400, 'QueryIdNotFoundException', `Query ${String(id)} was not found`);
  return q;
}

function statusOf(q: FakeLakeQuery, ctx: HandlerContext): string {
  if (q.cancelled) return 'CANCELLED';
  if (q.polls === 0) return 'QUEUED';
  if (q.polls <= (ctx.scenario.lake?.polls ?? 1)) return 'RUNNING';
  return ctx.scenario.lake?.fail?.status ?? 'FINISHED';
}

export const cloudtrailLakeHandlers: ServiceHandlers = {
  StartQuery(p, ctx) {
    const sql = String(p.QueryStatement ?? '');
    const store = /\nFROM ([A-Za-z0-9-]+)\n/.exec(sql)?.[1];
    if (!store || store !== ctx.scenario.lake?.eventDataStore)
      throw new FakeAwsError(
        400,
        'EventDataStoreNotFoundException',
        `The specified event data store ID ${store ?? '(none)'} does not exist.`,
      );
    if (!/\nGROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n/.test(sql))
      throw new FakeAwsError(400, 'InvalidQueryStatementException', 'fake: unexpected SQL');
    const { rows, matched } = aggregate(ctx.scenario.events ?? [], filtersOf(sql, times), keyOf, (r) =>
      lakeTimestamp(r.eventTime),
    );
    const q: FakeLakeQuery = { id: ctx.newId('lake-query'), sql, polls: 0, cancelled: false, rows, matched };
    queriesOf(ctx).push(q);
    return { QueryId: q.id };
  },
  DescribeQuery(p, ctx) {
    const q = find(ctx, p.QueryId);
    const status = statusOf(q, ctx);
    q.polls++;
    const events = ctx.scenario.events?.length ?? 0;
    const running = status !== 'QUEUED';
    return {
      QueryId: q.id,
      QueryString: q.sql,
      QueryStatus: status,
      QueryStatistics: {
        EventsScanned: running ? events : 0,
        EventsMatched: running ? q.matched : 0,
        BytesScanned: running ? events * (ctx.scenario.lake?.bytesPerRecord ?? 1000) : 0,
        ExecutionTimeInMillis: q.polls * 100,
      },
      ErrorMessage: status === ctx.scenario.lake?.fail?.status ? ctx.scenario.lake.fail.message : undefined,
    };
  },
  CancelQuery(p, ctx) {
    const q = find(ctx, p.QueryId);
    if (!['QUEUED', 'RUNNING'].includes(statusOf(q, ctx)))
      throw new FakeAwsError(400, 'InactiveQueryException', `Query ${q.id} is not running.`);
    q.cancelled = true;
    return { QueryId: q.id, QueryStatus: 'CANCELLED' };
  },
  GetQueryResults(p, ctx) {
    const q = find(ctx, p.QueryId);
    const status = statusOf(q, ctx);
    if (status !== 'FINISHED') return { QueryStatus: status, QueryResultRows: [] };
    const size = clampInt(p.MaxQueryResults, 1000, 1, 1000, 'MaxQueryResults');
    const pg = page(q.rows, p.NextToken, size, { id: q.id, size });
    return {
      QueryStatus: status,
      QueryStatistics: { ResultsCount: pg.items.length, TotalResultsCount: q.rows.length },
      // A null column is left out of its cell.
      QueryResultRows: pg.items.map((r) => r.map((v, i) => (v === undefined ? {} : { [COLUMNS[i]!]: v }))),
      NextToken: pg.next,
    };
  },
};
