// Runs the CLI's main() in-process with captured streams.
import { main } from '../../src/main.js';
import type { IO } from '../../src/commands/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: { write: (t: string) => (stdout += t), isTTY: opts.tty ?? false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    stdinIsTTY: opts.tty ?? false,
    env: { ...(opts.env ?? {}) },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
