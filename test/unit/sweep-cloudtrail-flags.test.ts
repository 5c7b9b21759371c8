// The sweep's CloudTrail flags, checked before any AWS call: --yes only with the
// organization query, the Athena flags as the per-role mode checks them.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const sweep = ['compare', '--all-roles', '--accounts', '111111111111', '--assume-role', 'Audit'];

describe('sweep CloudTrail flags', () => {
  it.each([
    [[...sweep, '--yes'], '--yes confirms the organization CloudTrail query: it needs --athena-table'],
    [['compare', '--demo', '--role', 'x', '--yes'], 'it needs --accounts or --org'],
    [[...sweep, '--athena-workgroup', 'wg'], 'need --athena-table'],
    [[...sweep, '--athena-table', 'db.t', '--athena-output', 'bucket/x'], 'is not an S3 location'],
  ])('%j exits 2 before any AWS call', async (argv, message) => {
    // No endpoint or credentials: reaching AWS would fail otherwise (exit 1).
    const run = await runCli(argv, { env: { AWS_ACCESS_KEY_ID: '', AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
