// Bench: the live X-Ray source reading 1,000 traces of one role from the loopback fake
// with 100 ms added to every call. Target: wall time within 1.5x of
// (calls / concurrency) x latency, i.e. the calls keep every slot busy. The fake runs in
// a worker thread (AWS does its work elsewhere); the SDK clients and the mapping run here.
import { createAwsClients } from '../src/aws/clients.js';
import { gatherXrayLive } from '../src/sources/xray/live.js';
import { fakeAwsEnv, setEnv } from '../test/fake-aws/env.js';
import { DEMO_NOW, role } from '../test/fake-aws/harness.js';
import { WINDOW, roleArnOf, roleName } from '../test/fake-aws/notes-app/index.js';
import { startFakeAwsWorker } from '../test/fake-aws/worker-host.js';

export interface LiveXrayBenchOptions {
  traces?: number;
  latencyMs?: number;
  concurrency?: number;
  /** Measured runs after the first (cold) one; the median is judged. */
  runs?: number;
}

export interface LiveXrayRun {
  wallMs: number;
  calls: number;
  callsByAction: Record<string, number>;
  maxInFlight: number;
  /** (calls / concurrency) x latency */
  idealMs: number;
  ratio: number;
}

export interface LiveXrayBenchResult {
  traces: number;
  latencyMs: number;
  concurrency: number;
  /** The first run: modules load and the JIT warms up on it. */
  cold: LiveXrayRun;
  runs: LiveXrayRun[];
  median: LiveXrayRun;
  withinTarget: boolean;
}

export const LIVE_XRAY_TARGET_RATIO = 1.5;

export async function benchLiveXray(opts: LiveXrayBenchOptions = {}): Promise<LiveXrayBenchResult> {
  const traces = opts.traces ?? 1000;
  const latencyMs = opts.latencyMs ?? 100;
  const concurrency = opts.concurrency ?? 8;
  const fake = await startFakeAwsWorker({ tracesPerFunction: traces }, latencyMs);
  const restore = setEnv(fakeAwsEnv(fake));
  let seen = 0;
  const once = async (): Promise<LiveXrayRun> => {
    const clients = createAwsClients({});
    try {
      const started = performance.now();
      const evidence = await gatherXrayLive(clients, {
        role: role(roleArnOf(roleName('get'))),
        window: WINDOW,
        concurrency,
        now: DEMO_NOW,
      });
      const wallMs = Math.round(performance.now() - started);
      const read = evidence.find((e) => e.action === 'dynamodb:GetItem')?.count ?? 0;
      if (read !== traces) throw new Error(`bench read ${read} traces, expected ${traces}`);
      const { calls: all, maxInFlight } = await fake.calls();
      const calls = all.slice(seen);
      seen = all.length;
      const callsByAction: Record<string, number> = {};
      for (const c of calls) callsByAction[c.action] = (callsByAction[c.action] ?? 0) + 1;
      const idealMs = Math.round((calls.length / concurrency) * latencyMs);
      const ratio = Math.round((wallMs / idealMs) * 100) / 100;
      return { wallMs, calls: calls.length, callsByAction, maxInFlight, idealMs, ratio };
    } finally {
      clients.destroy();
    }
  };
  try {
    const cold = await once();
    const runs: LiveXrayRun[] = [];
    for (let i = 0; i < (opts.runs ?? 3); i++) runs.push(await once());
    const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1] ?? cold;
    return {
      traces,
      latencyMs,
      concurrency,
      cold,
      runs,
      median,
      withinTarget: median.ratio <= LIVE_XRAY_TARGET_RATIO,
    };
  } finally {
    restore();
    await fake.close();
  }
}

export function formatLiveXrayBench(r: LiveXrayBenchResult): string {
  const m = r.median;
  const byAction = Object.entries(m.callsByAction)
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  const walls = r.runs.map((x) => (x.wallMs / 1000).toFixed(2)).join(', ');
  return [
    `live X-Ray: ${r.traces} traces, ${r.latencyMs} ms per call, concurrency ${r.concurrency}`,
    `  calls ${m.calls} per run (${byAction}), at most ${m.maxInFlight} in flight`,
    `  ideal (calls / concurrency) x latency ${(m.idealMs / 1000).toFixed(2)} s`,
    `  wall: cold ${(r.cold.wallMs / 1000).toFixed(2)} s (ratio ${r.cold.ratio}); runs ${walls} s; ` +
      `median ratio ${m.ratio} (target <= ${LIVE_XRAY_TARGET_RATIO}) ${r.withinTarget ? 'OK' : 'MISSED'}`,
  ].join('\n');
}
