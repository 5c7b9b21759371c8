// Plans the offline sources for one role: which files each reads, or why it cannot run.
import path from 'node:path';
import type { LambdaFunctionInfo } from './xray/index.js';
import { readXrayTraceFiles } from './xray/index.js';
import { readCloudTrail } from './cloudtrail/index.js';
import { readGeneratedPolicies, readUnusedFindings } from './access-analyzer/index.js';
import type { SourceConfig } from './config.js';
import { readCsmEvents, readIamlivePolicy } from './csm/read.js';
import { SOURCE_LABELS } from './config.js';
import type { SourcePlan } from './gather.js';
import { configSettings } from './session-config.js';
import { readPlatformNeeds } from './lambda-config.js';

function names(files: string[]): string {
  const shown = files.slice(0, 3).map((f) => path.basename(f));
  return files.length > 3 ? `${shown.join(', ')} and ${files.length - 3} more` : shown.join(', ');
}

export function planFileSources(
  config: SourceConfig,
  lambdaFunctions: LambdaFunctionInfo[] | undefined,
): SourcePlan[] {
  const plans: SourcePlan[] = [];
  const settings = configSettings(config);
  const { xrayTraces, cloudtrail, generatedPolicy, unusedFindings } = config;
  plans.push({
    id: 'xray',
    label: SOURCE_LABELS.xray,
    available: xrayTraces.length > 0,
    why: xrayTraces.length ? undefined : 'no X-Ray traces file given',
    fix: 'Export traces with aws xray batch-get-traces and pass --xray-traces FILE.',
    detail: names(xrayTraces),
    run: (ctx) =>
      readXrayTraceFiles(xrayTraces, {
        role: ctx.role,
        service: config.xrayService,
        lambdaFunctions,
        window: ctx.window,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
      }),
  });
  plans.push({
    id: 'cloudtrail',
    label: SOURCE_LABELS.cloudtrail,
    available: cloudtrail.length > 0,
    why: cloudtrail.length ? undefined : 'no CloudTrail logs given',
    fix: 'Copy the trail bucket (aws s3 sync s3://BUCKET/AWSLogs ./AWSLogs) and pass --cloudtrail ./AWSLogs.',
    detail: names(cloudtrail),
    run: (ctx) =>
      readCloudTrail(cloudtrail, {
        role: ctx.role,
        window: ctx.window,
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        onProblem: ctx.onProblem,
      }),
  });
  plans.push({
    id: 'access-analyzer',
    label: SOURCE_LABELS['access-analyzer'],
    available: generatedPolicy.length > 0,
    why: generatedPolicy.length ? undefined : 'no Access Analyzer generated policy given',
    fix: 'Run aws accessanalyzer get-generated-policy --job-id ID > gen.json and pass --generated-policy gen.json.',
    detail: names(generatedPolicy),
    run: (ctx) => readGeneratedPolicies(generatedPolicy, { role: ctx.role }),
  });
  plans.push({
    id: 'unused-findings',
    label: SOURCE_LABELS['unused-findings'],
    available: unusedFindings.length > 0,
    why: unusedFindings.length ? undefined : 'no unused-access findings given',
    fix: 'Run aws accessanalyzer get-finding-v2 for the role and pass --unused-findings FILE.',
    detail: names(unusedFindings),
    run: (ctx) => readUnusedFindings(unusedFindings, { role: ctx.role }),
  });
  const functions = config.lambdaFunctions;
  plans.push({
    id: 'lambda-config',
    label: SOURCE_LABELS['lambda-config'],
    available: functions !== undefined,
    why: functions ? undefined : 'no Lambda function configurations given',
    fix: 'Run aws lambda list-functions > lambda-functions.json (and aws lambda list-event-source-mappings > event-source-mappings.json) and pass --lambda-functions / --event-source-mappings.',
    detail: names([functions, config.eventSourceMappings].filter((f): f is string => !!f)),
    run: (ctx) =>
      readPlatformNeeds({ functions: functions!, mappings: config.eventSourceMappings }, ctx.role),
  });
  const { csmEvents, iamlivePolicy } = config;
  // Local recordings: offered only when given (they describe a run, not the account).
  if (csmEvents.length > 0) {
    plans.push({
      id: 'csm',
      label: SOURCE_LABELS.csm,
      available: true,
      detail: names(csmEvents),
      run: (ctx) => readCsmEvents(csmEvents, { role: ctx.role, window: ctx.window }),
    });
  }
  if (iamlivePolicy.length > 0) {
    plans.push({
      id: 'iamlive',
      label: SOURCE_LABELS.iamlive,
      available: true,
      detail: names(iamlivePolicy),
      run: (ctx) => readIamlivePolicy(iamlivePolicy, { role: ctx.role }),
    });
  }
  return plans.map((p) => ({ ...p, settings }));
}
