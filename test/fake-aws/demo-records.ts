// The bundled demo's CloudTrail log files as the records they hold, for scenarios that
// serve the same records the local reader reads (Athena and Lake equivalence tests).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Evidence } from '../../src/core/types.js';

export const DEMO_CLOUDTRAIL = path.resolve('demo/cloudtrail');

export async function demoRecords(dir = DEMO_CLOUDTRAIL): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.json.gz')) continue;
    const body = gunzipSync(await readFile(path.join(e.parentPath, e.name))).toString('utf8');
    out.push(...(JSON.parse(body) as { Records: Record<string, unknown>[] }).Records);
  }
  return out;
}

/** Evidence without its sample event ids (engines keep different ones of a group). */
export const withoutSamples = (ev: Evidence[]) => ev.map(({ samples: _s, ...rest }) => rest);

/**
 * What an Athena or CloudTrail Lake row can give: no sample ids, and no `invokedBy` (the
 * rows do not carry `userIdentity.invokedBy`; README, "KMS for encrypted S3 objects").
 */
export const asQueryRows = (ev: Evidence[]) => ev.map(({ samples: _s, invokedBy: _i, ...rest }) => rest);
