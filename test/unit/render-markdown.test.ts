import { describe, expect, it } from 'vitest';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import type { Candidate } from '../../src/core/types.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { deleteRoleScenario, deployerScenario } from './policy-scenarios.js';

describe('renderMarkdown', () => {
  it.each([
    ['notes-delete', deleteRoleScenario],
    ['deployer', deployerScenario],
  ])('writes the %s document as the golden file', async (name, scenario) => {
    const { model } = await scenario();
    await expect(renderMarkdown(model)).toMatchFileSnapshot(`../golden/${name}.md`);
  });

  it('says what the reader needs: role, window, sources, each statement, evidence, placeholders, size', async () => {
    const { model } = await deployerScenario();
    const md = renderMarkdown(model);
    expect(md).toContain('- Role: `arn:aws:iam::123456789012:role/serverless-deployer`');
    expect(md).toContain('- Window: `2026-11-02T00:00:00.000Z` to `2026-11-20T23:59:59.000Z`');
    expect(md).toContain('- Sources: CloudTrail events, Access Analyzer generated policy');
    for (const s of model.statements) {
      expect(md).toContain(`## ${s.sid}\n`);
      expect(md).toContain(`Evidence: ${s.evidenceSummary}`);
    }
    expect(md).toMatch(/- Size: [\d,]+ of 6,144 characters/);
    expect(md).toContain('## Placeholders left');
  });

  it('keeps user and AWS text on its line and inert', async () => {
    const { model } = await deleteRoleScenario();
    const hostile = {
      ...model,
      role: { ...model.role, name: 'x<script>alert(1)</script>\u001b[31m' },
      statements: [
        {
          ...model.statements[0]!,
          rationale: ['line one\u001b]0;title\u0007', '<img src=x onerror=alert(1)>'],
          resources: ['arn:aws:s3:::b/`key`\nwith newline'],
        },
      ],
    };
    const md = renderMarkdown(hostile);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('- ``arn:aws:s3:::b/`key` with newline``');
  });

  it('says when nothing was accepted', async () => {
    const { model } = await deleteRoleScenario();
    expect(renderMarkdown({ ...model, statements: [] })).toContain('No statements: nothing was accepted.');
  });

  it('lists the suggestions the review left pending, with why; accepted and rejected ones are not', async () => {
    const { input } = await deleteRoleScenario();
    const base = input.candidates[0]!;
    const kms: Candidate = {
      ...base,
      action: 'kms:GenerateDataKey',
      service: 'kms',
      granted: false,
      encryption: ['s3:PutObject on bucket archive used SSE-KMS key arn:aws:kms:us-east-1:1:key/k'],
    };
    const pass: Candidate = {
      ...base,
      action: 'iam:PassRole',
      service: 'iam',
      inferredReason: 'UpdateFunctionConfiguration sets a role',
    };
    const denied: Candidate = {
      ...base,
      action: 'sns:Publish',
      service: 'sns',
      deniedOnly: true,
      evidence: { cloudtrail: { count: 0, denied: 3, samples: [] } },
    };
    const rejected: Candidate = { ...denied, action: 'sqs:SendMessage', service: 'sqs' };
    const model = buildPolicyModel({
      ...input,
      candidates: [...input.candidates, kms, pass, denied, rejected],
      decisions: { ...input.decisions, 'sqs:SendMessage': 'rejected', 'iam:passrole': 'pending' },
    });
    expect(model.suggested?.map((s) => [s.action, s.kind])).toEqual([
      ['kms:GenerateDataKey', 'sse-kms'],
      ['iam:PassRole', 'inferred'],
      ['sns:Publish', 'denied-only'],
    ]);
    const md = renderMarkdown(model);
    const section = md.slice(md.indexOf('## Suggested, not accepted'));
    expect(section).toContain(
      '- `kms:GenerateDataKey`: SSE-KMS, not granted today (the key policy allows it): s3:PutObject on bucket archive',
    );
    expect(section).toContain(
      '- `iam:PassRole`: inferred, not observed: UpdateFunctionConfiguration sets a role',
    );
    expect(section).toContain('- `sns:Publish`: seen only as AccessDenied: CloudTrail: 0 events, 3 denied');
    expect(section).not.toContain('sqs:SendMessage');
    // Nothing pending, no section.
    expect(renderMarkdown(buildPolicyModel(input))).not.toContain('## Suggested, not accepted');
  });
});
