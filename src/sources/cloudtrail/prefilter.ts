// A cheap test on an item's raw bytes before JSON.parse: most records of a trail are
// by other principals, and parsing them is most of the cost. A record by the role
// holds its name (in `userIdentity.arn`, `assumed-role/<Name>/<session>`, and the
// session issuer), so an item without it is skipped. IAM names are case-insensitive:
// the exact spelling is searched natively first, then `assumed-role/` anchors are
// compared ignoring case, so a role given as `Deployer` still finds `deployer`.
import type { Principal } from './principal.js';

const ANCHOR = Buffer.from('assumed-role/');
const SLASH = 0x2f;

function foldsTo(buf: Buffer, at: number, lower: Buffer): boolean {
  if (at + lower.length > buf.length) return false;
  for (let j = 0; j < lower.length; j++) {
    let b = buf[at + j]!;
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b !== lower[j]) return false;
  }
  return true;
}

export type Prefilter = (bytes: Buffer) => boolean;

export function prefilterFor(who: Principal): Prefilter {
  const exact = Buffer.from(who.spelled);
  const lower = Buffer.from(who.name);
  if (who.name === who.spelled.toUpperCase()) return (bytes) => bytes.indexOf(exact) !== -1;
  if (who.kind === 'user') {
    const re = new RegExp(who.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    return (bytes) => bytes.indexOf(exact) !== -1 || re.test(bytes.toString('latin1'));
  }
  return (bytes) => {
    if (bytes.indexOf(exact) !== -1) return true;
    for (let at = bytes.indexOf(ANCHOR); at !== -1; at = bytes.indexOf(ANCHOR, at + 1)) {
      const start = at + ANCHOR.length;
      if (foldsTo(bytes, start, lower) && bytes[start + lower.length] === SLASH) return true;
    }
    return false;
  };
}
