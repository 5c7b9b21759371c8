// Time arguments are range-checked: out-of-range or impossible values are usage errors
// (exit 2) that say what is wrong, never a RangeError stack.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseTime, windowFromFlags } from '../../src/core/window.js';
import { runCli } from '../helpers/cli.js';

const now = new Date('2026-11-20T12:00:00Z');

describe('time arguments', () => {
  it.each([
    ['2026-02-30', 'is not a calendar date'],
    ['2026-13-01', 'is not a calendar date'],
    ['2026-11-02T24:00:00Z', 'is not a valid time of day'],
    ['2026-11-02T10:60Z', 'is not a valid time of day'],
    ['2026-11-02T10:00:00+15:00', 'is not a valid time of day'],
    ['1969-12-31T23:59:59Z', 'is out of range'],
    ['0001-01-01', 'is out of range'],
    ['+275760-09-13', 'is not a date'],
    ['2026-11-02Tnoon', 'is not a date'],
  ])('--start %s %s', (text, why) => {
    expect(() => parseTime('--start', text)).toThrow(why);
    expect(() => parseTime('--start', text)).toThrow(UserError);
  });

  it('reads the forms people write', () => {
    expect(parseTime('--start', '2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseTime('--start', '2026-11-02T10:00').toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(parseTime('--start', '2026-11-02T10:00:00.250+02:00').toISOString()).toBe(
      '2026-11-02T08:00:00.250Z',
    );
    expect(parseTime('--start', '2026-11-02 10:00:00-0130').toISOString()).toBe('2026-11-02T11:30:00.000Z');
  });

  it('bounds --since', () => {
    expect(() => windowFromFlags({ since: '99999999999d' }, now)).toThrow('out of range');
    expect(() => windowFromFlags({ since: '36501d' }, now)).toThrow('out of range');
    expect(windowFromFlags({ since: '5200w' }, now)?.start).toBe('1970-01-01T00:00:00.000Z');
  });

  it.each([
    [['--since', '99999999999d'], '--since 99999999999d is out of range'],
    [['--start', '2026-02-30'], '--start "2026-02-30" is not a calendar date'],
    [['--start', '2026-11-02', '--end', '99999-01-01'], '--end "99999-01-01" is not a date'],
  ])('scan %j exits 2 with a usage error', async (flags, message) => {
    const r = await runCli(['scan', '--demo', '--role', 'serverless-deployer', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('compare exits 2 on a bad window too', async () => {
    const r = await runCli(['compare', '--demo', '--role', 'serverless-deployer', '--since', '1e9d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a duration');
  });
});
