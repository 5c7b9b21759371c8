// Bench: the CloudTrail file reader over a large trail. Generates N records (default
// 1,000,000) in 200 gzipped log files under bench/out/ (kept for the next run), then
// measures, each read in a fresh child process (bench/cloudtrail-child.ts, bundled by
// esbuild beside the worker script as dist/ is) so peak memory is the reader's own,
// worker threads included (they are threads of that process):
//   (a) `gzip -dc` of the same files (the floor: decompression alone, one core),
//   (b) readCloudTrail over all files in one thread, and (c) in worker threads (the
//       default: one per core); (a)-(c) run interleaved BENCH_ROUNDS times (default 3)
//       and the median of each is shown, since a shared machine's speed drifts;
//   (d) readCloudTrail over 1 file and half the files: peak memory must stay flat
//       (the 1-file run is the process's baseline), and time must scale with the data;
//   (e) all files in 8 worker threads, the automatic cap: the memory a large machine needs;
//   (f) one file holding everything (a multi-member gzip): a single huge file streams too.
// Run alone: node --import tsx bench/cloudtrail.ts [records]; or from bench/run.ts.
import { execFile, spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { askedWorkers, autoWorkers, WORKERS_ENV } from '../src/sources/cloudtrail/reader.js';
import { generateBenchTrail, type GeneratedTrail } from './cloudtrail-data.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..');
const OUT = path.join(path.dirname(HERE), 'out', 'cloudtrail');
const WORKER_ENTRY = 'src/sources/cloudtrail/worker.ts';
const execFileAsync = promisify(execFile);

export interface CloudTrailBenchRow {
  name: string;
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
  evidence?: number;
  /** Short hash of the evidence: equal digests, equal results. */
  digest?: string;
  /** Wall times of every round, ms, when there were several. */
  roundsMs?: number[];
}

export interface CloudTrailBenchResult {
  generated: GeneratedTrail & { reused: boolean; ms: number };
  rounds: number;
  workers: number;
  cores: number;
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

/** `gzip -dc FILES > /dev/null`, wall time. */
async function gunzipFloor(files: string[]): Promise<number> {
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('gzip', ['-dc', ...files], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`gzip exited ${code}`))));
  });
  return Math.round(performance.now() - t);
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
}

/** readCloudTrail in a fresh process; workers undefined = the default choice. */
async function measureRead(child: string, files: string[], workers?: number): Promise<ReadMeasure> {
  const list = path.join(OUT, `files-${files.length}.json`);
  await writeFile(list, JSON.stringify(files));
  const args = [child, list, ...(workers === undefined ? [] : [String(workers)])];
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ReadMeasure;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The measure whose wall time is the median of its rounds, with every round's time. */
function medianOf(runs: ReadMeasure[]): ReadMeasure & { roundsMs: number[] } {
  const m = median(runs.map((r) => r.wallMs));
  return { ...runs.find((r) => r.wallMs === m)!, roundsMs: runs.map((r) => r.wallMs) };
}

async function compressedBytes(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files) sum += (await stat(f)).size;
  return sum;
}

export async function benchCloudTrail(
  opts: { records?: number; files?: number; rounds?: number } = {},
): Promise<CloudTrailBenchResult> {
  const generated = await trail(opts.records ?? 1_000_000, opts.files ?? 200);
  const child = await buildChild();
  const all = generated.files;
  const half = all.slice(0, Math.ceil(all.length / 2));
  const rounds = Math.max(1, opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3));
  const cores = availableParallelism();
  const workers =
    askedWorkers(undefined, process.env[WORKERS_ENV]) ??
    autoWorkers(all.length, await compressedBytes(all), cores);
  const bytesOf = (n: number) => Math.round((generated.bytes * n) / all.length);
  const whole = { files: all.length, records: generated.records, bytes: generated.bytes };

  // (a)-(c) interleaved, so a slow spell of the machine hits each of them alike.
  const gz: number[] = [];
  const one: ReadMeasure[] = [];
  const many: ReadMeasure[] = [];
  for (let r = 0; r < rounds; r++) {
    gz.push(await gunzipFloor(all));
    one.push(await measureRead(child, all, 1));
    many.push(await measureRead(child, all));
  }
  const floor = median(gz);
  const rows: CloudTrailBenchRow[] = [
    { name: 'gzip -dc (floor)', ...whole, wallMs: floor, vsGzip: 1, roundsMs: gz },
  ];
  for (const [name, runs] of [
    ['readCloudTrail, 1 thread', one],
    [`readCloudTrail, default: ${workers} worker${workers === 1 ? '' : 's'}`, many],
  ] as const) {
    const m = medianOf(runs);
    rows.push({ name, ...whole, ...m, vsGzip: m.wallMs / floor });
  }
  // One file shows the process's own baseline (Node, the catalogue); half the files must stay near it.
  for (const [name, subset] of [
    ['readCloudTrail, 1 file', all.slice(0, 1)],
    ['readCloudTrail, half the files', half],
  ] as const) {
    rows.push({
      name,
      files: subset.length,
      bytes: bytesOf(subset.length),
      ...(await measureRead(child, [...subset])),
    });
  }
  // Memory at the automatic cap of 8 workers, whatever this machine's cores (more
  // threads than cores only share them: the time here says little, the memory does).
  rows.push({ name: 'readCloudTrail, 8 workers (memory)', ...whole, ...(await measureRead(child, all, 8)) });
  // One huge file: the 200 gzip files concatenated are one valid multi-member gzip whose
  // JSON is 200 {"Records":[...]} values in a row; it must stream like the separate files.
  const big = path.join(generated.dir, 'one-big-file.json.gz');
  await writeFile(big, Buffer.concat(await Promise.all(all.map((f) => readFile(f)))));
  rows.push({
    name: 'readCloudTrail, one big file',
    files: 1,
    bytes: generated.bytes,
    ...(await measureRead(child, [big])),
  });
  return { generated, rounds, workers, cores, rows };
}

const pad = (s: string, n: number) => s.padStart(n);

export function formatCloudTrailBench(r: CloudTrailBenchResult): string {
  const g = r.generated;
  const head = `CloudTrail reader: ${g.records.toLocaleString('en-US')} records, ${g.files.length} .json.gz files, ${(g.bytes / 1e6).toFixed(0)} MB of JSON${g.reused ? ' (files reused)' : ` (generated in ${(g.ms / 1000).toFixed(1)} s)`}; ${r.cores} cores; first three rows: median of ${r.rounds} interleaved rounds`;
  const lines = [
    head,
    `${'measure'.padEnd(36)} ${pad('files', 5)} ${pad('records', 10)} ${pad('wall s', 7)} ${pad('x gzip', 6)} ${pad('MB/s', 6)} ${pad('CPU s', 6)} ${pad('peak RSS', 9)} ${pad('evidence', 8)}  rounds s`,
  ];
  for (const row of r.rows) {
    const mbps = (row.bytes / 1e6 / (row.wallMs / 1000)).toFixed(0);
    lines.push(
      [
        row.name.padEnd(36),
        pad(String(row.files), 5),
        pad(row.records.toLocaleString('en-US'), 10),
        pad((row.wallMs / 1000).toFixed(2), 7),
        pad(row.vsGzip === undefined ? '-' : `${row.vsGzip.toFixed(2)}x`, 6),
        pad(mbps, 6),
        pad(row.cpuMs === undefined ? '-' : (row.cpuMs / 1000).toFixed(1), 6),
        pad(row.peakRssMb === undefined ? '-' : `${row.peakRssMb} MB`, 9),
        pad(row.evidence === undefined ? '-' : String(row.evidence), 8),
        ` ${row.roundsMs?.map((ms) => (ms / 1000).toFixed(1)).join(' ') ?? ''}`,
      ].join(' '),
    );
  }
  const [, seq, par] = r.rows;
  const eight = r.rows.find((row) => row.name.startsWith('readCloudTrail, 8 workers'));
  if (seq && par) {
    const digests = new Set([seq, par, eight].map((row) => row?.digest).filter(Boolean));
    const same = digests.size === 1 ? 'identical evidence' : `DIFFERENT evidence (${[...digests].join(' ')})`;
    const worst = Math.max(seq.vsGzip ?? 0, par.vsGzip ?? 0);
    const peak = Math.max(...r.rows.map((row) => row.peakRssMb ?? 0)); // every row, the 8-worker one too
    lines.push(
      `1 thread, default (${r.workers}) and 8 workers: ${same}; target (at most 2x gzip -dc, peak under 512 MB): ${worst <= 2 && peak < 512 ? 'met' : 'NOT met'} (${par.vsGzip!.toFixed(2)}x with workers, ${seq.vsGzip!.toFixed(2)}x in 1 thread, peak ${peak} MB)`,
    );
  }
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
