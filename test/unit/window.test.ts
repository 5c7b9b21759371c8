import { describe, expect, it } from 'vitest';
import { inWindow, parseDuration, windowFromFlags } from '../../src/core/window.js';
import { UserError } from '../../src/core/errors.js';

const now = new Date('2026-11-20T12:00:00Z');

describe('windows', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['7', 'seven days', '7y', '', '-1d', '0d'])('rejects %j as a usage error', (text) => {
    expect(() => parseDuration(text)).toThrow(UserError);
  });

  it('builds a relative window ending now', () => {
    expect(windowFromFlags({ since: '7d' }, now)).toEqual({
      start: '2026-11-13T12:00:00.000Z',
      end: '2026-11-20T12:00:00.000Z',
    });
  });

  it('builds an absolute window and validates order', () => {
    expect(windowFromFlags({ start: '2026-11-02', end: '2026-11-03T06:00:00Z' }, now)).toEqual({
      start: '2026-11-02T00:00:00.000Z',
      end: '2026-11-03T06:00:00.000Z',
    });
    expect(() => windowFromFlags({ start: '2026-11-05', end: '2026-11-03' }, now)).toThrow(/not before/);
    expect(() => windowFromFlags({ start: 'yesterday' }, now)).toThrow(/not a date/);
    expect(() => windowFromFlags({ since: '7d', start: '2026-11-01' }, now)).toThrow(/cannot be combined/);
  });

  it('has no window when no flag is given', () => {
    expect(windowFromFlags({}, now)).toBeUndefined();
    expect(inWindow('2020-01-01T00:00:00Z', undefined)).toBe(true);
  });
});
