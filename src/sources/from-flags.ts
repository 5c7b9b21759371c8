// Command-line flags → SourceConfig. Folder, demo and file flags combine: the
// folder's files first, then every file flag added on top.
import { existsSync } from 'node:fs';
import { inputError, usageError } from '../core/errors.js';
import { flag, list, str, type Values } from '../cli-args.js';
import { demoFolder, readAccountFolder } from './account-folder.js';
import { athenaFromFlags } from './cloudtrail/athena-flags.js';
import { lakeFromFlags } from './cloudtrail/lake-flags.js';
import { emptyConfig, hasFileSources, type SourceConfig } from './config.js';

function checkExists(flagName: string, file: string): string {
  if (!existsSync(file)) {
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
  const service = str(values, 'xray-service');
  if (service) config.xrayService = service;

  const profile = str(values, 'profile');
  const region = str(values, 'region');
  const xrayFilter = str(values, 'xray-filter');
  const analyzerAccessRole = str(values, 'analyzer-access-role');
  const lake = lakeFromFlags(values);
  const athena = athenaFromFlags(values);
  const wantsLive = Boolean(profile || region || xrayFilter || analyzerAccessRole || athena || lake);
  if (wantsLive || (!hasFileSources(config) && config.origin === 'files')) {
    config.live = {
      profile,
      region,
      xrayFilter,
      analyzerAccessRole,
      ...(athena ? { athena } : {}),
      ...(lake ? { lake } : {}),
    };
    if (!hasFileSources(config)) config.origin = 'live';
  }
  return config;
}
