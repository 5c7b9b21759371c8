// A live session: the reducer plus the store. Every event that changes something is on
// disk before `dispatch` returns, so what the screen shows after a key is what a
// resume finds, even after a kill. The TUI subscribes with useSyncExternalStore.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { RoleDetail, RoleRef } from '../src/core/types.js';
import { toolVersion } from '../src/version.js';
import { removeStaleTemps } from './atomic.js';
import { UI_ONLY_EVENTS, type SessionEvent } from './events.js';
import { assertNoLoss } from './guard.js';
import { reduceSession } from './reducer.js';
import {
  SCHEMA_VERSION,
  SessionSchema,
  type OutputFormat,
  type Screen,
  type Session,
  type SessionSourceInput,
  type SessionWindow,
} from './schema.js';
import { findSession, sessionPath, writeSessionFile, type WriteOptions } from './store.js';

export interface NewSessionInput {
  name?: string;
  role?: RoleRef;
  roleDetail?: RoleDetail;
  window?: SessionWindow;
  sources?: SessionSourceInput[];
  screen?: Screen;
  output?: { format: OutputFormat; path?: string };
}

/** 10 hex digits: short to type as a prefix, unlikely to collide (checked anyway). */
export function newSessionId(): string {
  return randomBytes(5).toString('hex');
}

export function newSession(
  input: NewSessionInput,
  opts: { id: string; now: Date; toolVersion?: string },
): Session {
  const at = opts.now.toISOString();
  const day = at.slice(0, 10);
  const draft = SessionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: opts.id,
    name: input.name?.trim() || `${input.role?.name ?? 'session'} ${day}`,
    tool: { name: 'iam-refine', version: opts.toolVersion ?? toolVersion() },
    role: input.role,
    roleDetail: input.roleDetail,
    window: input.window,
    output: input.output,
    ui: { screen: input.screen ?? (input.role ? 'window' : 'role') },
    createdAt: at,
    updatedAt: at,
  });
  // Sources go through the reducer so their settings are scrubbed like any later change.
  return input.sources ? reduceSession(draft, { type: 'setSources', sources: input.sources }) : draft;
}

export interface HandleOptions {
  now?: () => Date;
  write?: WriteOptions;
  /** Test seam: the reducer (a buggy one must be stopped by the loss guard). */
  reduce?: typeof reduceSession;
}

export class SessionHandle {
  private current: Session;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;
  private readonly write: WriteOptions;
  private readonly reduce: typeof reduceSession;

  constructor(
    readonly dir: string,
    session: Session,
    opts: HandleOptions = {},
  ) {
    this.current = session;
    this.now = opts.now ?? (() => new Date());
    this.write = opts.write ?? {};
    this.reduce = opts.reduce ?? reduceSession;
  }

  get path(): string {
    return sessionPath(this.dir, this.current.id);
  }

  get session(): Session {
    return this.current;
  }

  /** Reduce, check nothing is lost, write, then publish. Throws (state unchanged) if the write fails. */
  dispatch(event: SessionEvent): Session {
    const next = this.reduce(this.current, event);
    if (next === this.current) return next;
    assertNoLoss(this.current, next, event);
    const stamped: Session = { ...next, updatedAt: this.now().toISOString() };
    // Cursor moves are written too (a resume lands on the same row) but skip the fsync:
    // the rename is atomic against a killed process; only power loss could lose a move.
    writeSessionFile(this.dir, stamped, {
      ...this.write,
      durable: this.write.durable ?? !UI_ONLY_EVENTS.has(event.type),
    });
    this.current = stamped;
    for (const l of this.listeners) l();
    return stamped;
  }

  /** For React's useSyncExternalStore(handle.subscribe, handle.getSnapshot). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Session => this.current;

  /** Start a session and write its first version. */
  static create(
    dir: string,
    input: NewSessionInput,
    opts: HandleOptions & { id?: string } = {},
  ): SessionHandle {
    let id = opts.id ?? newSessionId();
    while (!opts.id && existsSync(sessionPath(dir, id))) id = newSessionId();
    const session = newSession(input, { id, now: (opts.now ?? (() => new Date()))() });
    writeSessionFile(dir, session, opts.write);
    return new SessionHandle(dir, session, opts);
  }

  /** Open an existing session by id, id prefix or name (the newest without `ref`). */
  static async open(dir: string, ref?: string, opts: HandleOptions = {}): Promise<SessionHandle> {
    const { session, path } = await findSession(dir, ref);
    removeStaleTemps(path); // left by a writer that was killed mid-write
    return new SessionHandle(dir, session, opts);
  }
}
