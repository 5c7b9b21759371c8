// The command's launcher (dist/iam-refine.cjs, written by scripts/bundle.ts) sizes libuv's
// thread pool, which every CloudTrail reader thread gunzips on, before the program starts.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const LAUNCHER = path.join(process.cwd(), 'dist', 'iam-refine.cjs');

/** The launcher beside a stand-in program that prints the pool size it was given. */
function standIn(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-refine-launcher-'));
  copyFileSync(LAUNCHER, path.join(dir, 'iam-refine.cjs'));
  writeFileSync(path.join(dir, 'iam-refine.mjs'), 'console.log(process.env.UV_THREADPOOL_SIZE);\n');
  return path.join(dir, 'iam-refine.cjs');
}

function envWithout(name: string): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== name));
}

describe('the launcher', () => {
  it('gives the thread pool a thread per core and two for files, at least 4', async () => {
    const { stdout } = await run(process.execPath, [standIn()], { env: envWithout('UV_THREADPOOL_SIZE') });
    expect(Number(stdout.trim())).toBe(Math.min(Math.max(4, availableParallelism() + 2), 64));
  });

  it('leaves a size the user set', async () => {
    const env = { ...envWithout('UV_THREADPOOL_SIZE'), UV_THREADPOOL_SIZE: '3' };
    const { stdout } = await run(process.execPath, [standIn()], { env });
    expect(stdout.trim()).toBe('3');
  });

  it('runs the real program', async () => {
    const { stdout } = await run(process.execPath, [LAUNCHER, '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
