// Window presets and each source's own limit (AWS-REFERENCE.md), for the window screen.
import { parseTime } from '../../src/core/window.js';
import { isUserError } from '../../src/core/errors.js';
import type { SessionWindow } from '../../sessions/schema.js';
import type { Engine } from '../engine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const PRESETS = [
  { id: '1h', label: 'last hour', ms: HOUR },
  { id: '24h', label: 'last 24 hours', ms: DAY },
  { id: '7d', label: 'last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'last 30 days', ms: 30 * DAY },
  { id: '90d', label: 'last 90 days', ms: 90 * DAY },
] as const;

export function presetWindow(preset: (typeof PRESETS)[number], now: Date): SessionWindow {
  return {
    start: new Date(now.getTime() - preset.ms).toISOString(),
    end: now.toISOString(),
    preset: preset.id,
  };
}

export interface SourceLimit {
  label: string;
  /** How far back the source can see; undefined when the files decide. */
  maxDays?: number;
  note: string;
}

export function sourceLimits(mode: Engine['mode']): SourceLimit[] {
  if (mode === 'live') {
    return [
      { label: 'X-Ray', maxDays: 30, note: 'traces are kept 30 days' },
      { label: 'CloudTrail', maxDays: 90, note: 'LookupEvents: last 90 days, management events only' },
      { label: 'Access Analyzer', maxDays: 90, note: 'policy generation covers up to 90 days' },
    ];
  }
  return [
    { label: 'X-Ray', note: 'the traces in the exported files' },
    { label: 'CloudTrail', note: 'the log files given, any age' },
    { label: 'Access Analyzer', note: 'the window the generation job used (fixed in its output)' },
  ];
}

/** Sources that cannot see the whole window: one line each. */
export function limitWarnings(window: SessionWindow, limits: SourceLimit[], now: Date): string[] {
  const days = (now.getTime() - Date.parse(window.start)) / DAY;
  return limits
    .filter((l) => l.maxDays !== undefined && days > l.maxDays + 1e-9)
    .map((l) => `${l.label} sees only the last ${l.maxDays} days`);
}

/** Custom start/end as typed: a window, or the reason it is not one. */
export function customWindow(start: string, end: string, now: Date): SessionWindow | { error: string } {
  try {
    const s = parseTime('start', start.trim());
    const e = end.trim() ? parseTime('end', end.trim()) : now;
    if (s >= e) return { error: 'start must be before end' };
    if (s > now) return { error: 'start is in the future' };
    return { start: s.toISOString(), end: e.toISOString() };
  } catch (err) {
    if (isUserError(err)) return { error: err.message + (err.hint ? ` ${err.hint}` : '') };
    throw err;
  }
}
