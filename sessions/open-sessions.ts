// Sessions left unfinished, by role: opening a role that has one offers to resume it
// instead of silently starting a second session beside it.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { lockPath, readLock, staleReason, type LockOwner } from './lock.js';
import type { Session } from './schema.js';
import { scanSessions } from './store.js';
import { summarizeSession, type SessionSummary } from './summary.js';

export interface OpenSession {
  summary: SessionSummary;
  /** Another live iam-refine writes it: a resume opens it read-only. */
  lockedBy?: LockOwner;
}

/**
 * Unfinished: a role was chosen and the policy was not saved as the session stands. Saved
 * means the session ended on the preview with its output file on disk; going back to the
 * review after a save (to change decisions) makes it unfinished again.
 */
export function isUnfinished(session: Session, fileExists: (p: string) => boolean = existsSync): boolean {
  if (!session.role) return false;
  const onPreview = session.ui.screen === 'preview' || session.ui.screen === 'save';
  const path = session.output.path;
  return !(onPreview && path && fileExists(path));
}

/** The lock's owner when a live process other than this one holds it. */
function liveOwner(dir: string, id: string): LockOwner | undefined {
  const owner = readLock(lockPath(dir, id))?.owner;
  if (!owner || (owner.pid === process.pid && owner.host === hostname())) return undefined;
  return staleReason(owner) ? undefined : owner;
}

/** Unfinished sessions by role ARN, newest first; damaged files are left to `sessions list`. */
export async function unfinishedByRole(
  dir: string,
  now: Date,
  opts: { except?: string } = {},
): Promise<Map<string, OpenSession[]>> {
  const { sessions } = await scanSessions(dir);
  const out = new Map<string, OpenSession[]>();
  for (const { session, path } of sessions) {
    if (session.id === opts.except || !isUnfinished(session)) continue;
    const arn = session.role!.arn;
    const lockedBy = liveOwner(dir, session.id);
    const entry: OpenSession = {
      summary: summarizeSession(session, path, now),
      ...(lockedBy && { lockedBy }),
    };
    out.set(arn, [...(out.get(arn) ?? []), entry]);
  }
  return out;
}
