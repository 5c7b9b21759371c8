// SSE-KMS needs through the CLI, on an account folder of real-shaped CloudTrail records
// (test/fixtures/sse-kms): uploads-worker's KMS calls made by S3, reports-writer's upload
// under a key its policy grants, archive-writer's upload under a key its policy does not.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const DIR = path.join(import.meta.dirname, '../fixtures/sse-kms');
const K1 = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const K2 = 'arn:aws:kms:us-west-2:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';
const K3 = 'arn:aws:kms:us-west-2:111122223333:key/5555eeee-4444-4ddd-8ccc-bbbb22223333';

type Policy = { Statement: { Action: string[]; Resource: string[] }[] };
const on = (p: Policy, action: string) =>
  p.Statement.filter((s) => s.Action.includes(action))
    .flatMap((s) => s.Resource)
    .sort();

describe('scan: KMS permissions of S3 calls with SSE-KMS', () => {
  it('keeps the keys S3 used for the role, with the call, the key and the invoking service as evidence', async () => {
    const json = await runCli(['scan', '--from', DIR, '--role', 'uploads-worker']);
    expect(json.code).toBe(0);
    const policy = JSON.parse(json.stdout) as Policy;
    // K1: S3's own GenerateDataKey call with the role's session; K2: the reports upload's key.
    expect(on(policy, 'kms:GenerateDataKey')).toEqual([K2, K1]);
    expect(on(policy, 'kms:Decrypt')).toEqual([K1]);

    const tf = await runCli(['scan', '--from', DIR, '--role', 'uploads-worker', '--format', 'terraform']);
    expect(tf.stdout).toContain(
      `SSE-KMS: s3:PutObject on bucket reports used SSE-KMS key ${K2} (named in the response): S3 calls kms:GenerateDataKey for the upload with the role's credentials`,
    );
    expect(tf.stdout).toMatch(
      /# Evidence: CloudTrail: 1 event, 2026-11-03; Called on the role's behalf by s3\.amazonaws\.com \(CloudTrail invokedBy\)\n {2}statement \{\n {4}sid += "KmsDecryptKey"/,
    );

    const c = await runCli(['compare', '--from', DIR, '--role', 'uploads-worker', '--json']);
    const report = JSON.parse(c.stdout) as { used: { action: string; reason: string }[] };
    expect(report.used.find((u) => u.action === 'kms:Decrypt')?.reason).toBe(
      "seen by CloudTrail (1 calls, made on the role's behalf by s3.amazonaws.com)",
    );
  });

  it('accepts a need the current policy grants, and compare counts the grant as used', async () => {
    const r = await runCli(['scan', '--from', DIR, '--role', 'reports-writer']);
    expect(r.code).toBe(0);
    expect(on(JSON.parse(r.stdout) as Policy, 'kms:GenerateDataKey')).toEqual([K2]);
    expect(r.stderr).not.toContain('suggested');

    const c = await runCli(['compare', '--from', DIR, '--role', 'reports-writer', '--json']);
    expect(c.code).toBe(0);
    const report = JSON.parse(c.stdout) as { used: { action: string; reason: string }[]; excess: unknown[] };
    expect(report.excess).toEqual([]);
    expect(report.used.find((u) => u.action === 'kms:GenerateDataKey')?.reason).toMatch(
      /^needed by SSE-KMS: s3:PutObject on bucket reports/,
    );
  });

  it('suggests, never silently, a need the current policy does not grant', async () => {
    const r = await runCli(['scan', '--from', DIR, '--role', 'archive-writer']);
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).not.toContain('kms:');
    expect(r.stderr).toContain(
      `suggested, not accepted (not granted today; the key policy allows it): kms:GenerateDataKey (s3:PutObject on bucket archive used SSE-KMS key ${K3}`,
    );
    // The Markdown document lists it too, with its evidence: the paper trail is not stderr alone.
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'iam-refine-kms-')), 'archive.json');
    expect((await runCli(['scan', '--from', DIR, '--role', 'archive-writer', '--out', out])).code).toBe(0);
    expect(readFileSync(out.replace(/\.json$/, '.md'), 'utf8')).toMatch(
      new RegExp(
        `## Suggested, not accepted\\n[\\s\\S]*- \`kms:GenerateDataKey\`: SSE-KMS, not granted today \\(the key policy allows it\\): s3:PutObject on bucket archive used SSE-KMS key ${K3}`,
      ),
    );

    const c = await runCli(['compare', '--from', DIR, '--role', 'archive-writer', '--json']);
    const report = JSON.parse(c.stdout) as {
      missing: { action: string; resource: string; reason: string }[];
    };
    expect(report.missing).toEqual([
      expect.objectContaining({
        action: 'kms:GenerateDataKey',
        resource: K3,
        reason: expect.stringMatching(/^needed by SSE-KMS .*; not granted by these policies$/),
      }),
    ]);
  });
});
