// Argument parsing only: flags → typed options. Commands live in src/commands/.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './core/errors.js';

export const COMMANDS = [
  'scan',
  'compare',
  'sessions',
  'resume',
  'export',
  'record',
  'doctor',
  'completion',
  'help',
] as const;
/** Internal commands the completion scripts call; not listed anywhere a user reads. */
export const HIDDEN_COMMANDS = ['__complete'] as const;
export type CommandName = (typeof COMMANDS)[number] | (typeof HIDDEN_COMMANDS)[number] | 'tui';

type Options = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  'sessions-dir': { type: 'string' },
  'no-color': { type: 'boolean' },
};

export const SOURCE_OPTIONS: Options = {
  profile: { type: 'string' },
  region: { type: 'string' },
  from: { type: 'string' },
  demo: { type: 'boolean' },
  'authorization-details': { type: 'string' },
  'lambda-functions': { type: 'string' },
  'event-source-mappings': { type: 'string' },
  'xray-traces': { type: 'string', multiple: true },
  cloudtrail: { type: 'string', multiple: true },
  'generated-policy': { type: 'string', multiple: true },
  'unused-findings': { type: 'string', multiple: true },
  'csm-events': { type: 'string', multiple: true },
  'iamlive-policy': { type: 'string', multiple: true },
  'xray-filter': { type: 'string' },
  'xray-service': { type: 'string' },
  'analyzer-access-role': { type: 'string' },
  'athena-table': { type: 'string' },
  'athena-workgroup': { type: 'string' },
  'athena-output': { type: 'string' },
  'athena-partition-column': { type: 'string' },
  'lake-event-data-store': { type: 'string' },
  'cloudtrail-log-group': { type: 'string' },
  role: { type: 'string' },
  since: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
};

/** How scan and export write an IaC format (src/render/portable.ts, cloudformation.ts). */
// Organization sweep (src/commands/sweep.ts): `compare --all-roles` and `scan --all-roles`.
const SWEEP_OPTIONS: Options = {
  'all-roles': { type: 'boolean' },
  accounts: { type: 'string' },
  org: { type: 'boolean' },
  'assume-role': { type: 'string' },
  'external-id': { type: 'string' },
  'role-filter': { type: 'string' },
  'include-service-linked': { type: 'boolean' },
  resume: { type: 'boolean' },
  concurrency: { type: 'string' },
  'account-concurrency': { type: 'string' },
  'xray-regions': { type: 'string' },
  // The sweep's organization CloudTrail query runs without asking (src/commands/sweep-cloudtrail.ts).
  yes: { type: 'boolean' },
};

const IAC_OPTIONS: Options = {
  portable: { type: 'boolean' },
  stage: { type: 'string' },
  inline: { type: 'boolean' },
};

export const COMMAND_OPTIONS: Record<string, Options> = {
  tui: { ...SOURCE_OPTIONS },
  scan: {
    ...SOURCE_OPTIONS,
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    'exact-resources': { type: 'boolean' },
    ...IAC_OPTIONS,
    'allow-partial': { type: 'boolean' },
    'drop-unverified': { type: 'boolean' },
    strict: { type: 'boolean' },
    fill: { type: 'string', multiple: true },
    'fill-suggested': { type: 'boolean' },
    ...SWEEP_OPTIONS,
    report: { type: 'string' },
  },
  compare: {
    ...SOURCE_OPTIONS,
    report: { type: 'string' },
    markdown: { type: 'string' },
    'fail-on': { type: 'string' },
    ignore: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    'allow-partial': { type: 'boolean' },
    ...SWEEP_OPTIONS,
  },
  sessions: {},
  resume: { 'take-over': { type: 'boolean' } },
  export: {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    ...IAC_OPTIONS,
    'allow-placeholders': { type: 'boolean' },
    strict: { type: 'boolean' },
    fill: { type: 'string', multiple: true },
    'fill-suggested': { type: 'boolean' },
  },
  record: {
    port: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  doctor: {
    profile: SOURCE_OPTIONS.profile!,
    region: SOURCE_OPTIONS.region!,
    role: SOURCE_OPTIONS.role!,
    'xray-filter': SOURCE_OPTIONS['xray-filter']!,
    'analyzer-access-role': SOURCE_OPTIONS['analyzer-access-role']!,
    'athena-table': SOURCE_OPTIONS['athena-table']!,
    'athena-workgroup': SOURCE_OPTIONS['athena-workgroup']!,
    'athena-output': SOURCE_OPTIONS['athena-output']!,
    'athena-partition-column': SOURCE_OPTIONS['athena-partition-column']!,
    'lake-event-data-store': SOURCE_OPTIONS['lake-event-data-store']!,
    // The organization sweep's CloudTrail table (src/doctor/cloudtrail-org.ts).
    accounts: SWEEP_OPTIONS.accounts!,
    org: SWEEP_OPTIONS.org!,
    since: SOURCE_OPTIONS.since!,
    start: SOURCE_OPTIONS.start!,
    end: SOURCE_OPTIONS.end!,
    source: { type: 'string', multiple: true },
  },
  completion: {},
  __complete: {},
  help: {},
};

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  command: CommandName;
  values: Values;
  positionals: string[];
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  const first = argv[0];
  const isCommand =
    first !== undefined && ([...COMMANDS, ...HIDDEN_COMMANDS] as readonly string[]).includes(first);
  if (first !== undefined && !first.startsWith('-') && !isCommand) {
    throw usageError(
      `unknown command "${first}"`,
      `Commands: ${COMMANDS.join(', ')}. Run iam-refine --help.`,
    );
  }
  const command: CommandName = isCommand ? (first as CommandName) : 'tui';
  const rest = isCommand ? argv.slice(1) : argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command] },
      allowPositionals: [
        'sessions',
        'resume',
        'export',
        'record',
        'help',
        'completion',
        '__complete',
      ].includes(command),
      strict: true,
    });
    return { command, values: values as Values, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw usageError(
      msg.replace(/^Unknown option/, 'unknown option'),
      `Run iam-refine ${isCommand ? `${command} ` : ''}--help.`,
    );
  }
}

export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function list(values: Values, key: string): string[] {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(values: Values, key: string): boolean {
  return values[key] === true;
}
