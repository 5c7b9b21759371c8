// scan and compare, live, say why a source gave nothing with the line doctor prints.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHarness, type Harness } from './harness.js';
import { DEPLOYER, notesAppScenario } from './notes-app/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WINDOW = ['--start', '2026-11-02', '--end', '2026-11-20'];

describe('a live source that gave nothing', () => {
  it('scan prints doctor’s line for it', async () => {
    h = await startHarness({ ...notesAppScenario(), accessAdvisorPolls: 0, policyGenerationPolls: 0 });
    const r = await runCli(['scan', '--region', 'us-east-1', '--role', DEPLOYER, ...WINDOW, '--quiet'], {
      env: process.env,
    });
    expect(r.code, r.stderr).toBe(0);
    // The deployer runs no Lambda function: X-Ray is skipped, and doctor's X-Ray line says why.
    expect(r.stderr).toContain(
      'iam-refine: X-Ray traces gave nothing. doctor says: X-Ray: missing: no Lambda function in us-east-1 runs as serverless-deployer\n  fix: For ECS, EC2 or other compute pass --xray-filter',
    );
    expect(r.stderr).toContain(
      'iam-refine: Access Analyzer generated policy gave nothing. doctor says: Access Analyzer policy generation: missing: no access role given',
    );
    // Sources that gave evidence are not explained.
    expect(r.stderr).not.toContain('CloudTrail events gave nothing');
  });

  it('compare prints it too, once per source', async () => {
    h = await startHarness({
      ...notesAppScenario(),
      accessAdvisorPolls: 0,
      policyGenerationPolls: 0,
      analyzers: [],
    });
    const r = await runCli(['compare', '--region', 'us-east-1', '--role', DEPLOYER, ...WINDOW], {
      env: process.env,
    });
    expect([0, 3], r.stderr).toContain(r.code);
    const lines = r.stderr.split('\n').filter((l) => l.includes('gave nothing'));
    expect(lines).toContain(
      'iam-refine: Access Analyzer unused-access findings gave nothing. doctor says: Access Analyzer unused access: missing: no active unused-access analyzer in us-east-1 (account or organization)',
    );
    expect(new Set(lines).size).toBe(lines.length);
  });
});
