// `compare --all-roles --accounts ... | --org --assume-role NAME`: every role of every
// account, one report folder. Accounts run side by side (bounded), each through its own
// assumed session; a failed account or role is listed with its fix and the others go on.
// Exit codes: 1 when any account or role failed, else 3 when excess was found, else 0.
// `scan --all-roles` across accounts runs the same driver and writes each role's policy
// (exit 1 when any account or role failed, else 0).
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { flag, list, str, type ParsedArgs } from '../cli-args.js';
import type { AwsClients } from '../aws/clients.js';
import { Semaphore } from '../aws/concurrency.js';
import { UserError, usageError } from '../core/errors.js';
import { classifyAwsError } from '../aws/errors.js';
import { safeLine } from '../core/sanitize.js';
import { parseAccountsFlag, type SweepAccount } from '../org/accounts.js';
import { failureText, sweepAccount, type RoleStep } from '../org/account-sweep.js';
import { AccountQuotas } from '../org/quotas.js';
import { keptRows, regionsFlag, sweepWindow } from './sweep-options.js';
import {
  isFinished,
  parseState,
  renderSummaryJson,
  renderSummaryMarkdown,
  STATE_FILE,
  summarize,
  type AccountResult,
  type SweepMode,
  type SweepState,
} from '../org/summary.js';
import type { SweepCloudTrail } from '../org/cloudtrail-plan.js';
import { assumeFix } from '../org/trust.js';
import { parseFailOn } from './compare.js';
import type { IO } from './io.js';
import { writeFileSet } from './output-files.js';
import { checkSweepCloudTrailFlags, sweepCloudTrail } from './sweep-cloudtrail.js';

function positiveInt(values: ParsedArgs['values'], key: string, fallback: number): number {
  const v = str(values, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw usageError(`--${key} ${v} is not a number from 1 to 64`, `e.g. --${key} ${fallback}`);
  return n;
}

export async function runSweepCommand(
  args: ParsedArgs,
  io: IO,
  mode: SweepMode = 'compare',
): Promise<number> {
  const { values } = args;
  const roleName = str(values, 'assume-role');
  const verb = mode === 'scan' ? 'scans' : 'compares';
  if (str(values, 'accounts') !== undefined && flag(values, 'org'))
    throw usageError('--accounts and --org cannot be combined', 'Use one of them.');
  if (!flag(values, 'all-roles'))
    throw usageError(`a sweep ${verb} every role: pass --all-roles with --accounts or --org`);
  if (str(values, 'role'))
    throw usageError('--role cannot be combined with --accounts or --org', 'Use --role-filter.');
  if (!roleName)
    throw usageError(
      '--accounts and --org need --assume-role NAME',
      'The role deployed in every account (e.g. by a StackSet) that the sweep assumes; the README\'s "Organization sweep" has its template.',
    );
  const formatFlag = str(values, 'format');
  if (formatFlag !== undefined && formatFlag !== 'json')
    throw usageError(
      `--format ${safeLine(formatFlag)} cannot be combined with --accounts or --org`,
      'A sweep writes JSON policies; run scan --role for one role in another format.',
    );
  if (str(values, 'report') !== undefined && str(values, 'out') !== undefined)
    throw usageError('--report and --out name the same folder in a sweep', 'Pass one of them.');
  for (const k of [
    'authorization-details',
    'from',
    'demo',
    'cloudtrail',
    'xray-traces',
    'unused-findings',
    'portable',
    'stage',
    'inline',
  ])
    if (values[k] !== undefined)
      throw usageError(
        `--${k} cannot be combined with --accounts or --org`,
        'A sweep reads each account live.',
      );
  checkSweepCloudTrailFlags(values);
  const accountsFlag = str(values, 'accounts');
  const given = accountsFlag !== undefined ? parseAccountsFlag(accountsFlag) : undefined;
  const reportDir = str(values, 'report') ?? str(values, 'out') ?? (mode === 'scan' ? 'policies' : 'reports');
  const xrayRegions = regionsFlag(values);
  const failOn = parseFailOn(str(values, 'fail-on'));
  const concurrency = positiveInt(values, 'concurrency', 8);
  const accountsAtOnce = positiveInt(values, 'account-concurrency', 4);
  const now = () => new Date();
  const window = sweepWindow(values, now());
  const statePath = path.join(reportDir, STATE_FILE);
  const previous =
    flag(values, 'resume') && existsSync(statePath) ? parseState(readFileSync(statePath, 'utf8')) : undefined;
  if (flag(values, 'resume') && existsSync(statePath) && !previous)
    throw usageError(
      `${safeLine(statePath)} is not a sweep state iam-refine wrote (damaged?)`,
      'Remove it to start over, or choose another --report folder.',
    );
  if (previous && (previous.mode ?? 'compare') !== mode)
    throw usageError(
      `${safeLine(statePath)} holds a ${previous.mode ?? 'compare'} sweep, not a ${mode} one`,
      'Resume it with the same command, or choose another --report folder.',
    );
  if (flag(values, 'resume') && !previous)
    io.stderr.write(
      `iam-refine: no sweep state in ${safeLine(reportDir)}: starting from the first account\n`,
    );
  else if (!flag(values, 'resume') && existsSync(statePath))
    io.stderr.write(
      `iam-refine: ${safeLine(statePath)} holds an earlier sweep: starting over (pass --resume to go on from it)\n`,
    );

  const { createAwsClients, checkCredentials } = await import('../aws/clients.js');
  const base = createAwsClients({ profile: str(values, 'profile'), region: str(values, 'region') });
  try {
    const caller = await checkCredentials(base);
    let accounts: SweepAccount[];
    if (given) accounts = given;
    else {
      const { listOrganizationAccounts } = await import('../org/aws.js');
      accounts = await listOrganizationAccounts(base).catch((e: unknown) => {
        const why = e instanceof UserError ? e : new UserError('aws', String(e));
        throw new UserError('aws', why.message, {
          hint: `${why.hint ? `${why.hint}\n` : ''}--org needs the management account or a delegated administrator; or name the accounts: --accounts ID,ID or --accounts FILE.`,
          cause: e,
        });
      });
      io.stderr.write(`organization: ${accounts.length} active accounts\n`);
    }
    const { findOrganizationAnalyzer } = await import('../org/aws.js');
    const orgAnalyzer = await findOrganizationAnalyzer(base);
    if (orgAnalyzer)
      io.stderr.write(`unused-access findings: the organization's analyzer ${safeLine(orgAnalyzer)}\n`);
    const state: SweepState = {
      version: 1,
      ...(mode === 'scan' ? { mode } : {}),
      startedAt: previous?.startedAt ?? now().toISOString(),
      assumeRole: roleName,
      // Accounts no longer asked for (another --accounts list) drop out of the summary;
      // the others stay until this run replaces them.
      accounts: (previous?.accounts ?? []).filter((a) => accounts.some((x) => x.id === a.account)),
      window,
      // Queries of earlier runs stay: the accounts they covered keep their verdicts.
      cloudTrailQueries: previous?.cloudTrailQueries ?? [],
      xrayRegions,
    };
    // Done accounts are never read again; a partial one reads only its failed roles again.
    const done = new Set(state.accounts.filter((a) => a.status === 'done').map((a) => a.account));
    const keep = new Map(
      state.accounts.flatMap((a) => {
        const rows = keptRows(a, reportDir);
        return rows ? [[a.account, rows] as const] : [];
      }),
    );
    const todo = accounts.filter((a) => !done.has(a.id));
    if (previous)
      io.stderr.write(
        `resuming: ${done.size} accounts already finished, ${todo.length} to go${keep.size ? ` (${keep.size} partial: only their failed roles are read again)` : ''}\n`,
      );
    const write = (file: string, content: string) => writeFileSet([{ path: file, content }]);
    const saveState = () => write(statePath, `${JSON.stringify(state, null, 2)}\n`);

    const progress = sweepProgress(io, accounts.length, done.size, mode);
    const overall = new Semaphore(concurrency);
    // AWS counts these per account, whatever --concurrency says: one limiter per account.
    const quotas = new AccountQuotas();
    const roleStep: RoleStep | undefined =
      mode === 'scan'
        ? (await import('../org/scan-step.js')).scanStep({
            dropUnverified: flag(values, 'drop-unverified'),
            exactResources: flag(values, 'exact-resources'),
          })
        : undefined;
    const accountSlots = new Semaphore(accountsAtOnce);
    const externalId = str(values, 'external-id');
    const { accountClients, accountClientsIn, roleArnIn, sweepSessionName } = await import('../org/aws.js');
    const { accountXray } = await import('../org/xray-plan.js');
    const sessionName = sweepSessionName(now());
    let cloudTrail: SweepCloudTrail | undefined;
    const controller = new AbortController();
    // Every call in flight listens to it: hundreds, by design.
    setMaxListeners(0, controller.signal);
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      // One organization query for every account still to sweep (--athena-table), before any account.
      cloudTrail = await sweepCloudTrail(base, values, io, {
        accounts: todo.map((a) => a.id),
        window,
        signal: controller.signal,
        onFacts: (f) => state.cloudTrailQueries!.push(f),
      });
      await Promise.all(
        todo.map((acct) =>
          accountSlots.run(async () => {
            if (controller.signal.aborted) return;
            const result = await sweepOne(acct);
            const before = state.accounts.find((a) => a.account === acct.id);
            // A stopped account keeps what an earlier run had for it; anything else replaces it.
            if (!(controller.signal.aborted && result.status === 'failed' && before))
              state.accounts = [...state.accounts.filter((a) => a.account !== acct.id), result];
            saveState();
            progress.accountDone(result, controller.signal.aborted);
          }),
        ),
      );
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    async function sweepOne(acct: SweepAccount): Promise<AccountResult> {
      const failed = (reason: string, fix?: string): AccountResult => ({
        account: acct.id,
        name: acct.name,
        status: 'failed',
        reason,
        fix,
        rolesListed: 0,
        serviceLinkedSkipped: 0,
        filteredOut: 0,
        roles: [],
        failedRoles: [],
        finishedAt: now().toISOString(),
      });
      let clients: AwsClients;
      const quota = quotas.of(acct.id);
      try {
        clients = await accountClients(base, acct.id, {
          roleName: roleName!,
          externalId,
          partition: caller.partition,
          sessionName,
          quota,
        });
      } catch (e) {
        return failed(
          assumeReason(e, roleArnIn(acct.id, { roleName: roleName!, partition: caller.partition })),
          assumeFix({
            account: acct.id,
            roleName: roleName!,
            callerAccount: caller.account,
            callerArn: caller.arn,
            partition: caller.partition,
            externalId,
          }),
        );
      }
      const regional = new Map<string, AwsClients>();
      const clientsIn = (region: string) => {
        let c = regional.get(region);
        if (!c) regional.set(region, (c = accountClientsIn(clients, region, quota)));
        return c;
      };
      try {
        const result = await sweepAccount(clients, {
          account: acct.id,
          name: acct.name,
          reportDir,
          window,
          roleFilter: str(values, 'role-filter'),
          includeServiceLinked: flag(values, 'include-service-linked'),
          failOn,
          ignore: list(values, 'ignore'),
          strict: flag(values, 'strict'),
          roleConcurrency: Math.min(4, concurrency),
          overall,
          now,
          write,
          signal: controller.signal,
          onRolesListed: progress.rolesListed,
          onRoleDone: progress.roleDone,
          orgFindings: orgAnalyzer ? { clients: base, analyzerArn: orgAnalyzer } : undefined,
          cloudTrail,
          quota,
          xray: xrayRegions.length ? accountXray(xrayRegions, clientsIn, window) : undefined,
          keep: keep.get(acct.id),
          roleStep,
        });
        return cloudTrail
          ? { ...result, cloudTrail: cloudTrail.covers(acct.id) ? 'read' : 'no-logs' }
          : result;
      } catch (e) {
        const { reason, fix } = failureText(e);
        return failed(
          controller.signal.aborted ? 'stopped (Ctrl-C) before the account finished' : reason,
          fix,
        );
      } finally {
        clients.destroy();
        for (const c of regional.values()) c.destroy();
      }
    }
    if (controller.signal.aborted) {
      io.stderr.write(
        `stopped: ${state.accounts.filter(isFinished).length} accounts finished; run the same command with --resume to go on\n`,
      );
    }
    const summary = summarize(state, now().toISOString());
    write(path.join(reportDir, 'summary.json'), renderSummaryJson(summary));
    write(path.join(reportDir, 'summary.md'), renderSummaryMarkdown(summary));
    io.stderr.write(`wrote ${safeLine(path.join(reportDir, 'summary.json'))} and summary.md\n`);
    if (flag(values, 'json')) io.stdout.write(renderSummaryJson(summary));
    else {
      const roles =
        mode === 'scan'
          ? `${summary.rolesCompared} roles scanned (${summary.ranking.filter((r) => !r.note).length} policies written)`
          : `${summary.rolesCompared} roles compared`;
      io.stdout.write(
        `${summary.accounts} accounts (${summary.accountsFailed} failed), ${roles}, ${summary.rolesWithExcess} with excess, ${summary.serviceLinkedSkipped} service-linked skipped\n`,
      );
      for (const f of summary.failures)
        io.stdout.write(
          `FAILED ${f.account}${f.role ? ` ${safeLine(f.role)}` : ''}: ${safeLine(f.reason)}\n${f.fix ? `  fix: ${safeLine(f.fix)}\n` : ''}`,
        );
      for (const r of summary.ranking.filter((x) => x.score.excessActions > 0).slice(0, 10))
        io.stdout.write(
          `${String(r.rank).padStart(3)}. ${r.account} ${safeLine(r.role)}  score ${r.score.score}, ${r.score.excessActions} excess actions\n`,
        );
    }
    return controller.signal.aborted ? 1 : summary.exitCode;
  } finally {
    base.destroy();
  }
}

/** AssumeRole refused is about the role's side as often as the caller's: say both. */
function assumeReason(e: unknown, roleArn: string): string {
  const cause = e instanceof UserError ? e.cause : e;
  if (classifyAwsError(cause) === 'access-denied')
    return `cannot assume ${roleArn}: AWS refused sts:AssumeRole (the role is missing, does not trust the caller, the external id differs, or the caller may not assume it)`;
  return `cannot assume ${roleArn}: ${failureText(e).reason}`;
}

/** Progress lines on stderr: accounts and roles done, with an ETA once an account finished. */
function sweepProgress(
  io: Pick<IO, 'stderr'>,
  accounts: number,
  alreadyDone: number,
  mode: SweepMode = 'compare',
) {
  const [verb, doing, done] =
    mode === 'scan' ? ['scan', 'scanning', 'scanned'] : ['compare', 'comparing', 'compared'];
  const started = Date.now();
  let accountsDone = alreadyDone;
  let finishedThisRun = 0;
  let rolesTotal = 0;
  let rolesDone = 0;
  let lastLine = 0;
  const line = (text: string) => {
    const eta =
      finishedThisRun > 0 && accountsDone < accounts
        ? `, ETA ${Math.ceil((((Date.now() - started) / finishedThisRun) * (accounts - accountsDone)) / 1000)}s`
        : '';
    io.stderr.write(
      `[accounts ${accountsDone}/${accounts}, roles ${rolesDone}/${rolesTotal}${eta}] ${text}\n`,
    );
  };
  return {
    rolesListed: (account: string, count: number) => {
      rolesTotal += count;
      line(`${account}: ${count} roles to ${verb}`);
    },
    roleDone: () => {
      rolesDone++;
      // At most one roles line a second: a sweep of thousands of roles stays readable.
      if (Date.now() - lastLine >= 1000) {
        lastLine = Date.now();
        line(doing);
      }
    },
    accountDone: (r: AccountResult, stopped = false) => {
      accountsDone++;
      finishedThisRun++;
      line(
        r.status === 'failed'
          ? `${r.account} ${stopped ? 'stopped' : `FAILED: ${safeLine(r.reason ?? '')}`}`
          : `${r.account} ${r.status}: ${r.roles.length} roles ${done}, ${r.roles.filter((x) => x.exitCode === 3).length} with excess${r.failedRoles.length ? `, ${r.failedRoles.length} failed` : ''}`,
      );
    },
  };
}
