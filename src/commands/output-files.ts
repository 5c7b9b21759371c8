// Writing output files (`--out`, compare --report/--markdown, the TUI's save): missing
// parent folders are created, a folder means "the default file name inside it", and
// a set of files (policy.json + policy.md) is written to temporary files first and
// renamed into place together, so a failure leaves the previous files or the new
// ones, never half a pair.
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { FORMAT_EXTENSION, type OutputFormat } from '../render/outputs.js';

export interface FileToWrite {
  path: string;
  content: string;
}

export interface WriteSetOptions {
  /** Test seam: runs before the rename of file `index` (after every temp file is complete). */
  beforeRename?: (index: number) => void;
}

/** `<role>-policy.json` / `.tf`: the file name a folder given to --out gets. */
export function defaultPolicyFileName(roleName: string, format: OutputFormat): string {
  const base = roleName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'policy';
  return `${base}-policy${FORMAT_EXTENSION[format]}`;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file an output path names: itself, or `defaultName` inside it when it is an
 * existing folder or ends with a path separator (a folder to create).
 */
export function resolveOutPath(out: string, defaultName: string): string {
  if (out.endsWith('/') || out.endsWith(path.sep) || isFolder(out)) return path.join(out, defaultName);
  return out;
}

function writeError(file: string, what: string, e: unknown, hint?: string): UserError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a file stands where a folder is needed'
            : (code ?? (e instanceof Error ? e.message : String(e)));
  return new UserError('input', `cannot ${what} (${why})`, {
    where: file,
    hint: hint ?? 'Nothing was written: the files there are as they were.',
    cause: e,
  });
}

function tempBeside(file: string, tag: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`,
  );
}

function tryUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
}

/** A new file, never through a planted symlink or over an existing file. */
function writeNew(file: string, content: string): void {
  const fd = openSync(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o644,
  );
  try {
    const bytes = Buffer.from(content, 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Staged {
  target: string;
  temp: string;
  /** The previous file, kept (hard link) until every rename has succeeded. */
  previous?: string;
  renamed: boolean;
}

function rollBack(staged: Staged[]): void {
  for (const s of staged) {
    if (s.renamed) {
      if (s.previous) {
        try {
          renameSync(s.previous, s.target);
          s.previous = undefined;
        } catch {
          // best effort: the previous file stays beside it under its temp name
        }
      } else tryUnlink(s.target);
    }
    tryUnlink(s.temp);
    if (s.previous) tryUnlink(s.previous);
  }
}

/**
 * Write every file or none: parents created, temp files written beside their
 * targets, then renamed into place; a failure at any step restores what was there.
 */
export function writeFileSet(files: FileToWrite[], opts: WriteSetOptions = {}): void {
  for (const f of files) {
    if (isFolder(f.path)) {
      throw new UserError('input', 'is a folder, not a file', {
        where: f.path,
        hint: 'Give a file name, or remove the folder. Nothing was written.',
      });
    }
    try {
      mkdirSync(path.dirname(f.path), { recursive: true });
    } catch (e) {
      throw writeError(path.dirname(f.path), 'create the folder', e, 'Nothing was written.');
    }
  }
  const staged: Staged[] = [];
  try {
    for (const f of files) {
      const s: Staged = { target: f.path, temp: tempBeside(f.path, 'tmp'), renamed: false };
      staged.push(s);
      try {
        writeNew(s.temp, f.content);
      } catch (e) {
        throw writeError(f.path, 'write', e);
      }
    }
    staged.forEach((s, i) => {
      opts.beforeRename?.(i);
      let exists = false;
      try {
        exists = lstatSync(s.target).isFile();
      } catch {
        // new file
      }
      if (exists) {
        const previous = tempBeside(s.target, 'old');
        try {
          linkSync(s.target, previous);
          s.previous = previous;
        } catch {
          // no hard links here: the rename still replaces the file atomically
        }
      }
      try {
        renameSync(s.temp, s.target);
      } catch (e) {
        throw writeError(s.target, 'write', e);
      }
      s.renamed = true;
    });
  } catch (e) {
    rollBack(staged);
    throw e;
  }
  for (const s of staged) if (s.previous) tryUnlink(s.previous);
}
