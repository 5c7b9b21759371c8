// Routes the commands that are not scan or the TUI.
import type { ParsedArgs } from '../cli-args.js';
import { str } from '../cli-args.js';
import type { IO } from './io.js';

export async function runOther(args: ParsedArgs, io: IO): Promise<number> {
  switch (args.command) {
    case 'compare':
      return (await import('./compare-cli.js')).runCompareCommand(args, io);
    case 'sessions':
      return (await import('./sessions.js')).sessionsCommand(args, io);
    case 'record':
      return (await import('./record.js')).runRecord(args, io);
    case 'export':
      return (await import('./export.js')).exportCommand(args, io);
    case 'resume': {
      const { resumeCommand } = await import('./resume.js');
      const { startResumed } = await import('./tui.js');
      return resumeCommand(args, io, (r) => startResumed(io, r.handle, str(args.values, 'sessions-dir')));
    }
    case 'doctor':
      return (await import('./doctor.js')).doctorCommand(args, io);
    case 'completion':
      return (await import('./completion.js')).completionCommand(args, io);
    case '__complete':
      return (await import('./completion.js')).completeCommand(args, io);
    default:
      throw new Error(`no route for ${args.command}`);
  }
}
