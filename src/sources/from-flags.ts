// Command-line flags → SourceConfig. Folder, demo and file flags combine: the
// folder's files first, then every file flag added on top.
import { existsSync } from 'node:fs';
import { inputError, usageError } from '../core/errors.js';
import { flag, list, str, type Values } from '../cli-args.js';
import { demoFolder, readAccountFolder } from './account-folder.js';
import { athenaFromFlags } from './cloudtrail/athena-flags.js';
import { lakeFromFlags, logsInsightsFromFlags } from './cloudtrail/lake-flags.js';
import { emptyConfig, hasFileSources, type SourceConfig } from './config.js';
import { checkOneStdin, STDIN } from './input-stream.js';

function checkExists(flagName: string, file: string): string {
  if (file !== STDIN && !existsSync(file)) {
    throw inputError(
      `${flagName} ${file}`,
      'no such file or folder',
      'Check the path; relative paths start from the current folder.',
    );
  }
  return file;
}

export function sourceConfigFromFlags(values: Values): SourceConfig {
  const from = str(values, 'from');
  if (flag(values, 'demo') && from)
    throw usageError('--demo and --from cannot be combined', 'Use one account folder.');
  let config: SourceConfig;
  if (flag(values, 'demo')) config = readAccountFolder(demoFolder(), 'demo');
  else if (from) config = readAccountFolder(from, 'folder');
  else config = emptyConfig('files');

  checkOneStdin(
    [
      'authorization-details',
      'lambda-functions',
      'xray-traces',
      'cloudtrail',
      'generated-policy',
      'unused-findings',
    ].map((f) => [`--${f}`, list(values, f)]),
  );
  const authz = str(values, 'authorization-details');
  if (authz) config.authorizationDetails = checkExists('--authorization-details', authz);
  const lambdas = str(values, 'lambda-functions');
  if (lambdas) config.lambdaFunctions = checkExists('--lambda-functions', lambdas);
  const mappings = str(values, 'event-source-mappings');
  if (mappings) config.eventSourceMappings = checkExists('--event-source-mappings', mappings);
  config.xrayTraces.push(...list(values, 'xray-traces').map((f) => checkExists('--xray-traces', f)));
  config.cloudtrail.push(...list(values, 'cloudtrail').map((f) => checkExists('--cloudtrail', f)));
  config.generatedPolicy.push(
    ...list(values, 'generated-policy').map((f) => checkExists('--generated-policy', f)),
  );
  config.unusedFindings.push(
    ...list(values, 'unused-findings').map((f) => checkExists('--unused-findings', f)),
  );
  config.csmEvents.push(...list(values, 'csm-events').map((f) => checkExists('--csm-events', f)));
  config.iamlivePolicy.push(...list(values, 'iamlive-policy').map((f) => checkExists('--iamlive-policy', f)));
  const service = str(values, 'xray-service');
  if (service) config.xrayService = service;

  const profile = str(values, 'profile');
  const region = str(values, 'region');
  const xrayFilter = str(values, 'xray-filter');
  const analyzerAccessRole = str(values, 'analyzer-access-role');
  const lake = lakeFromFlags(values);
  const athena = athenaFromFlags(values);
  const logsInsights = logsInsightsFromFlags(values);
  const wantsLive = Boolean(
    profile || region || xrayFilter || analyzerAccessRole || athena || lake || logsInsights,
  );
  if (wantsLive || (!hasFileSources(config) && config.origin === 'files')) {
    config.live = {
      profile,
      region,
      xrayFilter,
      analyzerAccessRole,
      ...(athena ? { athena } : {}),
      ...(lake ? { lake } : {}),
      ...(logsInsights ? { logsInsights } : {}),
    };
    if (!hasFileSources(config)) config.origin = 'live';
  }
  return config;
}
