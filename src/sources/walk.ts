// One folder walker for every file reader (CloudTrail, X-Ray, the account folder):
// symlinks are followed, a folder reached twice (a loop, or two links to one place) is
// walked once, and a file reached by two paths is read once. What a walk cannot read
// is an error that names it, never skipped without a word: a dangling symlink, or a
// FIFO, socket or device inside a folder (opening one would wait for a writer).
import { readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { inputError } from '../core/errors.js';

export interface WalkOptions {
  /** The flag or place the folder came from, for messages (`--cloudtrail logs/`). */
  where: string;
  /** File names to take. */
  match: (name: string) => boolean;
  /** Folder names never entered (CloudTrail digests, .git). */
  skipDirs?: ReadonlySet<string>;
  /** Enter subfolders (default true). */
  recursive?: boolean;
  signal?: AbortSignal;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The matching files under `dir`, sorted by name at each level (so the S3 layout
 * `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` comes out by date).
 */
export function walkFolder(dir: string, opts: WalkOptions): string[] {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const out: string[] = [];
  const id = (s: Stats) => `${s.dev}:${s.ino}`;

  const visit = (folder: string, info: Stats) => {
    opts.signal?.throwIfAborted();
    if (seenDirs.has(id(info))) return; // a loop or a second link: already walked
    seenDirs.add(id(info));
    let names: string[];
    try {
      names = readdirSync(folder).sort(byName);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw inputError(`${opts.where}: ${folder}`, `cannot be listed (${code ?? String(e)})`, undefined, e);
    }
    for (const name of names) {
      const full = path.join(folder, name);
      let s: Stats;
      try {
        s = statSync(full); // follows symlinks
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? 'is a symbolic link to nothing'
            : code === 'ELOOP'
              ? 'is a symbolic link loop'
              : `cannot be read (${code ?? String(e)})`;
        throw inputError(`${opts.where}: ${full}`, why, 'Remove it, or fix the link.', e);
      }
      if (s.isDirectory()) {
        if (opts.recursive !== false && !opts.skipDirs?.has(name)) visit(full, s);
      } else if (opts.match(name)) {
        if (!s.isFile()) {
          throw inputError(
            `${opts.where}: ${full}`,
            `is ${kindOf(s)}, not a file`,
            'A folder is walked for regular files only; pass a pipe by itself (or - for stdin) to read it as a stream.',
          );
        }
        if (seenFiles.has(id(s))) continue;
        seenFiles.add(id(s));
        out.push(full);
      }
    }
  };

  let info: Stats;
  try {
    info = statSync(dir);
  } catch (e) {
    throw inputError(opts.where, 'folder not found', undefined, e);
  }
  visit(dir, info);
  return out;
}

/** Whether a path names a folder (following symlinks); false when it does not exist. */
export function isFolderPath(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
