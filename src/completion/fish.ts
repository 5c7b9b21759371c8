// The fish completion script: one `complete` line per command option and value.
import {
  COMMAND_NAMES,
  FILE_OPTIONS,
  OPTION_VALUES,
  SESSION_ACTIONS,
  optionsOf,
  type OptionSpec,
} from './spec.js';
import { GLOBAL_OPTIONS } from '../cli-args.js';

const IDS = "'(iam-refine __complete sessions 2>/dev/null)'";

function optionLine(condition: string, o: OptionSpec): string {
  const short = o.short ? ` -s ${o.short}` : '';
  const value = !o.takesValue
    ? ''
    : OPTION_VALUES[o.name]
      ? ` -x -a '${OPTION_VALUES[o.name]!.join(' ')}'`
      : FILE_OPTIONS.has(o.name)
        ? ' -r -F'
        : ' -x';
  return `complete -c iam-refine${condition ? ` -n '${condition}'` : ''} -l ${o.name}${short}${value}`;
}

export function fishScript(): string {
  const globals = new Set(Object.keys(GLOBAL_OPTIONS));
  const lines = [
    '# fish completion for iam-refine (iam-refine completion fish)',
    '# Install: iam-refine completion fish > ~/.config/fish/completions/iam-refine.fish',
    'complete -c iam-refine -f',
    `complete -c iam-refine -n '__fish_use_subcommand' -a '${COMMAND_NAMES.join(' ')}'`,
    ...optionsOf('')
      .filter((o) => globals.has(o.name))
      .map((o) => optionLine('', o)),
    ...optionsOf('')
      .filter((o) => !globals.has(o.name))
      .map((o) => optionLine('__fish_use_subcommand', o)),
  ];
  for (const c of COMMAND_NAMES)
    for (const o of optionsOf(c).filter((x) => !globals.has(x.name)))
      lines.push(optionLine(`__fish_seen_subcommand_from ${c}`, o));
  lines.push(
    `complete -c iam-refine -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'`,
    `complete -c iam-refine -n '__fish_seen_subcommand_from help' -a '${COMMAND_NAMES.filter((c) => c !== 'help').join(' ')}'`,
    `complete -c iam-refine -n '__fish_seen_subcommand_from sessions; and not __fish_seen_subcommand_from ${SESSION_ACTIONS.join(' ')}' -a '${SESSION_ACTIONS.join(' ')}'`,
    `complete -c iam-refine -n '__fish_seen_subcommand_from sessions; and __fish_seen_subcommand_from show delete' -a ${IDS}`,
    `complete -c iam-refine -n '__fish_seen_subcommand_from resume export' -a ${IDS}`,
  );
  return `${lines.join('\n')}\n`;
}
