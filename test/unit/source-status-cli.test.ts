// The offline examples through the CLI: a truncated .json.gz that was compare's
// only evidence, and one bad CloudTrail file among many for scan, must fail the run
// (exit 1) unless --allow-partial, which writes the outputs marked partial.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const DEMO = path.join(import.meta.dirname, '../../demo');
const AUTHZ = path.join(DEMO, 'authorization-details.json');
const DEPLOYER = 'serverless-deployer';
const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-status-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the demo trail with one file cut in half (a truncated gzip). */
function trailWithOneBadFile(): { dir: string; bad: string } {
  const dir = mkdtempSync(path.join(tmp, 'trail-'));
  cpSync(path.join(DEMO, 'cloudtrail'), dir, { recursive: true });
  const day = path.join(dir, 'AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/03');
  const bad = path.join(day, readdirSync(day).sort()[0]!);
  const gz = readFileSync(bad);
  writeFileSync(bad, gz.subarray(0, Math.floor(gz.length / 2)));
  return { dir, bad };
}

describe('a failed or partial source fails the run', () => {
  it('compare whose only evidence is a truncated .json.gz exits 1, not "no excess"', async () => {
    const { bad } = trailWithOneBadFile();
    const report = path.join(tmp, 'only-bad.json');
    const args = ['compare', '--authorization-details', AUTHZ, '--cloudtrail', bad, '--role', DEPLOYER];
    const r = await runCli([...args, '--report', report]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CloudTrail events: failed: .*the gzip data ends early: the file is truncated/);
    expect(r.stderr).toContain('not every requested source is ok: no report written');
    expect(existsSync(report)).toBe(false);

    const allowed = await runCli([...args, '--report', report, '--allow-partial']);
    expect([0, 3]).toContain(allowed.code);
    const written = JSON.parse(readFileSync(report, 'utf8')) as {
      status: string;
      sources: { id: string; status: string; reason?: string }[];
    };
    expect(written.status).toBe('partial');
    expect(written.sources).toContainEqual(
      expect.objectContaining({
        id: 'cloudtrail',
        status: 'failed',
        reason: expect.stringMatching(/truncated/),
      }),
    );
  });

  it('scan with one bad CloudTrail file among many exits 1; --allow-partial writes the policy marked partial', async () => {
    const { dir, bad } = trailWithOneBadFile();
    const out = path.join(tmp, 'deployer.json');
    const args = ['scan', '--authorization-details', AUTHZ, '--cloudtrail', dir, '--role', DEPLOYER];
    const r = await runCli([...args, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CloudTrail events: partial: ${bad}: the gzip data ends early`);
    expect(r.stderr).toContain('(file skipped)');
    expect(r.stderr).toContain('not every requested source is ok: no policy written');
    expect(existsSync(out)).toBe(false);

    const allowed = await runCli([...args, '--out', out, '--allow-partial']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const md = readFileSync(path.join(tmp, 'deployer.md'), 'utf8');
    expect(md).toContain('- Status: **PARTIAL (written with --allow-partial): CloudTrail events partial;');
    expect(md).toMatch(/- CloudTrail events: \*\*partial\*\*: .*the gzip data ends early/);
    expect(md).toContain('Fix: Download the file again.');
    const tf = await runCli([...args, '--format', 'terraform', '--allow-partial']);
    expect(tf.code).toBe(0);
    expect(tf.stdout).toMatch(/^# Status: PARTIAL \(written with --allow-partial\)/m);
    expect(tf.stdout).toMatch(/^# CloudTrail events: partial: /m);
  });

  it('every source ok: exit 0 and the document says complete', async () => {
    const out = path.join(tmp, 'ok.json');
    const r = await runCli([
      'scan',
      '--authorization-details',
      AUTHZ,
      '--cloudtrail',
      path.join(DEMO, 'cloudtrail'),
      '--role',
      DEPLOYER,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(tmp, 'ok.md'), 'utf8')).toContain(
      '- Status: complete: every requested source is ok',
    );
  });
});
