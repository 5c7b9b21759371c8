// Routes the commands that are not scan or the TUI.
import type { ParsedArgs } from '../cli-args.js';
import type { IO } from './io.js';

export async function runOther(args: ParsedArgs, io: IO): Promise<number> {
  switch (args.command) {
    case 'compare':
      return (await import('./compare-cli.js')).runCompareCommand(args, io);
    default:
      io.stderr.write(`iam-refine: ${args.command} is not available yet\n`);
      return 1;
  }
}
