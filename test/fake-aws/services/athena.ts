// Athena (JSON 1.1): StartQueryExecution "runs" the CloudTrail query over the scenario's
// events by reading the role, account and window back out of the SQL the reader built,
// then grouping in JS exactly as the GROUP BY does. States go QUEUED → RUNNING →
// SUCCEEDED one GetQueryExecution at a time; `scenario.athena.fail` ends it FAILED or
// CANCELLED instead. GetQueryResults pages at MaxResults with the header row first.
import { RESPONSE_ARN_PATTERN } from '../../../src/sources/cloudtrail/athena-sql.js';
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';

type Rec = Record<string, unknown>;

export interface FakeAthenaQuery {
  id: string;
  sql: string;
  workgroup?: string;
  output?: string;
  polls: number;
  stopped: boolean;
  rows: (string | undefined)[][];
}

export interface FakeAthenaSettings {
  /** RUNNING answers before SUCCEEDED. */
  polls?: number;
  fail?: { state: 'FAILED' | 'CANCELLED'; reason: string };
  bytesPerRecord?: number;
}

const queriesOf = (ctx: HandlerContext) => ctx.state.athenaQueries as FakeAthenaQuery[];

const lit = (re: RegExp, sql: string) => re.exec(sql)?.[1]?.replace(/''/g, "'");

/** The filters the reader's SQL carries, read back out of it. */
function filtersOf(sql: string) {
  const name = lit(/sessionissuer\.arn, '\/'\), -1\)\) = '((?:[^']|'')*)'/, sql);
  const account = lit(
    /split_part\(useridentity\.sessioncontext\.sessionissuer\.arn, ':', 5\) = '(\d+)'/,
    sql,
  );
  const times = [...sql.matchAll(/from_iso8601_timestamp\('([^']+)'\)/g)].map((m) => Date.parse(m[1]!));
  if (!name || times.length !== 2)
    throw new FakeAwsError(400, 'InvalidRequestException', 'fake: unexpected SQL');
  return { name, account, start: times[0]!, end: times[1]! };
}

const s = (v: unknown) =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

function execute(sql: string, events: Rec[]): (string | undefined)[][] {
  const f = filtersOf(sql);
  const groups = new Map<string, { key: (string | undefined)[]; times: string[]; ids: string[] }>();
  for (const r of events) {
    const ui = r.userIdentity as {
      type?: string;
      arn?: string;
      sessionContext?: { sessionIssuer?: { arn?: string } };
    };
    const issuer = ui?.sessionContext?.sessionIssuer?.arn;
    if (!issuer || !/^arn:[^:]+:iam::[^:]*:role\//.test(issuer)) continue;
    if (issuer.split('/').pop()!.toLowerCase() !== f.name) continue;
    if (f.account && issuer.split(':')[4] !== f.account) continue;
    if (r.eventType !== undefined && r.eventType !== 'AwsApiCall') continue;
    const t = Date.parse(String(r.eventTime));
    if (t < f.start || t > f.end) continue;
    const response = s(r.responseElements);
    const key = [
      s(r.eventSource),
      s(r.eventName),
      s(r.errorCode),
      s(r.errorMessage),
      s(r.awsRegion),
      s(r.recipientAccountId),
      s(r.readOnly),
      s(r.requestParameters),
      ((r.resources as { ARN?: string }[] | undefined) ?? []).map((x) => x.ARN).join(' ') || undefined,
      response
        ? [...response.matchAll(new RegExp(RESPONSE_ARN_PATTERN, 'g'))].map((m) => m[1]).join(' ')
        : undefined,
    ];
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, times: [], ids: [] }));
    g.times.push(String(r.eventTime));
    if (r.eventID) g.ids.push(String(r.eventID));
  }
  return [...groups.values()].map((g) => [
    ...g.key,
    String(g.times.length),
    g.times.reduce((a, b) => (a <= b ? a : b)),
    g.times.reduce((a, b) => (a >= b ? a : b)),
    g.ids.slice(0, 5).join(' '),
  ]);
}

const COLUMNS = [
  'eventsource',
  'eventname',
  'errorcode',
  'errormessage',
  'awsregion',
  'recipientaccountid',
  'readonly',
  'requestparameters',
  'resource_arns',
  'response_arns',
  'calls',
  'first_seen',
  'last_seen',
  'sample_ids',
];

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
      rows: execute(sql, ctx.scenario.events ?? []),
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
    const all = [COLUMNS, ...q.rows];
    const pg = page(all, p.NextToken, size, { id: q.id, size }, 'InvalidRequestException');
    return {
      ResultSet: {
        Rows: pg.items.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: COLUMNS.map((Name) => ({ Name, Type: 'varchar' })) },
      },
      NextToken: pg.next,
    };
  },
};
