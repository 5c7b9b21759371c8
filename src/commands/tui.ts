// The interactive refiner's entry: wired to components/ when the TUI lands (issue 4).
import type { ParsedArgs } from '../cli-args.js';
import type { IO } from './io.js';

export async function runTui(_args: ParsedArgs, io: IO): Promise<number> {
  io.stderr.write('iam-refine: the interactive refiner is not built yet; use iam-refine scan --help\n');
  return 1;
}
