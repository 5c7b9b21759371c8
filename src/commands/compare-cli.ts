// `iam-refine compare` flags → gathered inputs → runCompare.
import { flag, list, str, type ParsedArgs } from '../cli-args.js';
import { resolveRole, roleRefFromArn } from '../core/arn.js';
import { UserError, usageError } from '../core/errors.js';
import { runStatus, type SourceStatus } from '../core/source-status.js';
import type { Evidence, RoleDetail, RoleRef, SourceId } from '../core/types.js';
import { windowFromFlags } from '../core/window.js';
import { loadAccount, roleDetailOf } from '../sources/account.js';
import { sourceConfigFromFlags } from '../sources/from-flags.js';
import { Preferences } from '../../sessions/preferences.js';
import { withPreferences } from './preferred-config.js';
import { readCloudTrailByRole } from '../sources/cloudtrail/by-role.js';
import { SOURCE_LABELS } from '../sources/config.js';
import { gather, sourceStatuses, type SourcePlan } from '../sources/gather.js';
import { explainEmpty, reportSourceStatus } from './source-report.js';
import { planSources } from '../sources/plan.js';
import { spoolDir, spoolStreamInputs } from '../sources/input-stream.js';
import { parseFailOn, runCompare } from './compare.js';
import type { IO } from './io.js';

export async function runCompareCommand(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  // Several accounts: the organization sweep (loaded only then, it needs the AWS SDK).
  if (values.accounts !== undefined || values.org === true)
    return (await import('./sweep.js')).runSweepCommand(args, io);
  if (values.yes === true)
    throw usageError(
      "--yes confirms the organization sweep's CloudTrail query: it needs --accounts or --org",
      'A single-role compare asks nothing; drop --yes.',
    );
  for (const k of [
    'assume-role',
    'external-id',
    'role-filter',
    'include-service-linked',
    'resume',
    'xray-regions',
  ])
    if (values[k] !== undefined)
      throw usageError(
        `--${k} is for the organization sweep: add --accounts ID,ID or --org`,
        'One account: --accounts with its id and --assume-role.',
      );
  const failOn = parseFailOn(str(values, 'fail-on'));
  const allRoles = flag(values, 'all-roles');
  const roleInput = str(values, 'role');
  if (allRoles && roleInput) throw usageError('--role and --all-roles cannot be combined');
  if (!allRoles && !roleInput) throw usageError('compare needs --role R or --all-roles');
  // The access role last remembered (the TUI keeps it); flags win.
  const config = withPreferences(sourceConfigFromFlags(values), () => Preferences.open({ env: io.env }), {
    interactive: false,
    env: io.env,
  });
  const account = await loadAccount(config);
  if (account.roles.length === 0) {
    throw usageError(
      "compare needs the role's current policies",
      'Pass --authorization-details FILE (aws iam get-account-authorization-details), --from DIR, --demo or --profile.',
    );
  }
  let roles: RoleDetail[];
  if (allRoles) {
    roles = [];
    for (const r of account.roles) {
      const ref = roleRefFromArn(r.arn) ?? { arn: r.arn, name: r.name, account: '', partition: 'aws' };
      roles.push((await roleDetailOf(account, ref)) ?? r);
    }
  } else {
    const ref = resolveRole(roleInput!, account.roles, account.accountId);
    const detail = await roleDetailOf(account, ref);
    if (!detail) {
      throw usageError(
        `role ${ref.name} is not in the authorization details`,
        "compare needs the role's current policies: check the name or pass the matching --authorization-details.",
      );
    }
    roles = [detail];
  }
  // The trail is read once per role: a pipe, FIFO or stdin is read once into a temp copy.
  if (roles.length > 1) config.cloudtrail = await spoolStreamInputs(config.cloudtrail, spoolDir());
  const now = config.clock ? new Date(config.clock) : new Date();
  const window = windowFromFlags(
    { since: str(values, 'since'), start: str(values, 'start'), end: str(values, 'end') },
    now,
  );
  const gatheredSources = new Set<SourceId>();
  const explained = new Set<string>();
  const refOf = (role: RoleDetail): RoleRef =>
    roleRefFromArn(role.arn) ?? { arn: role.arn, name: role.name, account: '', partition: 'aws' };
  // --all-roles reads CloudTrail files once for every role and splits the evidence by role.
  const sharedTrail = allRoles && config.cloudtrail.length > 0 ? config.cloudtrail : undefined;
  let byRole: Promise<Map<string, Evidence[]>> | undefined;
  const trailPlan = (ref: RoleRef): SourcePlan => ({
    id: 'cloudtrail',
    label: SOURCE_LABELS.cloudtrail,
    available: true,
    run: async () => {
      byRole ??= readCloudTrailByRole(sharedTrail!, roles.map(refOf), { window });
      return (await byRole).get(ref.arn) ?? [];
    },
  });
  const allowPartial = flag(values, 'allow-partial');
  const statusByRole = new Map<string, SourceStatus[]>();
  return runCompare(
    {
      roles,
      evidenceByRole: async (role) => {
        const ref = refOf(role);
        const plans = sharedTrail
          ? [
              ...(await planSources({ ...config, cloudtrail: [] }, account, ref)).filter(
                (p) => p.id !== 'cloudtrail' || p.available,
              ),
              trailPlan(ref),
            ]
          : await planSources(config, account, ref);
        const result = await gather(plans, { role: ref, window });
        for (const r of result.results) if (r.state === 'done') gatheredSources.add(r.id);
        const statuses = sourceStatuses(result.results);
        reportSourceStatus(statuses, io.stderr);
        await explainEmpty(account, config, ref, result.results, io.stderr, explained);
        if (runStatus(statuses) !== 'ok' && !allowPartial)
          throw new UserError('input', 'not every requested source is ok: no report written', {
            hint: 'Fix the sources above and run again, or pass --allow-partial to write the report marked partial.',
          });
        statusByRole.set(role.arn, statuses);
        return result.evidence;
      },
      report: str(values, 'report'),
      markdown: str(values, 'markdown'),
      failOn,
      ignore: list(values, 'ignore'),
      strict: flag(values, 'strict'),
      json: flag(values, 'json'),
      window,
      statusOf: (role) => statusByRole.get(role.arn),
      get sources() {
        return [...gatheredSources];
      },
    },
    io,
  );
}
