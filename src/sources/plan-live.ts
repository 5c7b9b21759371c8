// The live sources for one role as SourcePlans for gather(): each says up front whether
// it can run (a cheap probe: the role's Lambda functions, an unused-access analyzer, the
// access role) and, if not, why and how to fix it; run() reads AWS.
import { isUserError } from '../core/errors.js';
import type { RoleRef, TimeWindow } from '../core/types.js';
import { safeLine } from '../core/sanitize.js';
import { accessRoleSetupHint, generatePolicyLive } from './access-analyzer/live.js';
import { findUnusedAccessAnalyzer, unusedFindingsLive } from './access-analyzer/live-unused.js';
import { athenaCloudTrail } from './cloudtrail/athena.js';
import { LAKE_LABEL, lakeCloudTrail } from './cloudtrail/lake.js';
import { eventDataStoreRef } from './cloudtrail/lake-sql.js';
import { LOGS_INSIGHTS_LABEL, logsInsightsCloudTrail } from './cloudtrail/logs-insights.js';
import { cloudTrailLive, type CloudTrailMode } from './cloudtrail/live.js';
import { SOURCE_LABELS, type LiveConfig } from './config.js';
import type { RunContext, SourcePlan } from './gather.js';
import { accessAdvisorLive } from './iam/live-access-advisor.js';
import { findRoleLambdaFunctions, gatherXrayLive } from './xray/live.js';
import { platformNeedsLive } from './lambda-config-live.js';
import type { AwsClients } from '../aws/clients.js';
import { isAbortError } from '../aws/errors.js';

export interface LivePlanOptions extends LiveConfig {
  /** `--xray-service`: keep only segments of this name. */
  xrayService?: string;
  cloudtrailMode?: CloudTrailMode;
  /** Polling of Access Advisor and policy generation jobs (defaults: 2 s and 5 s). */
  pollIntervalMs?: number;
  /** Window used when the run gives none (default: the last 7 days). */
  defaultWindowMs?: number;
  now?: () => number;
}

function why(err: unknown): { why: string; fix?: string } {
  if (isUserError(err)) return { why: safeLine(err.message), fix: err.hint };
  return { why: safeLine(err instanceof Error ? err.message : String(err)) };
}

/** Probe that never throws (except on cancel): the error becomes the plan's why/fix. */
async function probe<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await fn() };
  } catch (error) {
    if (isAbortError(error)) throw error;
    return { error };
  }
}

export async function planLiveSources(
  clients: AwsClients,
  role: RoleRef,
  opts: LivePlanOptions = {},
  signal?: AbortSignal,
): Promise<SourcePlan[]> {
  const now = opts.now ?? Date.now;
  const windowOf = (ctx: RunContext): TimeWindow =>
    ctx.window ?? {
      start: new Date(now() - (opts.defaultWindowMs ?? 7 * 86_400_000)).toISOString(),
      end: new Date(now()).toISOString(),
    };
  const region = await clients.xray.config.region();

  const [fns, analyzer] = await Promise.all([
    probe(async () => (opts.xrayFilter ? undefined : findRoleLambdaFunctions(clients, role, signal))),
    probe(() => findUnusedAccessAnalyzer(clients, signal)),
  ]);

  const xray: SourcePlan = {
    id: 'xray',
    label: SOURCE_LABELS.xray,
    available: true,
    detail: opts.xrayFilter
      ? `live, filter ${opts.xrayFilter}`
      : `live, traces of ${fns.value?.length ?? 0} Lambda function(s) in ${region}`,
    run: (ctx) =>
      gatherXrayLive(clients, {
        role: ctx.role,
        window: windowOf(ctx),
        filter: opts.xrayFilter,
        service: opts.xrayService,
        lambdaFunctions: fns.value,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
        now,
      }),
  };
  // A failed lookup (lambda:ListFunctions denied) fails X-Ray; it never drops it silently.
  if (fns.error) Object.assign(xray, { available: false, requested: true }, why(fns.error));
  else if (!opts.xrayFilter && fns.value?.length === 0)
    Object.assign(xray, {
      available: false,
      why: `no Lambda function in ${region} runs as ${role.name}`,
      fix: 'For ECS, EC2 or other compute pass --xray-filter with a filter expression, e.g. service("orders-api").',
    });

  // Platform needs: the configuration of the role's functions (found by the probe above).
  const lambdaConfig: SourcePlan = {
    id: 'lambda-config',
    label: SOURCE_LABELS['lambda-config'],
    available: (fns.value?.length ?? 0) > 0,
    detail: `live, configuration and event source mappings of ${fns.value?.length ?? 0} Lambda function(s) in ${region}`,
    run: (ctx) => platformNeedsLive(clients, ctx.role, ctx.signal),
  };
  if (fns.error) Object.assign(lambdaConfig, why(fns.error));
  else if (!lambdaConfig.available)
    Object.assign(lambdaConfig, {
      why: fns.value
        ? `no Lambda function in ${region} runs as ${role.name}`
        : 'not looked up with --xray-filter',
      fix: 'Platform needs are read for Lambda execution roles; pass --lambda-functions FILE for another region.',
    });

  const cloudtrail: SourcePlan = {
    id: 'cloudtrail',
    label: SOURCE_LABELS.cloudtrail,
    available: true,
    detail:
      opts.cloudtrailMode === 'lookup'
        ? `live, LookupEvents in ${region}`
        : `live, the trail's S3 logs for windows over a day, else LookupEvents in ${region}`,
    run: (ctx) =>
      cloudTrailLive(clients, {
        role: ctx.role,
        window: windowOf(ctx),
        mode: opts.cloudtrailMode,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
        now,
      }),
  };
  const athena = opts.athena;
  if (athena) {
    Object.assign(cloudtrail, {
      detail: `live, Athena table ${athena.table} (workgroup ${athena.workgroup ?? 'primary'})`,
      run: (ctx: RunContext) =>
        athenaCloudTrail(clients, {
          role: ctx.role,
          window: windowOf(ctx),
          athena,
          pollMs: opts.pollIntervalMs,
          signal: ctx.signal,
          onProgress: ctx.onProgress,
          onProblem: ctx.onProblem,
        }),
    });
  }
  const lake = opts.lake;
  if (lake) {
    const store = eventDataStoreRef(lake.eventDataStore);
    Object.assign(cloudtrail, {
      label: LAKE_LABEL,
      detail: `live, CloudTrail Lake event data store ${store.id}`,
      run: (ctx: RunContext) =>
        lakeCloudTrail(clients, {
          role: ctx.role,
          window: windowOf(ctx),
          lake,
          pollMs: opts.pollIntervalMs,
          signal: ctx.signal,
          onProgress: ctx.onProgress,
          onProblem: ctx.onProblem,
        }),
    });
    // Lake queries run in the store's region: say so up front rather than fail on "not found".
    if (store.region && store.region !== region)
      Object.assign(cloudtrail, {
        available: false,
        requested: true,
        why: `the event data store is in ${store.region}, the run's region is ${region}`,
        fix: `Pass --region ${store.region}.`,
      });
  }

  const logsInsights = opts.logsInsights;
  if (logsInsights) {
    Object.assign(cloudtrail, {
      label: LOGS_INSIGHTS_LABEL,
      detail: `live, Logs Insights on log group ${logsInsights.logGroup}`,
      run: (ctx: RunContext) =>
        logsInsightsCloudTrail(clients, {
          role: ctx.role,
          window: windowOf(ctx),
          logs: logsInsights,
          pollMs: opts.pollIntervalMs,
          signal: ctx.signal,
          onProgress: ctx.onProgress,
        }),
    });
  }

  const generation: SourcePlan = {
    id: 'access-analyzer',
    label: SOURCE_LABELS['access-analyzer'],
    available: !!opts.analyzerAccessRole,
    detail: `live, policy generation with ${opts.analyzerAccessRole ?? 'no access role'}`,
    ...(opts.analyzerAccessRole
      ? {}
      : {
          why: 'policy generation needs an access role (one-time setup)',
          fix: accessRoleSetupHint(role.account),
        }),
    run: (ctx) =>
      generatePolicyLive(clients, {
        role: ctx.role,
        window: windowOf(ctx),
        accessRole: opts.analyzerAccessRole,
        pollIntervalMs: opts.pollIntervalMs,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
        now,
      }),
  };

  const unused: SourcePlan = {
    id: 'unused-findings',
    label: SOURCE_LABELS['unused-findings'],
    available: !!analyzer.value,
    detail: analyzer.value ? `live, analyzer ${analyzer.value}` : undefined,
    ...(analyzer.error
      ? { requested: true, ...why(analyzer.error) }
      : analyzer.value
        ? {}
        : {
            why: `no unused-access analyzer in ${region}`,
            fix: `Create one (paid): aws accessanalyzer create-analyzer --analyzer-name unused-access --type ACCOUNT_UNUSED_ACCESS --region ${region}.`,
          }),
    run: (ctx) =>
      unusedFindingsLive(clients, {
        role: ctx.role,
        analyzerArn: analyzer.value,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
      }),
  };

  const advisor: SourcePlan = {
    id: 'access-advisor',
    label: SOURCE_LABELS['access-advisor'],
    available: true,
    detail: 'live, last-accessed times per action',
    run: (ctx) =>
      accessAdvisorLive(clients, {
        role: ctx.role,
        window: windowOf(ctx),
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
      }),
  };

  return [xray, cloudtrail, generation, unused, advisor, lambdaConfig];
}
