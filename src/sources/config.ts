// What the user told us to read: files, an account folder, the demo, or live AWS.
import type { AthenaSettings } from './cloudtrail/athena.js';
import type { LakeSettings } from './cloudtrail/lake.js';
import type { LogsInsightsSettings } from './cloudtrail/logs-insights.js';
import type { SourceId } from '../core/types.js';

export interface LiveConfig {
  profile?: string;
  region?: string;
  xrayFilter?: string;
  analyzerAccessRole?: string;
  /** CloudTrail through Athena (--athena-table ...) instead of LookupEvents / the trail's S3 logs. */
  athena?: AthenaSettings;
  /** CloudTrail through a CloudTrail Lake event data store (--lake-event-data-store); never with athena. */
  lake?: LakeSettings;
  /** CloudTrail delivered to CloudWatch Logs, read with Logs Insights (--cloudtrail-log-group). */
  logsInsights?: LogsInsightsSettings;
}

export interface SourceConfig {
  /** Where the file paths came from, for messages: "demo", "--from DIR", "flags". */
  origin: 'demo' | 'folder' | 'files' | 'live';
  folder?: string;
  authorizationDetails?: string;
  lambdaFunctions?: string;
  /** `aws lambda list-event-source-mappings` output: the platform needs of event sources. */
  eventSourceMappings?: string;
  xrayTraces: string[];
  cloudtrail: string[];
  generatedPolicy: string[];
  unusedFindings: string[];
  /** `iam-refine record` outputs (--csm-events). */
  csmEvents: string[];
  /** Policies iamlive wrote (--iamlive-policy). */
  iamlivePolicy: string[];
  xrayService?: string;
  live?: LiveConfig;
  /** The demo's recording time: relative windows end there, not now. */
  clock?: string;
}

export function emptyConfig(origin: SourceConfig['origin']): SourceConfig {
  return {
    origin,
    xrayTraces: [],
    cloudtrail: [],
    generatedPolicy: [],
    unusedFindings: [],
    csmEvents: [],
    iamlivePolicy: [],
  };
}

export function hasFileSources(c: SourceConfig): boolean {
  return (
    c.authorizationDetails !== undefined ||
    c.xrayTraces.length +
      c.cloudtrail.length +
      c.generatedPolicy.length +
      c.unusedFindings.length +
      c.csmEvents.length +
      c.iamlivePolicy.length >
      0
  );
}

export const SOURCE_LABELS: Record<SourceId, string> = {
  xray: 'X-Ray traces',
  cloudtrail: 'CloudTrail events',
  'access-analyzer': 'Access Analyzer generated policy',
  'unused-findings': 'Access Analyzer unused-access findings',
  'access-advisor': 'IAM Access Advisor',
  'current-policy': 'IAM current policies',
  csm: 'SDK client-side monitoring (recorded)',
  iamlive: 'iamlive policy (recorded)',
  'lambda-config': 'Lambda configuration',
};
