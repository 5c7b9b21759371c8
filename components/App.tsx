// The screen router: header, the screen the session is on, footer, and the `?` key map.
// Screens dispatch session events (sessions/reducer.ts via the handle); the steps between
// screens are in hooks/useFlow.ts; the app exits in one place, on q / Ctrl-C.
import { useCallback, useState, type ReactNode } from 'react';
import { Box, Text, useApp } from 'ink';
import { SOURCE_BADGES } from '../src/core/types.js';
import { describeWindow } from '../src/core/window.js';
import { safeLine } from '../src/core/sanitize.js';
import type { SessionHandle } from '../sessions/handle.js';
import type { Preferences } from '../sessions/preferences.js';
import type { RegatherOffer } from '../sessions/regather.js';
import type { Screen } from '../sessions/schema.js';
import type { Engine } from './engine.js';
import { GLOBAL_KEYS, REGATHER_KEYS } from './keys.js';
import { KeyLayerProvider, useKeys } from './hooks/keyLayers.js';
import { useLayout } from './hooks/useLayout.js';
import { useSession, type SessionApi } from './hooks/useSession.js';
import { useFlow } from './hooks/useFlow.js';
import { sessionProgress } from '../sessions/summary.js';
import { defaultOutputPath } from './save.js';
import { ColorProvider, useColor } from './theme.js';
import { Header } from './widgets/Header.js';
import { Footer } from './widgets/Footer.js';
import { KeyHelp } from './widgets/KeyHelp.js';
import { ScreenBoundary } from './widgets/ScreenBoundary.js';
import { RoleScreen } from './screens/RoleScreen.js';
import { WindowScreen } from './screens/WindowScreen.js';
import { SourcesScreen } from './screens/SourcesScreen.js';
import { GatherScreen } from './screens/GatherScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { PlaceholdersScreen } from './screens/PlaceholdersScreen.js';
import { PreviewScreen } from './screens/PreviewScreen.js';
import { ResumeChooser } from './screens/ResumeChooser.js';
import { useResumeOffer, type RoleToOpen } from './hooks/useResumeOffer.js';

export interface AppProps {
  engine: Engine;
  sessionsDir: string;
  /** An open session (resume, or one the CLI created from --role/--since). */
  session?: SessionHandle;
  prefs?: Preferences;
  /** Resume: a session older than its window is offered a gather of the time since. */
  regather?: RegatherOffer;
  /** Folder the default output path is relative to. */
  cwd?: string;
  color?: boolean;
  /** --role with unfinished sessions of that role: the chooser shows first (resume or new). */
  pendingRole?: RoleToOpen;
}

/** What the app returns through waitUntilExit(): the session to resume, if one was started. */
export interface AppExit {
  sessionId?: string;
  sessionPath?: string;
  /** Read after the app is gone (its last cursor write included): saved or not, and the lock to let go. */
  handle?: SessionHandle;
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

/** "Gathered 9 days ago: g gathers 2026-11-20 → 2026-11-29 and adds it." */
function regatherText(offer: RegatherOffer): string {
  const days = Math.floor(offer.ageMs / 86_400_000);
  const age = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.floor(offer.ageMs / 3_600_000)} h`;
  return `Gathered ${age} ago: g gathers ${offer.window ? describeWindow(offer.window) : 'the time since'} and adds it`;
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const api = useSession(props.session);
  const quit = useCallback(() => {
    // Each event is written before dispatch returns: nothing is left to flush here.
    exit(
      api.handle
        ? { sessionId: api.handle.session.id, sessionPath: api.handle.path, handle: api.handle }
        : {},
    );
  }, [exit, api.handle]);
  const [keyError, setKeyError] = useState<string>();
  const onKeyError = useCallback((e: unknown) => {
    const why = safeLine(e instanceof Error ? e.message : String(e));
    setKeyError(`a key could not be handled (${why}); the session and any typed text are kept`);
  }, []);
  return (
    <ColorProvider color={props.color ?? true}>
      <KeyLayerProvider onInterrupt={quit} onKeyError={onKeyError}>
        <ScreenBoundary sessionId={api.handle?.session.id} onQuit={quit}>
          <Router {...props} api={api} quit={quit} keyError={keyError} />
        </ScreenBoundary>
      </KeyLayerProvider>
    </ColorProvider>
  );
}

function Router(props: AppProps & { api: SessionApi; quit: () => void; keyError?: string }) {
  const { engine, api } = props;
  const { session, dispatch } = api;
  const color = useColor();
  const layout = useLayout();
  const [help, setHelp] = useState(false);
  const flow = useFlow(api, props);
  const { screen, candidates, notice, go } = flow;
  const resume = useResumeOffer(api, flow, { sessionsDir: props.sessionsDir, pending: props.pendingRole });
  const role = session?.role;
  // Found locked by another live iam-refine: said from the first frame, not at the first key.
  const readOnly = api.handle?.readOnly && !api.writeError ? api.handle.readOnly.message : undefined;

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
    id: 'regather',
    title: 'Resumed session',
    table: REGATHER_KEYS,
    active: screen === 'review' && Boolean(flow.offer),
    onAction: flow.startRegather,
  });

  const inReview =
    screen === 'review' || screen === 'placeholders' || screen === 'preview' || screen === 'save';
  const counts = inReview && session ? sessionProgress(session, candidates) : undefined;
  // Banner, title line, counts or notice, the margin above the body.
  const offerText = screen === 'review' && flow.offer ? regatherText(flow.offer) : undefined;
  const headerRows =
    (engine.banner ? 1 : 0) +
    1 +
    (counts || notice ? 1 : 0) +
    1 +
    (api.writeError ? 1 : 0) +
    (readOnly ? 1 : 0) +
    (props.keyError ? 1 : 0) +
    (offerText ? 1 : 0);
  const bodyHeight = Math.max(6, layout.rows - headerRows - FOOTER_ROWS);
  const sourceBadges = (session?.sources ?? [])
    .filter((s) => s.state !== 'skipped')
    .map((s) => SOURCE_BADGES[s.id]);

  let body: ReactNode;
  if (!session || screen === 'role') {
    // The chooser covers the list; the list stays mounted so esc finds the filter as it was.
    body = (
      <>
        {resume.asked && (
          <ResumeChooser
            roleName={resume.asked.role.name}
            sessions={resume.sessions}
            error={resume.error}
            busy={resume.busy}
            onResume={resume.resume}
            onNew={resume.startNew}
            onBack={resume.back}
          />
        )}
        <Box display={resume.asked ? 'none' : 'flex'} flexDirection="column">
          <RoleScreen
            roles={flow.roles.value}
            loadError={flow.roles.error}
            inProgress={resume.inProgress}
            active={!resume.asked}
            select={resume.backFrom}
            height={bodyHeight}
            width={layout.columns}
            onChoose={resume.choose}
            onHelp={() => setHelp(true)}
          />
        </Box>
      </>
    );
  } else if (screen === 'window') {
    body = (
      <WindowScreen
        now={engine.now()}
        mode={engine.mode}
        current={session.window}
        remembered={props.prefs?.get().lastWindow}
        onChoose={flow.chooseWindow}
      />
    );
  } else if (screen === 'sources') {
    body = (
      <SourcesScreen
        plans={flow.plans.value}
        loadError={flow.plans.error}
        chosen={flow.chosenIds}
        onToggle={flow.toggleSource}
        onStart={flow.startGather}
      />
    );
  } else if (screen === 'gathering') {
    body = flow.plans.value ? (
      <GatherScreen
        engine={engine}
        plans={flow.runPlans}
        role={session.role!}
        window={flow.regatherWindow ?? session.window}
        width={layout.columns}
        onGathered={flow.gathered}
        onContinue={() => go('review')}
      />
    ) : (
      <Text dimColor>{flow.plans.error ?? 'looking for sources…'}</Text>
    );
  } else if (screen === 'review') {
    body = (
      <ReviewScreen
        session={session}
        groups={flow.groups}
        shares={flow.shares}
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
        engine={props.engine}
        candidates={candidates}
        shares={flow.shares}
        dispatch={dispatch}
        width={layout.columns}
        height={bodyHeight}
        defaultPath={(format) =>
          defaultOutputPath(
            session.role?.name ?? 'policy',
            format,
            props.prefs?.get().lastOutputPath,
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
      {readOnly && <Text color={color('yellow')}>{readOnly}</Text>}
      {api.writeError && <Text color={color('red')}>{api.writeError}</Text>}
      {props.keyError && <Text color={color('red')}>{props.keyError}</Text>}
      {offerText && <Text color={color('yellow')}>{offerText}</Text>}
      {/* The screen stays mounted under the key map, so its keys are still registered to list. */}
      {/* As tall as the rows the header leaves, with the spare row: its top always shows. */}
      {help && (
        <KeyHelp width={layout.columns} height={layout.rows - headerRows} onClose={() => setHelp(false)} />
      )}
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
