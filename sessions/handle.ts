// A live session: the reducer plus the store. Every event that changes something is on
// disk before `dispatch` returns, so what the screen shows after a key is what a
// resume finds, even after a kill. The TUI subscribes with useSyncExternalStore.
// One writer per session (lock.ts): a handle that finds the session locked by a live
// process is read-only; it moves and looks, and refuses every change with the way out.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { RoleDetail, RoleRef } from '../src/core/types.js';
import { toolVersion } from '../src/version.js';
import { removeStaleTemps } from './atomic.js';
import { UI_ONLY_EVENTS, type SessionEvent } from './events.js';
import { assertNoLoss } from './guard.js';
import { describeOwner, lockPath, SessionLock, type LockOwner } from './lock.js';
import { UserError } from '../src/core/errors.js';
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
import { findSession, readSessionFile, sessionPath, writeSessionFile, type WriteOptions } from './store.js';

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
  /** The lock this handle writes under; without one it writes unlocked (tests, tools). */
  lock?: SessionLock;
  /** Another process writes this session: look, never write. */
  lockedBy?: LockOwner;
}

export interface LockingOptions {
  /** Take the session's lock (the TUI does; tools that only read do not). */
  locked?: boolean;
  /** Take the lock even from a live process (`resume --take-over`). */
  takeOver?: boolean;
}

/** A change refused because another process writes the session. */
export class ReadOnlyError extends Error {
  constructor(
    readonly id: string,
    readonly owner: LockOwner,
    /** The lock was taken from this handle while it wrote (not found locked at open). */
    readonly takenOver = false,
  ) {
    super(
      `${takenOver ? 'another iam-refine took this session over' : 'read-only: this session is open in another iam-refine'} (${describeOwner(owner)}). Changes are not saved here; to write it from this terminal, quit and run: iam-refine resume ${id} --take-over`,
    );
    this.name = 'ReadOnlyError';
  }
}

export class SessionHandle {
  private current: Session;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;
  private readonly write: WriteOptions;
  private readonly reduce: typeof reduceSession;
  private readonly lock?: SessionLock;
  private owner?: LockOwner;
  private takenOver = false;
  /** Size and mtime of the file as this handle last wrote it: anything else is another writer. */
  private written?: { size: number; mtimeMs: number };
  /** The last write that failed (cleared by the next success): "saved" is only said without it. */
  lastWriteError?: string;

  constructor(
    readonly dir: string,
    session: Session,
    opts: HandleOptions = {},
  ) {
    this.current = session;
    this.now = opts.now ?? (() => new Date());
    this.write = opts.write ?? {};
    this.reduce = opts.reduce ?? reduceSession;
    this.lock = opts.lock;
    this.owner = opts.lockedBy;
  }

  /** Set when another process writes this session (found locked, or taken over since). */
  get readOnly(): ReadOnlyError | undefined {
    return this.owner ? new ReadOnlyError(this.current.id, this.owner, this.takenOver) : undefined;
  }

  /** Let go of the lock (on quit; a new session for another role). */
  close(): void {
    this.lock?.release();
  }

  private stat(): { size: number; mtimeMs: number } | undefined {
    try {
      const st = statSync(this.path);
      return { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  }

  /** The file changed since this handle wrote it: the new state must hold what the file does. */
  private checkAgainstFile(next: Session, event: SessionEvent): void {
    const now = this.stat();
    if (!this.written || !now) return;
    if (now.size === this.written.size && now.mtimeMs === this.written.mtimeMs) return;
    assertNoLoss(readSessionFile(this.path), next, event);
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
    if (!this.owner && this.lock && !this.lock.held()) {
      this.owner = this.lock.holder() ?? { pid: 0, host: 'unknown', startedAt: new Date().toISOString() };
      this.takenOver = true;
    }
    if (this.owner) {
      // Looking around (screens, cursor, filter) stays possible; nothing is written.
      if (!UI_ONLY_EVENTS.has(event.type)) throw this.readOnly!;
      this.current = next;
      for (const l of this.listeners) l();
      return next;
    }
    assertNoLoss(this.current, next, event);
    const stamped: Session = { ...next, updatedAt: this.now().toISOString() };
    try {
      this.checkAgainstFile(stamped, event);
      // Cursor moves are written too (a resume lands on the same row) but skip the fsync:
      // the rename is atomic against a killed process; only power loss could lose a move.
      writeSessionFile(this.dir, stamped, {
        ...this.write,
        durable: this.write.durable ?? !UI_ONLY_EVENTS.has(event.type),
      });
    } catch (e) {
      this.lastWriteError = (e as Error).message;
      throw e;
    }
    this.written = this.stat();
    this.lastWriteError = undefined;
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
    opts: HandleOptions & LockingOptions & { id?: string } = {},
  ): SessionHandle {
    let id = opts.id ?? newSessionId();
    while (!opts.id && existsSync(sessionPath(dir, id))) id = newSessionId();
    const session = newSession(input, { id, now: (opts.now ?? (() => new Date()))() });
    writeSessionFile(dir, session, opts.write);
    const handle = new SessionHandle(dir, session, { ...opts, ...lockFor(dir, id, opts) });
    handle.written = handle.stat();
    return handle;
  }

  /**
   * Open an existing session by id, id prefix or name (the newest without `ref`), taking
   * its lock when `locked` is set: held by a live process, the handle is read-only, unless
   * `takeOver` moves the lock here.
   */
  static async open(
    dir: string,
    ref?: string,
    opts: HandleOptions & LockingOptions = {},
  ): Promise<SessionHandle> {
    const { session, path } = await findSession(dir, ref);
    const locking = lockFor(dir, session.id, opts);
    if (!locking.lockedBy) removeStaleTemps(path); // left by a writer that was killed mid-write
    const handle = new SessionHandle(dir, session, { ...opts, ...locking });
    handle.written = handle.stat();
    return handle;
  }
}

/** `locked` takes the session's lock; a live owner elsewhere makes the handle read-only. */
function lockFor(dir: string, id: string, opts: LockingOptions): Pick<HandleOptions, 'lock' | 'lockedBy'> {
  if (!opts.locked) return {};
  let got;
  try {
    got = SessionLock.acquire(dir, id, { takeOver: opts.takeOver });
  } catch (e) {
    throw new UserError(
      'session',
      `cannot lock this session for writing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      {
        where: lockPath(dir, id),
        hint: 'The sessions folder must be writable by you. A folder or other entry at that path is left to you: remove it by hand.',
      },
    );
  }
  return 'held' in got ? { lock: got.held } : { lockedBy: got.busy };
}
