// The review filter (`/`): words narrow the list, all must hold.
//   s3:Get  dynamodb       text in the action name (service prefix included)
//   svc:s3                 one service
//   src:ct  (xr ct aa uf ad iam)  seen by a source
//   is:accepted|rejected|pending|denied|unused|unknown|unverified|wide|inferred|platform|sse-kms|unmapped|risky|new
import type { Candidate, SourceId } from '../../src/core/types.js';
import { SOURCE_BADGES } from '../../src/core/types.js';
import type { Status } from './status.js';

export interface FilterContext {
  status: (c: Candidate) => Status;
  isNew: (c: Candidate) => boolean;
}

type Test = (c: Candidate, ctx: FilterContext) => boolean;

const IS: Record<string, Test> = {
  accepted: (c, x) => x.status(c) === 'accepted',
  rejected: (c, x) => x.status(c) === 'rejected',
  pending: (c, x) => x.status(c) === 'pending',
  denied: (c) => c.totalDenied > 0,
  unused: (c) => c.unused,
  unknown: (c) => c.grant?.status === 'unknown',
  unverified: (c) => Boolean(c.unverified),
  wide: (c) => Boolean(c.grant?.resourceExcess),
  inferred: (c) => Boolean(c.inferredReason),
  platform: (c) => Boolean(c.platform?.length),
  'sse-kms': (c) => Boolean(c.encryption?.length),
  unmapped: (c) => c.unmapped,
  risky: (c) => c.risks.length > 0,
  new: (c, x) => x.isNew(c),
};

const BADGE_TO_SOURCE = new Map<string, SourceId>(
  (Object.entries(SOURCE_BADGES) as [SourceId, string][]).flatMap(([id, badge]) => [
    [badge.toLowerCase(), id],
    [id, id],
  ]),
);

function term(word: string): Test | string {
  const [key, value] = word.includes(':')
    ? [word.slice(0, word.indexOf(':')), word.slice(word.indexOf(':') + 1)]
    : ['', word];
  if (key === 'is') return IS[value] ?? `unknown status "${value}" (${Object.keys(IS).join(', ')})`;
  if (key === 'src' || key === 'source') {
    const id = BADGE_TO_SOURCE.get(value);
    return id ? (c) => c.evidence[id] !== undefined : `unknown source "${value}" (xr, ct, aa, uf, ad, iam)`;
  }
  if (key === 'svc' || key === 'service') return (c) => c.service === value;
  return (c) => c.action.toLowerCase().includes(word);
}

export interface ParsedFilter {
  test: (c: Candidate, ctx: FilterContext) => boolean;
  /** Words that could not be read, with what is allowed. */
  errors: string[];
  empty: boolean;
}

export function parseFilter(text: string | undefined): ParsedFilter {
  const words = (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const parsed = words.map(term);
  const tests = parsed.filter((t): t is Test => typeof t === 'function');
  return {
    test: (c, ctx) => tests.every((t) => t(c, ctx)),
    errors: parsed.filter((t): t is string => typeof t === 'string'),
    empty: words.length === 0,
  };
}
