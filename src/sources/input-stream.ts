// Inputs are read as streams, never with a seek or a size taken first, so a pipe
// (`<(zcat trail.json.gz)`), a FIFO or `-` (stdin) reads like a file. A pipe can be
// read once only: the text of one that is not a regular file is kept for a second read.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inputError, usageError } from '../core/errors.js';

/** The path that means standard input. */
export const STDIN = '-';

/** How a path is named in messages: `-` is "stdin". */
export function inputName(file: string): string {
  return file === STDIN ? 'stdin' : file;
}

/** Whether the input can only be read once, in order (stdin, a pipe, a FIFO, a device). */
export function isStreamOnly(file: string): boolean {
  if (file === STDIN) return true;
  try {
    const s = statSync(file);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

export function openInput(file: string, opts: { highWaterMark?: number } = {}): Readable {
  if (file === STDIN) return process.stdin;
  return createReadStream(file, { highWaterMark: opts.highWaterMark ?? 1 << 20 });
}

const kept = new Map<string, Promise<Buffer>>();

function readAll(file: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = openInput(file);
    stream.on('data', (c: Buffer | string) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * The whole input as UTF-8 text (a leading byte-order mark dropped). Errors are the
 * raw fs error; callers name the file and say what it should hold.
 */
export async function readInputText(file: string): Promise<string> {
  let bytes: Promise<Buffer>;
  if (isStreamOnly(file)) {
    bytes = kept.get(file) ?? readAll(file);
    kept.set(file, bytes);
  } else bytes = readAll(file);
  return (await bytes).toString('utf8').replace(/^\uFEFF/, '');
}

/** Standard input can feed one flag only. */
export function checkOneStdin(flags: [string, string[]][]): void {
  const users = flags.filter(([, paths]) => paths.includes(STDIN)).map(([flag]) => flag);
  const count = flags.reduce((n, [, paths]) => n + paths.filter((p) => p === STDIN).length, 0);
  if (count > 1) {
    throw usageError(
      `stdin (-) is given ${count} times (${users.join(', ')})`,
      'Standard input can be read once: give one of them a file, or use process substitution: <(zcat file.gz).',
    );
  }
}

/** A user error for a failed read, naming the file (or stdin). */
export function readError(file: string, e: unknown, hint: string) {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot be read (${code ?? String(e)})`;
  return inputError(inputName(file), why, hint, e);
}

/**
 * Inputs that will be read more than once (compare --all-roles reads the trail per
 * role, the TUI gathers again): a pipe, FIFO or stdin is copied once to a private temp
 * file, streamed, and the copy is read instead. Reopening a FIFO whose writer is gone
 * would wait forever.
 */
export async function spoolStreamInputs(paths: string[], dir: () => string): Promise<string[]> {
  const out: string[] = [];
  for (const [i, p] of paths.entries()) {
    if (!isStreamOnly(p)) {
      out.push(p);
      continue;
    }
    const copy = path.join(dir(), `input-${i}`);
    try {
      await pipeline(openInput(p), createWriteStream(copy, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      throw readError(p, e, 'It is read once into a temporary file, to be read again for each role.');
    }
    out.push(copy);
  }
  return out;
}

/** A private temp folder for spooled inputs, removed when the process exits. */
export function spoolDir(): () => string {
  let dir: string | undefined;
  return () => {
    if (!dir) {
      const made = mkdtempSync(path.join(tmpdir(), 'iam-refine-input-'));
      dir = made;
      process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    }
    return dir;
  };
}
