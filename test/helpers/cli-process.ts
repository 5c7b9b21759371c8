// The built CLI run as a child process, the way a user runs it: the bundle (npm test builds
// it), or the sources through tsx with IAM_REFINE_E2E_CLI=src/cli.ts. One helper for every
// end-to-end test that needs a real process (exit code, stdout, stderr).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakeAwsEnv } from '../fake-aws/env.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SOURCE_CLI = process.env.IAM_REFINE_E2E_CLI;
/** The CLI the tests run (check it exists before a run: `npm run build` makes it). */
export const CLI = SOURCE_CLI ? resolve(ROOT, SOURCE_CLI) : join(ROOT, 'dist/iam-refine.mjs');
// tsx by path: the CLI runs in temporary folders, where `--import tsx` would not resolve.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** The node arguments that start the CLI. */
export const NODE_ARGS = SOURCE_CLI ? ['--import', TSX, CLI] : [CLI];

export interface CliProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` in `cwd` and `env`, no stdin, and collects its output. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A clean environment for the CLI pointed at the fake AWS: none of the developer's AWS_*,
 * CI or colour settings, HOME and the config folder under `home`.
 */
export function fakeAwsCliEnv(fake: { url: string }, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1' };
  for (const k of Object.keys(env))
    if (k.startsWith('AWS_') || k === 'CI' || k === 'FORCE_COLOR') delete env[k];
  for (const [k, v] of Object.entries(fakeAwsEnv(fake))) if (v !== undefined) env[k] = v;
  env.IAM_REFINE_CONFIG_DIR = join(home, 'config');
  // tsx reads the JSX settings from the project's tsconfig, from any working folder.
  if (SOURCE_CLI) env.TSX_TSCONFIG_PATH = join(ROOT, 'tsconfig.json');
  return env;
}
