// A candidate's decision as the review shows it, and the counts in the header.
import type { Candidate } from '../../src/core/types.js';
import type { Session } from '../../sessions/schema.js';

export type Status = 'accepted' | 'rejected' | 'pending';

export function statusOf(decisions: Session['decisions'], action: string): Status {
  return decisions[action] ?? 'pending';
}

export const STATUS_MARK: Record<Status, string> = { accepted: '[✓]', rejected: '[✗]', pending: '[ ]' };

export function countStatuses(candidates: readonly Candidate[], decisions: Session['decisions']) {
  const counts = { accepted: 0, rejected: 0, pending: 0 };
  for (const c of candidates) counts[statusOf(decisions, c.action)]++;
  return counts;
}
