// --out forms and all-or-nothing writes: missing folders created, a folder gets the
// default file name, and a failure leaves no half pair (policy.json without its .md).
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOutPath, writeFileSet } from '../../src/commands/output-files.js';
import { writeSessionFile } from '../../sessions/store.js';
import { runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/hostile.js';
import { DELETE_ROLE as DELETE_REF, demoSession } from './session-test-data.js';

const DELETE_ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
const scan = (...flags: string[]) => runCli(['scan', '--demo', '--role', DELETE_ROLE, ...flags]);
const NO_STACK = /\n\s+at |TypeError|EISDIR|ENOENT/;

describe('writeFileSet', () => {
  it('writes every file, creating folders, and leaves no temp file', () => {
    const dir = tmpDir('out-');
    const a = path.join(dir, 'x/y/a.json');
    writeFileSet([
      { path: a, content: 'A' },
      { path: path.join(dir, 'x/y/a.md'), content: 'M' },
    ]);
    expect(readFileSync(a, 'utf8')).toBe('A');
    expect(readdirSync(path.join(dir, 'x/y')).sort()).toEqual(['a.json', 'a.md']);
  });

  it('a failure before the second rename restores the first file', () => {
    const dir = tmpDir('out-');
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'a.md');
    writeFileSync(a, 'old A');
    writeFileSync(b, 'old M');
    const failSecond = (i: number) => {
      if (i === 1) throw new Error('disk gone');
    };
    expect(() =>
      writeFileSet(
        [
          { path: a, content: 'new A' },
          { path: b, content: 'new M' },
        ],
        { beforeRename: failSecond },
      ),
    ).toThrow('disk gone');
    expect(readFileSync(a, 'utf8')).toBe('old A');
    expect(readFileSync(b, 'utf8')).toBe('old M');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'a.md']);
  });

  it('a failure removes the new files it had renamed', () => {
    const dir = tmpDir('out-');
    expect(() =>
      writeFileSet(
        [
          { path: path.join(dir, 'a.json'), content: 'A' },
          { path: path.join(dir, 'a.md'), content: 'M' },
        ],
        {
          beforeRename: (i) =>
            i === 1
              ? (() => {
                  throw new Error('x');
                })()
              : undefined,
        },
      ),
    ).toThrow('x');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces a symlink at the target instead of writing through it', () => {
    const dir = tmpDir('out-');
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep');
    const target = path.join(dir, 'a.json');
    symlinkSync(victim, target);
    writeFileSet([{ path: target, content: 'A' }]);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(lstatSync(target).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('A');
  });

  it('resolves a folder to the default name inside it', () => {
    const dir = tmpDir('out-');
    expect(resolveOutPath(dir, 'r-policy.json')).toBe(path.join(dir, 'r-policy.json'));
    expect(resolveOutPath(`${dir}/new/`, 'r-policy.json')).toBe(path.join(dir, 'new', 'r-policy.json'));
    expect(resolveOutPath(path.join(dir, 'p.json'), 'r-policy.json')).toBe(path.join(dir, 'p.json'));
  });
});

describe('scan --out', () => {
  it('creates missing parent folders', async () => {
    const dir = tmpDir('out-');
    const out = path.join(dir, 'a/b/policy.json');
    const r = await scan('--out', out);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('Statement');
    expect(existsSync(path.join(dir, 'a/b/policy.md'))).toBe(true);
  });

  it('onto an existing folder writes the default file name inside it', async () => {
    const dir = tmpDir('out-');
    const r = await scan('--out', dir);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`${DELETE_ROLE}-policy.json`, `${DELETE_ROLE}-policy.md`]);
    expect(r.stderr).toContain(`wrote ${path.join(dir, `${DELETE_ROLE}-policy.json`)}`);
  });

  it('onto a new folder (trailing slash) creates it; Terraform gets .tf', async () => {
    const dir = tmpDir('out-');
    const r = await scan('--format', 'terraform', '--out', `${dir}/tf/`);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, 'tf'))).toEqual([`${DELETE_ROLE}-policy.tf`]);
  });

  it('`--out -` writes to stdout', async () => {
    const r = await scan('--out', '-');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('Statement');
  });

  it('when the .md cannot be written, the .json is not written either', async () => {
    const dir = tmpDir('out-');
    mkdirSync(path.join(dir, 'policy.md'));
    const r = await scan('--out', path.join(dir, 'policy.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'policy.md')}: is a folder, not a file`);
    expect(r.stderr).toContain('Nothing was written');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(readdirSync(dir)).toEqual(['policy.md']);
  });

  it('a file where a folder is needed is a clear error', async () => {
    const dir = tmpDir('out-');
    writeFileSync(path.join(dir, 'plain'), 'x');
    const r = await scan('--out', path.join(dir, 'plain/sub/policy.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot create the folder \(a file stands where a folder is needed\)/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe('export --out and compare --report/--markdown', () => {
  it('export onto a folder writes <role>-policy.json and .md inside it', async () => {
    const sessions = tmpDir('out-sessions-');
    writeSessionFile(
      sessions,
      demoSession({ id: 'aaaa000001', decisions: { 'dynamodb:DeleteItem': 'accepted' } }),
    );
    const outDir = path.join(tmpDir('out-'), 'new');
    const r = await runCli(['export', 'aaaa', '--format', 'json', '--out', `${outDir}/`], {
      env: { IAM_REFINE_SESSIONS_DIR: sessions },
    });
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual([
      `${DELETE_REF.name}-policy.json`,
      `${DELETE_REF.name}-policy.md`,
    ]);
  });

  it('compare creates the report folders and puts --markdown DIR/<role>.md', async () => {
    const dir = tmpDir('out-');
    const report = path.join(dir, 'reports/ci/report.json');
    mkdirSync(path.join(dir, 'md'));
    const r = await runCli([
      'compare',
      '--demo',
      ...['--role', DELETE_ROLE, '--report', report, '--markdown', path.join(dir, 'md')],
    ]);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect([0, 3]).toContain(r.code);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toHaveProperty('excess');
    expect(readdirSync(path.join(dir, 'md'))).toEqual([`${DELETE_ROLE}.md`]);
  });
});
