// The files behind `--cloudtrail PATH...`: files, pipes and `-` (stdin) as given,
// folders walked recursively for `.json` / `.json.gz` by the shared walker (symlinks
// followed, loops walked once; sorted, so results and samples are the same on every
// run; the S3 layout `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` sorts by date).
// Digest files (`CloudTrail-Digest/`) hold hashes, not events, and are skipped.
import { stat } from 'node:fs/promises';
import { inputError } from '../../core/errors.js';
import { STDIN } from '../input-stream.js';
import { walkFolder } from '../walk.js';

const LOG_FILE = /\.json(\.gz)?$/i;
const SKIPPED_DIRS = new Set(['CloudTrail-Digest', 'node_modules', '.git']);

/** Expand the given paths into the log files to read, in a stable order. */
export async function listCloudTrailFiles(paths: string[], signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === STDIN) {
      out.push(p);
      continue;
    }
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
      const files = walkFolder(p, {
        where: `--cloudtrail ${p}`,
        match: (name) => LOG_FILE.test(name) && !name.includes('_CloudTrail-Digest_'),
        skipDirs: SKIPPED_DIRS,
        signal,
      });
      if (files.length === 0) {
        throw inputError(
          `--cloudtrail ${p}`,
          'holds no .json or .json.gz files',
          'Point it at the trail folder (AWSLogs/<account>/CloudTrail/...) or at log files.',
        );
      }
      out.push(...files);
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}
