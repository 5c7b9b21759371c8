// The sweep's own option parsing and resume rule, kept out of the driver (sweep.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { str, type ParsedArgs } from '../cli-args.js';
import { usageError } from '../core/errors.js';
import type { TimeWindow } from '../core/types.js';
import { windowFromFlags } from '../core/window.js';
import { safeLine } from '../core/sanitize.js';
import type { AccountResult, RoleRow } from '../org/summary.js';

/** A sweep reads the last 90 days unless `--since` or `--start/--end` say otherwise. */
const DEFAULT_WINDOW = '90d';

/** The sweep's window (and the one doctor checks the organization table over). */
export function sweepWindow(values: ParsedArgs['values'], now: Date): TimeWindow {
  const explicit = str(values, 'start') || str(values, 'end');
  return windowFromFlags(
    {
      since: str(values, 'since') ?? (explicit ? undefined : DEFAULT_WINDOW),
      start: str(values, 'start'),
      end: str(values, 'end'),
    },
    now,
  )!;
}

/** `--xray-regions us-east-1,eu-west-1`: region names, checked for shape only. */
export function regionsFlag(values: ParsedArgs['values']): string[] {
  const text = str(values, 'xray-regions');
  if (text === undefined) return [];
  const regions = [...new Set(text.split(',').map((r) => r.trim()))].filter(Boolean);
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad !== undefined || regions.length === 0)
    throw usageError(
      `--xray-regions ${safeLine(text)}: ${bad === undefined ? 'no region' : `"${safeLine(bad)}" is not a region`}`,
      'Regions separated by commas, e.g. --xray-regions us-east-1,eu-west-1',
    );
  return regions;
}

/** The roles a resumed partial account keeps: finished, with their report still on disk. */
export function keptRows(a: AccountResult, reportDir: string): RoleRow[] | undefined {
  // A failure of the account's own (findings not read) touched every role: read it all again.
  if (a.status !== 'partial' || a.failedRoles.some((f) => !f.role)) return undefined;
  return a.roles.filter((r) => !r.report || existsSync(path.join(reportDir, r.report)));
}
