// `iam-refine doctor`: the read-only preflight. Prints who the caller is, which tool
// actions it may use and, per source, ok / missing / denied with the fix; exit 0 when
// every source asked for can work, 1 otherwise.
import { flag, list, str, type ParsedArgs } from '../cli-args.js';
import { usageError } from '../core/errors.js';
import type { TimeWindow } from '../core/types.js';
import { sweepWindow } from './sweep-options.js';
import { parseAccountsFlag } from '../org/accounts.js';
import { Preferences } from '../../sessions/preferences.js';
import { athenaFromFlags } from '../sources/cloudtrail/athena-flags.js';
import { lakeFromFlags } from '../sources/cloudtrail/lake-flags.js';
import { emptyConfig } from '../sources/config.js';
import { DOCTOR_SOURCES, type DoctorSource } from '../doctor/types.js';
import { withPreferences } from './preferred-config.js';
import type { IO } from './io.js';

export function doctorSources(values: ParsedArgs['values']): DoctorSource[] | undefined {
  const given = list(values, 'source')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of given)
    if (!(DOCTOR_SOURCES as readonly string[]).includes(s))
      throw usageError(
        `--source ${s} is not a source doctor checks`,
        `Sources: ${DOCTOR_SOURCES.join(', ')}.`,
      );
  return given.length ? (given as DoctorSource[]) : undefined;
}

/** `--org` / `--accounts` (with --athena-table): the organization table check's accounts and window. */
export function doctorOrg(
  values: ParsedArgs['values'],
  now = new Date(),
): { accounts?: string[]; window: TimeWindow } | undefined {
  const accounts = str(values, 'accounts');
  const org = flag(values, 'org');
  const windowFlags = ['since', 'start', 'end'].filter((k) => str(values, k) !== undefined);
  if (accounts === undefined && !org) {
    if (windowFlags.length)
      throw usageError(
        `--${windowFlags[0]} in doctor is the organization table check's window`,
        'Pass it with --org or --accounts and --athena-table, or drop it.',
      );
    return undefined;
  }
  if (accounts !== undefined && org)
    throw usageError('--accounts and --org cannot be combined', 'Use one of them.');
  const which = org ? '--org' : '--accounts';
  if (!str(values, 'athena-table'))
    throw usageError(
      `${which} in doctor checks the organization trail's Athena table the sweep reads: it needs --athena-table DB.TABLE`,
      'Add --athena-table (README: "The Athena organization table").',
    );
  if (str(values, 'lake-event-data-store'))
    throw usageError(
      `${which} cannot be combined with --lake-event-data-store`,
      'The sweep reads the organization trail through Athena.',
    );
  const window = sweepWindow(values, now);
  return {
    accounts: accounts === undefined ? undefined : parseAccountsFlag(accounts).map((a) => a.id),
    window,
  };
}

export async function doctorCommand(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  const sources = doctorSources(values);
  const org = doctorOrg(values);
  const config = withPreferences(
    {
      ...emptyConfig('live'),
      live: {
        profile: str(values, 'profile'),
        region: str(values, 'region'),
        xrayFilter: str(values, 'xray-filter'),
        analyzerAccessRole: str(values, 'analyzer-access-role'),
        athena: athenaFromFlags(values),
        lake: lakeFromFlags(values),
      },
    },
    () => Preferences.open({ env: io.env }),
    { interactive: false, env: io.env },
  );
  const live = config.live!;
  const [{ createAwsClients }, { runDoctor }, { renderDoctor }] = await Promise.all([
    import('../aws/clients.js'),
    import('../doctor/run.js'),
    import('../doctor/render.js'),
  ]);
  const clients = createAwsClients({ profile: live.profile, region: live.region });
  try {
    const report = await runDoctor(clients, {
      role: str(values, 'role'),
      xrayFilter: live.xrayFilter,
      accessRole: live.analyzerAccessRole,
      athena: live.athena,
      lake: live.lake,
      org,
      sources,
    });
    io.stdout.write(
      flag(values, 'json') ? `${JSON.stringify(report, null, 2)}\n` : `${renderDoctor(report)}\n`,
    );
    return report.ok ? 0 : 1;
  } finally {
    clients.destroy();
  }
}
