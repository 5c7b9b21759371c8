// The wizard's steps as session events: choosing the role (which starts the session), the
// window, the sources, and what a finished gather writes. Also what the steps need from the
// engine (roles, source plans) and the candidates the review derives from the evidence.
import { useEffect, useMemo, useState } from 'react';
import { decidedShareKey, reviewCandidates, withDecidedShares } from '../../src/core/review-candidates.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { RoleDetail, RoleRef, SourceId, TimeWindow } from '../../src/core/types.js';
import { SessionHandle } from '../../sessions/handle.js';
import type { Preferences } from '../../sessions/preferences.js';
import { regatherEvents, type RegatherOffer } from '../../sessions/regather.js';
import type { Screen, SessionWindow } from '../../sessions/schema.js';
import type { Engine, GatherResult } from '../engine.js';
import { gatheredEvents } from '../gathered.js';
import { groupByService } from '../review/rows.js';
import { useAsync } from './useAsync.js';
import type { SessionApi } from './useSession.js';

export interface FlowOptions {
  engine: Engine;
  sessionsDir: string;
  prefs?: Preferences;
  /** Resume: the session is older than its window; `g` in the review gathers the time since. */
  regather?: RegatherOffer;
}

export function useFlow(api: SessionApi, opts: FlowOptions) {
  const { engine, prefs } = opts;
  const { session, dispatch } = api;
  const screen: Screen = session?.ui.screen ?? 'role';
  const role = session?.role;
  const [chosen, setChosen] = useState<Set<SourceId>>();
  const [notice, setNotice] = useState<string>();
  /** Set while a re-gather of the time since the last gather runs. */
  const [regatherWindow, setRegatherWindow] = useState<TimeWindow>();
  const [regathered, setRegathered] = useState(false);
  /** The offer to gather the time since belongs to the session it was made for. */
  const [regatherFor, setRegatherFor] = useState(() =>
    api.handle && opts.regather ? { id: api.handle.session.id, offer: opts.regather } : undefined,
  );

  const roles = useAsync(screen === 'role' ? 'roles' : undefined, () => engine.listRoles());
  const needPlans = role && (screen === 'sources' || screen === 'gathering');
  const plans = useAsync(needPlans ? role.arn : undefined, () => engine.planSources(role!));
  const chosenIds = useMemo(() => {
    if (chosen) return chosen;
    const saved = session?.sources.filter((s) => s.state !== 'skipped').map((s) => s.id) ?? [];
    const available = (plans.value ?? []).filter((p) => p.available).map((p) => p.id);
    return new Set(saved.length ? available.filter((id) => saved.includes(id)) : available);
  }, [chosen, session?.sources, plans.value]);
  const runPlans = useMemo(
    () => (plans.value ?? []).filter((p) => p.available && chosenIds.has(p.id)),
    [plans.value, chosenIds],
  );

  const evidence = session?.evidence;
  const roleDetail = session?.roleDetail;
  const sources = session?.sources;
  const window = session?.window;
  const reviewed = useMemo(() => {
    if (!evidence) return undefined;
    // Grants judged as compare judges them: unused only where a gathered source could see.
    const gathered = (sources ?? []).filter((s) => s.state === 'done').map((s) => s.id);
    // Deliberate grants no source could see come marked unverified (kept at gather time).
    return reviewCandidates({ role: roleDetail, evidence, sources: gathered, window });
  }, [evidence, roleDetail, sources, window]);
  const shares = reviewed?.unverified.shares;
  // A `*` share's actions join the review once kept (K): recomputed only when that set changes.
  const decisions = session?.decisions;
  const sharesKey = shares && decisions ? decidedShareKey(shares, decisions) : '';
  const candidates = useMemo(
    () =>
      reviewed ? withDecidedShares(reviewed.candidates, reviewed.unverified.shares, decisions ?? {}) : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- decisions matter only through sharesKey
    [reviewed, sharesKey],
  );

  // A role from ListRoles has no policies or last use yet: read it once it is chosen.
  const needDetail = Boolean(role && engine.roleDetail && (!roleDetail || roleDetail.listedOnly));
  const roleArn = role?.arn;
  useEffect(() => {
    if (!needDetail || !role || !engine.roleDetail) return;
    let current = true;
    engine.roleDetail(role).then(
      (detail) => {
        if (current && detail) dispatch({ type: 'setRole', role, roleDetail: detail });
      },
      (e: unknown) => {
        if (!current) return;
        const why = safeLine(e instanceof Error ? e.message : String(e));
        setNotice(`The role's policies could not be read (${why}): grants are not compared.`);
      },
    );
    return () => {
      current = false;
    };
    // Once per chosen role: the role object changes identity on every session write.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needDetail, roleArn]);
  const groups = useMemo(() => groupByService(candidates), [candidates]);

  const go = (to: Screen) => dispatch({ type: 'setScreen', screen: to });
  const forSession = regatherFor?.id === session?.id ? regatherFor?.offer : undefined;
  const offer = forSession?.stale && !regathered ? forSession : undefined;
  /** Another session takes over the screens; the one open so far is kept as it is, to resume later. */
  const switchTo = (handle: SessionHandle, regather?: RegatherOffer) => {
    const current = api.handle;
    prefs?.noteRecent(handle.session.id);
    api.setHandle(handle);
    setRegatherFor(regather ? { id: handle.session.id, offer: regather } : undefined);
    setRegathered(false);
    setChosen(undefined);
    current?.close();
    if (current) setNotice(`Session ${current.session.id} (${safeLine(current.session.name)}) is kept.`);
    else setNotice(undefined);
  };

  return {
    screen,
    roles,
    plans,
    chosenIds,
    runPlans,
    candidates,
    groups,
    /** Per service, the unseen actions only `*` grants (K in the review keeps one). */
    shares: shares ?? [],
    notice,
    go,
    regatherWindow,
    /** The offer to gather the time since, while it stands. */
    offer,
    /** `window` from the command line (--since) skips the window screen. */
    chooseRole(ref: RoleRef, detail?: RoleDetail, window?: SessionWindow) {
      const current = api.handle;
      if (current && current.session.role?.arn === ref.arn) {
        dispatch({ type: 'setRole', role: ref, roleDetail: detail });
        go('window');
        return;
      }
      // Another role is another session: the current one stays as it is, to resume later.
      const output = { format: prefs?.get().lastFormat ?? 'terraform' };
      const handle = SessionHandle.create(
        opts.sessionsDir,
        { role: ref, roleDetail: detail, window, screen: window ? 'sources' : 'window', output },
        { locked: true },
      );
      switchTo(handle);
    },
    /** A session opened as `iam-refine resume ID` opens it (lock honoured): the screens move to it. */
    resumed(handle: SessionHandle, regather: RegatherOffer) {
      switchTo(handle, regather);
    },
    chooseWindow(w: SessionWindow) {
      dispatch({ type: 'setWindow', window: w });
      prefs?.set({ lastWindow: w.preset ? { preset: w.preset } : { start: w.start, end: w.end } });
      go('sources');
    },
    toggleSource(id: SourceId) {
      const next = new Set(chosenIds);
      if (!next.delete(id)) next.add(id);
      setChosen(next);
    },
    startGather() {
      dispatch({
        type: 'setSources',
        sources: (plans.value ?? []).map((p) => ({
          id: p.id,
          label: p.label,
          state: p.available && chosenIds.has(p.id) ? 'pending' : 'skipped',
          // Where the evidence came from (paths, profile; never credentials): resume rebuilds from it.
          ...(p.settings ? { settings: p.settings } : {}),
          ...(p.available ? {} : { message: p.why }),
        })),
      });
      go('gathering');
    },
    startRegather() {
      if (!offer?.window) return;
      setRegatherWindow(offer.window);
      go('gathering');
    },
    gathered(result: GatherResult, cancelled: boolean) {
      if (!session) return;
      const now = new Date();
      // A re-gather adds to what was gathered and leaves new actions pending; a gather replaces.
      const events = regatherWindow
        ? regatherEvents(result, regatherWindow, now)
        : gatheredEvents(session, result, now);
      for (const e of events) dispatch(e);
      if (regatherWindow) {
        setRegathered(true);
        setRegatherWindow(undefined);
      }
      setNotice(cancelled ? 'gathering cancelled: reviewing what was gathered' : undefined);
    },
  };
}
