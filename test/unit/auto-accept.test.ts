import { describe, expect, it } from 'vitest';
import { observedUse } from '../../src/core/auto-accept.js';
import type { Candidate, EvidenceSummary, SourceId } from '../../src/core/types.js';

function candidate(
  evidence: Partial<Record<SourceId, Partial<EvidenceSummary>>>,
  extra: Partial<Candidate> = {},
): Candidate {
  const ev = Object.fromEntries(
    Object.entries(evidence).map(([k, v]) => [k, { count: 0, denied: 0, samples: [], ...v }]),
  ) as Candidate['evidence'];
  return {
    action: 's3:GetObject',
    service: 's3',
    accessLevel: 'Read',
    unmapped: false,
    resources: [],
    evidence: ev,
    granted: true,
    deniedOnly: false,
    unused: false,
    noPermissionNeeded: false,
    serviceLevelOnly: false,
    totalCount: 0,
    totalDenied: 0,
    risks: [],
    ...extra,
  };
}

describe('observedUse', () => {
  it.each([
    ['an X-Ray call', candidate({ xray: { count: 3 } }), true],
    ['a CloudTrail call that also had denials', candidate({ cloudtrail: { count: 1, denied: 2 } }), true],
    ['Access Analyzer alone', candidate({ 'access-analyzer': { count: 1 } }), true],
    [
      'Access Analyzer contradicted by CloudTrail denials',
      candidate({ 'access-analyzer': { count: 1 }, cloudtrail: { count: 0, denied: 4 } }),
      false,
    ],
    ['denied only', candidate({ cloudtrail: { denied: 1 } }, { deniedOnly: true }), false],
    ['unused finding only', candidate({ 'unused-findings': { unused: true } }, { unused: true }), false],
    ['a call needing no permission', candidate({ xray: { count: 9 } }, { noPermissionNeeded: true }), false],
    ['an unmapped call', candidate({ xray: { count: 9 } }, { unmapped: true }), false],
    [
      'an inferred PassRole',
      candidate({ cloudtrail: { count: 2 } }, { inferredReason: 'CreateFunction passes a role' }),
      false,
    ],
  ])('%s → used %s', (_name, c, used) => {
    expect(observedUse(c).used).toBe(used);
  });
});
