// Bench: the organization sweep (`compare --all-roles --accounts ... --assume-role`) run
// in this process against the loopback fake (in a worker thread) with 100 ms added to every call. Target: wall
// time within 1.5x of (calls / concurrency) x latency, i.e. the sweep keeps its role slots
// busy. Defaults: 20 accounts x 100 roles (BENCH_ACCOUNTS, BENCH_ROLES to scale down).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../src/cli-args.js';
import type { SweepSummary } from '../src/org/summary.js';
import { runSweepCommand } from '../src/commands/sweep.js';
import { fakeAwsEnv, setEnv } from '../test/fake-aws/env.js';
import { AUDIT_ROLE } from '../test/fake-aws/org-scenario.js';

export interface SweepBenchOptions {
  accounts?: number;
  roles?: number;
  latencyMs?: number;
  /** Roles in flight overall (--concurrency) and accounts at once (--account-concurrency). */
  concurrency?: number;
  accountConcurrency?: number;
}

export interface SweepBenchResult {
  accounts: number;
  rolesPerAccount: number;
  rolesCompared: number;
  latencyMs: number;
  concurrency: number;
  wallMs: number;
  calls: number;
  maxInFlight: number;
  idealMs: number;
  ratio: number;
  withinTarget: boolean;
}

export const SWEEP_TARGET_RATIO = 1.5;

async function startFakeWorker(ids: string[], roles: number, latencyMs: number) {
  const worker = new Worker(new URL('./sweep-fake-boot.mjs', import.meta.url), {
    workerData: { ids, roles, latencyMs },
  });
  const [first] = (await once(worker, 'message')) as [{ url: string }];
  const ask = async <T>(msg: string): Promise<T> => {
    worker.postMessage(msg);
    const [reply] = (await once(worker, 'message')) as [T];
    return reply;
  };
  return {
    url: first.url,
    stats: () => ask<{ calls: number; maxInFlight: number }>('calls'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}

export async function benchSweep(opts: SweepBenchOptions = {}): Promise<SweepBenchResult> {
  const accounts = opts.accounts ?? 20;
  const roles = opts.roles ?? 100;
  const latencyMs = opts.latencyMs ?? 100;
  const concurrency = opts.concurrency ?? 32;
  const accountConcurrency = opts.accountConcurrency ?? 12;
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  const fake = await startFakeWorker(ids, roles, latencyMs);
  const restore = setEnv(fakeAwsEnv(fake));
  const dir = mkdtempSync(join(tmpdir(), 'iam-refine-bench-sweep-'));
  try {
    const args = parseCommandLine([
      'compare',
      '--all-roles',
      '--accounts',
      ids.join(','),
      '--assume-role',
      AUDIT_ROLE,
      '--concurrency',
      String(concurrency),
      '--account-concurrency',
      String(accountConcurrency),
      '--report',
      dir,
    ]);
    const sink = { write: () => true };
    const started = performance.now();
    await runSweepCommand(args, { stdout: sink, stderr: sink, stdinIsTTY: false, env: process.env });
    const wallMs = Math.round(performance.now() - started);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SweepSummary;
    if (summary.accountsFailed || summary.rolesCompared !== accounts * roles)
      throw new Error(
        `bench compared ${summary.rolesCompared} roles, ${summary.accountsFailed} accounts failed`,
      );
    // Role slots: --concurrency overall, at most 4 per account, accounts at once.
    const slots = Math.min(concurrency, Math.min(accountConcurrency, accounts) * 4);
    const { calls, maxInFlight } = await fake.stats();
    const idealMs = Math.round((calls / slots) * latencyMs);
    const ratio = Math.round((wallMs / idealMs) * 100) / 100;
    return {
      accounts,
      rolesPerAccount: roles,
      rolesCompared: summary.rolesCompared,
      latencyMs,
      concurrency: slots,
      wallMs,
      calls,
      maxInFlight,
      idealMs,
      ratio,
      withinTarget: ratio <= SWEEP_TARGET_RATIO,
    };
  } finally {
    restore();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSweepBench(r: SweepBenchResult): string {
  return [
    `${r.accounts} accounts x ${r.rolesPerAccount} roles (${r.rolesCompared} compared), ${r.latencyMs} ms per call, ${r.concurrency} roles in flight`,
    `wall ${(r.wallMs / 1000).toFixed(1)} s for ${r.calls} calls (max ${r.maxInFlight} in flight); ideal (calls / concurrency) x latency ${(r.idealMs / 1000).toFixed(1)} s`,
    `ratio ${r.ratio} (target <= ${SWEEP_TARGET_RATIO}): ${r.withinTarget ? 'within target' : 'OVER TARGET'}`,
  ].join('\n');
}
