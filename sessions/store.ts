// One JSON file per session, named by its id, in the sessions folder. Reading is
// forgiving (a damaged file is reported with its path and problem and left alone; the
// others still open); writing is atomic, mode 0600, with the previous version kept.
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { ensurePrivateDir, writeFileAtomicSync, type AtomicWriteOptions } from './atomic.js';
import { attachStatementRationale } from './attach-rationale.js';
import { migrate, MigrationError } from './migrations.js';
import { SessionSchema, type Session } from './schema.js';
import { serializeSessionChunks } from './serialize.js';

export const APP_NAME = 'iam-refine';
export const SESSIONS_DIR_ENV = 'IAM_REFINE_SESSIONS_DIR';
const FILE_NAME = /^([0-9a-f]{8,32})\.json$/;

/** The app's data folder (XDG / Application Support / LocalAppData) + `sessions`. */
export function defaultSessionsDir(): string {
  return join(envPaths(APP_NAME, { suffix: '' }).data, 'sessions');
}

/** `--sessions-dir`, then IAM_REFINE_SESSIONS_DIR, then the preference, then the default. */
export function resolveSessionsDir(opts: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  preference?: string;
}): string {
  return opts.flag || opts.env?.[SESSIONS_DIR_ENV] || opts.preference || defaultSessionsDir();
}

export const sessionPath = (dir: string, id: string): string => join(dir, `${id}.json`);
export const backupPath = (dir: string, id: string): string => join(dir, `${id}.json.bak`);

/** A file that is not a loadable session: where it is and what is wrong. */
export interface SessionProblem {
  path: string;
  id: string;
  problem: string;
}

export class SessionFileError extends UserError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super('session', `cannot open this session: ${problem}`, {
      where: path,
      hint: 'The file was left as it is. Fix or delete it (a backup of the previous version may be beside it, *.json.bak); other sessions are not affected.',
    });
  }
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `it does not match the session format: ${issues.join('; ')}${more}`;
}

/** Parse, migrate and validate a session file's text; throws SessionFileError. */
export function parseSessionText(text: string, path: string): Session {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SessionFileError(path, `it is not valid JSON (${(e as Error).message})`);
  }
  let data: unknown;
  let from: number;
  try {
    ({ data, from } = migrate(raw));
  } catch (e) {
    if (e instanceof MigrationError) throw new SessionFileError(path, e.message);
    throw e;
  }
  const parsed = SessionSchema.safeParse(data);
  if (!parsed.success) throw new SessionFileError(path, describeIssues(parsed.error));
  // Version-2 statement rationales move onto their statements' actions (needs the engine):
  // once, from the old file; a version-3 file loads as it was saved.
  return from < 3 ? attachStatementRationale(parsed.data) : parsed.data;
}

/** Larger than any real session (10,000 evidence records are ~5 MB): not read at all. */
export const MAX_SESSION_BYTES = 64 * 1024 * 1024;

/** Why an entry is not a session file to read, from its stat; undefined when it is one. */
function notReadable(st: Stats): string | undefined {
  if (st.isDirectory()) return 'it is a folder, not a session file';
  if (st.isFIFO()) return 'it is a FIFO (named pipe), not a session file';
  if (st.isSocket()) return 'it is a socket, not a session file';
  if (!st.isFile()) return 'it is not a regular file';
  if (st.size > MAX_SESSION_BYTES)
    return `it is ${Math.round(st.size / 1024 / 1024)} MB, more than a session can be (${MAX_SESSION_BYTES / 1024 / 1024} MB)`;
  return undefined;
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const cannotRead = (path: string, e: unknown) =>
  new SessionFileError(path, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);

/** Folders, FIFOs and oversized files are refused from their stat, never opened for a read. */
export function readSessionFile(path: string): Session {
  let text: string;
  try {
    const why = notReadable(statSync(path));
    if (why) throw new SessionFileError(path, why);
    // Non-blocking, and checked again on the open file: swapped for a FIFO in between, no hang.
    const fd = openSync(path, READ_FLAGS);
    try {
      const again = notReadable(fstatSync(fd));
      if (again) throw new SessionFileError(path, again);
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof SessionFileError) throw e;
    throw cannotRead(path, e);
  }
  return parseSessionText(text, path);
}

async function readSessionFileAsync(path: string): Promise<Session> {
  let text: string;
  try {
    const why = notReadable(await stat(path));
    if (why) throw new SessionFileError(path, why);
    const file = await open(path, READ_FLAGS);
    try {
      const again = notReadable(await file.stat());
      if (again) throw new SessionFileError(path, again);
      text = await file.readFile('utf8');
    } finally {
      await file.close();
    }
  } catch (e) {
    if (e instanceof SessionFileError) throw e;
    throw cannotRead(path, e);
  }
  return parseSessionText(text, path);
}

export type WriteOptions = Pick<AtomicWriteOptions, 'durable' | 'beforeRename'>;

/** Atomic write of the whole session; the version it replaces becomes `<id>.json.bak`. */
export function writeSessionFile(dir: string, session: Session, opts: WriteOptions = {}): string {
  ensurePrivateDir(dir, { tighten: true });
  const path = sessionPath(dir, session.id);
  writeFileAtomicSync(path, serializeSessionChunks(session), {
    ...opts,
    backup: backupPath(dir, session.id),
  });
  return path;
}

export interface SessionEntry {
  path: string;
  session: Session;
}

export interface SessionScan {
  /** Newest first (by `updatedAt`). */
  sessions: SessionEntry[];
  problems: SessionProblem[];
}

/**
 * Every session in the folder; damaged entries (corrupt JSON, a folder, a FIFO, a huge
 * file) are collected as problems and skipped, never fatal to the others.
 */
export async function scanSessions(dir: string): Promise<SessionScan> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [], problems: [] };
    throw new UserError('session', `cannot read the sessions folder (${(e as NodeJS.ErrnoException).code})`, {
      where: dir,
    });
  }
  const sessions: SessionEntry[] = [];
  const problems: SessionProblem[] = [];
  for (const name of names.sort()) {
    const id = FILE_NAME.exec(name)?.[1];
    if (!id) continue; // backups, temp files, anything a team keeps beside them
    const path = join(dir, name);
    try {
      const session = await readSessionFileAsync(path);
      if (session.id !== id)
        throw new SessionFileError(path, `the file is named ${id} but holds session ${session.id}`);
      sessions.push({ path, session });
    } catch (e) {
      if (!(e instanceof SessionFileError)) throw e;
      problems.push({ path, id, problem: e.problem });
    }
  }
  sessions.sort((a, b) => b.session.updatedAt.localeCompare(a.session.updatedAt));
  return { sessions, problems };
}

/** A session reference resolved to a loadable session or to a damaged file. */
export interface SessionMatch {
  id: string;
  entry?: SessionEntry;
  problem?: SessionProblem;
}

/**
 * Resolve `ref` by exact id, then unique id prefix, then name, then name prefix (names
 * case-insensitive); the newest session when `ref` is empty. Damaged files match by id.
 */
export async function matchSession(dir: string, ref?: string): Promise<SessionMatch> {
  const { sessions, problems } = await scanSessions(dir);
  if (!ref) {
    const latest = sessions[0];
    if (latest) return { id: latest.session.id, entry: latest };
    const why =
      problems.length > 0 ? ` (${problems.length} file(s) could not be read: iam-refine sessions list)` : '';
    throw new UserError('session', `no sessions yet${why}`, {
      where: dir,
      hint: 'Start one with iam-refine (or iam-refine --demo).',
    });
  }
  const needle = ref.toLowerCase();
  const all: SessionMatch[] = [
    ...sessions.map((entry) => ({ id: entry.session.id, entry })),
    ...problems.map((problem) => ({ id: problem.id, problem })),
  ];
  const exact = all.filter((m) => m.id === needle);
  const byId = exact.length > 0 ? exact : all.filter((m) => m.id.startsWith(needle));
  // Then the name, whole or its start ("notes-app-api-prod-delete" for "… 2026-11-21").
  const byName = (test: (name: string) => boolean) =>
    sessions
      .filter((s) => test(s.session.name.toLowerCase()))
      .map((entry) => ({ id: entry.session.id, entry }));
  let found = byId;
  if (found.length === 0) found = byName((n) => n === needle);
  if (found.length === 0) found = byName((n) => n.startsWith(needle));
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UserError(
      'usage',
      `"${ref}" matches ${found.length} sessions: ${found
        .map((m) => m.id)
        .sort()
        .join(', ')}`,
      {
        hint: 'Give more of the id (iam-refine sessions list shows them).',
      },
    );
  }
  throw new UserError('session', `no session matches "${ref}"`, {
    where: dir,
    hint: 'List them with: iam-refine sessions list',
  });
}

/** Like matchSession, but a damaged file is an error naming its path and problem. */
export async function findSession(dir: string, ref?: string): Promise<SessionEntry> {
  const m = await matchSession(dir, ref);
  if (m.entry) return m.entry;
  throw new SessionFileError(m.problem!.path, m.problem!.problem);
}

/** Remove a session file, its backup and a stale lock (also a damaged file, on explicit request). */
export async function deleteSessionFiles(dir: string, id: string): Promise<string[]> {
  const removed: string[] = [];
  for (const path of [sessionPath(dir, id), backupPath(dir, id), join(dir, `${id}.json.lock`)]) {
    try {
      await unlink(path);
      removed.push(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new UserError('session', `cannot delete this entry (${code ?? String(e)})`, {
        where: path,
        hint: 'A folder or a file without write access is left to you: remove it by hand.',
      });
    }
  }
  return removed;
}
