// Benchmark: `compare --all-roles` over the 78 roles of the cloudsplaining account
// (8 of them admin-like: `*` or NotAction, ~22,000 grants each), one report file per
// role. Target: under 10 s. Two evidence scenarios:
// - files: the compare fixtures (unused-access findings, X-Ray traces), read per role
//   with the project's readers, as `--unused-findings F --xray-traces F` would;
// - worst case: every role has CloudTrail and X-Ray evidence, so CloudTrail covers every
//   management action and admin roles report ~17,000 excess grants each.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCompare } from '../src/commands/compare.js';
import { roleRefFromArn } from '../src/core/arn.js';
import type { Evidence, RoleDetail } from '../src/core/types.js';
import { readUnusedFindings } from '../src/sources/access-analyzer/index.js';
import { readAuthorizationDetails } from '../src/sources/iam/index.js';
import { readXrayTraceFiles } from '../src/sources/xray/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AUTHZ = path.join(ROOT, 'test/fixtures/salesforce+cloudsplaining/examples/files/example.json');
const FIXTURES = path.join(ROOT, 'test/fixtures/compare');
export const COMPARE_LIMIT_MS = 10_000;

export interface CompareBenchResult {
  name: string;
  roles: number;
  reports: number;
  /** Wall time of runCompare over every role, reading evidence and writing reports. */
  ms: number;
  /** CPU time of the process over the same span (user + system). */
  cpuMs: number;
  reportBytes: number;
  exitCode: number;
  limitMs: number;
  ok: boolean;
}

async function fileEvidence(r: RoleDetail): Promise<Evidence[]> {
  const role = roleRefFromArn(r.arn)!;
  const findings = await readUnusedFindings([path.join(FIXTURES, 'cloudsplaining-unused-findings.json')], {
    role,
  });
  const xray = r.name.startsWith('AWS-QuickSetup-EnableCRecording')
    ? await readXrayTraceFiles([path.join(FIXTURES, 'cloudsplaining-quicksetup-xray.json')], { role })
    : [];
  return [...findings, ...xray];
}

async function worstCaseEvidence(r: RoleDetail): Promise<Evidence[]> {
  const base = { count: 3, denied: 0, samples: [] };
  return [
    ...(await fileEvidence(r)),
    { ...base, source: 'cloudtrail', action: 'sts:AssumeRole', resource: r.arn },
    { ...base, source: 'xray', action: 's3:GetObject', resource: 'arn:aws:s3:::bench-bucket/key' },
  ];
}

async function dirBytes(dir: string): Promise<{ files: number; bytes: number }> {
  const names = await readdir(dir);
  let bytes = 0;
  for (const n of names) bytes += (await stat(path.join(dir, n))).size;
  return { files: names.length, bytes };
}

async function runScenario(
  name: string,
  evidence: (r: RoleDetail) => Promise<Evidence[]>,
): Promise<CompareBenchResult> {
  const { roles } = await readAuthorizationDetails(AUTHZ);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iam-refine-bench-compare-'));
  const quiet = { write: () => true };
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const exitCode = await runCompare(
      { roles, evidenceByRole: evidence, report: dir },
      { stdout: quiet, stderr: quiet },
    );
    const ms = Math.round(performance.now() - start);
    const used = process.cpuUsage(cpu);
    const { files, bytes } = await dirBytes(dir);
    return {
      name,
      roles: roles.length,
      reports: files,
      ms,
      cpuMs: Math.round((used.user + used.system) / 1000),
      reportBytes: bytes,
      exitCode,
      limitMs: COMPARE_LIMIT_MS,
      ok: ms < COMPARE_LIMIT_MS && files === roles.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both scenarios, in a fresh process ideally (the first run pays the catalogue load). */
export async function benchCompare(): Promise<CompareBenchResult[]> {
  return [
    await runScenario('compare --all-roles, 78 roles, evidence files', fileEvidence),
    await runScenario('compare --all-roles, 78 roles, every role traced (worst case)', worstCaseEvidence),
  ];
}

export function formatCompareBench(r: CompareBenchResult): string {
  const mb = (r.reportBytes / 1e6).toFixed(1);
  return `${r.ok ? 'ok  ' : 'SLOW'} ${r.name}: ${r.ms} ms wall, ${r.cpuMs} ms CPU, ${r.reports} reports (${mb} MB), exit ${r.exitCode} (limit ${r.limitMs} ms)`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await benchCompare()) console.log(formatCompareBench(r));
}
