// Bench: the CloudTrail file reader over a large trail. Generates N records (default
// 1,000,000) in 200 gzipped log files under bench/out/ (kept for the next run), then
// measures, each read in a fresh child process (bench/cloudtrail-child.ts, bundled by
// esbuild beside the worker script as dist/ is) so CPU time and peak memory are the
// reader's own, worker threads included (they are threads of that process):
//   (a) `gzip -dc` of the same files: decompression alone, its wall and CPU time;
//   (b) readCloudTrail with 1 worker (this thread), (c) the default worker count and
//       (d) 16 workers (more threads than cores only share them: the memory budget must
//       hold whatever the count). (a)-(d) run interleaved BENCH_ROUNDS times (default 3),
//       the median of each is shown, and the targets are checked on CPU time, which a
//       shared machine's load barely moves: at most 1.3x gzip -dc, peak RSS at most 512 MB;
//   (e) one file holding everything (a multi-member gzip), 16 workers: a single huge
//       file streams too (one worker reads it; the rest wait).
// Run alone: node --import tsx bench/cloudtrail.ts [records]; or from bench/run.ts.
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { autoWorkers, WORKERS_ENV } from '../src/sources/cloudtrail/reader.js';
import { generateBenchTrail, type GeneratedTrail } from './cloudtrail-data.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..');
const OUT = path.join(path.dirname(HERE), 'out', 'cloudtrail');
const WORKER_ENTRY = 'src/sources/cloudtrail/worker.ts';
const execFileAsync = promisify(execFile);

export interface CloudTrailBenchRow {
  name: string;
  /** Worker threads the read used (undefined for gzip). */
  workers?: number;
  files: number;
  records: number;
  /** Decompressed JSON bytes read. */
  bytes: number;
  wallMs: number;
  /** Wall time over gzip -dc's (the headline rows). */
  vsGzip?: number;
  /** Peak resident set size of the measuring process, all its threads, MB (undefined for gzip). */
  peakRssMb?: number;
  /** CPU time of the measuring process (user + system, all threads), ms. */
  cpuMs?: number;
  /** CPU time over gzip -dc's. */
  cpuVsGzip?: number;
  evidence?: number;
  /** Short hash of the evidence: equal digests, equal results. */
  digest?: string;
  /** Wall times of every round, ms, when there were several. */
  roundsMs?: number[];
  /** Held to the CPU target (not the row acting out a bigger machine). */
  cpuTarget?: boolean;
}

export interface CloudTrailBenchResult {
  generated: GeneratedTrail & { reused: boolean; ms: number };
  rounds: number;
  workers: number;
  cores: number;
  /** The CPU model (os.cpus(), from /proc/cpuinfo on Linux). */
  cpu: string;
  /** 1-minute load average at the start and the end (the machine may be shared). */
  load: [number, number];
  rows: CloudTrailBenchRow[];
}

async function trail(records: number, files: number): Promise<CloudTrailBenchResult['generated']> {
  const dir = path.join(OUT, `${records}-${files}`);
  const manifest = path.join(dir, 'manifest.json');
  try {
    const have = JSON.parse(await readFile(manifest, 'utf8')) as GeneratedTrail;
    if (have.records === records && have.files.length === files) return { ...have, reused: true, ms: 0 };
  } catch {
    // not generated yet
  }
  const t = performance.now();
  const made = await generateBenchTrail(dir, records, files);
  await writeFile(manifest, JSON.stringify(made));
  return { ...made, reused: false, ms: Math.round(performance.now() - t) };
}

/** `gzip -dc FILES > /dev/null`: wall time, and CPU time from bash's `time` (getrusage of the child). */
async function gunzipFloor(files: string[]): Promise<{ wallMs: number; cpuMs: number }> {
  const t = performance.now();
  const script = 'TIMEFORMAT="%3U %3S"; time gzip -dc "$@" > /dev/null';
  const { stderr } = await execFileAsync('bash', ['-c', script, 'gzip', ...files], { maxBuffer: 1 << 20 });
  const wallMs = Math.round(performance.now() - t);
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  if (!m) throw new Error(`gzip -dc: no CPU time in ${JSON.stringify(stderr)}`);
  return { wallMs, cpuMs: Math.round((Number(m[1]) + Number(m[2])) * 1000) };
}

/** The measuring child and the worker script, bundled side by side as in dist/. */
async function buildChild(): Promise<string> {
  const outdir = path.join(OUT, 'bundle');
  const entryPoints = { 'read-child': 'bench/cloudtrail-child.ts', 'cloudtrail-worker': WORKER_ENTRY };
  const outExtension = { '.js': '.mjs' };
  await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir,
    outExtension,
    bundle: true,
    format: 'esm',
    platform: 'node',
  });
  return path.join(outdir, 'read-child.mjs');
}

interface ReadMeasure {
  wallMs: number;
  peakRssMb: number;
  cpuMs: number;
  evidence: number;
  digest: string;
  records: number;
  workers: number;
}

/** readCloudTrail in a fresh process; workers undefined = the default choice; cores: act out a bigger machine. */
async function measureRead(
  child: string,
  files: string[],
  workers?: number,
  cores?: number,
): Promise<ReadMeasure> {
  const list = path.join(OUT, `files-${files.length}.json`);
  await writeFile(list, JSON.stringify(files));
  const args = [
    child,
    list,
    ...(workers === undefined ? [] : [String(workers)]),
    ...(cores === undefined ? [] : [String(cores)]),
  ];
  const env = { ...process.env };
  delete env[WORKERS_ENV]; // the rows name their count; the default row is the automatic one
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20, env });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ReadMeasure;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The measure with the median CPU time of its rounds, with every round's wall time. */
function medianOf<T extends { cpuMs: number; wallMs: number }>(runs: T[]): T & { roundsMs: number[] } {
  const m = median(runs.map((r) => r.cpuMs));
  return { ...runs.find((r) => r.cpuMs === m)!, roundsMs: runs.map((r) => r.wallMs) };
}

async function compressedBytes(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files) sum += (await stat(f)).size;
  return sum;
}

export const MANY_WORKERS = 16;
export const CPU_TARGET = 1.3;
export const RSS_TARGET_MB = 512;

export async function benchCloudTrail(
  opts: { records?: number; files?: number; rounds?: number } = {},
): Promise<CloudTrailBenchResult> {
  const startLoad = loadavg()[0]!;
  const generated = await trail(opts.records ?? 1_000_000, opts.files ?? 200);
  const child = await buildChild();
  const all = generated.files;
  const rounds = Math.max(1, opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3));
  const cores = availableParallelism();
  const workers = autoWorkers(all.length, await compressedBytes(all), cores);
  const whole = { files: all.length, records: generated.records, bytes: generated.bytes };

  // (a)-(d) interleaved, so a busy spell of the machine hits each of them alike.
  const gz: { wallMs: number; cpuMs: number }[] = [];
  const reads: [string, number | undefined, number | undefined, ReadMeasure[]][] = [
    ['readCloudTrail, 1 worker', 1, undefined, []],
    [`readCloudTrail, default`, undefined, undefined, []],
    [`readCloudTrail, ${MANY_WORKERS} asked`, MANY_WORKERS, undefined, []],
    [`${MANY_WORKERS} asked, as on ${MANY_WORKERS} cores`, MANY_WORKERS, MANY_WORKERS, []],
  ];
  for (let r = 0; r < rounds; r++) {
    gz.push(await gunzipFloor(all));
    for (const [, n, c, runs] of reads) runs.push(await measureRead(child, all, n, c));
  }
  const floor = medianOf(gz);
  const rows: CloudTrailBenchRow[] = [{ name: 'gzip -dc', ...whole, ...floor, vsGzip: 1, cpuVsGzip: 1 }];
  for (const [name, , c, runs] of reads) {
    const m = medianOf(runs);
    rows.push({
      name,
      ...whole,
      ...m,
      vsGzip: m.wallMs / floor.wallMs,
      cpuVsGzip: m.cpuMs / floor.cpuMs,
      cpuTarget: c === undefined || c <= cores,
    });
  }
  // One huge file: the gzip files concatenated are one valid multi-member gzip whose JSON
  // is {"Records":[...]} values in a row; it must stream like the separate files.
  const big = path.join(generated.dir, 'one-big-file.json.gz');
  await writeFile(big, Buffer.concat(await Promise.all(all.map((f) => readFile(f)))));
  const one = await measureRead(child, [big], MANY_WORKERS);
  rows.push({
    name: 'readCloudTrail, one big file',
    files: 1,
    bytes: generated.bytes,
    ...one,
    vsGzip: one.wallMs / floor.wallMs,
    cpuVsGzip: one.cpuMs / floor.cpuMs,
    cpuTarget: true,
  });
  return {
    generated,
    rounds,
    workers,
    cores,
    cpu: cpus()[0]?.model.trim() ?? '?',
    load: [startLoad, loadavg()[0]!],
    rows,
  };
}

const pad = (s: string, n: number) => s.padStart(n);

export function formatCloudTrailBench(r: CloudTrailBenchResult): string {
  const g = r.generated;
  const head = `CloudTrail reader: ${g.records.toLocaleString('en-US')} records, ${g.files.length} .json.gz files, ${(g.bytes / 1e6).toFixed(0)} MB of JSON${g.reused ? ' (files reused)' : ` (generated in ${(g.ms / 1000).toFixed(1)} s)`}; ${r.cores} cores (${r.cpu}), load ${r.load[0].toFixed(1)} -> ${r.load[1].toFixed(1)}; rows 1-4: median of ${r.rounds} interleaved rounds`;
  const lines = [
    head,
    `${'measure'.padEnd(32)} ${pad('workers', 7)} ${pad('wall s', 7)} ${pad('CPU s', 6)} ${pad('CPU x gzip', 10)} ${pad('peak RSS', 9)} ${pad('evidence', 8)} ${pad('digest', 16)}  rounds (wall s)`,
  ];
  for (const row of r.rows) {
    lines.push(
      [
        row.name.padEnd(32),
        pad(row.workers === undefined ? '-' : String(row.workers), 7),
        pad((row.wallMs / 1000).toFixed(2), 7),
        pad(row.cpuMs === undefined ? '-' : (row.cpuMs / 1000).toFixed(2), 6),
        pad(row.cpuVsGzip === undefined ? '-' : `${row.cpuVsGzip.toFixed(2)}x`, 10),
        pad(row.peakRssMb === undefined ? '-' : `${row.peakRssMb} MB`, 9),
        pad(row.evidence === undefined ? '-' : String(row.evidence), 8),
        pad(row.digest ?? '-', 16),
        ` ${row.roundsMs?.map((ms) => (ms / 1000).toFixed(1)).join(' ') ?? ''}`,
      ].join(' '),
    );
  }
  const reads = r.rows.filter((row) => row.digest !== undefined);
  const digests = new Set(reads.map((row) => row.digest));
  const same = digests.size === 1 ? 'identical evidence' : `DIFFERENT evidence (${[...digests].join(' ')})`;
  const worstCpu = Math.max(...reads.filter((row) => row.cpuTarget).map((row) => row.cpuVsGzip ?? Infinity));
  const peak = Math.max(...reads.map((row) => row.peakRssMb ?? 0));
  const met = worstCpu <= CPU_TARGET && peak <= RSS_TARGET_MB && digests.size === 1;
  lines.push(
    `every read: ${same}; targets (CPU at most ${CPU_TARGET}x gzip -dc on the machine's own cores, peak RSS at most ${RSS_TARGET_MB} MB for every row): ${met ? 'met' : 'NOT met'} (worst ${worstCpu.toFixed(2)}x, peak ${peak} MB)`,
  );
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  console.log(
    formatCloudTrailBench(
      await benchCloudTrail({
        records: Number(process.argv[2] ?? 1_000_000),
      }),
    ),
  );
}
