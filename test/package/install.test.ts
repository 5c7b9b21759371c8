// The package as a user gets it: `npm pack` (its prepack builds dist/), then a global
// install of the tarball into a temporary prefix, then the installed command run from a
// folder outside the repository. Packed from a copy of the sources, so the build does not
// replace the dist/ other tests are running; dependencies resolve to the locked versions
// through a loopback registry and come from the npm cache (test/package/lock-registry.ts).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startLockRegistry, type LockRegistry } from './lock-registry.js';
import { fakeAwsEnv } from '../fake-aws/env.js';
import { notesAppScenario } from '../fake-aws/notes-app/index.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
/** What the package may hold besides package.json, README.md and LICENSE. */
const SHIPPED = [/^dist\/[\w./-]+\.mjs$/, /^dist\/iam-refine\.cjs$/, /^demo\//, /^docs\/tool-policy\.json$/];
const TOP_LEVEL_NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'test', 'bench', '.tmp', 'coverage']);

const work = mkdtempSync(path.join(tmpdir(), 'iam-refine-pack-'));
let registry: LockRegistry | undefined;
let fake: FakeAws | undefined;
afterAll(async () => {
  await registry?.close();
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The environment without what `npm test` sets for its own script (npm_config_local_prefix ...). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env))
    if (k.startsWith('npm_') && k !== 'npm_config_cache' && k !== 'npm_config_userconfig') delete env[k];
  return env;
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

describe('the packed package, installed globally', () => {
  it('carries dist/ and the demo, installs, and runs from outside the repository', async () => {
    const src = path.join(work, 'src');
    cpSync(ROOT, src, {
      recursive: true,
      filter: (from) => !TOP_LEVEL_NOT_COPIED.has(path.relative(ROOT, from).split(path.sep)[0]!),
    });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'), 'dir');

    const packed = JSON.parse(await npm(['pack', '--json', '--pack-destination', work], src)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/iam-refine.cjs');
    expect(files).toContain('dist/iam-refine.mjs');
    expect(files).toContain('dist/cloudtrail-worker.mjs');
    expect(files).toContain('demo/authorization-details.json');
    const extra = files.filter(
      (f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !SHIPPED.some((re) => re.test(f)),
    );
    expect(extra).toEqual([]);

    registry = await startLockRegistry(path.join(ROOT, 'package-lock.json'));
    const prefix = path.join(work, 'prefix');
    await npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--registry',
        registry.url,
        '--noproxy',
        '127.0.0.1',
        '--no-audit',
        '--no-fund',
        '--loglevel',
        'error',
        path.join(work, packed[0]!.filename),
      ],
      work,
    );
    const bin = path.join(prefix, 'bin', 'iam-refine');
    expect(existsSync(bin)).toBe(true);

    const outside = path.join(work, 'elsewhere');
    mkdirSync(outside);
    const env = cleanEnv({ PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}` });
    const cli = (args: string[]) =>
      run('iam-refine', args, { cwd: outside, env }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code?: number; stdout?: string; stderr?: string }) => ({
          code: e.code ?? -1,
          stdout: e.stdout ?? '',
          stderr: e.stderr ?? '',
        }),
      );

    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const scan = await cli(['scan', '--demo', '--role', ROLE, '--format', 'terraform']);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toContain('data "aws_iam_policy_document"');
    expect(scan.stdout).toContain('dynamodb:DeleteItem');

    // The delete role's policy also grants dynamodb:GetItem, which it never used: exit 3.
    const compare = await cli(['compare', '--demo', '--role', ROLE]);
    expect(compare.code, compare.stderr).toBe(3);
    expect(compare.stdout).toContain('dynamodb:GetItem');

    // doctor reads docs/tool-policy.json from the package: simulate it against the fake AWS.
    const scenario = notesAppScenario();
    scenario.roles!.push({ RoleName: 'iam-refine-operator' });
    fake = await startFakeAws(scenario);
    const awsEnv = Object.fromEntries(Object.entries(fakeAwsEnv(fake)).filter(([, v]) => v !== undefined));
    const doctor = await run('iam-refine', ['doctor', '--source', 'unused-findings'], {
      cwd: outside,
      env: { ...env, ...awsEnv, HOME: outside, IAM_REFINE_CONFIG_DIR: path.join(outside, 'config') },
    });
    expect(doctor.stdout).toMatch(/^ {2}ok {6}Preflight +12 action\(s\) allowed$/m);
    expect(doctor.stdout).toContain('Access Analyzer unused access: ok: analyzer');

    const completion = await cli(['completion', 'bash']);
    expect(completion.stdout).toContain('complete -F _iam_refine iam-refine');
  }, 240_000);
});
