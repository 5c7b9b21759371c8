// What a sweep's verdicts stand on: the sources each role was compared with, the
// organization CloudTrail query (what it read, scanned and cost), the accounts it did not
// cover, and the X-Ray regions. Without it, "unused" in the summary could mean "CloudTrail
// looked and saw nothing" or "only Access Advisor was asked": a reader must know which.
import type { SourceId, TimeWindow } from '../core/types.js';
import { markdownCode, markdownText } from '../render/markdown-text.js';
import { SOURCE_LABELS } from '../sources/config.js';
import { formatBytes } from '../sources/cloudtrail/query-rows.js';

/** One organization CloudTrail query of the sweep (a resumed sweep may have run several). */
export interface CloudTrailQueryFacts {
  table: string;
  window: TimeWindow;
  /** Accounts the query covered (with --resume, those still to sweep then). */
  accounts: string[];
  /** Of those, the ones with trail logs in the window; the others got no CloudTrail. */
  accountsWithLogs: string[];
  estimatedBytes: number;
  estimatedFiles: number;
  estimatedCost: string;
  /** Athena's DataScannedInBytes once the query finished, and its cost. */
  scannedBytes?: number;
  cost?: string;
  rows: number;
  roles: number;
  ranAt: string;
}

/** The sources one role's verdict stands on (state and summary rows; absent in older states). */
export interface RoleSources {
  /** Sources that ran for the role (ok or partial), 'current-policy' left out. */
  sources?: SourceId[];
  /** Those of them that ended partial. */
  partialSources?: SourceId[];
}

export interface EvidenceAccount {
  account: string;
  status: 'done' | 'partial' | 'failed';
  /** read: the query holds its logs; no-logs: the trail held none in the window; absent: no query. */
  cloudTrail?: 'read' | 'no-logs';
  roles: RoleSources[];
}

export interface SweepEvidence {
  window?: TimeWindow;
  /** Every source across the sweep, with how many roles' verdicts stand on it. */
  sources: { id: SourceId; label: string; roles: number; partial: number }[];
  cloudTrail: {
    read: boolean;
    queries: CloudTrailQueryFacts[];
    /** Accounts read (not failed) whose roles had no CloudTrail, each with why. */
    accountsWithout: { account: string; why: string }[];
  };
  xray: { regions: string[]; roles: number };
  /** In words: what "unused" means in this sweep. */
  statement: string;
}

const SOURCE_ORDER: SourceId[] = ['access-advisor', 'unused-findings', 'cloudtrail', 'xray'];

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function sweepEvidence(
  accounts: EvidenceAccount[],
  facts: { queries?: CloudTrailQueryFacts[]; xrayRegions?: string[]; window?: TimeWindow },
): SweepEvidence {
  const roles = accounts.flatMap((a) => a.roles);
  const counts = new Map<SourceId, { roles: number; partial: number }>();
  for (const r of roles)
    for (const id of r.sources ?? []) {
      const c = counts.get(id) ?? { roles: 0, partial: 0 };
      c.roles++;
      if (r.partialSources?.includes(id)) c.partial++;
      counts.set(id, c);
    }
  const rank = (id: SourceId) => {
    const i = SOURCE_ORDER.indexOf(id);
    return i < 0 ? SOURCE_ORDER.length : i;
  };
  const sources = [...counts]
    .sort(([x], [y]) => rank(x) - rank(y) || x.localeCompare(y))
    .map(([id, c]) => ({ id, label: SOURCE_LABELS[id], ...c }));
  const queries = facts.queries ?? [];
  const read = queries.length > 0;
  const accountsWithout = accounts
    .filter((a) => a.status !== 'failed' && a.cloudTrail !== 'read')
    .map((a) => ({
      account: a.account,
      why:
        a.cloudTrail === 'no-logs'
          ? 'the organization trail held no logs of this account in the window'
          : 'no organization CloudTrail query (--athena-table) was run',
    }));
  const regions = facts.xrayRegions ?? [];
  const xrayRoles = counts.get('xray')?.roles ?? 0;
  const others = joinWords(
    sources.filter((s) => s.id !== 'cloudtrail' && s.id !== 'xray').map((s) => s.label),
  );
  const base = others || 'the roles\u2019 policies';
  let statement: string;
  if (!read && xrayRoles === 0)
    statement = `No CloudTrail and no X-Ray was read: "unused" rests on ${base} only.`;
  else if (!read)
    statement = `No CloudTrail was read: "unused" rests on ${base}, and X-Ray for ${xrayRoles} role(s).`;
  else if (accountsWithout.length)
    statement = `"unused" means CloudTrail looked and saw no call only in the accounts the query covered; in ${accountsWithout.length} account(s) (${accountsWithout
      .slice(0, 10)
      .map((a) => a.account)
      .join(
        ', ',
      )}${accountsWithout.length > 10 ? ', ...' : ''}) it rests on ${base}${xrayRoles ? ' (and X-Ray where traced)' : ''}.`;
  else statement = `"unused" means CloudTrail looked and saw no call in the window, besides ${base}.`;
  return {
    ...(facts.window ? { window: facts.window } : {}),
    sources,
    cloudTrail: { read, queries, accountsWithout },
    xray: { regions, roles: xrayRoles },
    statement,
  };
}

function queryLine(q: CloudTrailQueryFacts): string {
  const scanned =
    q.scannedBytes !== undefined
      ? `${formatBytes(q.scannedBytes)} scanned (${q.cost ?? ''})`
      : 'scan not reported';
  return `- CloudTrail: one Athena query over ${markdownCode(q.table)}, ${q.window.start.slice(0, 10)} .. ${q.window.end.slice(0, 10)}, ${q.accounts.length} account(s), ${q.accountsWithLogs.length} with logs; estimated ${formatBytes(q.estimatedBytes)} in ${q.estimatedFiles} log files (${q.estimatedCost}); ${scanned}; ${q.rows} rows for ${q.roles} roles; ran ${markdownText(q.ranAt)}.`;
}

const MD_ACCOUNTS = 20;

/** The Markdown "Evidence" section of summary.md. */
export function renderEvidenceMarkdown(e: SweepEvidence): string[] {
  const out = ['## Evidence', '', `**${markdownText(e.statement)}**`, ''];
  if (e.window) out.push(`- Window: ${e.window.start} .. ${e.window.end}`);
  out.push(
    `- Sources: ${e.sources.length ? e.sources.map((s) => `${markdownText(s.label)} (${s.roles} roles${s.partial ? `, ${s.partial} partial` : ''})`).join(', ') : 'none recorded'}`,
  );
  if (e.cloudTrail.read) for (const q of e.cloudTrail.queries) out.push(queryLine(q));
  else out.push('- CloudTrail: not read (no `--athena-table`)');
  if (e.cloudTrail.read && e.cloudTrail.accountsWithout.length)
    out.push(
      `- Without CloudTrail: ${e.cloudTrail.accountsWithout
        .slice(0, MD_ACCOUNTS)
        .map((a) => `${a.account} (${markdownText(a.why)})`)
        .join(
          ', ',
        )}${e.cloudTrail.accountsWithout.length > MD_ACCOUNTS ? `, and ${e.cloudTrail.accountsWithout.length - MD_ACCOUNTS} more (summary.json)` : ''}`,
    );
  out.push(
    e.xray.regions.length
      ? `- X-Ray: ${e.xray.regions.join(', ')} (${e.xray.roles} roles traced)`
      : '- X-Ray: not read (no `--xray-regions`)',
  );
  out.push('');
  return out;
}
