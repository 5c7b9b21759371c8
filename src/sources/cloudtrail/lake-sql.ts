// The one CloudTrail Lake query: the same calls and the same grouping as the Athena query
// (athena-sql.ts), written for Lake's schema: FROM the event data store's ID, eventTime a
// timestamp, requestParameters and responseElements maps of strings (nested values as
// JSON text), readOnly a boolean. Pure; user values are escaped literals, the store ID
// is validated, so nothing typed can change the query's shape.
import { inputError } from '../../core/errors.js';
import type { RoleRef, TimeWindow } from '../../core/types.js';
import { principalFilter, RESPONSE_ARN_PATTERN, SAMPLE_IDS, sqlString } from './athena-sql.js';

/** An event data store ID as AWS makes them (a UUID; letters, digits and hyphens). */
const STORE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9-]{1,126})[A-Za-z0-9]$/;
const STORE_ARN = /^arn:([a-z-]+):cloudtrail:([a-z0-9-]+):(\d{12}):eventdatastore\/(.+)$/;

export interface EventDataStoreRef {
  id: string;
  /** From an ARN: where the store lives (queries must run in that region). */
  region?: string;
  account?: string;
}

/** `--lake-event-data-store` value (an ID or an ARN) → the ID the query reads FROM. */
export function eventDataStoreRef(value: string): EventDataStoreRef {
  const arn = STORE_ARN.exec(value);
  const id = arn ? arn[4]! : value;
  if (!STORE_ID.test(id)) {
    throw inputError(
      '--lake-event-data-store',
      `"${value}" is not an event data store ID or ARN.`,
      'Give the ID (e.g. EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE) or the ARN arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID, as `aws cloudtrail list-event-data-stores` shows them.',
    );
  }
  return arn ? { id, region: arn[2], account: arn[3] } : { id };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Lake's timestamp literal: 'YYYY-MM-DD HH:MM:SS' (UTC), as the AWS examples write it. */
export function lakeTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/**
 * CloudTrail times are whole seconds, so rounding the start up and the end down to the
 * second keeps exactly the events of the window (the literal has no fraction).
 */
export function lakeWindowFilter(window: TimeWindow): string[] {
  const [s, e] = [Date.parse(window.start), Date.parse(window.end)];
  if (Number.isNaN(s) || Number.isNaN(e) || e < s) {
    throw inputError('--window', `the window ${window.start} .. ${window.end} is not a valid range.`);
  }
  return [
    `eventTime >= ${sqlString(lakeTimestamp(Math.ceil(s / 1000) * 1000))}`,
    `eventTime <= ${sqlString(lakeTimestamp(Math.floor(e / 1000) * 1000))}`,
  ];
}

export interface LakeQueryOptions {
  /** The store's ID or ARN. */
  eventDataStore: string;
  role: RoleRef;
  window: TimeWindow;
}

/**
 * Result columns are those of the Athena query (ATHENA_COLUMNS), lowercased aliases, so
 * one row mapper serves both. Response ARNs: a top-level value that is an ARN, or the
 * quoted ARNs inside a nested value's JSON text, sorted so equal calls group together.
 */
export function buildLakeQuery(opts: LakeQueryOptions): string {
  const { id } = eventDataStoreRef(opts.eventDataStore);
  const arnPattern = sqlString(RESPONSE_ARN_PATTERN);
  const keys: [string, string][] = [
    ['eventSource', 'eventsource'],
    ['eventName', 'eventname'],
    ['errorCode', 'errorcode'],
    ['errorMessage', 'errormessage'],
    ['awsRegion', 'awsregion'],
    ['recipientAccountId', 'recipientaccountid'],
    ['CAST(readOnly AS varchar)', 'readonly'],
    ['json_format(CAST(requestParameters AS JSON))', 'requestparameters'],
    ["array_join(transform(resources, r -> r.arn), ' ')", 'resource_arns'],
    [
      `array_join(array_sort(flatten(transform(map_values(responseElements), v -> ` +
        `IF(v LIKE 'arn:%', ARRAY[v], regexp_extract_all(v, ${arnPattern}, 1))))), ' ')`,
      'response_arns',
    ],
  ];
  const select = [
    ...keys.map(([expr, alias]) => `${expr} AS ${alias}`),
    'count(*) AS calls',
    'min(eventTime) AS first_seen',
    'max(eventTime) AS last_seen',
    `array_join(slice(array_agg(eventID), 1, ${SAMPLE_IDS}), ' ') AS sample_ids`,
  ];
  const where = [
    principalFilter(opts.role),
    "(eventType IS NULL OR eventType = 'AwsApiCall')",
    ...lakeWindowFilter(opts.window),
  ];
  return [
    `SELECT ${select.join(',\n  ')}`,
    `FROM ${id}`,
    `WHERE ${where.join('\n  AND ')}`,
    `GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`,
    'ORDER BY eventsource, eventname',
  ].join('\n');
}
