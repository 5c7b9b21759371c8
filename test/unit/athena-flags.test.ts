// Athena flags → settings, checked before any AWS call; they make the run live.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-args.js';
import { UserError } from '../../src/core/errors.js';
import { athenaFromFlags } from '../../src/sources/cloudtrail/athena-flags.js';
import { sourceConfigFromFlags } from '../../src/sources/from-flags.js';

const values = (argv: string[]) => parseCommandLine(['scan', ...argv]).values;

describe('athenaFromFlags', () => {
  it.each([
    [[], undefined],
    [
      ['--athena-table', 'cloudtrail_logs.events'],
      {
        table: 'cloudtrail_logs.events',
        workgroup: undefined,
        output: undefined,
        partitionColumn: undefined,
      },
    ],
    [
      ['--athena-table', 'db.t', '--athena-workgroup', 'wg', '--athena-output', 's3://results/x/'],
      { table: 'db.t', workgroup: 'wg', output: 's3://results/x/', partitionColumn: undefined },
    ],
    [
      ['--athena-table', 'db.t', '--athena-partition-column', 'none'],
      { table: 'db.t', workgroup: undefined, output: undefined, partitionColumn: '' },
    ],
    [
      ['--athena-table', 'db.t', '--athena-partition-column', 'dt'],
      { table: 'db.t', workgroup: undefined, output: undefined, partitionColumn: 'dt' },
    ],
  ])('%j', (argv, settings) => expect(athenaFromFlags(values(argv))).toEqual(settings));

  it.each([
    [['--athena-workgroup', 'wg'], /need --athena-table/],
    [['--athena-table', 'events'], /database\.table/],
    [['--athena-table', 'db.t;drop'], /not a valid/],
    [['--athena-table', 'db.t', '--athena-output', 'results/'], /not an S3 location/],
  ])('rejects %j', (argv, message) => {
    expect(() => athenaFromFlags(values(argv))).toThrow(UserError);
    expect(() => athenaFromFlags(values(argv))).toThrow(message);
  });

  it('puts the settings in the live config', () => {
    const config = sourceConfigFromFlags(values(['--athena-table', 'db.t', '--region', 'eu-west-1']));
    expect(config.origin).toBe('live');
    expect(config.live?.athena).toEqual({
      table: 'db.t',
      workgroup: undefined,
      output: undefined,
      partitionColumn: undefined,
    });
  });
});
