// CloudTrail for a whole organization sweep in one Athena query: plan it (the table's
// layout, the SQL, what it will scan), run it once through the per-role runner's start /
// poll / page steps, and split its rows by (account, role) so each role's compare gets
// the evidence the per-role query would have given it.
import type { AwsClients } from '../../aws/clients.js';
import { reporter } from '../../aws/progress.js';
import type { ProgressListener } from '../../core/progress.js';
import type { Evidence, RoleRef, TimeWindow } from '../../core/types.js';
import { roleRefFromArn } from '../../core/arn.js';
import { runAthenaQuery, resultRows, stats, type AthenaSettings } from './athena.js';
import {
  estimateOrgScan,
  readOrgTableLayout,
  type OrgScanEstimate,
  type OrgTableLayout,
} from './athena-org-estimate.js';
import { buildOrgAthenaQuery, ORG_ATHENA_COLUMNS } from './athena-org-sql.js';
import { athenaRowRecord, scaleEvidence, type AthenaRow } from './athena-rows.js';
import { LiveCappedAccumulator } from './live-capped.js';
import { principalOf } from './principal.js';
import { evidenceForPrincipal } from './record-evidence.js';

export interface OrgCloudTrailPlan {
  athena: AthenaSettings;
  accounts: string[];
  window: TimeWindow;
  layout: OrgTableLayout;
  query: string;
  estimate: OrgScanEstimate;
}

export async function planOrgCloudTrail(
  clients: AwsClients,
  opts: { athena: AthenaSettings; accounts: string[]; window: TimeWindow; signal?: AbortSignal },
): Promise<OrgCloudTrailPlan> {
  const layout = await readOrgTableLayout(clients, opts.athena, opts.signal);
  const query = buildOrgAthenaQuery({
    table: opts.athena.table,
    accounts: opts.accounts,
    window: opts.window,
    accountColumn: layout.accountColumn,
    partitionColumn: layout.dayColumn,
  });
  const estimate = await estimateOrgScan(clients, layout, opts.accounts, opts.window, opts.signal);
  return { ...opts, layout, query, estimate };
}

/** `ACCOUNT/name`: IAM role names are case-insensitive, and issuer-less rows carry no path. */
export function roleKey(account: string, name: string): string {
  return `${account}/${name.toLowerCase()}`;
}

/**
 * The query's rows split by role, each folded into its role's evidence as it arrives (the
 * per-role query's mapping and resource cap), so memory grows with the roles, not the rows.
 */
export class OrgCloudTrail {
  private readonly byRole = new Map<string, LiveCappedAccumulator>();
  rows = 0;
  /** Athena's DataScannedInBytes for the query, when it reported one. */
  scannedBytes?: number;
  constructor(
    /** Accounts the trail holds logs for in the window: the others' roles get no CloudTrail verdict. */
    readonly accountsWithLogs: ReadonlySet<string>,
    /** "N rows for M roles, X scanned, about $Y": for the progress line. */
    public summary = '',
  ) {}

  add(row: AthenaRow & { role_arn?: string }): void {
    const role = row.role_arn ? roleRefFromArn(row.role_arn) : undefined;
    if (!role) return;
    this.rows++;
    const key = roleKey(role.account, role.name);
    let acc = this.byRole.get(key);
    if (!acc) this.byRole.set(key, (acc = new LiveCappedAccumulator()));
    const { record, n, firstSeen, lastSeen, samples } = athenaRowRecord(row, role);
    for (const e of evidenceForPrincipal(record, principalOf(role), role.partition || 'aws'))
      acc.add(scaleEvidence(e, n, firstSeen, lastSeen, samples));
  }

  /** Roles with at least one row. */
  get roles(): number {
    return this.byRole.size;
  }

  covers(account: string): boolean {
    return this.accountsWithLogs.has(account);
  }

  /** The role's evidence; none when it made no call in the window (the trail holds its account's logs). */
  evidenceFor(role: RoleRef): Promise<Evidence[]> {
    return Promise.resolve(this.byRole.get(roleKey(role.account, role.name))?.result() ?? []);
  }
}

export async function runOrgCloudTrail(
  clients: AwsClients,
  plan: OrgCloudTrailPlan,
  opts: { signal?: AbortSignal; onProgress?: ProgressListener; pollMs?: number; pageSize?: number },
): Promise<OrgCloudTrail> {
  const report = reporter(opts, 'cloudtrail', 'CloudTrail events (Athena, organization)', 'rows');
  const run = { athena: plan.athena, signal: opts.signal, pollMs: opts.pollMs, pageSize: opts.pageSize };
  const { id, done } = await runAthenaQuery(clients, plan.query, run, report);
  const out = new OrgCloudTrail(new Set(plan.estimate.accountsWithLogs));
  for await (const row of resultRows(clients, id, run, ORG_ATHENA_COLUMNS)) {
    out.add(row);
    if (out.rows % 1000 === 0) report({ done: out.rows, message: `${out.rows} rows read; ${stats(done)}` });
  }
  out.scannedBytes = done.Statistics?.DataScannedInBytes;
  out.summary = `${out.rows} rows for ${out.roles} roles; ${stats(done)}`;
  report({ state: 'done', done: out.rows, total: out.rows, message: out.summary });
  return out;
}
