// The sweep's results: what each account and role gave, the state file that makes a
// sweep resumable, and the summary (JSON and Markdown) that ranks roles by excess.
import { markdownCode, markdownText } from '../render/markdown-text.js';
import type { TimeWindow } from '../core/types.js';
import {
  renderEvidenceMarkdown,
  sweepEvidence,
  type CloudTrailQueryFacts,
  type RoleSources,
  type SweepEvidence,
} from './evidence.js';
import type { RoleScore } from './score.js';

export interface RoleRow extends RoleSources {
  account: string;
  role: string;
  arn: string;
  /** reports/ACCOUNT/ROLE.json, relative to the report folder. */
  report: string;
  exitCode: 0 | 3;
  score: RoleScore;
  /** Said in the summary: e.g. scan found no action used, so no policy was written. */
  note?: string;
}

export interface Failure {
  /** Role name, or absent for the whole account. */
  role?: string;
  reason: string;
  fix?: string;
}

export interface AccountResult {
  account: string;
  name?: string;
  /** done: every role compared; partial: some roles failed; failed: nothing read (see reason). */
  status: 'done' | 'partial' | 'failed';
  reason?: string;
  fix?: string;
  rolesListed: number;
  serviceLinkedSkipped: number;
  filteredOut: number;
  roles: RoleRow[];
  failedRoles: Failure[];
  finishedAt: string;
  /** read: the organization CloudTrail query holds its logs; no-logs: none in the window; absent: no query. */
  cloudTrail?: 'read' | 'no-logs';
}

/** compare: a report per role; scan: a least-privilege policy per role. */
export type SweepMode = 'compare' | 'scan';

export interface SweepState {
  version: 1;
  /** Absent: compare (state files written before scan could sweep). */
  mode?: SweepMode;
  startedAt: string;
  assumeRole: string;
  /**
   * Every account's outcome, and each role's: `roles` finished (with its report), `failedRoles`
   * failed (with the reason). A resume skips done accounts and reads a partial account's
   * failed roles again (all of it when the account's own read failed); failed ones again.
   */
  accounts: AccountResult[];
  /** The last run's window. */
  window?: TimeWindow;
  /** Every organization CloudTrail query the sweep ran (one per run with --athena-table). */
  cloudTrailQueries?: CloudTrailQueryFacts[];
  /** The last run's --xray-regions. */
  xrayRegions?: string[];
}

export const STATE_FILE = 'sweep-state.json';

export function parseState(text: string): SweepState | undefined {
  try {
    const s = JSON.parse(text) as Partial<SweepState>;
    if (s.version !== 1 || !Array.isArray(s.accounts)) return undefined;
    return s as SweepState;
  } catch {
    return undefined;
  }
}

export function isFinished(a: AccountResult): boolean {
  return a.status !== 'failed';
}

export interface AccountTotals {
  account: string;
  name?: string;
  status: AccountResult['status'];
  rolesCompared: number;
  rolesWithExcess: number;
  excessActions: number;
  score: number;
  serviceLinkedSkipped: number;
  failedRoles: number;
  reason?: string;
  fix?: string;
}

export interface SweepSummary {
  mode: SweepMode;
  generatedAt: string;
  assumeRole: string;
  accounts: number;
  accountsFailed: number;
  accountsPartial: number;
  rolesCompared: number;
  rolesWithExcess: number;
  serviceLinkedSkipped: number;
  /** Exit code of the run: 1 any account or role failed, 3 excess found (compare only), 0 nothing. */
  exitCode: 0 | 1 | 3;
  perAccount: AccountTotals[];
  /** Every compared role, highest score first. */
  ranking: (RoleRow & { rank: number })[];
  failures: (Failure & { account: string })[];
  /** What the verdicts stand on: sources, the CloudTrail query, accounts without it, X-Ray regions. */
  evidence: SweepEvidence;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function summarize(state: SweepState, generatedAt: string): SweepSummary {
  const perAccount = state.accounts.map((a): AccountTotals => ({
    account: a.account,
    name: a.name,
    status: a.status,
    rolesCompared: a.roles.length,
    rolesWithExcess: a.roles.filter((r) => r.exitCode === 3).length,
    excessActions: a.roles.reduce((n, r) => n + r.score.excessActions, 0),
    score: round(a.roles.reduce((n, r) => n + r.score.score, 0)),
    serviceLinkedSkipped: a.serviceLinkedSkipped,
    failedRoles: a.failedRoles.length,
    reason: a.reason,
    fix: a.fix,
  }));
  const ranking = state.accounts
    .flatMap((a) => a.roles)
    .sort(
      (x, y) =>
        y.score.score - x.score.score || x.account.localeCompare(y.account) || x.role.localeCompare(y.role),
    )
    .map((r, i) => ({ rank: i + 1, ...r }));
  const failures = state.accounts.flatMap((a) => [
    ...(a.status === 'failed' ? [{ account: a.account, reason: a.reason ?? 'failed', fix: a.fix }] : []),
    ...a.failedRoles.map((f) => ({ account: a.account, ...f })),
  ]);
  const rolesWithExcess = ranking.filter((r) => r.exitCode === 3).length;
  const mode = state.mode ?? 'compare';
  return {
    mode,
    generatedAt,
    assumeRole: state.assumeRole,
    accounts: state.accounts.length,
    accountsFailed: state.accounts.filter((a) => a.status === 'failed').length,
    accountsPartial: state.accounts.filter((a) => a.status === 'partial').length,
    rolesCompared: ranking.length,
    rolesWithExcess,
    serviceLinkedSkipped: state.accounts.reduce((n, a) => n + a.serviceLinkedSkipped, 0),
    exitCode: failures.length ? 1 : rolesWithExcess && mode === 'compare' ? 3 : 0,
    perAccount,
    ranking,
    failures,
    evidence: sweepEvidence(state.accounts, {
      queries: state.cloudTrailQueries,
      xrayRegions: state.xrayRegions,
      window: state.window,
    }),
  };
}

export function renderSummaryJson(s: SweepSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

const MD_ROLES = 50;
const cell = (s: string) => markdownText(s);

function levels(score: RoleScore): string {
  const n = (k: string) =>
    Object.entries(score.byLevel)
      .filter(([l]) => l.includes(k))
      .reduce((t, [, c]) => t + c, 0);
  return `${n('Permissions management')} / ${n('Write')} / ${n('Tagging')} / ${n('Read') + n('List')}`;
}

/** For a CI job summary or a ticket: totals, failures with their fix, accounts, the top roles. */
export function renderSummaryMarkdown(s: SweepSummary): string {
  const scan = s.mode === 'scan';
  const noPolicy = s.ranking.filter((r) => r.note);
  const out: string[] = [
    scan ? '# iam-refine organization sweep: least-privilege policies' : '# iam-refine organization sweep',
    '',
    `${s.accounts} accounts (${s.accountsFailed} failed, ${s.accountsPartial} partial), ${s.rolesCompared} roles ${scan ? `scanned (${s.rolesCompared - noPolicy.length} policies written)` : 'compared'}, **${s.rolesWithExcess} with excess**; ${s.serviceLinkedSkipped} service-linked roles skipped (AWS owns their policies). Assumed role: ${markdownCode(s.assumeRole)}. Generated ${s.generatedAt}.`,
    '',
  ];
  if (s.failures.length) {
    out.push('## Failures', '', '| Account | Role | Reason | Fix |', '| --- | --- | --- | --- |');
    for (const f of s.failures)
      out.push(
        `| ${f.account} | ${f.role ? markdownCode(f.role, { inTable: true }) : '(account)'} | ${cell(f.reason)} | ${cell(f.fix?.split('\n')[0] ?? '')} |`,
      );
    out.push('');
  }
  out.push(...renderEvidenceMarkdown(s.evidence));
  out.push(
    '## Accounts',
    '',
    '| Account | Name | Status | Roles | With excess | Excess actions | Score | Service-linked skipped | Failed roles |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const a of [...s.perAccount].sort((x, y) => y.score - x.score || x.account.localeCompare(y.account)))
    out.push(
      `| ${a.account} | ${cell(a.name ?? '')} | ${a.status} | ${a.rolesCompared} | ${a.rolesWithExcess} | ${a.excessActions} | ${a.score} | ${a.serviceLinkedSkipped} | ${a.failedRoles} |`,
    );
  out.push(
    '',
    '## Roles by excess',
    '',
    'Score: each excess action once, weighted by access level (Permissions management 8, Write 4, Tagging 2, Read/List 1), halved when only over-broad, doubled when a risk rule flags it.',
    '',
    '| # | Account | Role | Score | Excess actions | PM / Write / Tagging / Read+List | Risky | Heaviest |',
    '| ---: | --- | --- | ---: | ---: | --- | ---: | --- |',
  );
  for (const r of s.ranking.filter((x) => x.score.excessActions > 0).slice(0, MD_ROLES))
    out.push(
      `| ${r.rank} | ${r.account} | ${markdownCode(r.role, { inTable: true })} | ${r.score.score} | ${r.score.excessActions} | ${levels(r.score)} | ${r.score.riskyActions} | ${r.score.top.map((a) => markdownCode(a, { inTable: true })).join(' ')} |`,
    );
  const more = s.ranking.filter((x) => x.score.excessActions > 0).length - MD_ROLES;
  if (more > 0) out.push('', `${more} more roles with excess: see summary.json.`);
  if (noPolicy.length) {
    out.push('', '## Roles with no policy written', '');
    for (const r of noPolicy.slice(0, MD_ROLES))
      out.push(`- ${r.account} ${markdownCode(r.role)}: ${markdownText(r.note ?? '')}`);
  }
  out.push('');
  return out.join('\n');
}
