// Pipes, FIFOs and stdin are read as streams, and folders are walked the same way in
// every reader (symlinks followed, loops walked once, what cannot be read named).
// Runs the built CLI through bash (process substitution, FIFOs): `npm run build` first.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DELETE_ROLE, s3Record, tmpDir, writeTrail } from '../helpers/hostile.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/iam-refine.mjs');
const AUTHZ = path.join(ROOT, 'demo/authorization-details.json');
const XRAY = path.join(ROOT, 'demo/xray/notes-app-api-prod-delete.json');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A bash command line, `$CLI` standing for the built CLI. Times out rather than hang. */
function bash(script: string, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: { ...process.env, CLI: `${process.execPath} ${CLI}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A trail of two calls by the delete role, plain and gzipped. */
function trails(dir: string): { json: string; gz: string } {
  const json = writeTrail(dir, [s3Record('GetObject', 'a.png'), s3Record('DeleteObject', 'b.png')]);
  const gz = path.join(dir, 'trail.json.gz');
  writeFileSync(gz, gzipSync(Buffer.from(JSON.stringify({ Records: [s3Record('GetObject', 'c.png')] }))));
  return { json, gz };
}

const SCAN = `$CLI scan --role ${DELETE_ROLE} --authorization-details ${AUTHZ} --exact-resources`;

describe('pipes, FIFOs and stdin', () => {
  it.each([
    ['process substitution of a decompressed file', `--cloudtrail <(zcat trail.json.gz)`, 1],
    ['process substitution of gzip bytes', `--cloudtrail <(cat trail.json.gz)`, 1],
    ['stdin', `--cloudtrail - < trail.json`, 2],
    ['stdin from a pipe of gzip bytes', `--cloudtrail - < <(cat trail.json.gz)`, 1],
  ])('--cloudtrail reads %s', async (_name, flags, calls) => {
    const dir = tmpDir('streams-');
    trails(dir);
    const r = await bash(`${SCAN} ${flags}`, dir);
    expect(r.stderr).not.toMatch(/ESPIPE|\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`allows ${calls} of ${calls} observed`);
  });

  it('--cloudtrail reads a FIFO as its writer fills it', async () => {
    const dir = tmpDir('streams-');
    trails(dir);
    const r = await bash(`mkfifo f && (cat trail.json.gz > f &) && ${SCAN} --cloudtrail f`, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('allows 1 of 1 observed');
  });

  it('--authorization-details and --xray-traces read stdin and pipes', async () => {
    const dir = tmpDir('streams-');
    const r = await bash(
      `cat ${AUTHZ} | $CLI scan --role ${DELETE_ROLE} --authorization-details - --xray-traces <(cat ${XRAY})`,
      dir,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dynamodb:DeleteItem');
  });

  it('compare --all-roles reads a FIFO once and compares every role, without hanging', async () => {
    const dir = tmpDir('streams-');
    trails(dir);
    const r = await bash(
      `mkfifo f && (cat trail.json > f &) && $CLI compare --all-roles --authorization-details ${AUTHZ} --cloudtrail f`,
      dir,
    );
    expect(r.stderr).not.toMatch(/is empty|\n\s+at /);
    expect([0, 3]).toContain(r.code);
    expect(r.stdout).toMatch(new RegExp(`${DELETE_ROLE}: .* 1 used`));
  });

  it('compare --all-roles leaves a folder a folder (only pipes are copied)', async () => {
    const r = await runCli(['compare', '--all-roles', '--demo']);
    expect(r.stderr).not.toContain('is a folder');
    expect([0, 3]).toContain(r.code);
  });

  it('the interactive refiner refuses - (its keys come from stdin)', async () => {
    const r = await runCli(['--cloudtrail', '-', '--authorization-details', AUTHZ], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('- cannot be a source there');
  });

  it('stdin can feed one flag only', async () => {
    const r = await runCli([
      'scan',
      '--role',
      DELETE_ROLE,
      '--cloudtrail',
      '-',
      '--authorization-details',
      '-',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdin (-) is given 2 times');
  });

  it('empty stdin is named as stdin', async () => {
    const dir = tmpDir('streams-');
    const r = await bash(`${SCAN} --cloudtrail - < /dev/null`, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stdin: is empty');
  });
});

describe('folders: one walker for every reader', () => {
  it('--cloudtrail follows symlinks inside the folder and reads each file once, loops included', async () => {
    const dir = tmpDir('walk-');
    const logs = path.join(dir, 'logs');
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(logs);
    mkdirSync(elsewhere);
    writeTrail(logs, [s3Record('GetObject', 'a.png')], 'a.json');
    writeTrail(elsewhere, [s3Record('DeleteObject', 'b.png')], 'b.json');
    symlinkSync(elsewhere, path.join(logs, 'linked-folder')); // followed
    symlinkSync(path.join(elsewhere, 'b.json'), path.join(logs, 'same-file.json')); // b.json once
    symlinkSync(logs, path.join(elsewhere, 'loop')); // logs → elsewhere → logs
    const r = await runCli([
      'scan',
      ...['--role', DELETE_ROLE, '--authorization-details', AUTHZ, '--cloudtrail', logs],
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('allows 2 of 2 observed calls');
    const actions = (JSON.parse(r.stdout) as { Statement: { Action: string[] }[] }).Statement.flatMap(
      (s) => s.Action,
    );
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:DeleteObject']));
  });

  it('--xray-traces follows symlinks the same way and reads a file linked twice once', async () => {
    const dir = tmpDir('walk-');
    const traces = path.join(dir, 'traces');
    mkdirSync(path.join(dir, 'real'));
    mkdirSync(traces);
    writeFileSync(path.join(dir, 'real', 'delete.json'), readFileSync(XRAY));
    symlinkSync(path.join(dir, 'real', 'delete.json'), path.join(traces, 'a.json'));
    symlinkSync(path.join(dir, 'real', 'delete.json'), path.join(traces, 'b.json'));
    const r = await runCli([
      'scan',
      ...['--role', DELETE_ROLE, '--authorization-details', AUTHZ, '--xray-traces', traces],
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dynamodb:DeleteItem');
    const dangling = path.join(traces, 'gone.json');
    symlinkSync('/nonexistent/x', dangling);
    const bad = await runCli([
      'scan',
      ...['--role', DELETE_ROLE, '--authorization-details', AUTHZ, '--xray-traces', traces],
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${dangling}: is a symbolic link to nothing`);
  });

  it.each([
    [
      'a dangling symlink',
      (logs: string) => symlinkSync('/nonexistent/x', path.join(logs, 'gone.json')),
      'is a symbolic link to nothing',
    ],
    [
      'a FIFO',
      (logs: string) => void execFileSync('mkfifo', [path.join(logs, 'pipe.json')]),
      'is a FIFO (named pipe), not a file',
    ],
  ])('a folder holding %s fails with its name, without hanging', async (_n, plant, message) => {
    const dir = tmpDir('walk-');
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    writeTrail(logs, [s3Record('GetObject', 'a.png')], 'a.json');
    plant(logs);
    const r = await runCli([
      'scan',
      ...['--role', DELETE_ROLE, '--authorization-details', AUTHZ, '--cloudtrail', logs],
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(path.join(logs));
  });
});
