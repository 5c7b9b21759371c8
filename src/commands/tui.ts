// `iam-refine` in a terminal: build the engine from the flags (the demo when there are
// no sources and no credentials), open preferences and the sessions folder, mount the TUI.
import { str, type ParsedArgs } from '../cli-args.js';
import { resolveRole } from '../core/arn.js';
import { windowFromFlags } from '../core/window.js';
import { demoFolder, readAccountFolder } from '../sources/account-folder.js';
import { emptyConfig, type SourceConfig } from '../sources/config.js';
import { configFromSettings } from '../sources/session-config.js';
import { sourceConfigFromFlags } from '../sources/from-flags.js';
import { spoolDir, spoolStreamInputs, STDIN } from '../sources/input-stream.js';
import { usageError } from '../core/errors.js';
import { loadAccount } from '../sources/account.js';
import { Preferences, sessionsDirFor } from '../../sessions/preferences.js';
import type { SessionHandle } from '../../sessions/handle.js';
import { safeLine } from '../core/sanitize.js';
import { describeOwner } from '../../sessions/lock.js';
import { unfinishedByRole } from '../../sessions/open-sessions.js';
import { engineFromConfig, type Engine } from '../../components/engine.js';
import { renderApp, type AppExit, type RenderAppProps } from '../../components/index.js';
import type { IO } from './io.js';
import { resumeHint } from './resume-hint.js';
import { rememberLive, withPreferences } from './preferred-config.js';

function demoBanner(config: SourceConfig): string {
  return `Demo account 123456789012 (bundled, recorded ${config.clock?.slice(0, 10) ?? ''}): no AWS calls are made.`;
}

async function engineFor(config: SourceConfig, io: IO): Promise<Engine> {
  if (config.origin === 'demo') return engineFromConfig(config, { banner: demoBanner(config) });
  if (config.origin === 'live')
    return (await import('./live-engine.js')).liveEngineOrDemo(
      config,
      io,
      () => readAccountFolder(demoFolder(), 'demo'),
      demoBanner,
    );
  return engineFromConfig(config, {
    banner: config.folder ? `Offline account folder ${config.folder}` : 'Offline files',
  });
}

export async function mountTui(
  io: IO,
  props: Omit<RenderAppProps, 'sessionsDir' | 'prefs'> & { sessionsFlag?: string },
  prefs = Preferences.open({ env: io.env }),
): Promise<number> {
  const sessionsDir = sessionsDirFor({ flag: props.sessionsFlag, env: io.env, prefs });
  const { sessionsFlag: _unused, ...rest } = props;
  // --role of a role with an unfinished session: the TUI asks (resume or new) instead of starting a second.
  if (rest.initial?.role && !rest.session && (await hasUnfinished(sessionsDir, rest.initial.role.arn))) {
    rest.pendingRole = { ...rest.initial, role: rest.initial.role };
    rest.initial = undefined;
  }
  const instance = renderApp({ ...rest, sessionsDir, prefs, env: io.env });
  const exit = (await instance.waitUntilExit()) as AppExit | undefined;
  const handle = exit?.handle;
  if (!handle) return 0;
  // Read once the app is gone, so the cursor written on the way out counts too.
  const code = reportExit(handle, io);
  handle.close();
  return code;
}

async function hasUnfinished(dir: string, arn: string): Promise<boolean> {
  try {
    return Boolean((await unfinishedByRole(dir, new Date())).get(arn)?.length);
  } catch {
    return false; // an unreadable folder: the new session's write says what is wrong
  }
}

/** "Saved" only when the last write succeeded; otherwise what was kept and why. */
export function reportExit(handle: SessionHandle, io: IO): number {
  const id = handle.session.id;
  const readOnly = handle.readOnly;
  if (readOnly?.takenOver) {
    io.stderr.write(
      `Session ${id} was taken over by ${safeLine(describeOwner(readOnly.owner))}: what was done here before that is saved, nothing after.\n`,
    );
    return 0;
  }
  if (readOnly) {
    io.stderr.write(
      `Session ${id} was open read-only (written by ${safeLine(describeOwner(readOnly.owner))}): nothing was changed from here.\n`,
    );
    return 0;
  }
  if (handle.lastWriteError) {
    io.stderr.write(
      `iam-refine: session ${id}: the last change could not be saved (${safeLine(handle.lastWriteError)}).\n` +
        `Everything before it is in ${handle.path}: ${resumeHint(id, io.env)}\n`,
    );
    return 1;
  }
  io.stderr.write(`Session ${id} is saved. Pick it up with: ${resumeHint(id, io.env)}\n`);
  return 0;
}

export async function runTui(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  const prefs = Preferences.open({ env: io.env });
  const config = withPreferences(sourceConfigFromFlags(values), () => prefs, {
    interactive: true,
    env: io.env,
  });
  const sourceFiles = [
    config.authorizationDetails,
    config.lambdaFunctions,
    ...config.xrayTraces,
    ...config.cloudtrail,
    ...config.generatedPolicy,
    ...config.unusedFindings,
  ];
  if (sourceFiles.includes(STDIN)) {
    throw usageError(
      'the interactive refiner reads its keys from stdin, so - cannot be a source there',
      'Give a file, or a pipe: --cloudtrail <(zcat trail.json.gz); or use iam-refine scan.',
    );
  }
  // The TUI gathers again (window changes, regather): a pipe or FIFO is read once into a temp copy.
  config.cloudtrail = await spoolStreamInputs(config.cloudtrail, spoolDir());
  const engine = await engineFor(config, io);
  // Reached AWS: the profile, region and access role are the defaults of the next start.
  if (engine.mode === 'live') rememberLive(config, prefs);
  const now = engine.now();
  const window = windowFromFlags(
    { since: str(values, 'since'), start: str(values, 'start'), end: str(values, 'end') },
    now,
  );
  const roleInput = str(values, 'role');
  let initial: RenderAppProps['initial'];
  if (roleInput) {
    const roles = await engine.listRoles();
    const account = config.origin === 'live' ? undefined : await loadAccount(config);
    const role = resolveRole(roleInput, roles, account?.accountId);
    initial = { role, roleDetail: roles.find((r) => r.arn === role.arn), window };
  }
  return mountTui(io, { engine, initial, sessionsFlag: str(values, 'sessions-dir') }, prefs);
}

/**
 * Resume: the session carries its evidence, so no AWS call is needed to review. The
 * engine, for gathering again, is rebuilt from the sources the session kept.
 */
export async function startResumed(io: IO, handle: SessionHandle, sessionsFlag?: string): Promise<number> {
  const config = configFromSettings(handle.session.sources.map((s) => s.settings));
  let engine: Engine;
  if (!config) {
    engine = engineFromConfig(emptyConfig('files'), {
      banner: `Resumed session ${handle.session.id}: its sources are not available here, so it cannot gather again`,
    });
  } else {
    engine = await engineFor(config, io);
  }
  return mountTui(io, { engine, session: handle, sessionsFlag });
}
