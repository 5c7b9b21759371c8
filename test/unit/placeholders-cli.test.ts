// `export --allow-placeholders` through the real command line (as --help, the README and
// export's own error recommend), and `--strict` on scan and export: a written policy that
// still holds placeholders exits 1 and says so.
import { describe, expect, it } from 'vitest';
import { writeSessionFile } from '../../sessions/store.js';
import { runCli } from '../helpers/cli.js';
import { demoSession, tempDir } from './session-test-data.js';

function sessionsDir(): string {
  const dir = tempDir();
  writeSessionFile(
    dir,
    demoSession({
      id: 'aaaa000001',
      name: 'delete role',
      decisions: { 'dynamodb:DeleteItem': 'accepted', 's3:DeleteObject': 'accepted' },
    }),
  );
  return dir;
}

describe('placeholders left in a written policy', () => {
  it('export refuses, and its hint (--allow-placeholders) is an option the command line takes', async () => {
    const dir = sessionsDir();
    const refused = await runCli(['export', 'aaaa', '--format', 'json', '--sessions-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --allow-placeholders to write them as they are');
    const r = await runCli([
      'export',
      'aaaa',
      '--format',
      'json',
      '--allow-placeholders',
      '--sessions-dir',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('${UserId}');
    expect(r.stderr).toContain('placeholders left as they are: ${UserId}');
  });

  it('export --strict writes, then exits 1 while placeholders are left', async () => {
    const dir = sessionsDir();
    const r = await runCli([
      'export',
      'aaaa',
      '--format',
      'terraform',
      '--allow-placeholders',
      '--strict',
      '--sessions-dir',
      dir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('data "aws_iam_policy_document"');
    expect(r.stderr).toContain('the written policy still holds placeholders: ${UserId} (--strict)');
  });

  it('scan --strict exits 1 on the deployer (stack ids unknown), 0 on a role with none', async () => {
    const deployer = await runCli(['scan', '--demo', '--role', 'serverless-deployer', '--strict']);
    expect(deployer.code).toBe(1);
    expect(deployer.stdout).toContain('"Version": "2012-10-17"');
    expect(deployer.stderr).toMatch(/still holds placeholders: .*\$\{StackName\}.* \(--strict\)/);
    const plain = await runCli(['scan', '--demo', '--role', 'serverless-deployer']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('placeholders to fill:');
    const clean = await runCli([
      'scan',
      '--demo',
      '--role',
      'notes-app-api-prod-delete-us-east-1-lambdaRole',
      '--strict',
    ]);
    expect(clean.code).toBe(0);
  });
});
