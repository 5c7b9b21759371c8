// One measured read for bench/cloudtrail.ts, in a process of its own: bundled by esbuild
// beside the worker script, so it runs the JavaScript users run (worker threads start
// as in dist/, not through tsx). Prints one JSON line: wall time, peak memory, CPU, and
// a digest of the evidence so runs with different worker counts can be compared.
// Usage: node read-child.mjs FILES.json [WORKERS [CORES]] (CORES: act out a bigger machine)
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { listCloudTrailFiles, readCloudTrail } from '../src/sources/cloudtrail/index.js';
import { workerCount } from '../src/sources/cloudtrail/reader.js';
import { BENCH_ROLE } from './cloudtrail-data.js';

/**
 * Peak resident memory of this process, MB: VmHWM of /proc/self/status, which counts
 * every thread (worker threads share the process). Not resourceUsage().maxRSS: on
 * Linux a child inherits its parent's high-water mark through fork and exec.
 */
async function peakRss(sampledBytes: number): Promise<number> {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(await readFile('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // not Linux: fall back to sampling
  }
  return Math.round(sampledBytes / 1e6);
}

const [listFile, workersArg, coresArg] = process.argv.slice(2);
const cores = coresArg ? Number(coresArg) : undefined;
const files = JSON.parse(await readFile(listFile!, 'utf8')) as string[];
const role = {
  arn: `arn:aws:iam::123456789012:role/${BENCH_ROLE}`,
  name: BENCH_ROLE,
  account: '123456789012',
  partition: 'aws',
};
let records = 0;
const asked0 = () => (workersArg ? Number(workersArg) : undefined);
let sampled = process.memoryUsage().rss;
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
const t = performance.now();
const evidence = await readCloudTrail(files, {
  role,
  workers: asked0(),
  cores,
  onProgress: (p) => {
    const m = /^([\d,]+) records/.exec(p.message ?? '');
    if (m) records = Number(m[1]!.replace(/,/g, ''));
  },
});
const wallMs = Math.round(performance.now() - t);
const asked = workersArg ? Number(workersArg) : undefined;
const workers = await workerCount(await listCloudTrailFiles(files), asked, cores);
clearInterval(sampler);
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    wallMs,
    peakRssMb: await peakRss(sampled),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    evidence: evidence.length,
    digest: createHash('sha256').update(JSON.stringify(evidence)).digest('hex').slice(0, 16),
    records,
    workers,
  }),
);
