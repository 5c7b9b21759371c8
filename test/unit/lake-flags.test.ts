// --lake-event-data-store: checked before any AWS call, makes the run live, cannot be
// combined with --athena-table (exit 2), accepted by scan, compare and the TUI, and kept
// in a session's settings so a resume queries the same store.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-args.js';
import { UserError } from '../../src/core/errors.js';
import { lakeFromFlags } from '../../src/sources/cloudtrail/lake-flags.js';
import { emptyConfig } from '../../src/sources/config.js';
import { sourceConfigFromFlags } from '../../src/sources/from-flags.js';
import { configFromSettings, configSettings } from '../../src/sources/session-config.js';
import { runCli } from '../helpers/cli.js';

const STORE = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const values = (argv: string[], command = 'scan') =>
  parseCommandLine(command === 'tui' ? argv : [command, ...argv]).values;

describe('lakeFromFlags', () => {
  it.each(['scan', 'compare', 'tui'])('%s accepts the flag', (command) => {
    expect(lakeFromFlags(values(['--lake-event-data-store', STORE], command))).toEqual({
      eventDataStore: STORE,
    });
  });

  it('is nothing without the flag', () => expect(lakeFromFlags(values([]))).toBeUndefined());

  it('puts the settings in the live config', () => {
    const config = sourceConfigFromFlags(values(['--lake-event-data-store', STORE, '--region', 'eu-west-1']));
    expect(config.origin).toBe('live');
    expect(config.live).toMatchObject({ region: 'eu-west-1', lake: { eventDataStore: STORE } });
    expect(config.live?.athena).toBeUndefined();
  });

  it('rejects a value that is no store ID or ARN, naming the flag, before any AWS call', async () => {
    expect(() => lakeFromFlags(values(['--lake-event-data-store', 'x y']))).toThrow(UserError);
    const r = await runCli([
      'scan',
      '--role',
      'arn:aws:iam::123456789012:role/x',
      '--lake-event-data-store',
      'x y',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--lake-event-data-store: "x y" is not an event data store ID or ARN/);
  });

  it.each([
    [['scan', '--role', 'arn:aws:iam::123456789012:role/x']],
    [['compare', '--role', 'arn:aws:iam::123456789012:role/x']],
  ])('%j with both engines exits 2 before any AWS call', async (argv) => {
    const r = await runCli([...argv, '--lake-event-data-store', STORE, '--athena-table', 'db.t']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lake-event-data-store and --athena-table cannot be combined/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('session settings', () => {
  it('round-trip the Lake store and the Athena table, so a resume gathers from them again', () => {
    const lake = emptyConfig('live');
    lake.live = { region: 'eu-west-1', lake: { eventDataStore: STORE } };
    const settings = configSettings(lake);
    expect(settings).toMatchObject({ lakeEventDataStore: STORE });
    expect(configFromSettings([settings])?.live).toMatchObject({
      region: 'eu-west-1',
      lake: { eventDataStore: STORE },
    });

    const athena = emptyConfig('live');
    athena.live = { athena: { table: 'db.t', workgroup: 'wg', output: 's3://r/x/', partitionColumn: '' } };
    expect(configFromSettings([configSettings(athena)])?.live?.athena).toEqual(athena.live.athena);
  });
});
