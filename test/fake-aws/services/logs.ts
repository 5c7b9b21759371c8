// CloudWatch Logs Insights over CloudTrail delivered to a log group (JSON 1.1,
// Logs_20140328.*): StartQuery runs the reader's two queries over the scenario's events,
// each stored as the log event CloudTrail writes (the record as @message, its eventTime as
// @timestamp), filtering by the session issuer's name and account read back out of the
// query, the time range in seconds; the aggregate groups as `stats ... by` does, the
// records query stops at its limit. GetQueryResults answers Running `polls` times, then
// Complete with rows of {field, value} and the statistics; StopQuery stops a running one.
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { FakeAwsError } from '../protocols.js';

export interface FakeLogsSettings {
  /** The log group the trail delivers to (it holds the scenario's events). */
  logGroup: string;
  polls?: number;
  bytesPerRecord?: number;
}

interface FakeLogsQuery {
  id: string;
  query: string;
  polls: number;
  stopped: boolean;
  rows: { field: string; value: string }[][];
  matched: number;
  scanned: number;
}

const queriesOf = (ctx: HandlerContext) => ctx.state.logsQueries as FakeLogsQuery[];

/** `2026-11-05 10:00:00.000`, how Logs Insights shows @timestamp. */
function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

type Rec = Record<string, unknown>;
const issuer = (r: Rec) =>
  ((r.userIdentity as Rec | undefined)?.sessionContext as Rec | undefined)?.sessionIssuer as Rec | undefined;

function run(query: string, events: Rec[], start: number, end: number, limit: number) {
  const name = /sessionIssuer\.userName = "((?:[^"\\]|\\.)*)"/.exec(query)?.[1];
  const account = /sessionIssuer\.accountId = "((?:[^"\\]|\\.)*)"/.exec(query)?.[1];
  if (name === undefined || account === undefined)
    throw new FakeAwsError(400, 'MalformedQueryException', 'unsupported query');
  const inRange = events.filter((e) => {
    const t = Date.parse(String(e.eventTime));
    return t >= start * 1000 && t <= end * 1000;
  });
  const matched = inRange.filter((e) => issuer(e)?.userName === name && issuer(e)?.accountId === account);
  if (/\|\s*stats count\(\*\) as calls/.test(query)) {
    const groups = new Map<
      string,
      { source: string; name: string; error: string; n: number; min: number; max: number }
    >();
    for (const e of matched) {
      const key = [e.eventSource, e.eventName, e.errorCode ?? ''].join('\u0000');
      const t = Date.parse(String(e.eventTime));
      const g = groups.get(key) ?? {
        source: String(e.eventSource),
        name: String(e.eventName),
        error: String(e.errorCode ?? ''),
        n: 0,
        min: t,
        max: t,
      };
      g.n++;
      g.min = Math.min(g.min, t);
      g.max = Math.max(g.max, t);
      groups.set(key, g);
    }
    const rows = [...groups.values()].map((g) => [
      { field: 'eventSource', value: g.source },
      { field: 'eventName', value: g.name },
      ...(g.error ? [{ field: 'errorCode', value: g.error }] : []),
      { field: 'calls', value: String(g.n) },
      { field: 'firstSeen', value: insightsTime(g.min) },
      { field: 'lastSeen', value: insightsTime(g.max) },
    ]);
    return { rows, matched: matched.length, scanned: inRange.length };
  }
  if (/^fields @timestamp, @message/.test(query)) {
    const rows = matched.slice(0, limit).map((e) => [
      { field: '@timestamp', value: insightsTime(Date.parse(String(e.eventTime))) },
      { field: '@message', value: JSON.stringify(e) },
      { field: '@ptr', value: 'CmAKJwojMTIzNDU2Nzg5MDEy' },
    ]);
    return { rows, matched: matched.length, scanned: inRange.length };
  }
  throw new FakeAwsError(400, 'MalformedQueryException', 'unsupported query');
}

export const logsHandlers: ServiceHandlers = {
  StartQuery(p, ctx) {
    const settings = ctx.scenario.logs;
    if (!settings || p.logGroupName !== settings.logGroup)
      throw new FakeAwsError(
        400,
        'ResourceNotFoundException',
        `Log group '${String(p.logGroupName)}' does not exist`,
      );
    const limit = Math.min(Number(p.limit ?? 1000), 10_000);
    const result = run(
      String(p.queryString),
      ctx.scenario.events ?? [],
      Number(p.startTime),
      Number(p.endTime),
      limit,
    );
    const q: FakeLogsQuery = {
      id: ctx.newId('query'),
      query: String(p.queryString),
      polls: settings.polls ?? 0,
      stopped: false,
      ...result,
    };
    queriesOf(ctx).push(q);
    return { queryId: q.id };
  },
  GetQueryResults(p, ctx) {
    const q = queriesOf(ctx).find((x) => x.id === p.queryId);
    if (!q) throw new FakeAwsError(400, 'ResourceNotFoundException', `query ${String(p.queryId)} not found`);
    const statistics = {
      recordsMatched: q.matched,
      recordsScanned: q.scanned,
      bytesScanned: q.scanned * (ctx.scenario.logs?.bytesPerRecord ?? 1024),
    };
    if (q.stopped) return { status: 'Cancelled', results: [], statistics };
    if (q.polls > 0) {
      q.polls--;
      return { status: 'Running', results: [], statistics: { ...statistics, recordsMatched: 0 } };
    }
    return { status: 'Complete', results: q.rows, statistics };
  },
  StopQuery(p, ctx) {
    const q = queriesOf(ctx).find((x) => x.id === p.queryId);
    if (q) q.stopped = true;
    return { success: !!q };
  },
};
