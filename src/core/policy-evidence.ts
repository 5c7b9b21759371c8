// The one-line evidence summary each statement carries into every output:
// "X-Ray: 412 calls, 2026-11-02..2026-11-20; CloudTrail: 3 events".
import { SOURCE_IDS, type Candidate, type EvidenceSummary, type SourceId } from './types.js';

const NOUNS: Record<SourceId, [string, string, string]> = {
  xray: ['X-Ray', 'call', 'calls'],
  cloudtrail: ['CloudTrail', 'event', 'events'],
  'access-analyzer': ['Access Analyzer', '', ''],
  'unused-findings': ['Unused-access findings', '', ''],
  'access-advisor': ['Access Advisor', '', ''],
  'current-policy': ['Current policy', '', ''],
  csm: ['SDK monitoring (recorded run)', 'call', 'calls'],
  iamlive: ['iamlive (recorded run)', '', ''],
  'lambda-config': ['Platform', '', ''],
};

function day(iso: string | undefined): string | undefined {
  return iso?.slice(0, 10);
}

function span(first: string | undefined, last: string | undefined): string | undefined {
  const a = day(first);
  const b = day(last);
  if (!a || !b) return a ?? b;
  return a === b ? a : `${a}..${b}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function merged(candidates: Candidate[], source: SourceId): EvidenceSummary | undefined {
  const all = candidates.map((c) => c.evidence[source]).filter((s): s is EvidenceSummary => !!s);
  if (all.length === 0) return undefined;
  const pick = (f: (s: EvidenceSummary) => string | undefined, cmp: (a: string, b: string) => boolean) =>
    all.map(f).reduce<string | undefined>((x, y) => (!x ? y : !y ? x : cmp(x, y) ? x : y), undefined);
  return {
    count: all.reduce((n, s) => n + s.count, 0),
    denied: all.reduce((n, s) => n + s.denied, 0),
    firstSeen: pick(
      (s) => s.firstSeen,
      (a, b) => a <= b,
    ),
    lastSeen: pick(
      (s) => s.lastSeen,
      (a, b) => a >= b,
    ),
    lastAccessed: pick(
      (s) => s.lastAccessed,
      (a, b) => a >= b,
    ),
    unused: all.some((s) => s.unused),
    samples: [],
  };
}

function describe(source: SourceId, s: EvidenceSummary, candidates: Candidate[]): string {
  const [label, one, many] = NOUNS[source];
  const parts: string[] = [];
  if (one) {
    // A need derived from other calls (SSE-KMS) has no calls of its own: no "0 events".
    parts.push(s.count === 0 && s.denied === 0 ? 'no calls of its own' : plural(s.count, one, many));
    if (s.denied) parts.push(`${s.denied} denied`);
    const when = span(s.firstSeen, s.lastSeen);
    if (when) parts.push(when);
  } else if (source === 'access-analyzer') {
    parts.push(candidates.some((c) => c.serviceLevelOnly) ? 'service level only' : 'in the generated policy');
  } else if (source === 'current-policy') {
    parts.push('granted, not observed');
  } else if (source === 'lambda-config') {
    parts.push([...new Set(candidates.flatMap((c) => c.platform ?? []))].join('; ') || 'needed');
  } else {
    parts.push(s.unused ? 'reported unused' : 'seen');
    if (s.lastAccessed) parts.push(`last accessed ${day(s.lastAccessed)}`);
  }
  return `${label}: ${parts.join(', ')}`;
}

export function evidenceSummaryLine(candidates: Candidate[]): string {
  const parts: string[] = [];
  for (const source of SOURCE_IDS) {
    const s = merged(candidates, source);
    if (s) parts.push(describe(source, s, candidates));
  }
  const inferred = [...new Set(candidates.flatMap((c) => (c.inferredReason ? [c.inferredReason] : [])))];
  if (inferred.length) parts.push(`Inferred: ${inferred.join('; ')}`);
  const sse = [...new Set(candidates.flatMap((c) => c.encryption ?? []))];
  if (sse.length) parts.push(`SSE-KMS: ${sse.join('; ')}`);
  const via = [...new Set(candidates.flatMap((c) => c.invokedBy ?? []))].sort();
  if (via.length) parts.push(`Called on the role's behalf by ${via.join(', ')} (CloudTrail invokedBy)`);
  // Reasons share their parts ("X-Ray saw no calls to X-Ray"): each part once.
  const unverified = [
    ...new Set(candidates.flatMap((c) => (c.unverified ? c.unverified.reason.split('; ') : []))),
  ];
  if (unverified.length) parts.push(`Unverified: ${unverified.join('; ')}`);
  return parts.length ? parts.join('; ') : 'no evidence';
}
