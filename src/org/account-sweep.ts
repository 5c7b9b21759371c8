// One account of a sweep: list its roles, read each one's policies, gather Access Advisor
// and unused-access findings, compare, and write reports/ACCOUNT/ROLE.json. A role that
// cannot be read is a failure of that role, never of the account.
import path from 'node:path';
import type { AwsClients } from '../aws/clients.js';
import { Semaphore } from '../aws/concurrency.js';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { callAws, isAbortError } from '../aws/errors.js';
import { compareRoleStep } from '../commands/compare.js';
import { roleRefFromArn } from '../core/arn.js';
import type { FailOn } from '../core/compare-types.js';
import { isUserError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import type { Evidence, RoleDetail, RoleRef, SourceId, TimeWindow } from '../core/types.js';
import { renderCompareJson } from '../render/compare-report.js';
import { findUnusedAccessAnalyzer, unusedFindingsLive } from '../sources/access-analyzer/live-unused.js';
import { SOURCE_LABELS } from '../sources/config.js';
import { gather, sourceStatuses, type SourcePlan, type SourceResult } from '../sources/gather.js';
import type { CompareReport } from '../core/compare-types.js';
import { getRoleDetailLive, listRolesLive } from '../sources/iam/live.js';
import { accessAdvisorLive } from '../sources/iam/live-access-advisor.js';
import { cloudTrailPlans, type SweepCloudTrail } from './cloudtrail-plan.js';
import type { AccountQuota } from './quotas.js';
import { selectRoles, tagFilterOf, tagMatches, type TagFilter } from './roles.js';
import { scoreReport } from './score.js';
import type { AccountResult, Failure, RoleRow } from './summary.js';
import type { AccountXray } from './xray-plan.js';

export interface AccountSweepOptions {
  account: string;
  name?: string;
  reportDir: string;
  window: TimeWindow;
  roleFilter?: string;
  includeServiceLinked?: boolean;
  failOn?: FailOn;
  ignore?: string[];
  strict?: boolean;
  /** Roles compared at once in this account. */
  roleConcurrency: number;
  /** Shared by every account: roles in flight across the whole sweep. */
  overall: Semaphore;
  pollIntervalMs?: number;
  now: () => Date;
  write: (file: string, content: string) => void;
  onRoleDone?: (account: string, role: string) => void;
  onRolesListed?: (account: string, count: number) => void;
  /** The organization's unused-access analyzer, read from its delegated administrator (the caller). */
  orgFindings?: { clients: AwsClients; analyzerArn: string };
  /** Each role's CloudTrail evidence, split from the sweep's one organization query. */
  cloudTrail?: SweepCloudTrail;
  /** The account's quotas (Access Advisor jobs), shared by its roles. */
  quota?: AccountQuota;
  /** `--xray-regions`: the role's traces in those regions. */
  xray?: AccountXray;
  /** Roles finished in an earlier run of this sweep (`--resume`): kept, not read again. */
  keep?: RoleRow[];
  /** What is written per role: the compare report (default) or, for scan, the policy. */
  roleStep?: RoleStep;
  /**
   * Evidence read outside the account (e.g. one organization-wide query), already split
   * by role, with the sources it stands for.
   */
  extraEvidence?: (role: RoleRef) => { evidence: Evidence[]; sources: SourceId[] } | undefined;
  signal?: AbortSignal;
}

export interface RoleStepInput {
  account: string;
  role: RoleDetail;
  ref: RoleRef;
  evidence: Evidence[];
  /** The sources that ran, 'current-policy' first. */
  sources: SourceId[];
  results: SourceResult[];
  extraEvidence?: Evidence[];
}

/** One role's output: written under the report folder; the row for the summary. */
export type RoleStep = (
  input: RoleStepInput,
  opts: AccountSweepOptions,
) => Pick<RoleRow, 'report' | 'exitCode' | 'score'> & Partial<Pick<RoleRow, 'note'>>;

/** `compare`: the report in DIR/ACCOUNT/ROLE.json. */
export const compareStep: RoleStep = (input, opts) => {
  const report = compareRoleStep(input.role, input.evidence, {
    window: opts.window,
    sources: input.sources,
    failOn: opts.failOn,
    ignore: opts.ignore,
    strict: opts.strict,
    extraEvidence: input.extraEvidence,
    statuses: sourceStatuses(input.results),
    partialNote: SWEEP_PARTIAL_NOTE,
    now: opts.now,
  });
  recordSkipped(report, input.results);
  const rel = path.join(input.account, reportFileName(input.role.name));
  opts.write(path.join(opts.reportDir, rel), renderCompareJson(report));
  return { report: rel, exitCode: report.summary.exitCode, score: scoreReport(report) };
};

const SWEEP_PARTIAL_NOTE =
  'partial: not every source read in full (see sources); grants only the missing part could show used may be reported unused or unknown';

/** Sources not run for this role (no logs, no analyzer, no traced function): in the report, with why. */
export function recordSkipped(report: CompareReport, results: SourceResult[]): void {
  for (const r of results)
    if (r.state === 'skipped' && !report.sources.some((s) => s.source === r.id))
      report.sources.push({
        source: r.id,
        id: r.id,
        observations: 0,
        covers: 'nothing: not read for this role',
        status: 'skipped',
        ...(r.message ? { reason: r.message } : {}),
      });
}

export function reportFileName(role: string): string {
  return `${role.replace(/[^A-Za-z0-9+=,.@_-]/g, '_')}.json`;
}

export function failureText(e: unknown): { reason: string; fix?: string } {
  if (isUserError(e)) return { reason: safeLine(e.message), fix: e.hint ? safeLine(e.hint) : undefined };
  return { reason: safeLine(e instanceof Error ? e.message : String(e)) };
}

/** The account's sources for one role: Access Advisor always, unused findings when an analyzer exists. */
function plansFor(
  clients: AwsClients,
  findings: { clients: AwsClients; analyzerArn?: string },
  opts: AccountSweepOptions,
): SourcePlan[] {
  const analyzer = findings.analyzerArn;
  return [
    {
      id: 'access-advisor',
      label: SOURCE_LABELS['access-advisor'],
      available: true,
      run: (ctx) => {
        const job = () =>
          accessAdvisorLive(clients, {
            role: ctx.role,
            window: opts.window,
            pollIntervalMs: opts.pollIntervalMs,
            signal: ctx.signal,
          });
        // A job slot of the account is held from GenerateServiceLastAccessedDetails to its last page.
        return opts.quota ? opts.quota.accessAdvisorJobs.run(job) : job();
      },
    },
    {
      id: 'unused-findings',
      label: SOURCE_LABELS['unused-findings'],
      available: !!analyzer,
      why: 'no unused-access analyzer in this account',
      run: (ctx) =>
        unusedFindingsLive(findings.clients, { role: ctx.role, analyzerArn: analyzer, signal: ctx.signal }),
    },
    ...cloudTrailPlans(opts.cloudTrail, opts.account),
  ];
}

/** GetRole (in the tool policy already) is where IAM gives a role's tags. */
async function hasTag(clients: AwsClients, roleName: string, f: TagFilter, signal?: AbortSignal) {
  const got = await callAws({ action: 'iam:GetRole' }, () =>
    clients.iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: signal }),
  );
  return tagMatches(got.Role?.Tags, f);
}

export async function sweepAccount(clients: AwsClients, opts: AccountSweepOptions): Promise<AccountResult> {
  const listed = await listRolesLive(clients, { signal: opts.signal });
  const tagFilter = tagFilterOf(opts.roleFilter);
  const selection = selectRoles(listed, {
    filter: opts.roleFilter,
    includeServiceLinked: opts.includeServiceLinked,
  });
  const { serviceLinked } = selection;
  // A resumed account keeps the roles it finished (still listed): only the others are read.
  const listedNames = new Set(selection.selected.map((r) => r.name));
  const kept = (opts.keep ?? []).filter((r) => listedNames.has(r.role));
  const keptNames = new Set(kept.map((r) => r.role));
  const selected = selection.selected.filter((r) => !keptNames.has(r.name));
  // Tag filters are checked per role (GetRole): those left out are counted as they are seen.
  let filteredOut = selection.filteredOut;
  opts.onRolesListed?.(opts.account, selected.length);
  // Looked up once per account, not per role (or the organization's, once per sweep).
  let analyzer = opts.orgFindings?.analyzerArn;
  const failedRoles: Failure[] = [];
  try {
    if (!opts.orgFindings) analyzer = await findUnusedAccessAnalyzer(clients, opts.signal);
  } catch (e) {
    if (isAbortError(e)) throw e;
    failedRoles.push({
      reason: `unused-access findings not read: ${failureText(e).reason}`,
      fix: failureText(e).fix,
    });
  }
  const plans = plansFor(
    clients,
    { clients: opts.orgFindings?.clients ?? clients, analyzerArn: analyzer },
    opts,
  );
  const perAccount = new Semaphore(opts.roleConcurrency);
  const rows: RoleRow[] = [...kept];
  const step = opts.roleStep ?? compareStep;
  await Promise.all(
    selected.map((listedRole) =>
      perAccount.run(() =>
        opts.overall.run(async () => {
          opts.signal?.throwIfAborted();
          try {
            if (tagFilter && !(await hasTag(clients, listedRole.name, tagFilter, opts.signal))) {
              filteredOut++;
              return;
            }
            const role = await getRoleDetailLive(clients, listedRole.name, { signal: opts.signal });
            const ref = roleRefFromArn(role.arn) ?? {
              arn: role.arn,
              name: role.name,
              account: opts.account,
              partition: 'aws',
            };
            const rolePlans = opts.xray ? [...plans, await opts.xray.planFor(ref, opts.signal)] : plans;
            const got = await gather(rolePlans, { role: ref, window: opts.window, signal: opts.signal });
            const bad = got.results.filter((r) => r.state === 'failed');
            if (bad.length) {
              // Compared without its usage, every grant would look unknown: not a clean bill.
              failedRoles.push({
                role: role.name,
                reason: bad.map((r) => `${r.label}: ${r.message ?? 'failed'}`).join('; '),
                fix: `Check the audit role has the permissions in the README (Organization sweep), then run the same sweep with --resume (it reads the failed roles again and keeps the finished ones), or this account alone with --accounts ${opts.account}.`,
              });
              return;
            }
            const extra = opts.extraEvidence?.(ref);
            const sources: SourceId[] = [
              'current-policy',
              ...got.results.filter((r) => r.state === 'done').map((r) => r.id),
              ...(extra?.sources ?? []),
            ];
            const out = step(
              {
                account: opts.account,
                role,
                ref,
                evidence: got.evidence,
                sources,
                results: got.results,
                extraEvidence: extra?.evidence,
              },
              opts,
            );
            const ran = got.results.filter((r) => r.state === 'done');
            const partial = ran.filter((r) => r.status === 'partial').map((r) => r.id);
            rows.push({
              account: opts.account,
              role: role.name,
              arn: role.arn,
              ...out,
              sources: [...ran.map((r) => r.id), ...(extra?.sources ?? [])],
              ...(partial.length ? { partialSources: partial } : {}),
            });
          } catch (e) {
            if (isAbortError(e) || opts.signal?.aborted) throw e;
            failedRoles.push({ role: listedRole.name, ...failureText(e) });
          } finally {
            opts.onRoleDone?.(opts.account, listedRole.name);
          }
        }),
      ),
    ),
  );
  rows.sort((a, b) => a.role.localeCompare(b.role));
  return {
    account: opts.account,
    name: opts.name,
    status: failedRoles.length ? 'partial' : 'done',
    rolesListed: listed.length,
    serviceLinkedSkipped: serviceLinked,
    filteredOut,
    roles: rows,
    failedRoles,
    finishedAt: opts.now().toISOString(),
  };
}
