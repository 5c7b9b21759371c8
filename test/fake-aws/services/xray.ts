// X-Ray (REST-JSON): trace summaries by window and filter expression, newest first and
// paged by the service; BatchGetTraces at most 5 ids per call.
import type { ServiceHandlers } from '../context.js';
import { page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import type { FakeTrace } from '../scenario.js';

interface ServiceId {
  Name: string;
  Names: string[];
  AccountId?: string;
  Type?: string;
}

function traceStart(t: FakeTrace): number {
  const times = t.segments.map((s) => Number(s.start_time)).filter(Number.isFinite);
  return times.length ? Math.min(...times) : parseInt(t.Id.split('-')[1] ?? '0', 16);
}

function serviceIds(t: FakeTrace): ServiceId[] {
  return t.segments.map((s) => ({
    Name: String(s.name),
    Names: [String(s.name)],
    AccountId: (s.aws as { account_id?: string } | undefined)?.account_id,
    Type: typeof s.origin === 'string' ? s.origin : undefined,
  }));
}

interface Indexed {
  t: FakeTrace;
  startTime: number;
  ids: ServiceId[];
}

/** Built once per trace list: the bench asks 1,000s of times over 5,000 traces. */
const INDEX = new WeakMap<FakeTrace[], { byStart: Indexed[]; byId: Map<string, FakeTrace> }>();

function indexOf(traces: FakeTrace[]) {
  let index = INDEX.get(traces);
  if (!index) {
    const byStart = traces
      .map((t) => ({ t, startTime: traceStart(t), ids: serviceIds(t) }))
      .sort((a, b) => b.startTime - a.startTime);
    index = { byStart, byId: new Map(traces.map((t) => [t.Id, t])) };
    INDEX.set(traces, index);
  }
  return index;
}

const TERM =
  /service\(\s*id\(\s*name:\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*type:\s*"((?:[^"\\]|\\.)*)")?\s*\)\s*\)|service\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g;

/** The subset of filter expressions the tool sends: service("n") and service(id(name, type)), OR/AND. */
export function compileFilter(expr: string | undefined): (ids: ServiceId[]) => boolean {
  if (!expr) return () => true;
  if ((expr.match(/\(/g) ?? []).length !== (expr.match(/\)/g) ?? []).length)
    throw new FakeAwsError(400, 'InvalidRequestException', `Invalid filter expression: ${expr}`);
  const terms = [...expr.matchAll(TERM)].map((m) => ({ name: m[1] ?? m[3] ?? '', type: m[2] }));
  if (terms.length === 0) return () => true;
  const all = /\sAND\s/i.test(expr);
  return (ids) => {
    const hit = (t: { name: string; type?: string }) =>
      ids.some((i) => i.Name === t.name && (!t.type || i.Type === t.type));
    return all ? terms.every(hit) : terms.some(hit);
  };
}

export const xrayHandlers: ServiceHandlers = {
  GetTraceSummaries(p, { scenario }) {
    const start = Number(p.StartTime);
    const end = Number(p.EndTime);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start)
      throw new FakeAwsError(
        400,
        'InvalidRequestException',
        'StartTime and EndTime are required, StartTime first',
      );
    const maxHours = scenario.maxTraceWindowHours;
    if (maxHours && end - start > maxHours * 3600)
      throw new FakeAwsError(400, 'InvalidRequestException', `Time range cannot exceed ${maxHours} hours`);
    const filter = p.FilterExpression as string | undefined;
    const matches = compileFilter(filter);
    const traces = indexOf(scenario.traces ?? []).byStart.filter(
      ({ startTime, ids }) => startTime >= start && startTime <= end && matches(ids),
    );
    const pg = page(traces, p.NextToken, scenario.pageSizes?.traceSummaries ?? 100, { start, end, filter });
    return {
      TraceSummaries: pg.items.map(({ t, startTime, ids }) => ({
        Id: t.Id,
        StartTime: startTime,
        Duration: 0.1,
        ResponseTime: 0.1,
        HasFault: false,
        HasError: false,
        HasThrottle: false,
        IsPartial: false,
        ServiceIds: ids,
        ResourceARNs: [],
      })),
      ApproximateTime: end,
      TracesProcessedCount: traces.length,
      NextToken: pg.next,
    };
  },
  BatchGetTraces(p, { scenario, faults }) {
    const ids = (p.TraceIds as string[] | undefined) ?? [];
    if (ids.length < 1 || ids.length > 5)
      throw new FakeAwsError(
        400,
        'InvalidRequestException',
        `1 validation error detected: Value at 'traceIds' failed to satisfy constraint: Member must have length less than or equal to 5`,
      );
    const unprocessed = faults.take('xray:BatchGetTraces', ['unprocessed']) ? ids.slice(0, 2) : [];
    const { byId } = indexOf(scenario.traces ?? []);
    const traces = ids
      .filter((id) => !unprocessed.includes(id))
      .map((id) => byId.get(id))
      .filter((t): t is FakeTrace => !!t)
      .map((t) => ({
        Id: t.Id,
        Duration: 0.1,
        LimitExceeded: false,
        Segments: t.segments.map((s) => ({ Id: String(s.id), Document: JSON.stringify(s) })),
      }));
    return { Traces: traces, UnprocessedTraceIds: unprocessed };
  },
};
