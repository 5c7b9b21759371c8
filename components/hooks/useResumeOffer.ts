// Choosing a role that has an unfinished session: the chooser (resume it, or start a new
// one) instead of a second session silently beside the first. Resuming goes the way of
// `iam-refine resume ID`: the same loader, so the lock is honoured (read-only when another
// live iam-refine writes it) and a stale session gets its offer to gather the time since.
import { useState } from 'react';
import type { RoleDetail, RoleRef } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import { loadSessionForResume } from '../../src/commands/resume.js';
import { unfinishedByRole, type OpenSession } from '../../sessions/open-sessions.js';
import type { SessionWindow } from '../../sessions/schema.js';
import { useAsync } from './useAsync.js';
import type { useFlow } from './useFlow.js';
import type { SessionApi } from './useSession.js';

/** A role to open: from the role list, or from the command line (--role, --since). */
export interface RoleToOpen {
  role: RoleRef;
  roleDetail?: RoleDetail;
  window?: SessionWindow;
}

type Flow = Pick<ReturnType<typeof useFlow>, 'screen' | 'chooseRole' | 'resumed'>;

export function useResumeOffer(
  api: SessionApi,
  flow: Flow,
  opts: { sessionsDir: string; pending?: RoleToOpen },
) {
  const currentId = api.handle?.session.id;
  const [asked, setAsked] = useState<RoleToOpen | undefined>(opts.pending);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The role the chooser was left for: the role list puts its cursor there (new each time).
  const [backFrom, setBackFrom] = useState<{ arn: string }>();
  // Read again whenever the role screen shows, for the session open now is not offered.
  const open = useAsync(
    flow.screen === 'role' || asked ? `open:${currentId ?? ''}:${flow.screen}` : undefined,
    () => unfinishedByRole(opts.sessionsDir, new Date(), { except: currentId }),
  );
  const sessions = asked && open.value ? (open.value.get(asked.role.arn) ?? []) : undefined;

  const startNew = (r: RoleToOpen) => {
    setAsked(undefined);
    setError(undefined);
    flow.chooseRole(r.role, r.roleDetail, r.window);
  };
  return {
    /** The role whose sessions are offered, while the chooser shows. */
    asked,
    /** Its unfinished sessions (undefined while the folder is read). */
    sessions,
    error,
    busy,
    /** Role ARNs with an unfinished session, to mark in the role list. */
    inProgress: new Set(open.value?.keys() ?? []),
    choose(role: RoleRef, roleDetail?: RoleDetail) {
      const r = { role, roleDetail };
      // The role of the session open now goes on with it, as before.
      if (api.handle?.session.role?.arn === role.arn) return flow.chooseRole(role, roleDetail);
      if (open.value && !open.value.get(role.arn)?.length) return startNew(r);
      setAsked(r);
      if (open.value) return;
      // Chosen before the folder was read: read it now; none there (or unreadable) starts one.
      unfinishedByRole(opts.sessionsDir, new Date(), { except: currentId }).then(
        (found) => {
          if (!found.get(role.arn)?.length) startNew(r);
        },
        () => startNew(r),
      );
    },
    startNew() {
      if (asked) startNew(asked);
    },
    /** Where the role list's cursor goes after esc: on the role just asked about. */
    backFrom,
    back() {
      if (asked) setBackFrom({ arn: asked.role.arn });
      setAsked(undefined);
      setError(undefined);
    },
    resume(s: OpenSession) {
      if (busy) return;
      setBusy(true);
      setError(undefined);
      loadSessionForResume(s.summary.id, opts.sessionsDir).then(
        (resumed) => {
          setBusy(false);
          setAsked(undefined);
          flow.resumed(resumed.handle, resumed.regather);
        },
        (e: unknown) => {
          setBusy(false);
          const why = safeLine(e instanceof Error ? e.message : String(e));
          setError(`Session ${s.summary.id} could not be opened: ${why.replace(/\.?$/, '.')}`);
        },
      );
    },
  };
}

export type ResumeOffer = ReturnType<typeof useResumeOffer>;
