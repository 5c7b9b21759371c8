// Time windows: `--since 7d` or `--start T --end T`, validated into ISO strings.
import { usageError } from './errors.js';
import type { TimeWindow } from './types.js';

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

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
  return ms;
}

/** ISO 8601 date or date-time (UTC when no zone is given). */
export function parseTime(flag: string, text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`;
  const d = new Date(withZone);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) {
    throw usageError(
      `${flag} ${JSON.stringify(text)} is not a date`,
      'Use ISO 8601: 2026-11-02 or 2026-11-02T10:00:00Z.',
    );
  }
  return d;
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
    return { start: new Date(now.getTime() - ms).toISOString(), end: now.toISOString() };
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
