// Entry point: parse, route, and turn user errors into one clear paragraph and an exit code.
import { parseCommandLine, flag, type ParsedArgs } from './cli-args.js';
import { formatUserError, isUserError, usageError } from './core/errors.js';
import { helpFor } from './help.js';
import { processIO, type IO } from './commands/io.js';
import { toolVersion } from './version.js';

async function route(args: ParsedArgs, io: IO): Promise<number> {
  const { command, values } = args;
  if (flag(values, 'version')) {
    io.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  if (command === 'help') {
    io.stdout.write(`${helpFor(args.positionals[0] ?? 'main')}\n`);
    return 0;
  }
  if (flag(values, 'help')) {
    io.stdout.write(`${helpFor(command === 'tui' ? 'main' : command)}\n`);
    return 0;
  }
  switch (command) {
    case 'scan':
      return (await import('./commands/scan.js')).runScan(args, io);
    case 'tui':
      if (!io.stdinIsTTY || !io.stdout.isTTY) {
        // Asked for the TUI with options (--demo, a profile, a role) where it cannot run: a
        // usage error that names the command to run instead; the bare command prints help.
        if (Object.keys(values).some((k) => k !== 'no-color')) {
          throw usageError(
            'the interactive refiner needs a terminal (stdin and stdout), and this is not one',
            `In scripts and CI run: iam-refine scan ${flag(values, 'demo') ? '--demo --role notes-app-api-prod-delete-us-east-1-lambdaRole' : '[sources] --role R'} (a policy), or iam-refine compare ... (a report). See iam-refine scan --help.`,
          );
        }
        io.stdout.write(
          `${helpFor('main')}\n\nThe interactive refiner needs a terminal. In scripts and CI use: iam-refine scan --help\n`,
        );
        return 0;
      }
      return (await import('./commands/tui.js')).runTui(args, io);
    default:
      return (await import('./commands/dispatch.js')).runOther(args, io);
  }
}

export async function main(argv: string[], io: IO = processIO()): Promise<number> {
  if (argv.includes('--no-color')) io.env.NO_COLOR = '1';
  try {
    return await route(parseCommandLine(argv), io);
  } catch (e) {
    if (isUserError(e)) {
      io.stderr.write(`${formatUserError(e)}\n`);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`iam-refine: internal error: ${err.message}\n${err.stack ?? ''}\nPlease report this.\n`);
    return 1;
  }
}
