// Where the worker thread's script is. From the TypeScript sources (vitest, tsx) it is
// worker.ts behind a boot file that registers tsx in the new thread; in the esbuild
// bundle it is dist/cloudtrail-worker.mjs (an entry point of scripts/bundle.ts), and
// this code sits either in dist/ or in dist/chunks/.
import { existsSync } from 'node:fs';

export const BUNDLED_WORKER = 'cloudtrail-worker.mjs';

export function cloudTrailWorkerUrl(here = import.meta.url): URL {
  if (new URL(here).pathname.endsWith('.ts')) return new URL('./worker-boot.mjs', here);
  const candidates = [`./${BUNDLED_WORKER}`, `../${BUNDLED_WORKER}`].map((p) => new URL(p, here));
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error(`the CloudTrail worker script ${BUNDLED_WORKER} is missing beside ${here}`);
  return found;
}
