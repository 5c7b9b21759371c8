// The files behind `--cloudtrail PATH...`: files as given, folders walked recursively
// for `.json` / `.json.gz` (sorted, so results and samples are the same on every run;
// the S3 layout `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` sorts by date).
// Digest files (`CloudTrail-Digest/`) hold hashes, not events, and are skipped.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { inputError } from '../../core/errors.js';

const LOG_FILE = /\.json(\.gz)?$/i;
const SKIPPED_DIRS = new Set(['CloudTrail-Digest', 'node_modules', '.git']);

async function walk(dir: string, out: string[], signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) await walk(full, out, signal);
    } else if (e.isFile() && LOG_FILE.test(e.name) && !e.name.includes('_CloudTrail-Digest_')) {
      out.push(full);
    }
  }
}

/** Expand the given paths into the log files to read, in a stable order. */
export async function listCloudTrailFiles(paths: string[], signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw inputError(
        `--cloudtrail ${p}`,
        'not found',
        'Give CloudTrail log files (.json, .json.gz), a folder of them, or `aws cloudtrail lookup-events` output.',
      );
    }
    if (info.isDirectory()) {
      const before = out.length;
      await walk(p, out, signal);
      if (out.length === before) {
        throw inputError(
          `--cloudtrail ${p}`,
          'holds no .json or .json.gz files',
          'Point it at the trail folder (AWSLogs/<account>/CloudTrail/...) or at log files.',
        );
      }
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}
