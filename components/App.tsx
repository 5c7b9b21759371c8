// The screen router: header, the screen the session is on, footer, and the `?` key map.
// Screens dispatch session events (sessions/reducer.ts via the handle); the router only
// loads what a screen needs from the engine and exits, once, on q / Ctrl-C.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Box, Text, useApp } from 'ink';
import { mergeCandidates } from '../src/core/merge.js';
import { SOURCE_BADGES, type RoleDetail, type RoleRef, type SourceId } from '../src/core/types.js';
import { SessionHandle } from '../sessions/handle.js';
import type { Preferences } from '../sessions/preferences.js';
import type { Screen, SessionWindow } from '../sessions/schema.js';
import type { Engine, GatherResult } from './engine.js';
import { GLOBAL_KEYS, HELP_KEYS } from './keys.js';
import { KeyLayerProvider, useKeys } from './hooks/keyLayers.js';
import { useLayout } from './hooks/useLayout.js';
import { useSession } from './hooks/useSession.js';
import { useAsync } from './hooks/useAsync.js';
import { groupByService } from './review/rows.js';
import { countStatuses } from './review/status.js';
import { gatheredEvents } from './gathered.js';
import { defaultOutputPath } from './save.js';
import { ColorProvider, useColor } from './theme.js';
import { Header } from './widgets/Header.js';
import { Footer } from './widgets/Footer.js';
import { KeyHelp } from './widgets/KeyHelp.js';
import { RoleScreen } from './screens/RoleScreen.js';
import { WindowScreen } from './screens/WindowScreen.js';
import { SourcesScreen } from './screens/SourcesScreen.js';
import { GatherScreen } from './screens/GatherScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { PlaceholdersScreen } from './screens/PlaceholdersScreen.js';
import { PreviewScreen } from './screens/PreviewScreen.js';

export interface AppProps {
  engine: Engine;
  sessionsDir: string;
  /** An open session (resume, or one the CLI created from --role/--since). */
  session?: SessionHandle;
  prefs?: Preferences;
  /** Folder the default output path is relative to. */
  cwd?: string;
  color?: boolean;
}

/** What the app returns through waitUntilExit(): the session to resume, if one was started. */
export interface AppExit {
  sessionId?: string;
  sessionPath?: string;
}

const BACK: Partial<Record<Screen, Screen>> = {
  window: 'role',
  sources: 'window',
  gathering: 'sources',
  review: 'sources',
  placeholders: 'review',
  preview: 'review',
  save: 'preview',
};

/** Footer (up to two lines) and one spare row: a frame as tall as the terminal makes Ink clear the screen on every render. */
const FOOTER_ROWS = 3;

export function App(props: AppProps) {
  const { exit } = useApp();
  const api = useSession(props.session);
  const quit = useCallback(() => {
    // Each event is written before dispatch returns: nothing is left to flush here.
    exit(api.handle ? { sessionId: api.handle.session.id, sessionPath: api.handle.path } : {});
  }, [exit, api.handle]);
  return (
    <ColorProvider color={props.color ?? true}>
      <KeyLayerProvider onInterrupt={quit}>
        <Router {...props} api={api} quit={quit} />
      </KeyLayerProvider>
    </ColorProvider>
  );
}

function Router(props: AppProps & { api: ReturnType<typeof useSession>; quit: () => void }) {
  const { engine, api } = props;
  const { session, dispatch } = api;
  const color = useColor();
  const layout = useLayout();
  const [help, setHelp] = useState(false);
  const [chosen, setChosen] = useState<Set<SourceId>>();
  const [notice, setNotice] = useState<string>();
  const screen: Screen = session?.ui.screen ?? 'role';
  const role = session?.role;
  const prefs = props.prefs?.get() ?? {};

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
  const candidates = useMemo(
    () => (evidence ? mergeCandidates(evidence, roleDetail) : []),
    [evidence, roleDetail],
  );
  const groups = useMemo(() => groupByService(candidates), [candidates]);

  const go = (to: Screen) => dispatch({ type: 'setScreen', screen: to });

  useKeys({
    id: 'global',
    title: 'Everywhere',
    table: GLOBAL_KEYS,
    level: 'global',
    onAction(action) {
      if (action === 'help') setHelp(true);
      else if (action === 'quit') props.quit();
      else if (action === 'back' && BACK[screen]) go(BACK[screen]);
    },
  });
  useKeys({
    id: 'help',
    title: 'Key map',
    table: HELP_KEYS,
    level: 'overlay',
    modal: true,
    active: help,
    onAction: () => setHelp(false),
  });

  const chooseRole = (ref: RoleRef, detail?: RoleDetail) => {
    if (!api.handle) {
      const output = { format: prefs.lastFormat ?? 'terraform', path: undefined };
      const handle = SessionHandle.create(props.sessionsDir, {
        role: ref,
        roleDetail: detail,
        screen: 'window',
        output,
      });
      props.prefs?.noteRecent(handle.session.id);
      api.setHandle(handle);
      return;
    }
    dispatch({ type: 'setRole', role: ref, roleDetail: detail });
    go('window');
  };
  const chooseWindow = (w: SessionWindow) => {
    dispatch({ type: 'setWindow', window: w });
    props.prefs?.set({ lastWindow: w.preset ? { preset: w.preset } : { start: w.start, end: w.end } });
    go('sources');
  };
  const startGather = () => {
    dispatch({
      type: 'setSources',
      sources: (plans.value ?? []).map((p) => ({
        id: p.id,
        label: p.label,
        state: p.available && chosenIds.has(p.id) ? 'pending' : 'skipped',
        ...(p.available ? {} : { message: p.why }),
      })),
    });
    go('gathering');
  };
  const gathered = (result: GatherResult, cancelled: boolean) => {
    if (!session) return;
    for (const e of gatheredEvents(session, result, new Date())) dispatch(e);
    setNotice(cancelled ? 'gathering cancelled: reviewing what was gathered' : undefined);
  };

  const inReview =
    screen === 'review' || screen === 'placeholders' || screen === 'preview' || screen === 'save';
  const counts = inReview && session ? countStatuses(candidates, session.decisions) : undefined;
  // Banner, title line, counts or notice, the margin above the body.
  const headerRows = (engine.banner ? 1 : 0) + 1 + (counts || notice ? 1 : 0) + 1 + (api.writeError ? 1 : 0);
  const bodyHeight = Math.max(6, layout.rows - headerRows - FOOTER_ROWS);
  const sourceBadges = (session?.sources ?? [])
    .filter((s) => s.state !== 'skipped')
    .map((s) => SOURCE_BADGES[s.id]);

  let body: ReactNode;
  if (!session || screen === 'role') {
    body = (
      <RoleScreen
        roles={roles.value}
        loadError={roles.error}
        height={bodyHeight}
        width={layout.columns}
        onChoose={chooseRole}
        onHelp={() => setHelp(true)}
      />
    );
  } else if (screen === 'window') {
    body = (
      <WindowScreen now={engine.now()} mode={engine.mode} current={session.window} onChoose={chooseWindow} />
    );
  } else if (screen === 'sources') {
    body = (
      <SourcesScreen
        plans={plans.value}
        loadError={plans.error}
        chosen={chosenIds}
        onToggle={(id) => {
          const next = new Set(chosenIds);
          if (!next.delete(id)) next.add(id);
          setChosen(next);
        }}
        onStart={startGather}
      />
    );
  } else if (screen === 'gathering') {
    body = plans.value ? (
      <GatherScreen
        engine={engine}
        plans={runPlans}
        role={session.role!}
        window={session.window}
        width={layout.columns}
        onGathered={gathered}
        onContinue={() => go('review')}
      />
    ) : (
      <Text dimColor>{plans.error ?? 'looking for sources…'}</Text>
    );
  } else if (screen === 'review') {
    body = (
      <ReviewScreen
        session={session}
        groups={groups}
        dispatch={dispatch}
        width={layout.columns}
        height={bodyHeight}
        narrow={layout.narrow}
      />
    );
  } else if (screen === 'placeholders') {
    body = (
      <PlaceholdersScreen session={session} candidates={candidates} dispatch={dispatch} height={bodyHeight} />
    );
  } else {
    body = (
      <PreviewScreen
        session={session}
        candidates={candidates}
        dispatch={dispatch}
        width={layout.columns}
        height={bodyHeight}
        defaultPath={(format) =>
          defaultOutputPath(
            session.role?.name ?? 'policy',
            format,
            prefs.lastOutputPath,
            props.cwd ?? process.cwd(),
          )
        }
        onSaved={(written, format) => {
          props.prefs?.set({ lastFormat: format, lastOutputPath: written[0]?.path });
          dispatch({ type: 'setOutput', format, path: written[0]?.path });
        }}
      />
    );
  }

  return (
    <Box flexDirection="column" width={layout.columns}>
      <Header
        banner={engine.banner}
        roleName={role?.name}
        window={session?.window}
        sources={sourceBadges}
        counts={counts}
        status={notice}
      />
      {api.writeError && <Text color={color('red')}>{api.writeError}</Text>}
      {/* The screen stays mounted under the key map, so its keys are still registered to list. */}
      {help && <KeyHelp width={layout.columns} />}
      <Box
        flexDirection="column"
        marginTop={1}
        height={bodyHeight}
        overflowY="hidden"
        display={help ? 'none' : 'flex'}
      >
        {body}
      </Box>
      {!help && <Footer />}
    </Box>
  );
}
