// `npm run bench [-- NAME ...]`: the benchmarks, each in this process, figures printed
// side by side. Names: cloudtrail, compare, live-xray, sweep, tui (default: all). Benchmarks
// live here, not in timed tests: a loaded CI machine must not fail a build.
import { benchCloudTrail, formatCloudTrailBench } from './cloudtrail.js';
import { benchCompare, formatCompareBench } from './compare.js';
import { benchLiveXray, formatLiveXrayBench } from './live-xray.js';

type Bench = () => Promise<string>;

// Measure what users run: the built CLI bundles React's production build, so the in-process
// TUI bench loads React (on first import, below) the same way.
process.env.NODE_ENV ??= 'production';

const BENCHES: Record<string, Bench> = {
  cloudtrail: async () => {
    const records = Number(process.env.BENCH_RECORDS ?? 1_000_000);
    return formatCloudTrailBench(await benchCloudTrail({ records }));
  },
  compare: async () => (await benchCompare()).map(formatCompareBench).join('\n'),
  'live-xray': async () => formatLiveXrayBench(await benchLiveXray()),
  sweep: async () => {
    const { benchSweep, formatSweepBench } = await import('./sweep.js');
    return formatSweepBench(
      await benchSweep({
        accounts: Number(process.env.BENCH_ACCOUNTS ?? 20),
        roles: Number(process.env.BENCH_ROLES ?? 100),
      }),
    );
  },
  tui: async () => {
    const { benchTui, formatTuiBench } = await import('./tui.js');
    return formatTuiBench(await benchTui());
  },
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const names = asked.length ? asked : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) {
      console.error(`unknown bench ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.log(`\n== ${name}`);
    const t = performance.now();
    console.log(await bench());
    console.log(`(${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
}

await main();
