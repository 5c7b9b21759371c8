// The proof in the outputs: the replay headline, the online checks and the flags left, in
// plain lines, in the Markdown document (golden) and as Terraform comments that still
// parse as HCL2 and that text from files or AWS cannot break out of.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { replayPolicy, type OnlineProof, type Proof } from '../../src/core/replay.js';
import type { PolicyModel } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { proofLines, replayHeadline } from '../../src/render/proof.js';
import { renderTerraform } from '../../src/render/terraform.js';
import { runCli } from '../helpers/cli.js';
import { deleteRoleScenario } from './policy-scenarios.js';

const require = createRequire(import.meta.url);
const hcl = require('hcl2-parser') as { parseToObject(text: string): [unknown, unknown] };

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
const OBJECT = 'arn:aws:s3:::notes-app-attachments-prod/private/us-east-1:7c0d/note-41.png';

async function proved(online?: OnlineProof): Promise<{ model: PolicyModel; proof: Proof }> {
  const { model } = await deleteRoleScenario();
  const evidence = aggregateEvidence([
    {
      source: 'xray',
      action: 'dynamodb:DeleteItem',
      resource: TABLE,
      count: 412,
      samples: ['1-6745a1b0-3f9e2c1d4b5a697887766554'],
    },
    { source: 'cloudtrail', action: 'dynamodb:DeleteItem', resource: TABLE, count: 3 },
    { source: 'xray', action: 's3:DeleteObject', resource: OBJECT, count: 57 },
    {
      source: 'xray',
      action: 's3:DeleteObject',
      resource: 'arn:aws:s3:::notes-app-attachments-prod/${ObjectName}',
      count: 2,
    },
    { source: 'cloudtrail', action: 'dynamodb:GetItem', resource: TABLE, count: 1, samples: ['ev-9f1c'] },
    { source: 'xray', action: 'sts:GetCallerIdentity', resource: '*', count: 4, noPermissionNeeded: true },
  ]);
  const proof: Proof = {
    replay: replayPolicy(evidence, renderPolicyJson(model)),
    ...(online ? { online } : {}),
  };
  return { model: { ...model, proof }, proof };
}

const ONLINE: OnlineProof = {
  simulation: {
    state: 'done',
    result: {
      simulated: 3,
      allowed: 2,
      denied: [{ action: 'dynamodb:GetItem', resource: TABLE, decision: 'implicitDeny' }],
      disagreements: [],
      missingContext: [],
    },
  },
  validation: {
    state: 'done',
    result: [
      {
        type: 'SUGGESTION',
        issueCode: 'EMPTY_OBJECT_PATH',
        details: 'A path like */ or\n# a new line\u001b[31m must stay in the comment',
        statements: [1],
        sids: ['S3DeleteObject'],
      },
    ],
  },
  noNewAccess: {
    state: 'unavailable',
    reason: 'AccessDeniedException calling access-analyzer:CheckNoNewAccess',
  },
};

describe('replay headline and lines', () => {
  it('counts allowed, waiting and denied calls apart', async () => {
    const { proof } = await proved();
    expect(replayHeadline(proof.replay)).toBe(
      'allows 2 of 4 observed calls (475 requests); 1 wait on a placeholder; 1 would now be DENIED',
    );
    expect(proofLines(proof)).toEqual([
      'Replay (local evaluator): allows 2 of 4 observed calls (475 requests); 1 wait on a placeholder; 1 would now be DENIED',
      '  denied now:',
      `    dynamodb:GetItem on ${TABLE} (CT: 1 call, e.g. ev-9f1c)`,
      "  waiting on a placeholder (the policy's, or a resource the source did not record):",
      '    s3:DeleteObject on arn:aws:s3:::notes-app-attachments-prod/${ObjectName} [${ObjectName}] (XR: 2 calls)',
      '  not replayed: sts:GetCallerIdentity (needs no permission)',
      'AWS checks: not run (offline; with credentials IAM and Access Analyzer confirm the policy)',
    ]);
  });

  it('says so when nothing was observed', () => {
    expect(replayHeadline(replayPolicy([], '{"Statement":[]}'))).toBe(
      'no successful call was observed, so there is nothing to replay',
    );
  });
});

describe('the proof in the outputs', () => {
  it('writes a Proof section in the Markdown document (golden)', async () => {
    const { model } = await proved(ONLINE);
    await expect(renderMarkdown(model)).toMatchFileSnapshot('../golden/notes-delete-proof.md');
  });

  it('writes the proof as Terraform header comments that parse and keep AWS text inside (golden)', async () => {
    const { model } = await proved(ONLINE);
    const tf = renderTerraform(model);
    await expect(tf).toMatchFileSnapshot('../golden/notes-delete-proof.tf');
    const [parsed, err] = hcl.parseToObject(tf);
    expect(err).toBeFalsy();
    expect(Object.keys((parsed as { data: Record<string, unknown> }).data)).toEqual([
      'aws_iam_policy_document',
    ]);
    expect(tf).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    for (const line of tf.split('\n').filter((l) => l.includes('new line'))) expect(line).toMatch(/^\s*#/);
    expect(tf).toContain('# Replay (local evaluator): allows 2 of 4 observed calls');
    expect(tf).toContain(
      '# IAM policy simulator: allows 2 of 3 calls simulated (agrees with the local replay)',
    );
    expect(tf).toContain('# Access Analyzer CheckNoNewAccess: unavailable: AccessDeniedException');
  });

  it('leaves the outputs as they were when no proof ran', async () => {
    const { model } = await deleteRoleScenario();
    expect(renderMarkdown(model)).not.toContain('## Proof');
    expect(renderTerraform(model)).not.toContain('Replay');
  });
});

describe('scan prints and writes the proof', () => {
  it.each([
    [
      'notes-app-api-prod-delete-us-east-1-lambdaRole',
      /^replay: allows (\d+) of \1 observed calls \(\d+ requests\)$/m,
    ],
    [
      'serverless-deployer',
      // API Gateway calls now map to apigateway:VERB; the stack calls wait on their placeholder.
      /^replay: allows (\d+) of (?!\1 )\d+ observed calls \(\d+ requests\); \d+ wait on a placeholder$/m,
    ],
  ])('%s on the demo: the replay line, and the Proof section beside the policy', async (role, line) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scan-proof-'));
    const out = path.join(dir, 'policy.json');
    const r = await runCli(['scan', '--demo', '--role', role, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(line);
    expect(r.stderr).not.toContain('DENIED');
    const md = readFileSync(path.join(dir, 'policy.md'), 'utf8');
    expect(md).toContain('## Proof');
    expect(md).toContain('- AWS checks: not run (offline;');
  });
});
