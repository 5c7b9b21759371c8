// `compare --all-roles`: one pass over the CloudTrail files for every role, split by role,
// instead of one pass per role. The raw-bytes test keeps the records whose
// `assumed-role/<name>/` or `:role/.../<name>"` names one of the roles (a Set lookup per
// anchor, however many roles); each kept record goes to the roles of that name. Files are
// folded one at a time in file order, per role, as readCloudTrail folds them, so each
// role's evidence equals what readCloudTrail gives that role alone.
import type { Evidence, RoleRef } from '../../core/types.js';
import { CappedAccumulator } from './capped-accumulator.js';
import { scanCloudTrailFile } from './file-reader.js';
import { listCloudTrailFiles } from './files.js';
import type { Prefilter } from './prefilter.js';
import { principalOf, type Principal } from './principal.js';
import type { UserIdentity } from './record.js';
import { evidenceForPrincipal } from './record-evidence.js';
import { QUOTE } from './json-bytes.js';

const ANCHORS = [Buffer.from('assumed-role/'), Buffer.from(':role/')];
const SLASH = 0x2f;

/** The lowercased role name an anchor at `at` introduces (assumed-role: up to `/`; role ARN: last segment). */
function nameAt(buf: Buffer, at: number, assumed: boolean, end: number): string | undefined {
  const quote = buf.indexOf(QUOTE, at);
  const stop = quote === -1 || quote > end ? end : quote;
  if (assumed) {
    const slash = buf.indexOf(SLASH, at);
    if (slash === -1 || slash > stop) return undefined;
    return buf.toString('latin1', at, slash).toLowerCase();
  }
  const last = buf.lastIndexOf(SLASH, stop);
  return buf.toString('latin1', Math.max(at, last + 1), stop).toLowerCase();
}

function prefilterForNames(names: Set<string>): Prefilter {
  const hitIn = (buf: Buffer, start: number, end: number): boolean => {
    for (let k = 0; k < ANCHORS.length; k++) {
      const anchor = ANCHORS[k]!;
      for (let at = buf.indexOf(anchor, start); at !== -1 && at < end; at = buf.indexOf(anchor, at + 1)) {
        const name = nameAt(buf, at + anchor.length, k === 0, end);
        if (name !== undefined && names.has(name)) return true;
      }
    }
    return false;
  };
  const test = (bytes: Buffer) => hitIn(bytes, 0, bytes.length);
  const filter: Prefilter = Object.assign(test, { hitIn, forFile: () => filter });
  return filter;
}

/** The lowercased name of the role a record's identity names, if any. */
function roleNameOf(ui: UserIdentity | undefined): string | undefined {
  const arn = ui?.sessionContext?.sessionIssuer?.arn ?? ui?.arn;
  if (!arn) return undefined;
  const m = /:(?:assumed-)?role\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const parts = m[1]!.split('/');
  return (arn.includes(':assumed-role/') ? parts[0] : parts[parts.length - 1])?.toLowerCase();
}

interface Target {
  key: string;
  who: Principal;
  partition: string;
}

/** Evidence for each role (keyed by role ARN) from one pass over the files. */
export async function readCloudTrailByRole(
  paths: string[],
  roles: RoleRef[],
  opts: { window?: { start: string; end: string }; signal?: AbortSignal } = {},
): Promise<Map<string, Evidence[]>> {
  const files = await listCloudTrailFiles(paths, opts.signal);
  const byName = new Map<string, Target[]>();
  for (const role of roles) {
    const who = principalOf(role);
    const list = byName.get(who.name) ?? [];
    list.push({ key: role.arn, who, partition: role.partition || 'aws' });
    byName.set(who.name, list);
  }
  const window = opts.window && { start: Date.parse(opts.window.start), end: Date.parse(opts.window.end) };
  const prefilter = prefilterForNames(new Set(byName.keys()));
  const totals = new Map<string, CappedAccumulator>(roles.map((r) => [r.arn, new CappedAccumulator()]));
  for (const file of files) {
    const perFile = new Map<string, CappedAccumulator>();
    await scanCloudTrailFile(file, {
      signal: opts.signal,
      prefilter,
      onRecord: (record) => {
        const targets = byName.get(roleNameOf(record.userIdentity) ?? '');
        if (!targets) return;
        if (window && record.eventTime) {
          const t = Date.parse(record.eventTime);
          if (t < window.start || t > window.end) return;
        }
        for (const target of targets) {
          const found = evidenceForPrincipal(record, target.who, target.partition);
          if (found.length === 0) continue;
          let acc = perFile.get(target.key);
          if (!acc) perFile.set(target.key, (acc = new CappedAccumulator()));
          for (const e of found) acc.add(e);
        }
      },
    });
    for (const [key, acc] of perFile) {
      const total = totals.get(key)!;
      for (const e of acc.result()) total.add(e);
    }
  }
  return new Map([...totals].map(([key, acc]) => [key, acc.result()]));
}
