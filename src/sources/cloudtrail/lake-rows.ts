// A CloudTrail Lake result row back into what the record mapper reads. Lake answers
// each row as a list of one-entry maps ({column: value}); its requestParameters is a
// map of strings whose nested objects and lists are JSON text, and its times are
// 'YYYY-MM-DD HH:MM:SS.sss'. Both are undone here, then the Athena row mapper applies.
import type { RoleRef } from '../../core/types.js';
import { athenaRowRecord, type AthenaRow, type RowRecord } from './athena-rows.js';
import { ATHENA_COLUMNS, type AthenaColumn } from './athena-sql.js';

const COLUMNS = new Set<string>(ATHENA_COLUMNS);

/** `[{eventsource: 's3...'}, {eventname: 'GetObject'}, ...]` → one row by column name. */
export function lakeRow(cells: readonly Record<string, string | null | undefined>[]): AthenaRow {
  const row: AthenaRow = {};
  for (const cell of cells) {
    for (const [name, value] of Object.entries(cell)) {
      const column = name.toLowerCase();
      if (COLUMNS.has(column) && typeof value === 'string') row[column as AthenaColumn] = value;
    }
  }
  return row;
}

/**
 * Parameters CloudTrail itself logs as JSON text (a template, a policy): they stay text,
 * as in the log files, so a role ARN inside a template is not taken for one passed.
 */
const TEXT_PARAMS = /^(templateBody|policy|definition)$|Document$/;

/** A value Lake stored as JSON text, back to the object or list it was. */
function unflatten(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || TEXT_PARAMS.test(key) || !/^[[{]/.test(value)) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? parsed : value;
  } catch {
    return value;
  }
}

export function lakeRequestParameters(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const map: unknown = JSON.parse(text);
    if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
    return JSON.stringify(Object.fromEntries(Object.entries(map).map(([k, v]) => [k, unflatten(k, v)])));
  } catch {
    return undefined;
  }
}

/** '2026-11-02 10:00:00.000' → '2026-11-02T10:00:00Z', CloudTrail's own spelling. */
export function lakeTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const t = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? value : new Date(t).toISOString().replace('.000Z', 'Z');
}

export function lakeRowRecord(row: AthenaRow, role: RoleRef): RowRecord {
  return athenaRowRecord(
    {
      ...row,
      requestparameters: lakeRequestParameters(row.requestparameters),
      first_seen: lakeTime(row.first_seen),
      last_seen: lakeTime(row.last_seen),
    },
    role,
  );
}
