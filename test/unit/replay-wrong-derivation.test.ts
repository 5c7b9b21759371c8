// A deliberately wrong derivation makes the replay fail: resourcesForAction is made to put
// every call in the wrong account (and every S3 call in the wrong bucket), and the demo's
// evidence goes through the pipeline scan runs. The policy built from the wrong ARNs allows
// the wrong ARNs, so a replay of the derived ARNs alone would read 100%; the ARNs the
// records themselves named catch it. (replay.test.ts: the same fixtures pass unmutated.)
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { acceptsAutomatically } from '../../src/core/auto-accept.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { replayPasses, replayPolicy, type ReplayResult } from '../../src/core/replay.js';
import type { Evidence, RoleRef } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';
import { readLambdaFunctions, readXrayTraceFiles } from '../../src/sources/xray/index.js';

vi.mock('../../src/core/resources.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/resources.js')>();
  const wrong = (arn: string) =>
    arn.replace(/:123456789012:/, ':999999999999:').replace(/^(arn:aws:s3:::[^/]+)/, '$1-wrong');
  return {
    ...real,
    resourcesForAction: (...args: Parameters<typeof real.resourcesForAction>) =>
      real.resourcesForAction(...args).map(wrong),
    resolveResources: (...args: Parameters<typeof real.resolveResources>) => {
      const r = real.resolveResources(...args);
      return { ...r, resources: r.resources.map(wrong) };
    },
  };
});

const at = (...p: string[]) => path.join(import.meta.dirname, '..', '..', ...p);

function scanAndReplay(evidence: Evidence[], role: RoleRef): ReplayResult {
  const candidates = mergeCandidates(evidence);
  const decisions = Object.fromEntries(
    candidates.filter(acceptsAutomatically).map((c) => [c.action, 'accepted' as const]),
  );
  const model = buildPolicyModel({ role, sources: ['cloudtrail'], candidates, decisions });
  return replayPolicy(evidence, renderPolicyJson(model));
}

describe('a wrong derivation cannot read 100%', () => {
  it.each([
    'arn:aws:iam::123456789012:role/serverless-deployer',
    'arn:aws:iam::123456789012:role/notes-app-api-prod-get-us-east-1-lambdaRole',
  ])('%s: the demo trail replayed through a policy built on wrong ARNs fails', async (arn) => {
    const role = roleRefFromArn(arn)!;
    const evidence = await readCloudTrail([at('demo', 'cloudtrail')], { role });
    const r = scanAndReplay(evidence, role);
    expect(r.total).toBeGreaterThan(0);
    expect(r.doubts).toBeGreaterThan(0);
    expect(replayPasses(r)).toBe(false);
    // Each doubt names the record's own ARN the policy refuses, in the right account.
    for (const c of r.calls.filter((x) => x.verdict === 'mapping-doubt')) {
      expect(c.resource).toMatch(/999999999999|-wrong/);
      expect(c.arnChecks.some((a) => a.verdict === 'denied' && !/999999999999|-wrong/.test(a.arn))).toBe(
        true,
      );
    }
    // Without the records' ARNs the same wrong policy would pass.
    const blind = scanAndReplay(
      evidence.map(({ arns: _arns, ...e }) => e),
      role,
    );
    expect(replayPasses(blind)).toBe(true);
  });

  it('X-Ray: a topic ARN the subsegment captured catches a wrong derivation of sns:Publish', async () => {
    const functions = await readLambdaFunctions(
      at('test', 'fixtures', 'xray', 'functions', 'list-functions.json'),
    );
    const role = roleRefFromArn(functions.find((f) => f.role.endsWith('/fixture-fanout-role'))!.role)!;
    const evidence = await readXrayTraceFiles([at('test', 'fixtures', 'xray', 'fixture-fanout.json')], {
      role,
      lambdaFunctions: functions,
    });
    const r = scanAndReplay(evidence, role);
    expect(r.doubtGroups.map((g) => g.action)).toContain('sns:Publish');
    expect(replayPasses(r)).toBe(false);
  });
});
