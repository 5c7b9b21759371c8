// Writing the outputs: the default path, which files would be overwritten, and the write.
// The one place the UI touches the file system besides the session store.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { OutputFormat } from '../sessions/schema.js';
import { isUserError } from '../src/core/errors.js';
import { writeFileSet } from '../src/commands/output-files.js';

import { FORMAT_EXTENSION as EXTENSION, type OutputFile } from '../src/render/outputs.js';

export { EXTENSION };

/** `<dir>/<role>-policy.tf`: dir from the last path used (preferences) or the working folder. */
export function defaultOutputPath(
  roleName: string,
  format: OutputFormat,
  lastPath: string | undefined,
  cwd: string,
): string {
  const dir = lastPath ? path.dirname(path.resolve(cwd, lastPath)) : cwd;
  const base = roleName.replace(/[^A-Za-z0-9._-]+/g, '-') || 'policy';
  return path.join(dir, `${base}-policy${EXTENSION[format]}`);
}

/** Switching format switches the extension of a path that has the other one. */
export function withFormat(file: string, format: OutputFormat): string {
  const ext = path.extname(file);
  const known = Object.values(EXTENSION);
  return known.includes(ext) ? file.slice(0, -ext.length) + EXTENSION[format] : file;
}

export function existingFiles(files: OutputFile[]): string[] {
  return files.map((f) => f.path).filter((p) => existsSync(p));
}

export interface Written {
  path: string;
  bytes: number;
}

/** All the files or none (policy.json and its .md renamed into place together). */
export function writeOutputs(files: OutputFile[]): Written[] {
  try {
    writeFileSet(files);
  } catch (e) {
    if (isUserError(e) && e.where) throw new Error(`${e.where}: ${e.message}`, { cause: e });
    throw e;
  }
  return files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) }));
}
