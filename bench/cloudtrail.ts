// Bench: the CloudTrail file reader over a large trail. Generates N records (default
// 1,000,000) in 200 gzipped log files under bench/out/ (kept for the next run), then
// measures, each in a fresh child process so peak memory is the reader's own:
//   (a) `gzip -dc` of the same files (the floor: decompression alone),
//   (b) readCloudTrail over all files (wall time, peak RSS),
//   (c) readCloudTrail over 1 file and half the files: peak memory must stay flat
//       (the 1-file run is the process's baseline), and time must scale with the data;
//   (d) one file holding everything (a multi-member gzip): a single huge file streams too.
// Run alone: node --import tsx bench/cloudtrail.ts [records]; or from bench/run.ts.
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readCloudTrail } from '../src/sources/cloudtrail/index.js';
import { BENCH_ROLE, generateBenchTrail, type GeneratedTrail } from './cloudtrail-data.js';

const HERE = fileURLToPath(import.meta.url);
const OUT = path.join(path.dirname(HERE), 'out', 'cloudtrail');
const execFileAsync = promisify(execFile);

export interface CloudTrailBenchRow {
  name: string;
  files: number;
  records: number;
  /** Decompressed JSON bytes read. */
  bytes: number;
  wallMs: number;
  /** Peak resident set size of the measuring process, MB (undefined for gzip). */
  peakRssMb?: number;
  /** CPU time of the measuring process (user + system, all threads), ms. */
  cpuMs?: number;
  evidence?: number;
}

export interface CloudTrailBenchResult {
  generated: GeneratedTrail & { reused: boolean; ms: number };
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

interface ReadMeasure {
  wallMs: number;
  peakRssMb: number;
  cpuMs: number;
  evidence: number;
  records: number;
}

/** readCloudTrail in a fresh process (child mode of this file). */
async function measureRead(files: string[]): Promise<ReadMeasure> {
  const list = path.join(OUT, `files-${files.length}.json`);
  await writeFile(list, JSON.stringify(files));
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', HERE, '--read', list], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ReadMeasure;
}

/**
 * Peak RSS of this process, MB. Not resourceUsage().maxRSS: on Linux a child inherits
 * its parent's high-water mark through fork and exec, so it would report the bench's
 * own memory. /proc/self/status VmHWM belongs to this process image alone.
 */
async function peakRss(sampledBytes: number): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // not Linux: fall back to sampling
  }
  return Math.round(sampledBytes / 1e6);
}

async function childRead(listFile: string): Promise<void> {
  const files = JSON.parse(await readFile(listFile, 'utf8')) as string[];
  const role = {
    arn: `arn:aws:iam::123456789012:role/${BENCH_ROLE}`,
    name: BENCH_ROLE,
    account: '123456789012',
    partition: 'aws',
  };
  let records = 0;
  let sampled = process.memoryUsage().rss;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const evidence = await readCloudTrail(files, {
    role,
    onProgress: (p) => {
      const m = /^([\d,]+) records/.exec(p.message ?? '');
      if (m) records = Number(m[1]!.replace(/,/g, ''));
    },
  });
  const wallMs = Math.round(performance.now() - t);
  clearInterval(sampler);
  const usage = process.resourceUsage();
  const peakRssMb = await peakRss(sampled);
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  console.log(JSON.stringify({ wallMs, peakRssMb, cpuMs, evidence: evidence.length, records }));
}

export async function benchCloudTrail(
  opts: { records?: number; files?: number } = {},
): Promise<CloudTrailBenchResult> {
  const generated = await trail(opts.records ?? 1_000_000, opts.files ?? 200);
  const all = generated.files;
  const half = all.slice(0, Math.ceil(all.length / 2));
  const rows: CloudTrailBenchRow[] = [];
  const bytesOf = (n: number) => Math.round((generated.bytes * n) / all.length);
  rows.push({
    name: 'gzip -dc (floor)',
    files: all.length,
    records: generated.records,
    bytes: generated.bytes,
    wallMs: await gunzipFloor(all),
  });
  // One file shows the process's own baseline (Node, the catalogue); the other two must stay near it.
  for (const [name, subset] of [
    ['readCloudTrail, 1 file', all.slice(0, 1)],
    ['readCloudTrail, half the files', half],
    ['readCloudTrail, all files', all],
  ] as const) {
    rows.push({
      name,
      files: subset.length,
      bytes: bytesOf(subset.length),
      ...(await measureRead([...subset])),
    });
  }
  // One huge file: the 200 gzip files concatenated are one valid multi-member gzip whose
  // JSON is 200 {"Records":[...]} values in a row; it must stream like the separate files.
  const big = path.join(generated.dir, 'one-big-file.json.gz');
  await writeFile(big, Buffer.concat(await Promise.all(all.map((f) => readFile(f)))));
  rows.push({
    name: 'readCloudTrail, one big file',
    files: 1,
    bytes: generated.bytes,
    ...(await measureRead([big])),
  });
  return { generated, rows };
}

export function formatCloudTrailBench(r: CloudTrailBenchResult): string {
  const g = r.generated;
  const head = `CloudTrail reader: ${g.records.toLocaleString('en-US')} records, ${g.files.length} .json.gz files, ${(g.bytes / 1e6).toFixed(0)} MB of JSON${g.reused ? ' (files reused)' : ` (generated in ${(g.ms / 1000).toFixed(1)} s)`}`;
  const lines = [
    head,
    `${'measure'.padEnd(32)} ${'files'.padStart(5)} ${'records'.padStart(10)} ${'wall s'.padStart(7)} ${'MB/s'.padStart(6)} ${'CPU s'.padStart(6)} ${'peak RSS'.padStart(9)} ${'evidence'.padStart(8)}`,
  ];
  for (const row of r.rows) {
    const mbps = (row.bytes / 1e6 / (row.wallMs / 1000)).toFixed(0);
    lines.push(
      `${row.name.padEnd(32)} ${String(row.files).padStart(5)} ${row.records.toLocaleString('en-US').padStart(10)} ${(row.wallMs / 1000).toFixed(2).padStart(7)} ${mbps.padStart(6)} ${row.cpuMs === undefined ? '-'.padStart(6) : (row.cpuMs / 1000).toFixed(1).padStart(6)} ${row.peakRssMb === undefined ? '-'.padStart(9) : `${row.peakRssMb} MB`.padStart(9)} ${row.evidence === undefined ? '-'.padStart(8) : String(row.evidence).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const read = process.argv.indexOf('--read');
  if (read > 0) await childRead(process.argv[read + 1]!);
  else
    console.log(
      formatCloudTrailBench(await benchCloudTrail({ records: Number(process.argv[2] ?? 1_000_000) })),
    );
}
