// Benchmark of the interactive refiner (issue 4):
// - render time per keypress in a review of 5,000 candidate actions (target: median < 16 ms):
//   the App on a real session (SessionHandle, durable writes) with Ink in debug mode, so each
//   key's handling, session write, React render and frame are timed from the key to the frame;
// - time to first frame of `iam-refine --demo` (target < 500 ms): the built CLI in a
//   pseudo-terminal, from spawn to the first frame, and to the role list.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { render } from 'ink';
import { spawn } from '@lydell/node-pty';
import { App } from '../components/App.js';
import { gatheredEvents } from '../components/gathered.js';
import type { Engine } from '../components/engine.js';
import { actionsForService, allServices } from '../src/catalog/catalog.js';
import { roleRefFromArn } from '../src/core/arn.js';
import type { Evidence } from '../src/core/types.js';
import { SessionHandle } from '../sessions/handle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KEYPRESS_TARGET_MS = 16;
export const FIRST_FRAME_TARGET_MS = 500;

export interface TuiBenchResult {
  name: string;
  samples: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  targetMs: number;
  ok: boolean;
  note?: string;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function summarise(name: string, times: number[], targetMs: number, note?: string): TuiBenchResult {
  const s = [...times].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  const medianMs = r(quantile(s, 0.5));
  return {
    name,
    samples: s.length,
    medianMs,
    p95Ms: r(quantile(s, 0.95)),
    maxMs: r(s.at(-1) ?? 0),
    targetMs,
    ok: medianMs < targetMs,
    note,
  };
}

/** 5,000 real catalogue actions across services, as CloudTrail would report them. */
export function syntheticEvidence(n = 5000): Evidence[] {
  const services = allServices();
  const pools = services.map((s) => actionsForService(s).map((a) => a.action));
  const out: Evidence[] = [];
  for (let round = 0; out.length < n; round++) {
    let added = false;
    for (const pool of pools) {
      const action = pool[round];
      if (!action || out.length >= n) continue;
      added = true;
      const day = String(1 + (out.length % 28)).padStart(2, '0');
      out.push({
        source: 'cloudtrail',
        action,
        count: 1 + (out.length % 17),
        denied: out.length % 41 === 0 ? 1 : 0,
        samples: [`ev-${out.length}`],
        lastSeen: `2026-11-${day}T10:00:00Z`,
      });
    }
    if (!added) break;
  }
  return out;
}

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  columns = 120;
  rows = 40;
  frames = 0;
  private waiters: (() => void)[] = [];
  write = (_frame: string): boolean => {
    this.frames++;
    for (const w of this.waiters.splice(0)) w();
    return true;
  };
  nextFrame(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

const KEYS: Record<string, string> = { down: '\u001b[B', pageDown: '\u001b[6~', a: 'a', r: 'r', space: ' ' };

/** The keypress script: mostly moving, deciding every few rows, paging now and then. */
function script(): string[] {
  const keys: string[] = [];
  for (let i = 0; i < 300; i++)
    keys.push(
      i % 15 === 14 ? 'pageDown' : i % 5 === 0 ? 'a' : i % 7 === 0 ? 'r' : i % 11 === 0 ? 'space' : 'down',
    );
  return keys;
}

export async function benchKeypresses(n = 5000): Promise<TuiBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iam-refine-bench-tui-'));
  try {
    const role = roleRefFromArn('arn:aws:iam::123456789012:role/bench-role')!;
    const handle = SessionHandle.create(dir, {
      role,
      screen: 'review',
      window: { start: '2026-11-01T00:00:00Z', end: '2026-11-30T00:00:00Z' },
    });
    const result = { evidence: syntheticEvidence(n), results: [] };
    for (const e of gatheredEvents(handle.session, result, new Date())) handle.dispatch(e);
    const engine: Engine = {
      mode: 'files',
      now: () => new Date('2026-11-30T00:00:00Z'),
      listRoles: async () => [],
      planSources: async () => [],
      gather: async () => ({ evidence: [], results: [] }),
    };
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const firstFrame = stdout.nextFrame();
    const app = createElement(App, { engine, sessionsDir: dir, session: handle, cwd: dir, color: false });
    const instance = render(app, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await firstFrame;
    // Let effects subscribe (useInput) before the first key.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const times: number[] = [];
    const byKey = new Map<string, number[]>();
    for (const key of script()) {
      const frames = stdout.frames;
      const frame = stdout.nextFrame().then(() => performance.now());
      const t0 = performance.now();
      stdin.write(KEYS[key]!);
      // A key that changes nothing (down on the last row) draws no frame: not a sample.
      const drawn = await Promise.race([frame, settle().then(() => undefined)]);
      if (drawn !== undefined && stdout.frames > frames) {
        times.push(drawn - t0);
        byKey.set(key, [...(byKey.get(key) ?? []), drawn - t0]);
      }
      await settle();
    }
    instance.unmount();
    const decided = Object.keys(handle.session.decisions).length;
    return summarise(
      `review of ${n} candidates: render per keypress (move, accept, reject, toggle, page)`,
      times,
      KEYPRESS_TARGET_MS,
      `median by key: ${[...byKey]
        .map(
          ([k, t]) =>
            `${k} ${quantile(
              [...t].sort((a, b) => a - b),
              0.5,
            ).toFixed(1)}`,
        )
        .join(', ')}; ${decided} decisions on disk; NODE_ENV=${process.env.NODE_ENV ?? 'unset'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Spawn the built CLI in a pty; resolve the ms until each marker first appears. */
function timeToMarkers(markers: string[], cli: string): Promise<number[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-refine-bench-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IAM_REFINE_SESSIONS_DIR: path.join(tmp, 's'),
    IAM_REFINE_CONFIG_DIR: path.join(tmp, 'c'),
    NO_COLOR: '1',
  };
  delete env.CI;
  const t0 = performance.now();
  const pty = spawn(process.execPath, [cli, '--demo'], {
    cols: 120,
    rows: 40,
    cwd: tmp,
    env,
  });
  let out = '';
  const found: (number | undefined)[] = markers.map(() => undefined);
  return new Promise((resolve, reject) => {
    let quitting = false;
    let timer = setTimeout(() => {
      pty.kill();
      reject(new Error(`no ${markers.join(' / ')} within 10 s; output: ${out.slice(-500)}`));
    }, 10_000);
    pty.onData((d) => {
      out += d;
      markers.forEach((m, i) => {
        if (found[i] === undefined && out.includes(m)) found[i] = performance.now() - t0;
      });
      if (found.every((f) => f !== undefined) && !quitting) {
        quitting = true;
        clearTimeout(timer);
        pty.write('\u0003');
        // The app quits on Ctrl-C; if it has not within 3 s, end it so the bench goes on.
        timer = setTimeout(() => pty.kill('SIGKILL'), 3000);
      }
    });
    pty.onExit(() => {
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      if (found.every((f) => f !== undefined)) resolve(found as number[]);
      else reject(new Error(`the CLI exited before ${markers.join(' / ')}; output: ${out.slice(-500)}`));
    });
  });
}

export async function benchFirstFrame(
  runs = 5,
  cli = path.join(ROOT, 'dist/iam-refine.mjs'),
): Promise<TuiBenchResult[]> {
  const first: number[] = [];
  const roles: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [f, r] = await timeToMarkers(['Choose a role', 'of 8'], cli);
    first.push(f!);
    roles.push(r!);
  }
  return [
    summarise(
      'iam-refine --demo: time to first frame',
      first,
      FIRST_FRAME_TARGET_MS,
      'built CLI in a pty, from spawn',
    ),
    summarise(
      'iam-refine --demo: time to the role list',
      roles,
      FIRST_FRAME_TARGET_MS,
      'roles read from the demo account',
    ),
  ];
}

export async function benchTui(): Promise<TuiBenchResult[]> {
  return [await benchKeypresses(), ...(await benchFirstFrame())];
}

/** One line per result; takes what benchTui returns (bench/run.ts passes it whole). */
export function formatTuiBench(results: TuiBenchResult | TuiBenchResult[]): string {
  return (Array.isArray(results) ? results : [results])
    .map(
      (r) =>
        `${r.ok ? 'ok  ' : 'SLOW'} ${r.name}: median ${r.medianMs} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms over ${r.samples} (target median < ${r.targetMs} ms)${r.note ? `; ${r.note}` : ''}`,
    )
    .join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatTuiBench(await benchTui()));
}
