// The fault matrix (issue 12): each live source × {denied, throttled past the retry
// budget, credentials expiring mid-run, body cut short, malformed}, through the built
// CLI against the fake AWS. scan and compare must exit 1, or 0 (compare 0/3) with
// --allow-partial, and the source's status must be in what they print and write.
// Each case runs scan one way and compare the other, alternating, so both commands meet
// both modes for every source. Cases run a few at a time; the retry budget is 300 ms.
// Needs `npm run build` (npm test does it), or IAM_REFINE_E2E_CLI=src/cli.ts to use tsx.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess as cli, CLI, type CliProcessRun, fakeAwsCliEnv } from '../helpers/cli-process.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from './faults.js';
import { ACCESS_ROLE, notesAppScenario, roleName } from './notes-app/index.js';
import { startFakeAws } from './server.js';

const ROLE = roleName('delete');

/** Where each source is hit: the calls only that source makes. */
const TARGETS = {
  xray: { action: 'xray:*', label: 'X-Ray traces' },
  // The trail's S3 log objects (windows over a day read S3, falling back to LookupEvents).
  cloudtrail: { action: 's3:GetObject', label: 'CloudTrail' },
  'access-analyzer': { action: 'access-analyzer:GetGeneratedPolicy', label: 'Access Analyzer' },
  'unused-findings': { action: 'access-analyzer:ListFindings', label: 'unused' },
  'access-advisor': { action: 'iam:GetServiceLastAccessedDetails', label: 'Access Advisor' },
} as const;
type Source = keyof typeof TARGETS;
const FAULTS: FaultKind[] = ['access-denied', 'throttle', 'expired-token', 'truncated', 'malformed'];
const CASES = (Object.keys(TARGETS) as Source[]).flatMap((source) =>
  FAULTS.map((fault) => ({ source, fault })),
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function envFor(url: string, home: string): NodeJS.ProcessEnv {
  return { ...fakeAwsCliEnv({ url }, home), IAM_REFINE_RETRY_BUDGET_MS: '300' };
}

const SOURCE_ARGS = [
  '--role',
  ROLE,
  '--start',
  '2026-11-10',
  '--end',
  '2026-11-20',
  '--analyzer-access-role',
  `arn:aws:iam::123456789012:role/service-role/${ACCESS_ROLE}`,
];

interface Outcome {
  source: Source;
  fault: FaultKind;
  scan: CliProcessRun & { partialMode: boolean; markdown?: string };
  compare: CliProcessRun & { partialMode: boolean; report?: Record<string, unknown> };
}

/** One command against a fake account of its own (a generation job of one must not meet the other's). */
async function against<T>(
  source: Source,
  fault: FaultKind,
  run: (env: NodeJS.ProcessEnv, cwd: string) => Promise<T>,
) {
  // Jobs finish on their first poll: the test waits on AWS's answers, not on poll timers.
  const fake = await startFakeAws({ ...notesAppScenario(), accessAdvisorPolls: 0, policyGenerationPolls: 0 });
  try {
    fake.faults.add({ action: TARGETS[source].action, kind: fault });
    const cwd = tempDir('iam-refine-matrix-');
    return await run(envFor(fake.url, cwd), cwd);
  } finally {
    await fake.close();
  }
}

async function runCase(source: Source, fault: FaultKind, index: number): Promise<Outcome> {
  // X-Ray is this role's only source of used actions: without it scan has no policy to
  // write even with --allow-partial (exit 1, said), so its scan runs without the flag.
  const scanPartial = source !== 'xray' && index % 2 === 1;
  const [scan, compare] = await Promise.all([
    against(source, fault, async (env, cwd) => {
      const out = join(cwd, 'policy.json');
      const flags = scanPartial ? ['--allow-partial'] : [];
      const run = await cli(['scan', ...SOURCE_ARGS, '--format', 'json', '--out', out, ...flags], env, cwd);
      const md = join(cwd, 'policy.md');
      return {
        ...run,
        partialMode: scanPartial,
        markdown: existsSync(md) ? readFileSync(md, 'utf8') : undefined,
      };
    }),
    against(source, fault, async (env, cwd) => {
      const report = join(cwd, 'report.json');
      const flags = scanPartial ? [] : ['--allow-partial'];
      const run = await cli(['compare', ...SOURCE_ARGS, '--report', report, ...flags], env, cwd);
      const written = existsSync(report)
        ? (JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>)
        : undefined;
      return { ...run, partialMode: !scanPartial, report: written };
    }),
  ]);
  return { source, fault, scan, compare };
}

/** All cases, a few at a time (each is two CLI processes). */
async function runMatrix(parallel: number): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(CASES.length);
  let next = 0;
  const worker = async () => {
    while (next < CASES.length) {
      const i = next++;
      out[i] = await runCase(CASES[i]!.source, CASES[i]!.fault, i);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

let outcomes: Outcome[] = [];
beforeAll(async () => {
  if (existsSync(CLI)) outcomes = await runMatrix(4);
}, 600_000);

describe('fault matrix through the CLI', () => {
  it('the built CLI is there', () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
  });

  it.each(CASES.map((c, i) => ({ ...c, i })))(
    '$source × $fault: scan and compare exit 1, or 0/3 marked partial with --allow-partial',
    ({ i }) => {
      const o = outcomes[i]!;
      const { label } = TARGETS[o.source];
      const statusLine = new RegExp(`iam-refine: [^\\n]*${label}[^\\n]*: (partial|failed)`);
      // scan
      if (o.scan.partialMode) {
        expect(o.scan.code, o.scan.stderr).toBe(0);
        expect(o.scan.markdown).toMatch(/- Status: \*\*PARTIAL \(written with --allow-partial\)/);
        expect(o.scan.markdown).toMatch(new RegExp(`- [^\\n]*${label}[^\\n]*: \\*\\*(partial|failed)\\*\\*`));
      } else {
        expect(o.scan.code, o.scan.stderr).toBe(1);
        expect(o.scan.stderr).toContain('not every requested source is ok: no policy written');
        expect(o.scan.markdown).toBeUndefined();
      }
      expect(o.scan.stderr).toMatch(statusLine);
      // compare
      expect(o.compare.stderr).toMatch(statusLine);
      if (o.compare.partialMode) {
        expect([0, 3], o.compare.stderr).toContain(o.compare.code);
        const report = o.compare.report as {
          status: string;
          sources: { id: string; status: string; reason?: string }[];
        };
        expect(report.status).toBe('partial');
        const entry = report.sources.find((s) => s.id === o.source);
        expect(entry?.status).toMatch(/^(partial|failed)$/);
        expect(entry?.reason).toBeTruthy();
        // The other sources ran and are recorded ok.
        const others = report.sources.filter((s) => s.id !== o.source);
        expect(
          others.every((s) => s.status === 'ok'),
          JSON.stringify(others),
        ).toBe(true);
      } else {
        expect(o.compare.code, o.compare.stderr).toBe(1);
        expect(o.compare.stderr).toContain('not every requested source is ok: no report written');
        expect(o.compare.report).toBeUndefined();
      }
    },
  );
});
