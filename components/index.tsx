// The CLI's entry to the TUI: `renderApp(props)` mounts the app and returns Ink's instance;
// `await instance.waitUntilExit()` resolves with AppExit once the user quits.
import { render, type Instance, type RenderOptions } from 'ink';
import { SessionHandle } from '../sessions/handle.js';
import type { RoleDetail, RoleRef } from '../src/core/types.js';
import type { SessionWindow } from '../sessions/schema.js';
import { App, type AppExit, type AppProps } from './App.js';
import { colorEnabled } from './theme.js';

export type { AppExit, AppProps };
export type { Engine } from './engine.js';

export interface RenderAppProps extends Omit<AppProps, 'color'> {
  /** From flags (--role, --since): start a new session past the screens they answer. */
  initial?: { role?: RoleRef; roleDetail?: RoleDetail; window?: SessionWindow };
  env?: NodeJS.ProcessEnv;
  /** Streams, for tests; default process.stdin/stdout. */
  streams?: Pick<RenderOptions, 'stdin' | 'stdout' | 'stderr'>;
}

export function renderApp(props: RenderAppProps): Instance {
  const { initial, env = process.env, streams, ...app } = props;
  let session = app.session;
  if (!session && initial?.role) {
    const format = app.prefs?.get().lastFormat ?? 'terraform';
    session = SessionHandle.create(
      app.sessionsDir,
      {
        role: initial.role,
        roleDetail: initial.roleDetail,
        window: initial.window,
        screen: initial.window ? 'sources' : 'window',
        output: { format },
      },
      { locked: true },
    );
    app.prefs?.noteRecent(session.session.id);
  }
  return render(<App {...app} session={session} color={colorEnabled(env)} />, {
    ...streams,
    exitOnCtrlC: false,
  });
}
