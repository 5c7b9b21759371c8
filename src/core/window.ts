// Time windows: `--since 7d` or `--start T --end T`, validated into ISO strings.
import { usageError } from './errors.js';
import type { TimeWindow } from './types.js';

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** The longest --since: a century already reaches past every AWS log. */
const MAX_SINCE_MS = 36_500 * 86_400_000;
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** `90m`, `24h`, `7d`, `2w` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text.trim());
  if (!m) {
    throw usageError(
      `--since ${JSON.stringify(text)} is not a duration`,
      'Use a number and a unit: 90m, 24h, 7d, 2w.',
    );
  }
  const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
  if (ms <= 0) throw usageError(`--since ${text} must be longer than zero`);
  if (!(ms <= MAX_SINCE_MS)) {
    throw usageError(
      `--since ${text} is out of range: at most 36500d (100 years)`,
      'CloudTrail keeps 90 days of management events; give the window the logs cover, or --start/--end.',
    );
  }
  return ms;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|([+-])(\d{2}):?(\d{2}))?$/i;

function dateError(flag: string, text: string, why = 'is not a date'): Error {
  return usageError(
    `${flag} ${JSON.stringify(text)} ${why}`,
    'Use ISO 8601: 2026-11-02 or 2026-11-02T10:00:00Z (years 1970 to 9999).',
  );
}

/**
 * ISO 8601 date or date-time (UTC when no zone is given). Every field is range-checked:
 * `Date` would roll 2026-02-30 over to March 2 without a word.
 */
export function parseTime(flag: string, text: string): Date {
  const m = ISO.exec(text.trim());
  if (!m) throw dateError(flag, text);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, zh = '0', zm = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth)
    throw dateError(flag, text, 'is not a calendar date');
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(zh) > 14 || Number(zm) > 59)
    throw dateError(flag, text, 'is not a valid time of day');
  const offset = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  const ms = Math.floor(Number(`0${frac}`) * 1000);
  const time = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms) - (sign ? offset : 0);
  if (time < EARLIEST || time > LATEST) throw dateError(flag, text, 'is out of range');
  return new Date(time);
}

export interface WindowFlags {
  since?: string;
  start?: string;
  end?: string;
}

/**
 * Build the window from the flags. `now` anchors relative windows: the current time
 * for live sources, the newest observation for offline files (so a demo recorded
 * last month still has data "in the last 7 days" of its own timeline).
 */
export function windowFromFlags(flags: WindowFlags, now: Date): TimeWindow | undefined {
  if (flags.since && (flags.start || flags.end)) {
    throw usageError(
      '--since cannot be combined with --start/--end',
      'Use either --since 7d or --start T --end T.',
    );
  }
  if (flags.since) {
    const ms = parseDuration(flags.since);
    // A valid duration can still reach before 1970 from the given clock.
    const start = Math.max(now.getTime() - ms, EARLIEST);
    return { start: new Date(start).toISOString(), end: now.toISOString() };
  }
  if (!flags.start && !flags.end) return undefined;
  const start = flags.start ? parseTime('--start', flags.start) : new Date(0);
  const end = flags.end ? parseTime('--end', flags.end) : now;
  if (start >= end) {
    throw usageError(`--start ${flags.start} is not before --end ${flags.end ?? end.toISOString()}`);
  }
  return { start: start.toISOString(), end: end.toISOString() };
}

export function inWindow(time: string | undefined, window: TimeWindow | undefined): boolean {
  if (!window || !time) return true;
  return time >= window.start && time <= window.end;
}

/** "2026-11-02 → 2026-11-20" for headers and reports. */
export function describeWindow(window: TimeWindow | undefined): string {
  if (!window) return 'all time in the sources';
  const day = (s: string) => s.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, 'Z');
  return `${day(window.start)} → ${day(window.end)}`;
}
