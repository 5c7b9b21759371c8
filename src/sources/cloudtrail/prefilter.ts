// A cheap test on raw decompressed bytes before JSON.parse: most records of a trail are
// by other principals, and parsing them is most of the cost. A record by the role holds
// its name (in `userIdentity.arn`, `assumed-role/<Name>/<session>`, and the session
// issuer), and its `AROA...` id when the role's id is known, so an item without either is
// skipped. The splitter asks `hitIn` about each item of a decompressed chunk: every needle
// is searched natively (Buffer.indexOf) once per chunk and position, never per byte in
// JavaScript, and items without a hit are never copied or parsed.
// IAM names are case-insensitive: when the name may be spelled otherwise in the trail
// (it was given by hand), the `assumed-role/` (or `:user/`) anchors are compared ignoring
// case too, so a role given as `Deployer` still finds `deployer`. IAM keeps one spelling
// per name, so once a file shows the name spelled as given in such an anchor, the rest of
// that file is searched for that spelling alone (the anchor search costs as much as the
// name's; each file starts afresh, so the result does not depend on the file order).
import type { Principal } from './principal.js';
import { QUOTE } from './json-bytes.js';

const ROLE_ANCHOR = Buffer.from('assumed-role/');
const USER_ANCHOR = Buffer.from(':user/');
const SLASH = 0x2f;
const NONE = Number.MAX_SAFE_INTEGER;

function foldsTo(buf: Buffer, at: number, lower: Buffer): boolean {
  if (at + lower.length > buf.length) return false;
  for (let j = 0; j < lower.length; j++) {
    let b = buf[at + j]!;
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b !== lower[j]) return false;
  }
  return true;
}

/** At an anchor's end: does the name follow, ending the segment (roles), or the path (users)? */
type AnchorCheck = (buf: Buffer, start: number) => boolean;

function roleAnchorCheck(lower: Buffer): AnchorCheck {
  return (buf, start) => foldsTo(buf, start, lower) && buf[start + lower.length] === SLASH;
}

/** `:user/path/Name"`: the last path segment before the closing quote is the name. */
function userAnchorCheck(lower: Buffer): AnchorCheck {
  return (buf, start) => {
    const end = buf.indexOf(QUOTE, start);
    if (end === -1) return false;
    const at = end - lower.length;
    return at >= start && (at === start || buf[at - 1] === SLASH) && foldsTo(buf, at, lower);
  };
}

export interface Prefilter {
  /** Could these bytes (one whole item) concern the principal? */
  (bytes: Buffer): boolean;
  /**
   * The same question for `chunk[start, end)`. Items of one chunk must be asked about in
   * increasing order: each needle's next position in the chunk is kept between calls.
   */
  hitIn(chunk: Buffer, start: number, end: number): boolean;
  /** The same test with fresh per-file state (the spelling not yet seen). */
  forFile(): Prefilter;
}

export function prefilterFor(who: Principal): Prefilter {
  const needles = [Buffer.from(who.spelled)];
  const spelledAnchor = who.kind === 'user' ? undefined : Buffer.from(`assumed-role/${who.spelled}/`);
  if (who.roleId) needles.push(Buffer.from(who.roleId));
  // Exact spelling is enough when no letter could be cased otherwise, or the name was
  // read from IAM itself (then the trail spells it the same way).
  let folds = who.name !== who.spelled.toUpperCase() && !who.exactCase;
  const lower = Buffer.from(who.name);
  const anchor = who.kind === 'user' ? USER_ANCHOR : ROLE_ANCHOR;
  const check = who.kind === 'user' ? userAnchorCheck(lower) : roleAnchorCheck(lower);

  let chunk: Buffer | undefined;
  const next = new Array<number>(needles.length + 1).fill(-1);

  const nextAnchor = (from: number): number => {
    for (let at = chunk!.indexOf(anchor, from); at !== -1; at = chunk!.indexOf(anchor, at + 1)) {
      if (check(chunk!, at + anchor.length)) return at;
    }
    return NONE;
  };

  /** The item holds an `assumed-role/<name>/` anchor spelled exactly as given. */
  const spelled = (buf: Buffer, start: number, end: number): boolean =>
    buf.subarray(start, end).includes(spelledAnchor!);

  const hitIn = (buf: Buffer, start: number, end: number): boolean => {
    if (buf !== chunk) {
      chunk = buf;
      next.fill(-1);
    }
    for (let k = 0; k < needles.length; k++) {
      let at = next[k]!;
      if (at < start) {
        const found = buf.indexOf(needles[k]!, start);
        next[k] = at = found === -1 ? NONE : found;
      }
      if (at + needles[k]!.length <= end) {
        if (folds && spelledAnchor && spelled(buf, start, end)) folds = false;
        return true;
      }
    }
    if (!folds) return false;
    let at = next[needles.length]!;
    if (at < start) next[needles.length] = at = nextAnchor(start);
    return at + anchor.length <= end;
  };

  const test = (bytes: Buffer): boolean => hitIn(bytes, 0, bytes.length);
  return Object.assign(test, { hitIn, forFile: () => prefilterFor(who) });
}
