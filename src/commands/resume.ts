// `iam-refine resume [ID]`: reopen a session in the TUI on the screen and row it was
// left on. Loading needs no AWS call; a session older than its window gets an offer
// to gather the time since (the TUI asks, then dispatches `mergeEvidence`).
import { flag, str, type ParsedArgs } from '../cli-args.js';
import { usageError } from '../core/errors.js';
import { SessionHandle, type HandleOptions, type LockingOptions } from '../../sessions/handle.js';
import { Preferences, sessionsDirFor } from '../../sessions/preferences.js';
import { regatherOffer, type RegatherOffer } from '../../sessions/regather.js';
import type { Screen, Session } from '../../sessions/schema.js';
import { SESSIONS_DIR_ENV } from '../../sessions/store.js';
import type { IO } from './io.js';

export interface ResumedSession {
  /** Dispatch every change through it: it writes the session before returning. */
  handle: SessionHandle;
  session: Session;
  path: string;
  /** Where to land: the saved screen, except a gather cut short goes back to the sources. */
  screen: Screen;
  regather: RegatherOffer;
}

/** The screen to reopen: a gather that was running when the process ended must be restarted. */
export function landingScreen(session: Session): Screen {
  return session.ui.screen === 'gathering' ? 'sources' : session.ui.screen;
}

/** Load a session (latest when `idOrName` is empty) for the TUI. Throws UserError with path and problem. */
export async function loadSessionForResume(
  idOrName: string | undefined,
  dir: string,
  opts: { now?: Date; handle?: HandleOptions & LockingOptions } = {},
): Promise<ResumedSession> {
  // The TUI writes under the session's lock; held by a live process, it opens read-only.
  const handle = await SessionHandle.open(dir, idOrName, { locked: true, ...opts.handle });
  const screen = landingScreen(handle.session);
  if (screen !== handle.session.ui.screen) handle.dispatch({ type: 'setScreen', screen });
  return {
    handle,
    session: handle.session,
    path: handle.path,
    screen,
    regather: regatherOffer(handle.session, opts.now ?? new Date()),
  };
}

export interface ResumeOptions {
  ref?: string;
  sessionsDir?: string;
  /** Take the session's lock from another live iam-refine. */
  takeOver?: boolean;
}

/** Starts the TUI on a loaded session; the CLI passes the TUI's entry point. */
export type StartTui = (resumed: ResumedSession) => Promise<number>;

export async function runResume(opts: ResumeOptions, io: IO, startTui: StartTui): Promise<number> {
  if (!io.stdinIsTTY || !io.stdout.isTTY) {
    throw usageError(
      'resume opens the interactive refiner and needs a terminal',
      'In scripts use: iam-refine sessions show ID --json, or iam-refine export ID --format terraform',
    );
  }
  const dir = sessionsDirFor({ flag: opts.sessionsDir, env: io.env });
  const resumed = await loadSessionForResume(opts.ref, dir, { handle: { takeOver: opts.takeOver } });
  if (!opts.sessionsDir && !io.env[SESSIONS_DIR_ENV])
    Preferences.open({ env: io.env }).noteRecent(resumed.session.id);
  return startTui(resumed);
}

/** `iam-refine resume [ID] [--sessions-dir DIR]`. */
export function resumeCommand(args: ParsedArgs, io: IO, startTui: StartTui): Promise<number> {
  const [ref, ...extra] = args.positionals;
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`, 'Use: iam-refine resume [ID]');
  return runResume(
    { ref, sessionsDir: str(args.values, 'sessions-dir'), takeOver: flag(args.values, 'take-over') },
    io,
    startTui,
  );
}
