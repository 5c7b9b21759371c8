// The fake Athena's answer to the organization sweep's query (athena-org-sql.ts): read the
// accounts and the window back out of the SQL, keep the role sessions of those accounts,
// and group by (role, call shape) as its GROUP BY does, the role's ARN first.
import { ORG_ATHENA_COLUMNS } from '../../../src/sources/cloudtrail/athena-org-sql.js';
import { FakeAwsError } from '../protocols.js';
import type { Cell, Rec } from './cloudtrail-query.js';

export const ORG_COLUMNS: readonly string[] = ORG_ATHENA_COLUMNS;

export const isOrgQuery = (sql: string) => /\bAS role_arn\b/.test(sql);

interface Identity {
  type?: string;
  arn?: string;
  sessionContext?: { sessionIssuer?: { arn?: string } };
}

/** ROLE_ARN_SQL: the issuer, or the role rebuilt from the assumed-role ARN. */
export function roleArnOf(ui: Identity | undefined): string | undefined {
  const issuer = ui?.sessionContext?.sessionIssuer?.arn;
  if (issuer) return issuer;
  if (!ui?.arn) return undefined;
  const p = ui.arn.split(':');
  return `arn:${p[1]}:iam::${p[4]}:role/${ui.arn.split('/')[1]}`;
}

const inList = (sql: string, column: RegExp) => {
  const m = new RegExp(`${column.source} IN \\(([^)]*)\\)`).exec(sql);
  return m ? [...m[1]!.matchAll(/'(\d{12})'/g)].map((x) => x[1]!) : undefined;
};

/** The rows of the organization query over `events` (the org trail's records). */
export function executeOrg(
  sql: string,
  events: Rec[],
  keyOf: (r: Rec) => Cell[],
  times: (sql: string) => number[],
): Cell[][] {
  const partitionAccounts = inList(sql, /"(?:account|accountid|account_id)"/);
  const roleAccounts = inList(sql, /split_part\(coalesce\(.*?\), ':', 5\)/);
  const [start, end, ...more] = times(sql);
  if (!partitionAccounts || !roleAccounts || start === undefined || end === undefined || more.length)
    throw new FakeAwsError(400, 'InvalidRequestException', 'fake: unexpected organization SQL');
  const groups = new Map<string, { key: Cell[]; times: string[]; ids: string[] }>();
  for (const r of events) {
    const ui = r.userIdentity as Identity | undefined;
    const issuer = ui?.sessionContext?.sessionIssuer?.arn;
    const role = roleArnOf(ui);
    const t = Date.parse(String(r.eventTime));
    if (ui?.type !== 'AssumedRole' || !role) continue;
    if (issuer && !/^arn:[^:]+:iam::[^:]*:role\//.test(issuer)) continue;
    // The partition (the account whose folder holds the file), then the role's account.
    if (!partitionAccounts.includes(String(r.recipientAccountId))) continue;
    if (!roleAccounts.includes(role.split(':')[4]!)) continue;
    if (r.eventType !== undefined && r.eventType !== 'AwsApiCall') continue;
    if (!(t >= start && t <= end)) continue;
    const key = [role, ...keyOf(r)];
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, times: [], ids: [] }));
    g.times.push(String(r.eventTime));
    if (r.eventID) g.ids.push(String(r.eventID));
  }
  return [...groups.values()].map((g) => [
    ...g.key,
    String(g.times.length),
    g.times.reduce((a, b) => (a <= b ? a : b)),
    g.times.reduce((a, b) => (a >= b ? a : b)),
    g.ids.slice(0, 5).join(' '),
  ]);
}
