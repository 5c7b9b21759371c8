// The organization sweep's one Athena query over an organization trail's table: every
// role's calls in the swept accounts, grouped by (role, call shape) as the per-role query
// groups them (athena-sql.ts), with the role's ARN as the first column so the rows can
// be split into each role's evidence. The account and day partition columns are bounded
// (the sweep's accounts, the window's days), so Athena reads only those partitions.
import { inputError } from '../../core/errors.js';
import type { TimeWindow } from '../../core/types.js';
import {
  ATHENA_COLUMNS,
  DEFAULT_PARTITION_COLUMN,
  groupedCallsQuery,
  sqlIdentifier,
  sqlString,
  windowFilter,
} from './athena-sql.js';

export const DEFAULT_ACCOUNT_COLUMN = 'account';

/** Result columns, in order: the role first, then the per-role query's columns. */
export const ORG_ATHENA_COLUMNS = ['role_arn', ...ATHENA_COLUMNS] as const;

export interface OrgAthenaQueryOptions {
  /** `db.table` or `catalog.db.table`: the organization trail's table. */
  table: string;
  /** The 12-digit accounts whose roles are swept (and whose partitions are read). */
  accounts: string[];
  window: TimeWindow;
  /** The account partition column (the documented `account`). */
  accountColumn?: string;
  /** The 'yyyy/MM/dd' day partition column; '' or null: the table has none. */
  partitionColumn?: string | null;
}

const ISSUER = 'useridentity.sessioncontext.sessionissuer.arn';

/**
 * The session's role ARN: the issuer, or (records without one) rebuilt from the assumed-role
 * ARN `arn:P:sts::ACCOUNT:assumed-role/NAME/SESSION` (no path: roles are matched by name).
 */
export const ROLE_ARN_SQL = [
  `coalesce(${ISSUER}, concat('arn:', split_part(useridentity.arn, ':', 2), ':iam::',`,
  ` split_part(useridentity.arn, ':', 5), ':role/', element_at(split(useridentity.arn, '/'), 2)))`,
].join('');

export function accountList(accounts: string[]): string {
  if (accounts.length === 0) throw inputError('organization CloudTrail query', 'no accounts to query');
  for (const a of accounts)
    if (!/^\d{12}$/.test(a)) throw inputError('organization CloudTrail query', `"${a}" is not an account id`);
  return `(${[...new Set(accounts)].sort().map(sqlString).join(', ')})`;
}

export function buildOrgAthenaQuery(opts: OrgAthenaQueryOptions): string {
  const accounts = accountList(opts.accounts);
  const day = opts.partitionColumn === undefined ? DEFAULT_PARTITION_COLUMN : opts.partitionColumn || null;
  const accountColumn = sqlIdentifier(opts.accountColumn ?? DEFAULT_ACCOUNT_COLUMN, 'partition column');
  const where = [
    // Partition pruning: only the swept accounts' folders...
    `${accountColumn} IN ${accounts}`,
    // ...and (windowFilter) only the window's days, then the exact times.
    ...windowFilter(opts.window, day),
    "useridentity.type = 'AssumedRole'",
    `(${ISSUER} IS NULL OR ${ISSUER} LIKE 'arn:%:iam::%:role/%')`,
    `split_part(${ROLE_ARN_SQL}, ':', 5) IN ${accounts}`,
    "(eventtype IS NULL OR eventtype = 'AwsApiCall')",
  ];
  return groupedCallsQuery(
    opts.table,
    where,
    [[ROLE_ARN_SQL, 'role_arn']],
    'role_arn, eventsource, eventname',
  );
}
