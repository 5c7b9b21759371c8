// The one Athena query the CloudTrail-over-S3 backend runs: calls by the role in the
// window, aggregated by the engine to one row per distinct call shape (source, name,
// error, region, account, parameters, resources) with counts, first/last time and a few
// event ids. Pure: every user value becomes an escaped string literal, identifiers are
// validated, so nothing the user types can change the query's shape.
import { inputError } from '../../core/errors.js';
import type { RoleRef, TimeWindow } from '../../core/types.js';
import { principalOf } from './principal.js';

export interface AthenaQueryOptions {
  /** `db.table` or `catalog.db.table`. */
  table: string;
  role: RoleRef;
  window: TimeWindow;
  /** Partition column holding 'yyyy/MM/dd' (the documented projection); null: the table has none. */
  partitionColumn?: string | null;
}

/** Result columns, in order; the reader reads rows by these names. */
export const ATHENA_COLUMNS = [
  'eventsource',
  'eventname',
  'errorcode',
  'errormessage',
  'awsregion',
  'recipientaccountid',
  'readonly',
  'requestparameters',
  'resource_arns',
  'response_arns',
  'calls',
  'first_seen',
  'last_seen',
  'sample_ids',
] as const;
export type AthenaColumn = (typeof ATHENA_COLUMNS)[number];

export const DEFAULT_PARTITION_COLUMN = 'timestamp';
export const SAMPLE_IDS = 5;
/** Response ARNs as Athena extracts them (the fake applies the same pattern). */
export const RESPONSE_ARN_PATTERN = '"(arn:[^"]+)"';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** 'it''s': the only escape a Presto/Trino string literal needs. */
export function sqlString(value: string): string {
  if (value.includes('\u0000')) throw inputError('Athena query', 'a value contains a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A validated, double-quoted identifier (column or table part). */
export function sqlIdentifier(name: string, what = 'identifier'): string {
  if (!IDENT.test(name)) {
    throw inputError(
      `--athena-table / --athena-partition-column`,
      `"${name}" is not a valid ${what}: use letters, digits and underscores.`,
    );
  }
  return `"${name.toLowerCase()}"`;
}

export function sqlTable(table: string): string {
  const parts = table.split('.');
  if (parts.length < 2 || parts.length > 3) {
    throw inputError('--athena-table', `"${table}" should be database.table (or catalog.database.table).`);
  }
  return parts.map((p) => sqlIdentifier(p, 'table name part')).join('.');
}

/** '2026-11-02T10:00:00.000Z' → '2026/11/02' (the projected partition's format). */
export function partitionDay(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw inputError('--window', `"${iso}" is not a date.`);
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
}

/**
 * The role's sessions: the issuer ARN's last path segment is the role name (any path,
 * any case) in the role's account; records without an issuer fall back on the
 * assumed-role ARN, as the file reader does. An IAM user is matched on its own ARN.
 */
export function principalFilter(role: RoleRef): string {
  const who = principalOf(role);
  const name = sqlString(who.name);
  const acct = (arn: string) =>
    who.account ? ` AND split_part(${arn}, ':', 5) = ${sqlString(who.account)}` : '';
  const issuer = 'useridentity.sessioncontext.sessionissuer.arn';
  const lastOf = (arn: string) => `lower(element_at(split(${arn}, '/'), -1))`;
  if (who.kind === 'user') {
    return `(${lastOf('useridentity.arn')} = ${name} AND useridentity.arn LIKE 'arn:%:iam::%:user/%'${acct('useridentity.arn')})`;
  }
  return [
    `((${issuer} LIKE 'arn:%:iam::%:role/%' AND ${lastOf(issuer)} = ${name}${acct(issuer)})`,
    ` OR (${issuer} IS NULL AND useridentity.type = 'AssumedRole'`,
    ` AND lower(element_at(split(useridentity.arn, '/'), 2)) = ${name}${acct('useridentity.arn')}))`,
  ].join('');
}

export function windowFilter(window: TimeWindow, partitionColumn: string | null): string[] {
  const [s, e] = [Date.parse(window.start), Date.parse(window.end)];
  if (Number.isNaN(s) || Number.isNaN(e) || e < s) {
    throw inputError('--window', `the window ${window.start} .. ${window.end} is not a valid range.`);
  }
  const [start, end] = [new Date(s).toISOString(), new Date(e).toISOString()];
  const out: string[] = [];
  // The partition bounds let Athena skip every day outside the window (bytes scanned = cost).
  if (partitionColumn) {
    const col = sqlIdentifier(partitionColumn, 'partition column');
    out.push(`${col} >= ${sqlString(partitionDay(start))}`, `${col} <= ${sqlString(partitionDay(end))}`);
  }
  out.push(
    `from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp(${sqlString(start)})`,
    `from_iso8601_timestamp(eventtime) <= from_iso8601_timestamp(${sqlString(end)})`,
  );
  return out;
}

/**
 * Grouping on the whole requestParameters string keeps what the record mapper reads
 * (every top-level parameter fills templates; role ARNs anywhere infer iam:PassRole),
 * while repeated identical calls (polling, re-deploys) still collapse to one row.
 */
export function buildAthenaQuery(opts: AthenaQueryOptions): string {
  const partition =
    opts.partitionColumn === undefined ? DEFAULT_PARTITION_COLUMN : opts.partitionColumn || null;
  const where = [
    principalFilter(opts.role),
    "(eventtype IS NULL OR eventtype = 'AwsApiCall')",
    ...windowFilter(opts.window, partition),
  ];
  return groupedCallsQuery(opts.table, where, [], 'eventsource, eventname');
}

/** The grouping keys both queries share: one row per distinct call, as the mapper reads it. */
const CALL_KEYS = [
  // The plain columns come out under their own names (ATHENA_COLUMNS up to resource_arns).
  ...ATHENA_COLUMNS.slice(0, ATHENA_COLUMNS.indexOf('resource_arns')),
  "array_join(transform(resources, r -> r.arn), ' ')",
  `array_join(regexp_extract_all(responseelements, ${sqlString(RESPONSE_ARN_PATTERN)}, 1), ' ')`,
];

/**
 * Calls grouped by `lead` keys (each `[sql, alias]`, e.g. the role ARN of an organization
 * query) then CALL_KEYS, with counts, first and last times and a few event ids.
 */
export function groupedCallsQuery(
  table: string,
  where: string[],
  lead: [sql: string, alias: string][],
  orderBy: string,
): string {
  const keys = [...lead.map(([sql]) => sql), ...CALL_KEYS];
  const select = [
    ...lead.map(([sql, alias]) => `${sql} AS ${alias}`),
    ...CALL_KEYS.slice(0, 8),
    `${CALL_KEYS[8]} AS resource_arns`,
    `${CALL_KEYS[9]} AS response_arns`,
    'count(*) AS calls',
    'min(eventtime) AS first_seen',
    'max(eventtime) AS last_seen',
    `array_join(slice(array_agg(eventid), 1, ${SAMPLE_IDS}), ' ') AS sample_ids`,
  ];
  return [
    `SELECT ${select.join(',\n  ')}`,
    `FROM ${sqlTable(table)}`,
    `WHERE ${where.join('\n  AND ')}`,
    `GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`,
    `ORDER BY ${orderBy}`,
  ].join('\n');
}
