// `iam-refine doctor`: the read-only preflight. Prints who the caller is, which tool
// actions it may use and, per source, ok / missing / denied with the fix; exit 0 when
// every source asked for can work, 1 otherwise.
import { flag, list, str, type ParsedArgs } from '../cli-args.js';
import { usageError } from '../core/errors.js';
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

export async function doctorCommand(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  const sources = doctorSources(values);
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
