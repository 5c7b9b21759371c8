// What the fake Athena and the fake CloudTrail Lake both do with the reader's SQL: read
// the role and the window back out of it, keep the scenario's API calls by that role in
// the window, and group them as the GROUP BY does, one output row per key with its
// calls, first and last time and up to five event ids. Each engine says how a record
// looks in its own schema (the key and the time).
import { ATHENA_COLUMNS } from '../../../src/sources/cloudtrail/athena-sql.js';
import { FakeAwsError } from '../protocols.js';

export type Rec = Record<string, unknown>;
export type Cell = string | undefined;

export interface QueryFilters {
  /** An IAM user is matched on userIdentity.arn, a role on its sessions' issuer. */
  kind: 'role' | 'user';
  /** The name, lowercased (the last part of the ARN). */
  name: string;
  account?: string;
  start: number;
  end: number;
}

const lit = (re: RegExp, sql: string) => re.exec(sql)?.[1]?.replace(/''/g, "'");

/** The principal filter (principalFilter) and the two time bounds `times` finds in the SQL. */
export function filtersOf(sql: string, times: (sql: string) => number[]): QueryFilters {
  const kind = sql.includes('sessionissuer') ? 'role' : 'user';
  const arn = kind === 'role' ? 'useridentity\\.sessioncontext\\.sessionissuer\\.arn' : 'useridentity\\.arn';
  const name = lit(new RegExp(`${arn}, '/'\\), -1\\)\\) = '((?:[^']|'')*)'`), sql);
  const account = lit(new RegExp(`split_part\\(${arn}, ':', 5\\) = '(\\d+)'`), sql);
  const [start, end, ...more] = times(sql);
  if (!name || start === undefined || end === undefined || more.length)
    throw new FakeAwsError(400, 'InvalidRequestException', 'fake: unexpected SQL');
  return { kind, name, account, start, end };
}

/** The result columns of both engines' queries, in order. */
export const COLUMNS: readonly string[] = ATHENA_COLUMNS;

/** JSON text of a value, as a string column holds it. */
export const text = (v: unknown): Cell =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** The key columns both schemas hold as plain strings, then `resources[].arn` joined. */
export function callKey(r: Rec): { head: Cell[]; resources: Cell } {
  const head = [r.eventSource, r.eventName, r.errorCode, r.errorMessage, r.awsRegion, r.recipientAccountId];
  const arns = ((r.resources as { ARN?: string }[] | undefined) ?? []).map((x) => x.ARN).join(' ');
  return { head: head.map(text), resources: arns || undefined };
}

interface Identity {
  type?: string;
  arn?: string;
  sessionContext?: { sessionIssuer?: { arn?: string } };
}

/** The WHERE clause, as principalFilter writes it. */
function byPrincipal(ui: Identity | undefined, f: QueryFilters): boolean {
  const named = (arn: string, part: string | undefined) =>
    part?.toLowerCase() === f.name && (!f.account || arn.split(':')[4] === f.account);
  const iam = (arn: string, kind: string) => new RegExp(`^arn:[^:]+:iam::[^:]*:${kind}/`).test(arn);
  const issuer = ui?.sessionContext?.sessionIssuer?.arn;
  if (f.kind === 'user') return !!ui?.arn && iam(ui.arn, 'user') && named(ui.arn, ui.arn.split('/').pop());
  if (issuer) return iam(issuer, 'role') && named(issuer, issuer.split('/').pop());
  // Sessions without an issuer: the assumed-role ARN's role name (its second part).
  return ui?.type === 'AssumedRole' && !!ui.arn && named(ui.arn, ui.arn.split('/')[1]);
}

function matches(r: Rec, f: QueryFilters): boolean {
  if (!byPrincipal(r.userIdentity as Identity | undefined, f)) return false;
  if (r.eventType !== undefined && r.eventType !== 'AwsApiCall') return false;
  const t = Date.parse(String(r.eventTime));
  return t >= f.start && t <= f.end;
}

export interface Aggregated {
  rows: Cell[][];
  /** Records that passed the WHERE clause. */
  matched: number;
}

export function aggregate(
  events: Rec[],
  f: QueryFilters,
  keyOf: (r: Rec) => Cell[],
  timeOf: (r: Rec) => string,
): Aggregated {
  const groups = new Map<string, { key: Cell[]; times: string[]; ids: string[] }>();
  let matched = 0;
  for (const r of events) {
    if (!matches(r, f)) continue;
    matched++;
    const key = keyOf(r);
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, times: [], ids: [] }));
    g.times.push(timeOf(r));
    if (r.eventID) g.ids.push(String(r.eventID));
  }
  const rows = [...groups.values()].map((g) => [
    ...g.key,
    String(g.times.length),
    g.times.reduce((a, b) => (a <= b ? a : b)),
    g.times.reduce((a, b) => (a >= b ? a : b)),
    g.ids.slice(0, 5).join(' '),
  ]);
  return { rows, matched };
}
