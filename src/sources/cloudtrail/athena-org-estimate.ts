// What the organization query will scan, before it runs: the table's partition layout from
// Athena (GetTableMetadata), then the sizes of the log files in exactly the partitions the
// query reads (ListObjectsV2 over each swept account's region folders, the window's days
// only). Athena bills the bytes it reads from S3 and reads whole CloudTrail files, so the
// sum of the partitions' object sizes is what the query scans (compressed, as billed).
import { GetTableMetadataCommand, type TableMetadata } from '@aws-sdk/client-athena';
import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws/clients.js';
import { Semaphore } from '../../aws/concurrency.js';
import { callAws } from '../../aws/errors.js';
import { UserError } from '../../core/errors.js';
import { safeLine } from '../../core/sanitize.js';
import type { TimeWindow } from '../../core/types.js';
import type { AthenaSettings } from './athena.js';
import { DEFAULT_PARTITION_COLUMN, partitionDay } from './athena-sql.js';

/** The account partition's names in the AWS docs' tables and common variants. */
const ACCOUNT_COLUMNS = ['account', 'accountid', 'account_id'];

export interface OrgTableLayout {
  /** s3://bucket/AWSLogs/o-ORGID/: the accounts' folders are right under it. */
  bucket: string;
  prefix: string;
  accountColumn: string;
  /** The day partition column, or null when the table has none (every day is scanned). */
  dayColumn: string | null;
}

export interface OrgScanEstimate {
  bytes: number;
  objects: number;
  /** Swept accounts with at least one log file in the scanned partitions. */
  accountsWithLogs: string[];
  location: string;
}

const tableError = (table: string, message: string, hint: string) =>
  new UserError('input', `--athena-table ${safeLine(table)}: ${message}`, { hint });

const ORG_TABLE_HINT =
  'Use the organization trail\'s table partitioned by account and day (README: "The Athena organization table").';

/** The table's account and day partition columns (doctor checks them on their own). */
export function orgPartitionColumns(
  table: string,
  meta: TableMetadata | undefined,
  dayFlag?: string,
): Pick<OrgTableLayout, 'accountColumn' | 'dayColumn'> {
  const keys = (meta?.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
  const accountColumn = ACCOUNT_COLUMNS.find((c) => keys.includes(c));
  if (!accountColumn)
    throw tableError(
      table,
      `it has no account partition (partition columns: ${keys.join(', ') || 'none'}), so one query would scan every account`,
      ORG_TABLE_HINT,
    );
  const dayColumn = dayFlag === '' ? null : (dayFlag ?? DEFAULT_PARTITION_COLUMN).toLowerCase();
  if (dayColumn && !keys.includes(dayColumn))
    throw tableError(
      table,
      `it has no "${dayColumn}" day partition (partition columns: ${keys.join(', ')})`,
      `Name its 'yyyy/MM/dd' partition with --athena-partition-column C, or --athena-partition-column none (every day is then scanned). ${ORG_TABLE_HINT}`,
    );
  return { accountColumn, dayColumn };
}

/** Where the accounts' folders are: the storage template (projection) or the table's location. */
export function orgTableRoot(
  table: string,
  meta: TableMetadata | undefined,
  accountColumn: string,
): Pick<OrgTableLayout, 'bucket' | 'prefix'> {
  const params = meta?.Parameters ?? {};
  // Projection: s3://B/AWSLogs/o-X/${account}/CloudTrail/${region}/${timestamp}; the
  // accounts' folders start where the first projected column does.
  const template = params['storage.location.template'];
  const cut = template?.indexOf('${') ?? -1;
  if (template && cut >= 0 && !template.startsWith(`\${${accountColumn}}/CloudTrail/`, cut))
    throw tableError(
      table,
      `its storage.location.template ${safeLine(template)} is not the organization trail's layout .../AWSLogs/o-ORGID/\${${accountColumn}}/CloudTrail/...`,
      ORG_TABLE_HINT,
    );
  const root = template && cut >= 0 ? template.slice(0, cut) : params.location;
  const m = root ? /^s3:\/\/([^/]+)\/?(.*)$/.exec(root) : null;
  if (!m)
    throw tableError(
      table,
      `Athena gives no S3 location for it${root ? ` (${safeLine(root)})` : ''}`,
      ORG_TABLE_HINT,
    );
  const prefix = m[2] ? (m[2].endsWith('/') ? m[2] : `${m[2]}/`) : '';
  return { bucket: m[1]!, prefix };
}

/** The table's S3 root and partition columns, checked before anything is scanned. */
export function orgTableLayout(
  table: string,
  meta: TableMetadata | undefined,
  dayFlag?: string,
): OrgTableLayout {
  const columns = orgPartitionColumns(table, meta, dayFlag);
  return { ...orgTableRoot(table, meta, columns.accountColumn), ...columns };
}

/** GetTableMetadata for `DB.TABLE` (the default catalog) or `CATALOG.DB.TABLE`. */
export function tableMetadataCommand(athena: AthenaSettings): GetTableMetadataCommand {
  const parts = athena.table.split('.');
  const [catalog, database, table] = parts.length === 3 ? parts : ['AwsDataCatalog', ...parts];
  return new GetTableMetadataCommand({
    CatalogName: catalog,
    DatabaseName: database,
    TableName: table,
    WorkGroup: athena.workgroup,
  });
}

export async function readOrgTableLayout(
  clients: AwsClients,
  athena: AthenaSettings,
  signal?: AbortSignal,
): Promise<OrgTableLayout> {
  const out = await callAws({ action: 'athena:GetTableMetadata', profile: clients.settings.profile }, () =>
    clients.athena.send(tableMetadataCommand(athena), { abortSignal: signal }),
  );
  return orgTableLayout(athena.table, out.TableMetadata, athena.partitionColumn);
}

/** The window's months as 'yyyy/MM' with the first and last day bounds ('yyyy/MM/dd'). */
export function windowMonths(window: TimeWindow): { month: string; from: string; to: string }[] {
  const [from, to] = [partitionDay(window.start), partitionDay(window.end)];
  const out: { month: string; from: string; to: string }[] = [];
  let [y, mo] = from.split('/').map(Number) as [number, number];
  for (;;) {
    const month = `${y}/${String(mo).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    out.push({ month, from, to });
    [y, mo] = mo === 12 ? [y + 1, 1] : [y, mo + 1];
  }
  return out;
}

export async function estimateOrgScan(
  clients: AwsClients,
  layout: OrgTableLayout,
  accounts: string[],
  window: TimeWindow,
  signal?: AbortSignal,
): Promise<OrgScanEstimate> {
  const ctx = { action: 's3:ListBucket', profile: clients.settings.profile };
  const Bucket = layout.bucket;
  let bytes = 0;
  let objects = 0;
  const withLogs = new Set<string>();
  const add = (account: string, size: number | undefined) => {
    bytes += size ?? 0;
    objects++;
    withLogs.add(account);
  };
  async function* list(Prefix: string, opts: { Delimiter?: string; StartAfter?: string } = {}) {
    const pages = paginateListObjectsV2({ client: clients.s3 }, { Bucket, Prefix, ...opts });
    // callAws names the action and the fix when the listing is denied.
    const it = pages[Symbol.asyncIterator]();
    for (;;) {
      signal?.throwIfAborted();
      const page = await callAws(ctx, () => it.next());
      if (page.done) return;
      yield page.value;
    }
  }
  const one = async (account: string) => {
    const base = `${layout.prefix}${account}/CloudTrail/`;
    if (!layout.dayColumn) {
      for await (const page of list(base)) for (const o of page.Contents ?? []) add(account, o.Size);
      return;
    }
    const regions: string[] = [];
    for await (const page of list(base, { Delimiter: '/' }))
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) regions.push(p.Prefix);
    for (const region of regions)
      for (const { month, from, to } of windowMonths(window)) {
        const prefix = `${region}${month}/`;
        // Keys of day D start "yyyy/MM/DD/": start after "yyyy/MM/DD-1" skips earlier days.
        const StartAfter = from.startsWith(month) ? `${region}${from}` : undefined;
        let past = false;
        for await (const page of list(prefix, { StartAfter })) {
          for (const o of page.Contents ?? []) {
            const day = (o.Key ?? '').slice(region.length, region.length + 10);
            if (day > to) {
              past = true;
              break;
            }
            if (day >= from) add(account, o.Size);
          }
          if (past) break;
        }
      }
  };
  const slots = new Semaphore(8);
  await Promise.all([...new Set(accounts)].map((a) => slots.run(() => one(a))));
  return {
    bytes,
    objects,
    accountsWithLogs: [...withLogs].sort(),
    location: `s3://${Bucket}/${layout.prefix}`,
  };
}
