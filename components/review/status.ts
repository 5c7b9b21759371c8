// A candidate's decision as the review shows it (the header's counts are sessionProgress).
import type { Session } from '../../sessions/schema.js';

export type Status = 'accepted' | 'rejected' | 'pending';

export function statusOf(decisions: Session['decisions'], action: string): Status {
  return decisions[action] ?? 'pending';
}

export const STATUS_MARK: Record<Status, string> = { accepted: '[✓]', rejected: '[✗]', pending: '[ ]' };
