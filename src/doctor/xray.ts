// X-Ray: the role's Lambda functions have active tracing, and traces exist in the last
// day (for the role's functions, the --xray-filter expression, or the whole account).
import { paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { paginateGetTraceSummaries } from '@aws-sdk/client-xray';
import type { AwsClients } from '../aws/clients.js';
import { safeLine } from '../core/sanitize.js';
import type { RoleRef } from '../core/types.js';
import { isSameRole } from '../sources/xray/lambda-functions.js';
import { lambdaFilterExpressions } from '../sources/xray/live.js';
import { attempt, failedCall } from './outcome.js';
import type { CheckContext, CheckLine } from './types.js';

const LABEL = 'X-Ray';
const DAY_MS = 86_400_000;
/** X-Ray's longest window per call is not documented: ask in 6-hour slices, newest first. */
const SLICE_MS = 6 * 3_600_000;
/** X-Ray may answer empty pages while it scans: follow a few before saying there is none. */
const MAX_PAGES = 5;

/** Whether any trace matches one of the filters in the 24 hours before `now`. */
export async function tracesInLastDay(
  clients: AwsClients,
  now: number,
  filters: (string | undefined)[],
): Promise<boolean> {
  for (let end = now; end > now - DAY_MS; end -= SLICE_MS) {
    const StartTime = new Date(Math.max(end - SLICE_MS, now - DAY_MS));
    for (const FilterExpression of filters) {
      let pages = 0;
      for await (const page of paginateGetTraceSummaries(
        { client: clients.xray },
        { StartTime, EndTime: new Date(end), FilterExpression },
      )) {
        if ((page.TraceSummaries ?? []).length > 0) return true;
        if (++pages >= MAX_PAGES) break;
      }
    }
  }
  return false;
}

export interface XrayCheckOptions {
  role?: RoleRef;
  xrayFilter?: string;
}

export function tracingFix(names: string[], region: string): string {
  return [
    'Turn on active tracing (console: Lambda > Functions > FUNCTION > Configuration > Monitoring and operations tools > Edit > Active tracing), or:',
    ...names.map(
      (n) =>
        `  aws lambda update-function-configuration --function-name ${n} --tracing-config Mode=Active --region ${region}`,
    ),
    "The function's role also needs xray:PutTraceSegments and xray:PutTelemetryRecords (the AWSXRayDaemonWriteAccess managed policy).",
  ].join('\n');
}

export async function checkXray(
  clients: AwsClients,
  ctx: CheckContext,
  opts: XrayCheckOptions,
): Promise<CheckLine> {
  const fail = (action: string, err: unknown) =>
    failedCall('xray', LABEL, action, err, clients.settings.profile);
  const line = (state: CheckLine['state'], detail: string, fix?: string): CheckLine => ({
    source: 'xray',
    label: LABEL,
    state,
    detail,
    fix,
  });
  const anyTrace = async (filters: (string | undefined)[]) =>
    attempt(fail, 'xray:GetTraceSummaries', () => tracesInLastDay(clients, ctx.now(), filters));
  const role = opts.role;
  if (opts.xrayFilter || !role) {
    const found = await anyTrace([opts.xrayFilter]);
    if ('line' in found) return found.line;
    const what = opts.xrayFilter ? `matching ${safeLine(opts.xrayFilter)}` : `in ${ctx.region}`;
    return found.value
      ? line('ok', `traces ${what} in the last 24 h`)
      : line(
          'missing',
          `no trace ${what} in the last 24 h`,
          opts.xrayFilter
            ? 'Try the expression in the console (X-Ray > Traces), check the service is instrumented and sampled (X-Ray > Sampling rules).'
            : 'Instrument the service (Lambda: active tracing; ECS/EC2: the X-Ray or ADOT SDK and daemon), then pass --role to check its functions.',
        );
  }
  const listed = await attempt(fail, 'lambda:ListFunctions', async () => {
    const all: FunctionConfiguration[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda }, {}))
      all.push(...(page.Functions ?? []));
    return all.filter((f) => f.Role && isSameRole(f.Role, role.arn));
  });
  if ('line' in listed) return listed.line;
  const fns = listed.value;
  if (fns.length === 0)
    return line(
      'missing',
      `no Lambda function in ${ctx.region} runs as ${safeLine(role.name)}`,
      'For ECS, EC2 or other compute pass --xray-filter with a filter expression, e.g. service("orders-api"); for functions in another region pass --region.',
    );
  const names = fns.map((f) => safeLine(f.FunctionName ?? ''));
  const active = fns.filter((f) => f.TracingConfig?.Mode === 'Active');
  const inactive = fns.filter((f) => f.TracingConfig?.Mode !== 'Active').map((f) => f.FunctionName ?? '');
  if (active.length === 0)
    return line(
      'missing',
      `none of the ${fns.length} Lambda function(s) of ${safeLine(role.name)} has active tracing (${names.join(', ')})`,
      tracingFix(inactive, ctx.region),
    );
  const expressions = lambdaFilterExpressions(
    active.map((f) => ({ name: f.FunctionName ?? '', arn: f.FunctionArn ?? '', role: f.Role ?? '' })),
  );
  const found = await anyTrace(expressions);
  if ('line' in found) return found.line;
  const traced = `${active.length} of ${fns.length} function(s) traced`;
  if (!found.value)
    return line(
      'missing',
      `${traced}, but no trace in the last 24 h`,
      'Invoke the function(s), or check the sampling rules (console: X-Ray > Sampling rules; the default samples the first request each second and 5% more).',
    );
  return line(
    'ok',
    `${traced}; traces in the last 24 h`,
    inactive.length ? tracingFix(inactive, ctx.region) : undefined,
  );
}
