#!/usr/bin/env node
// The executable: run main with the process's arguments and set the exit code.
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`iam-refine: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
