// --lake-event-data-store → the Lake settings of the live CloudTrail source, checked
// before any AWS call. Lake and Athena are two engines for one source: not both.
import { usageError } from '../../core/errors.js';
import { str, type Values } from '../../cli-args.js';
import type { LakeSettings } from './lake.js';
import type { LogsInsightsSettings } from './logs-insights.js';
import { eventDataStoreRef } from './lake-sql.js';

export function lakeFromFlags(values: Values): LakeSettings | undefined {
  const eventDataStore = str(values, 'lake-event-data-store');
  if (eventDataStore === undefined) return undefined;
  if (str(values, 'athena-table')) {
    throw usageError(
      '--lake-event-data-store and --athena-table cannot be combined',
      'CloudTrail is read through one engine: keep --lake-event-data-store for CloudTrail Lake, or the --athena-* flags for Athena.',
    );
  }
  eventDataStoreRef(eventDataStore); // Fails now, with the flag named, rather than after the query starts.
  return { eventDataStore };
}

/** --cloudtrail-log-group: CloudTrail through Logs Insights; one engine per run, like Lake and Athena. */
export function logsInsightsFromFlags(values: Values): LogsInsightsSettings | undefined {
  const logGroup = str(values, 'cloudtrail-log-group');
  if (logGroup === undefined) return undefined;
  const other = ['athena-table', 'lake-event-data-store'].find((f) => str(values, f));
  if (other) {
    throw usageError(
      `--cloudtrail-log-group and --${other} cannot be combined`,
      'CloudTrail is read through one engine: Logs Insights, Athena or CloudTrail Lake.',
    );
  }
  if (!/^[\w#/.-]{1,512}$/.test(logGroup))
    throw usageError(
      `--cloudtrail-log-group ${logGroup} is not a log group name`,
      'Log group names hold letters, digits, _ - / . and #.',
    );
  return { logGroup };
}
