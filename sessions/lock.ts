// One writer per session: `<id>.json.lock` beside the session file names the process that
// writes it (pid, host, start time). A second TUI finds the lock and opens the session
// read-only; `resume --take-over` moves the lock to it. A lock whose process is gone (same
// host, pid dead or reused since) is stale and taken without asking.
import { constants, closeSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  host: string;
  /** When the owner took the lock (ISO). */
  startedAt: string;
}

const MAX_LOCK_BYTES = 4096;
/** An empty or unreadable lock younger than this may be one being written right now. */
const FRESH_MS = 5_000;

export const lockPath = (dir: string, id: string): string => join(dir, `${id}.json.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: when `pid` started (ms since epoch), to see a pid reused by another process. */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 of stat, counted after the command name
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    if (!Number.isFinite(ticks) || !btime) return undefined;
    return Number(btime) * 1000 + (ticks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Why a lock no longer holds, or undefined when its owner may still be writing. */
export function staleReason(owner: LockOwner, host = hostname()): string | undefined {
  if (owner.host !== host) return undefined; // another machine: its pid means nothing here
  if (!alive(owner.pid)) return `process ${owner.pid} is no longer running`;
  const started = processStart(owner.pid);
  const locked = Date.parse(owner.startedAt);
  // The pid now belongs to a process started after the lock was taken: the owner is gone.
  if (started !== undefined && Number.isFinite(locked) && started > locked + 2_000)
    return `process ${owner.pid} is another program now`;
  return undefined;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const raw = JSON.parse(text) as Partial<LockOwner>;
    if (typeof raw.pid === 'number' && typeof raw.host === 'string' && typeof raw.startedAt === 'string')
      return { pid: raw.pid, host: raw.host, startedAt: raw.startedAt };
  } catch {
    // Torn or hand-edited.
  }
  return undefined;
}

/** The lock's owner; `corrupt` when the file is not a lock we can read. */
export function readLock(path: string): { owner?: LockOwner; corrupt?: boolean; ageMs: number } | undefined {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  const ageMs = Date.now() - st.mtimeMs;
  // A folder, FIFO or symlink planted as the lock: never read, never followed.
  if (!st.isFile() || st.size > MAX_LOCK_BYTES) return { corrupt: true, ageMs };
  let text: string;
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const owner = parseOwner(text);
  return owner ? { owner, ageMs } : { corrupt: true, ageMs };
}

export function describeOwner(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.host}, since ${owner.startedAt.slice(0, 16).replace('T', ' ')}Z`;
}

export type LockResult = { held: SessionLock } | { busy: LockOwner };

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Locks this process holds, by path: a second handle in the same process shares it. */
const HELD = new Map<string, { owner: LockOwner; refs: number }>();

function removeIfOurs(path: string, owner: LockOwner): void {
  try {
    const current = readLock(path)?.owner;
    if (current?.pid === owner.pid && current.startedAt === owner.startedAt) remove(path);
  } catch {
    // Best effort: a lock left behind is stale once this process is gone.
  }
}

let exitHook = false;
/** One exit hook for every lock (not one listener per lock): what is still held is let go. */
function releaseAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const [path, { owner }] of HELD) removeIfOurs(path, owner);
    HELD.clear();
  });
}

export class SessionLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {
    releaseAllOnExit();
  }

  /** Still ours: nobody removed it or took the session over. */
  held(): boolean {
    if (this.released) return false;
    const current = readLock(this.path)?.owner;
    return current?.pid === this.owner.pid && current.startedAt === this.owner.startedAt;
  }

  /** Who holds the lock now (after a take-over), if anyone. */
  holder(): LockOwner | undefined {
    return readLock(this.path)?.owner;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const shared = HELD.get(this.path);
    if (shared?.owner === this.owner && --shared.refs > 0) return;
    if (shared?.owner === this.owner) HELD.delete(this.path);
    removeIfOurs(this.path, this.owner);
  }

  /**
   * Take the lock of session `id`. A live owner elsewhere makes it `busy` unless
   * `takeOver`; a stale or unreadable old lock is replaced. The lock file is created with
   * O_EXCL and O_NOFOLLOW, so a planted file or symlink is never written through.
   */
  static acquire(dir: string, id: string, opts: { takeOver?: boolean } = {}): LockResult {
    const path = lockPath(dir, id);
    const shared = HELD.get(path);
    if (shared && readLock(path)?.owner?.startedAt === shared.owner.startedAt) {
      shared.refs++;
      return { held: new SessionLock(path, shared.owner) };
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      try {
        const fd = openSync(
          path,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
          0o600,
        );
        try {
          writeSync(fd, `${JSON.stringify(owner)}\n`);
        } finally {
          closeSync(fd);
        }
        HELD.set(path, { owner, refs: 1 });
        return { held: new SessionLock(path, owner) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = readLock(path);
      if (!found) continue; // gone in between: try again
      const { owner: current, corrupt, ageMs } = found;
      const stale = current ? staleReason(current) : corrupt && ageMs > FRESH_MS;
      if (current && !stale && !opts.takeOver) return { busy: current };
      if (!current && !stale && !opts.takeOver) {
        return { busy: { pid: 0, host: 'unknown', startedAt: new Date(Date.now() - ageMs).toISOString() } };
      }
      remove(path);
    }
    throw new Error(`could not take the session lock ${path}: it keeps changing`);
  }
}
