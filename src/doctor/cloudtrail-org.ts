// The organization sweep's CloudTrail table (`doctor --org|--accounts ... --athena-table`):
// the checks the sweep's plan makes (src/sources/cloudtrail/athena-org*.ts), one line each,
// through the same code: the table is readable, it has the account and day partitions, its
// storage is laid out per account, the S3 location is listable and which of the named
// accounts have log files in the window. Only reads: GetTableMetadata and ListObjectsV2.
import type { TableMetadata } from '@aws-sdk/client-athena';
import type { AwsClients } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import { UserError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import type { TimeWindow } from '../core/types.js';
import type { AthenaSettings } from '../sources/cloudtrail/athena.js';
import {
  estimateOrgScan,
  orgPartitionColumns,
  orgTableRoot,
  tableMetadataCommand,
  type OrgTableLayout,
} from '../sources/cloudtrail/athena-org-estimate.js';
import { formatBytes } from '../sources/cloudtrail/query-rows.js';
import { attempt, failedCall } from './outcome.js';
import { policyFix } from './tool-policy.js';
import type { CheckContext, CheckLine } from './types.js';

export interface OrgTableOptions {
  athena: AthenaSettings;
  accounts: string[];
  window: TimeWindow;
}

const DDL =
  'Create it with the README\'s "The Athena organization table" (CREATE EXTERNAL TABLE ... PARTITIONED BY account, region, timestamp, with projection).';

const line = (label: string, state: CheckLine['state'], detail: string, fix?: string): CheckLine => ({
  source: 'cloudtrail',
  label: `CloudTrail organization table: ${label}`,
  state,
  detail,
  fix,
});

/** A layout problem the sweep would stop on, as a line: its message without the flag prefix. */
function problem(label: string, err: unknown, table: string): CheckLine {
  if (!(err instanceof UserError)) throw err;
  const detail = err.message.replace(`--athena-table ${safeLine(table)}: `, '');
  return line(label, 'missing', detail, err.hint);
}

async function readTable(
  clients: AwsClients,
  ctx: CheckContext,
  athena: AthenaSettings,
): Promise<{ value: TableMetadata | undefined } | { line: CheckLine }> {
  const label = 'table';
  const catalog = tableMetadataCommand(athena).input.CatalogName;
  const fail = (action: string, err: unknown): CheckLine => {
    if (classifyAwsError(err) === 'access-denied')
      return line(
        label,
        'denied',
        `the tool may not call ${action}`,
        policyFix([action], undefined, ['OrganizationCloudTrailTable']),
      );
    if (
      classifyAwsError(err) === 'not-found' ||
      /not (be )?found|does not exist/i.test((err as { message?: string }).message ?? '')
    )
      return line(
        label,
        'missing',
        `no table ${safeLine(athena.table)} in ${safeLine(catalog ?? '')} of ${ctx.region}`,
        DDL,
      );
    return { ...failedCall('cloudtrail', '', action, err, ctx.profile), label: line(label, 'ok', '').label };
  };
  const out = await attempt(fail, 'athena:GetTableMetadata', () =>
    clients.athena.send(tableMetadataCommand(athena)),
  );
  return 'line' in out ? out : { value: out.value.TableMetadata };
}

/** The organization table's lines, in the order the sweep would meet the problems. */
export async function checkOrgTable(
  clients: AwsClients,
  ctx: CheckContext,
  opts: OrgTableOptions,
): Promise<CheckLine[]> {
  const { athena } = opts;
  const table = safeLine(athena.table);
  const meta = await readTable(clients, ctx, athena);
  if ('line' in meta) return [meta.line];
  const keys = (meta.value?.PartitionKeys ?? []).map((k) => safeLine(k.Name ?? ''));
  const projected = meta.value?.Parameters?.['projection.enabled'] === 'true';
  const lines = [
    line(
      'table',
      'ok',
      `${table} readable (partitions: ${keys.join(', ') || 'none'}${projected ? '; partition projection on' : ''})`,
    ),
  ];
  let columns: Pick<OrgTableLayout, 'accountColumn' | 'dayColumn'>;
  try {
    columns = orgPartitionColumns(athena.table, meta.value, athena.partitionColumn);
  } catch (err) {
    return [...lines, problem('partitions', err, athena.table)];
  }
  lines.push(
    line(
      'partitions',
      columns.dayColumn ? 'ok' : 'missing',
      columns.dayColumn
        ? `account partition "${columns.accountColumn}", day partition "${columns.dayColumn}": the query reads only the swept accounts' days in the window`
        : `account partition "${columns.accountColumn}", no day partition (--athena-partition-column none): every day of the swept accounts is scanned`,
      columns.dayColumn ? undefined : DDL,
    ),
  );
  let root: Pick<OrgTableLayout, 'bucket' | 'prefix'>;
  try {
    root = orgTableRoot(athena.table, meta.value, columns.accountColumn);
  } catch (err) {
    return [...lines, problem('storage layout', err, athena.table)];
  }
  const location = `s3://${safeLine(root.bucket)}/${safeLine(root.prefix)}`;
  lines.push(
    line('storage layout', 'ok', `one folder per account: ${location}ACCOUNT/CloudTrail/REGION/yyyy/MM/dd/`),
  );
  return [...lines, ...(await checkLogs(clients, ctx, opts, { ...root, ...columns }, location))];
}

/** The S3 listing the estimate makes: listable, and which named accounts have logs in the window. */
async function checkLogs(
  clients: AwsClients,
  ctx: CheckContext,
  opts: OrgTableOptions,
  layout: OrgTableLayout,
  location: string,
): Promise<CheckLine[]> {
  let estimate;
  try {
    estimate = await estimateOrgScan(clients, layout, opts.accounts, opts.window);
  } catch (err) {
    const cause = err instanceof UserError ? (err.cause ?? err) : err;
    if (classifyAwsError(cause) === 'access-denied')
      return [
        line(
          'S3 location',
          'denied',
          `the tool may not call s3:ListBucket on ${location}`,
          policyFix(['s3:ListBucket'], `arn:${ctx.partition}:s3:::${layout.bucket}`, ['CloudTrailLogBucket']),
        ),
      ];
    if (err instanceof UserError)
      return [line('S3 location', 'error', `could not list ${location}: ${safeLine(err.message)}`, err.hint)];
    throw err;
  }
  const days = `${opts.window.start.slice(0, 10)} .. ${opts.window.end.slice(0, 10)}`;
  const lines = [
    line(
      'S3 location',
      'ok',
      `${location} listable: ${estimate.objects} log file(s), ${formatBytes(estimate.bytes)} in the window ${days} (what the query scans)`,
    ),
  ];
  const have = estimate.accountsWithLogs.length;
  const named = new Set(opts.accounts).size;
  const without = [...new Set(opts.accounts)].filter((a) => !estimate.accountsWithLogs.includes(a));
  const list = `${without.slice(0, 10).join(', ')}${without.length > 10 ? ', ...' : ''}`;
  const fix = `Their logs should be under ${location}ACCOUNT/CloudTrail/: is the trail an organization trail (aws cloudtrail describe-trails: IsOrganizationTrail), and were they members in the window? Narrow --since, or their roles are compared without CloudTrail.`;
  lines.push(
    have === 0
      ? line(
          'accounts',
          'missing',
          `none of the ${named} account(s) has log files in the window ${days}: the sweep would stop`,
          fix,
        )
      : line(
          'accounts',
          'ok',
          `${have} of ${named} account(s) have log files in the window${without.length ? `; none for ${list}` : ''}`,
          without.length ? fix : undefined,
        ),
  );
  return lines;
}

/** `--org`: the organization's active accounts, or the line saying why they could not be listed. */
export async function orgAccountIds(
  clients: AwsClients,
  ctx: CheckContext,
): Promise<{ value: string[] } | { line: CheckLine }> {
  const { listOrganizationAccounts } = await import('../org/aws.js');
  try {
    return { value: (await listOrganizationAccounts(clients)).map((a) => a.id) };
  } catch (err) {
    const cause = err instanceof UserError ? (err.cause ?? err) : err;
    const label = 'CloudTrail organization table: accounts';
    if (classifyAwsError(cause) === 'access-denied')
      return {
        line: {
          source: 'cloudtrail',
          label,
          state: 'denied',
          detail: 'the tool may not call organizations:ListAccounts (--org)',
          fix: `${policyFix(['organizations:ListAccounts'])}\nIt answers in the management account or a delegated administrator; elsewhere pass --accounts ID,ID.`,
        },
      };
    return { line: failedCall('cloudtrail', label, 'organizations:ListAccounts', cause, ctx.profile) };
  }
}
