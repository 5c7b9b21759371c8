#!/usr/bin/env node
// The executable: run main with the process's arguments and exit with its code.
import { main } from './main.js';

/** Resolves once everything written so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

// Exit explicitly once main is done: the SDK's back-off timers of calls that were already
// given up on (a spent retry budget, a failed source) would otherwise hold the process.
async function exit(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (e: unknown) => {
    process.stderr.write(`iam-refine: ${String(e)}\n`);
    return exit(1);
  },
);
