// Live X-Ray: find the role's traces (its Lambda functions, or a user filter expression),
// page GetTraceSummaries over chunks of the window, fetch BatchGetTraces 5 ids at a time
// with bounded concurrency while listing goes on, retry unprocessed ids, and map every
// trace with the same pure function as the file reader.
import { paginateListFunctions } from '@aws-sdk/client-lambda';
import { BatchGetTracesCommand, GetTraceSummariesCommand } from '@aws-sdk/client-xray';
import type { AwsClients } from '../../aws/clients.js';
import { Semaphore } from '../../aws/concurrency.js';
import { callAws } from '../../aws/errors.js';
import { reporter, splitWindow } from '../../aws/progress.js';
import { EvidenceAccumulator } from '../../core/aggregate.js';
import { UserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { evidenceFromTrace } from './evidence.js';
import { functionsOfRole, parseLambdaFunctions, type LambdaFunctionInfo } from './lambda-functions.js';
import { asSegmentDoc, type SegmentDoc } from './segments.js';

export const BATCH_SIZE = 5;
export const XRAY_RETENTION_MS = 30 * 86_400_000;
const MAX_UNPROCESSED_ROUNDS = 3;

export interface XrayLiveOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  /** `--xray-filter`: the user's expression (ECS, EC2, other) instead of the Lambda lookup. */
  filter?: string;
  /** `--xray-service`: keep only segments of this name. */
  service?: string;
  /** Already known functions (skips ListFunctions). */
  lambdaFunctions?: LambdaFunctionInfo[];
  /** X-Ray calls in flight at most (default 8). */
  concurrency?: number;
  /** GetTraceSummaries window per call (default 6 h). */
  chunkMs?: number;
  /** Functions per filter expression (default 10). */
  functionsPerFilter?: number;
  now?: () => number;
}

/** Lambda functions (in the client's region) whose execution role is the role. */
export async function findRoleLambdaFunctions(
  clients: AwsClients,
  role: RoleRef,
  signal?: AbortSignal,
): Promise<LambdaFunctionInfo[]> {
  return callAws({ action: 'lambda:ListFunctions', profile: clients.settings.profile }, async () => {
    const all: LambdaFunctionInfo[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda }, {}, { abortSignal: signal }))
      all.push(...parseLambdaFunctions('lambda:ListFunctions', page.Functions ?? []));
    return functionsOfRole(all, role.arn);
  });
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One `service(id(name, type))` term per function, OR-ed, a few functions per expression. */
export function lambdaFilterExpressions(functions: LambdaFunctionInfo[], perExpression = 10): string[] {
  const out: string[] = [];
  for (let i = 0; i < functions.length; i += perExpression)
    out.push(
      functions
        .slice(i, i + perExpression)
        .map((f) => `service(id(name: ${quote(f.name)}, type: "AWS::Lambda::Function"))`)
        .join(' OR '),
    );
  return out;
}

/** The window X-Ray can still answer for (traces are kept 30 days). */
export function retainedWindow(window: TimeWindow, now: number): TimeWindow | undefined {
  const start = Math.max(Date.parse(window.start), now - XRAY_RETENTION_MS);
  const end = Math.min(Date.parse(window.end), now);
  return end > start ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() } : undefined;
}

function noFunctionsError(role: RoleRef, region: string): UserError {
  return new UserError(
    'aws',
    `no Lambda function in ${region} runs as ${role.name}, so X-Ray cannot find its traces`,
    {
      hint: 'For ECS, EC2 or other compute pass --xray-filter with a filter expression, e.g. service("orders-api"), and --xray-service to keep that service\'s segments.',
    },
  );
}

export async function gatherXrayLive(clients: AwsClients, opts: XrayLiveOptions): Promise<Evidence[]> {
  const report = reporter(opts, 'xray', 'X-Ray traces', 'traces');
  const profile = clients.settings.profile;
  const outer = opts.signal;
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stop.signal;
  try {
    report({ message: opts.filter ? 'listing traces' : "finding the role's Lambda functions" });
    let functions = opts.lambdaFunctions;
    let filters: string[];
    if (opts.filter) filters = [opts.filter];
    else {
      functions ??= await findRoleLambdaFunctions(clients, opts.role, signal);
      functions = functionsOfRole(functions, opts.role.arn);
      if (functions.length === 0) throw noFunctionsError(opts.role, await clients.lambda.config.region());
      filters = lambdaFilterExpressions(functions, opts.functionsPerFilter);
    }
    const retained = retainedWindow(opts.window, (opts.now ?? Date.now)());
    if (!retained) {
      report({ state: 'done', message: 'the window is older than X-Ray keeps traces (30 days)' });
      return [];
    }
    const clipped = retained.start !== opts.window.start ? ' (X-Ray keeps 30 days: window clipped)' : '';
    const selection = {
      role: opts.role,
      service: opts.service,
      window: opts.window,
      lambdaFunctions: opts.filter ? undefined : functions,
    };

    const sem = new Semaphore(opts.concurrency ?? 8);
    const acc = new EvidenceAccumulator();
    const seen = new Set<string>();
    const rounds = new Map<string, number>();
    const pending: string[] = [];
    const fetches: Promise<void>[] = [];
    let listing = true;
    let done = 0;
    let skipped = 0;
    let badSegments = 0;
    const progress = () =>
      report({
        done,
        total: seen.size - skipped,
        message: `${listing ? 'listing traces, ' : ''}${done} of ${seen.size - skipped} fetched${clipped}`,
      });

    const fetchBatch = async (ids: string[]): Promise<void> => {
      let token: string | undefined;
      do {
        const out = await sem.run(() =>
          callAws({ action: 'xray:BatchGetTraces', profile }, () =>
            clients.xray.send(new BatchGetTracesCommand({ TraceIds: ids, NextToken: token }), {
              abortSignal: signal,
            }),
          ),
        );
        for (const trace of out.Traces ?? []) {
          const segments = trace.Segments ?? [];
          const docs = segments.map((s) => asSegmentDoc(s.Document)).filter((d): d is SegmentDoc => !!d);
          badSegments += segments.length - docs.length;
          acc.addAll(evidenceFromTrace(trace.Id ?? '', docs, selection));
          done++;
        }
        for (const id of out.UnprocessedTraceIds ?? []) {
          const round = (rounds.get(id) ?? 0) + 1;
          rounds.set(id, round);
          if (round > MAX_UNPROCESSED_ROUNDS) skipped++;
          else pending.push(id);
        }
        token = out.NextToken;
      } while (token);
      progress();
      pump();
    };
    const pump = (): void => {
      while (pending.length >= BATCH_SIZE || (!listing && pending.length > 0)) {
        const fetch = fetchBatch(pending.splice(0, BATCH_SIZE));
        // Handled at once (a failure stops the rest); awaited again below.
        fetch.catch((e: unknown) => stop.abort(e));
        fetches.push(fetch);
      }
    };
    const list = async (range: { start: Date; end: Date }, filter: string): Promise<void> => {
      let token: string | undefined;
      do {
        const out = await sem.run(() =>
          callAws({ action: 'xray:GetTraceSummaries', profile }, () =>
            clients.xray.send(
              new GetTraceSummariesCommand({
                StartTime: range.start,
                EndTime: range.end,
                TimeRangeType: 'TraceId',
                FilterExpression: filter,
                NextToken: token,
              }),
              { abortSignal: signal },
            ),
          ),
        );
        for (const s of out.TraceSummaries ?? [])
          if (s.Id && !seen.has(s.Id)) {
            seen.add(s.Id);
            pending.push(s.Id);
          }
        token = out.NextToken;
        progress();
        pump();
      } while (token);
    };

    const ranges = splitWindow(retained, opts.chunkMs ?? 6 * 3_600_000);
    const failFast = <T>(p: Promise<T>) => p.catch((e: unknown) => (stop.abort(e), Promise.reject(e)));
    await Promise.all(ranges.flatMap((r) => filters.map((f) => failFast(list(r, f)))));
    listing = false;
    pump();
    // A fetch may queue more (unprocessed ids): the list grows while we drain it.
    for (let i = 0; i < fetches.length; i++) await fetches[i];
    if (skipped)
      opts.onProblem?.({
        message: `${skipped} traces stayed unprocessed after ${MAX_UNPROCESSED_ROUNDS} retries of BatchGetTraces`,
        fix: 'Run again later: X-Ray had not finished processing them.',
      });
    if (badSegments)
      opts.onProblem?.({
        message: `${badSegments} segment document${badSegments > 1 ? 's' : ''} could not be read (not a segment JSON object)`,
      });
    const tail = skipped
      ? `; ${skipped} traces stayed unprocessed after ${MAX_UNPROCESSED_ROUNDS} retries`
      : '';
    report({ state: 'done', done, total: seen.size, message: `${done} traces read${clipped}${tail}` });
    return acc.result();
  } catch (err) {
    // The first failure stops the other calls; report that one, not their cancellations.
    if (!outer?.aborted && stop.signal.aborted && stop.signal.reason instanceof Error)
      throw stop.signal.reason;
    throw err;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
