// A session keeps where its evidence came from (paths, folder, profile and region; never
// credentials) so that resuming it can gather again from the same place.
import { existsSync } from 'node:fs';
import { demoFolder, readAccountFolder } from './account-folder.js';
import { emptyConfig, type SourceConfig } from './config.js';

export type SourceSettings = Record<string, string | string[] | number | boolean>;

export function configSettings(config: SourceConfig): Record<string, string | string[]> {
  const s: Record<string, string | string[]> = { origin: config.origin };
  if (config.folder && config.origin === 'folder') s.folder = config.folder;
  if (config.origin !== 'demo' && config.origin !== 'folder') {
    if (config.authorizationDetails) s.authorizationDetails = config.authorizationDetails;
    if (config.lambdaFunctions) s.lambdaFunctions = config.lambdaFunctions;
    if (config.eventSourceMappings) s.eventSourceMappings = config.eventSourceMappings;
    for (const key of [
      'xrayTraces',
      'cloudtrail',
      'generatedPolicy',
      'unusedFindings',
      'csmEvents',
      'iamlivePolicy',
    ] as const) {
      if (config[key].length) s[key] = config[key];
    }
  }
  if (config.xrayService) s.xrayService = config.xrayService;
  if (config.live?.profile) s.profile = config.live.profile;
  if (config.live?.region) s.region = config.live.region;
  if (config.live?.xrayFilter) s.xrayFilter = config.live.xrayFilter;
  if (config.live?.lake) s.lakeEventDataStore = config.live.lake.eventDataStore;
  if (config.live?.logsInsights) s.cloudtrailLogGroup = config.live.logsInsights.logGroup;
  const athena = config.live?.athena;
  if (athena) {
    s.athenaTable = athena.table;
    if (athena.workgroup) s.athenaWorkgroup = athena.workgroup;
    if (athena.output) s.athenaOutput = athena.output;
    if (athena.partitionColumn !== undefined) s.athenaPartitionColumn = athena.partitionColumn;
  }
  return s;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The SourceConfig a session was gathered with, from the settings its sources kept;
 * undefined when it kept none (an older session) or its files are gone.
 */
export function configFromSettings(all: SourceSettings[]): SourceConfig | undefined {
  const s = all.find((x) => typeof x.origin === 'string');
  if (!s) return undefined;
  const origin = s.origin;
  if (origin === 'demo') return readAccountFolder(demoFolder(), 'demo');
  if (origin === 'folder') {
    const folder = asString(s.folder);
    return folder && existsSync(folder) ? readAccountFolder(folder, 'folder') : undefined;
  }
  const config = emptyConfig(origin === 'live' ? 'live' : 'files');
  config.authorizationDetails = asString(s.authorizationDetails);
  config.lambdaFunctions = asString(s.lambdaFunctions);
  config.eventSourceMappings = asString(s.eventSourceMappings);
  config.xrayTraces = asList(s.xrayTraces);
  config.cloudtrail = asList(s.cloudtrail);
  config.generatedPolicy = asList(s.generatedPolicy);
  config.unusedFindings = asList(s.unusedFindings);
  config.csmEvents = asList(s.csmEvents);
  config.iamlivePolicy = asList(s.iamlivePolicy);
  config.xrayService = asString(s.xrayService);
  const profile = asString(s.profile);
  const region = asString(s.region);
  const xrayFilter = asString(s.xrayFilter);
  const lakeStore = asString(s.lakeEventDataStore);
  const athenaTable = asString(s.athenaTable);
  const logGroup = asString(s.cloudtrailLogGroup);
  if (origin === 'live' || profile || region || xrayFilter || lakeStore || athenaTable || logGroup) {
    config.live = { profile, region, xrayFilter };
    if (logGroup) config.live.logsInsights = { logGroup };
    // The CloudTrail engine the session was gathered with, so a resume queries it again.
    if (lakeStore) config.live.lake = { eventDataStore: lakeStore };
    if (athenaTable)
      config.live.athena = {
        table: athenaTable,
        workgroup: asString(s.athenaWorkgroup),
        output: asString(s.athenaOutput),
        partitionColumn: asString(s.athenaPartitionColumn),
      };
  }
  const paths = [
    config.authorizationDetails,
    config.lambdaFunctions,
    config.eventSourceMappings,
    ...config.xrayTraces,
    ...config.cloudtrail,
  ];
  if (paths.some((p) => p !== undefined && !existsSync(p))) return undefined;
  return config;
}
