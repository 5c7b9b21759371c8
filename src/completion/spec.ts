// What the completion scripts complete, read from the parser's own tables so the scripts
// never disagree with what the CLI accepts: commands, options per command, option values.
import { COMMAND_OPTIONS, COMMANDS, GLOBAL_OPTIONS } from '../cli-args.js';
import { DOCTOR_SOURCES } from '../doctor/types.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Options whose value is a fixed word. */
export const OPTION_VALUES: Record<string, readonly string[]> = {
  format: ['json', 'terraform'],
  'fail-on': ['any', 'write'],
  source: DOCTOR_SOURCES,
};

/** Options whose value is a path. */
export const FILE_OPTIONS = new Set([
  'from',
  'authorization-details',
  'lambda-functions',
  'xray-traces',
  'cloudtrail',
  'generated-policy',
  'unused-findings',
  'out',
  'report',
  'markdown',
  'sessions-dir',
  'accounts',
]);

export const SESSION_ACTIONS = ['list', 'show', 'delete'] as const;

export interface OptionSpec {
  name: string;
  short?: string;
  takesValue: boolean;
}

/** The options of a command ('' = the bare command, the interactive refiner), globals included. */
export function optionsOf(command: string): OptionSpec[] {
  const own = COMMAND_OPTIONS[command === '' ? 'tui' : command] ?? {};
  return Object.entries({ ...GLOBAL_OPTIONS, ...own })
    .map(([name, o]) => ({ name, short: o.short, takesValue: o.type === 'string' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const COMMAND_NAMES: readonly string[] = COMMANDS;

/** Every option that takes a value, on any command (its value is never a command or an id). */
export function valueOptions(): OptionSpec[] {
  const seen = new Map<string, OptionSpec>();
  for (const c of ['', ...COMMAND_NAMES]) for (const o of optionsOf(c)) if (o.takesValue) seen.set(o.name, o);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** `--name` and its `-x` short form, as shell case patterns. */
export function flagsOf(o: OptionSpec): string[] {
  return [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])];
}

/** The value-taking options by how their value completes: a fixed list, a file, or free text. */
export function valueKinds(): {
  enums: ReturnType<typeof valueOptions>;
  fileFlags: string[];
  freeFlags: string[];
} {
  const values = valueOptions();
  return {
    enums: values.filter((o) => OPTION_VALUES[o.name]),
    fileFlags: values.filter((o) => FILE_OPTIONS.has(o.name)).flatMap(flagsOf),
    freeFlags: values.filter((o) => !OPTION_VALUES[o.name] && !FILE_OPTIONS.has(o.name)).flatMap(flagsOf),
  };
}
