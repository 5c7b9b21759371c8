// Which accounts a sweep covers: `--accounts 111122223333,444455556666`, `--accounts FILE`
// (one id a line, `#` comments, or the JSON of `aws organizations list-accounts`), or
// `--org`: the organization's ACTIVE accounts through ListAccounts (paged).
import { existsSync, readFileSync } from 'node:fs';
import { usageError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';

export interface SweepAccount {
  id: string;
  /** The organization's name for it, when listed from Organizations. */
  name?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

function fromJson(text: string, where: string): SweepAccount[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw usageError(`${where} is not valid JSON: ${safeLine(String(e))}`);
  }
  const list = (doc as { Accounts?: unknown }).Accounts ?? doc;
  if (!Array.isArray(list)) throw usageError(`${where}: expected {"Accounts": [...]} or a list`);
  return list.flatMap((a): SweepAccount[] => {
    if (typeof a === 'string') return [{ id: a }];
    const o = a as { Id?: unknown; Name?: unknown; Status?: unknown; State?: unknown };
    const state = String(o.State ?? o.Status ?? 'ACTIVE');
    if (state !== 'ACTIVE') return [];
    return [{ id: String(o.Id ?? ''), name: typeof o.Name === 'string' ? safeLine(o.Name) : undefined }];
  });
}

/** `--accounts` value → accounts in order, duplicates dropped; ids checked. */
export function parseAccountsFlag(
  value: string,
  readFile = (p: string) => readFileSync(p, 'utf8'),
): SweepAccount[] {
  const looksLikeList = /^[\d,\s]+$/.test(value);
  let accounts: SweepAccount[];
  let where = '--accounts';
  if (looksLikeList && !existsSync(value)) {
    accounts = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((id) => ({ id }));
  } else {
    where = `--accounts ${safeLine(value)}`;
    let text: string;
    try {
      text = readFile(value);
    } catch (e) {
      throw usageError(
        `cannot read ${where}: ${safeLine((e as Error).message)}`,
        'Pass account ids separated by commas, or a file with one account id a line.',
      );
    }
    accounts =
      text.trimStart().startsWith('{') || text.trimStart().startsWith('[')
        ? fromJson(text, where)
        : text
            .split(/\r?\n/)
            .map((l) => l.replace(/#.*/, '').trim())
            .filter(Boolean)
            .flatMap((l) => l.split(/[\s,]+/).filter(Boolean))
            .map((id) => ({ id }));
  }
  const bad = accounts.filter((a) => !ACCOUNT_ID.test(a.id));
  if (bad.length)
    throw usageError(
      `${where}: ${bad
        .slice(0, 3)
        .map((a) => `"${safeLine(a.id)}"`)
        .join(', ')} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'}`,
      'An AWS account id is 12 digits, e.g. 111122223333.',
    );
  if (accounts.length === 0) throw usageError(`${where} names no account`);
  const seen = new Set<string>();
  return accounts.filter((a) => !seen.has(a.id) && (seen.add(a.id), true));
}

/** One ListAccounts page as the SDK returns it. */
export interface OrgAccountPage {
  Accounts?: { Id?: string; Name?: string; Status?: string; State?: string }[];
}

/** Pure: the ACTIVE accounts of ListAccounts pages (State is the new field, Status the old one). */
export function activeAccounts(pages: OrgAccountPage[]): SweepAccount[] {
  const out: SweepAccount[] = [];
  for (const p of pages)
    for (const a of p.Accounts ?? []) {
      const state = a.State ?? a.Status;
      if (!a.Id || (state && state !== 'ACTIVE')) continue;
      out.push({ id: a.Id, name: a.Name === undefined ? undefined : safeLine(a.Name) });
    }
  return out;
}
