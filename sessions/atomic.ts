// Atomic file replacement: write a temp file beside the target, fsync it, keep the old
// version as a backup (hard link, so no copy), then rename over the target. A crash at
// any point leaves either the old file or the new one, never a torn one.
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writevSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  mode?: number;
  /** fsync the file and its folder: survives power loss, not only a killed process. */
  durable?: boolean;
  /** Where to keep the version being replaced. */
  backup?: string;
  /** Test seam: runs after the temp file is complete, before the rename. */
  beforeRename?: () => void;
}

function writeAll(fd: number, data: string | readonly Uint8Array[]): void {
  if (typeof data === 'string') {
    writeSync(fd, data);
    return;
  }
  // writev may write less than asked (large buffers, signals): continue where it stopped.
  let rest = data.filter((c) => c.byteLength > 0);
  while (rest.length > 0) {
    let written = writevSync(fd, rest as Uint8Array[]);
    const next: Uint8Array[] = [];
    for (const chunk of rest) {
      if (written >= chunk.byteLength) written -= chunk.byteLength;
      else {
        next.push(chunk.subarray(written));
        written = 0;
      }
    }
    rest = next;
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A folder only this user can enter (0700), made with its missing parents. `tighten` also
 * closes an existing folder of ours that others could read (one made by an older version).
 */
const TIGHTENED = new Set<string>();

export function ensurePrivateDir(dir: string, opts: { tighten?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!opts.tighten || process.platform === 'win32' || TIGHTENED.has(dir)) return;
  TIGHTENED.add(dir);
  try {
    const st = lstatSync(dir);
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
    if (st.isDirectory() && mine && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch {
    // Not ours to change: leave it.
  }
}

/** Exclusive create that never follows a symlink: a planted file or link makes it fail. */
const CREATE_EXCL = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Open `tmp` for writing as a new file; a leftover of a dead writer with our pid is removed first. */
function openExclusive(tmp: string, mode: number): number {
  try {
    return openSync(tmp, CREATE_EXCL, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // unlink removes a symlink itself, never its target; then create afresh, exclusively.
  unlinkSync(tmp);
  return openSync(tmp, CREATE_EXCL, mode);
}

/** The temp file a write uses; one per process, so a crashed writer leaves at most one. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

function keepBackup(path: string, backup: string): void {
  if (!existsSync(path)) return;
  const staging = `${backup}.${process.pid}.tmp`;
  tryUnlink(staging);
  try {
    linkSync(path, staging);
  } catch {
    // File systems without hard links; EXCL: never through a symlink planted as the staging name.
    copyFileSync(path, staging, constants.COPYFILE_EXCL);
  }
  renameSync(staging, backup);
}

/** `data` as text or as byte chunks (written with one writev, no concatenation). */
export function writeFileAtomicSync(
  path: string,
  data: string | readonly Uint8Array[],
  opts: AtomicWriteOptions = {},
): void {
  const mode = opts.mode ?? 0o600;
  const tmp = tempPathFor(path);
  const fd = openExclusive(tmp, mode);
  try {
    try {
      try {
        fchmodSync(fd, mode); // exactly the mode asked, whatever the umask
      } catch {
        // Not supported everywhere (Windows).
      }
      writeAll(fd, data);
      if (opts.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (opts.backup) keepBackup(path, opts.backup);
    opts.beforeRename?.();
    renameSync(tmp, path);
  } catch (e) {
    tryUnlink(tmp);
    throw e;
  }
  if (opts.durable !== false) syncDir(dirname(path));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the temp files a killed writer of `path` left behind (never a live writer's). */
export function removeStaleTemps(path: string): string[] {
  const name = basename(path);
  const ours = new RegExp(`^(?:\\.${escape(name)}|${escape(name)}\\.bak)\\.(\\d+)\\.tmp$`);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dirname(path));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const pid = Number(ours.exec(entry)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    tryUnlink(join(dirname(path), entry));
    removed.push(entry);
  }
  return removed;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
