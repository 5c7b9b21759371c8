import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('command line contract', () => {
  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each(['scan', 'compare', 'sessions', 'resume', 'export'])('has help for %s', async (cmd) => {
    const r = await runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`iam-refine ${cmd}`);
  });

  it('prints help pointing at scan when stdout is not a terminal', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('iam-refine scan --help');
  });

  it('--demo without a terminal exits 2 and names the command to run instead', async () => {
    const r = await runCli(['--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a terminal/);
    expect(r.stderr).toContain('iam-refine scan --demo --role');
    expect(r.stdout).toBe('');
  });

  it.each(['main', 'scan', 'compare', 'sessions', 'resume', 'export'])(
    'the help of %s has the one exit-code table',
    async (cmd) => {
      const r = await runCli(cmd === 'main' ? ['--help'] : [cmd, '--help']);
      expect(r.stdout).toContain('Exit codes (every command):');
      expect(r.stdout).toMatch(/^ {2}3 {2}compare only/m);
    },
  );

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['scan', '--nope'], /unknown option/i],
    [['scan', '--demo', '--role', 'x', '--since', 'seven'], /--since "seven" is not a duration/],
    [['scan', '--demo', '--role', 'x', '--format', 'yaml'], /--format yaml is not a format/],
    [['scan', '--demo', '--from', 'demo'], /--demo and --from cannot be combined/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 1 naming a missing file', async () => {
    const r = await runCli([
      'scan',
      '--role',
      'arn:aws:iam::123456789012:role/x',
      '--xray-traces',
      'nope.json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--xray-traces nope.json: no such file or folder');
  });
});
