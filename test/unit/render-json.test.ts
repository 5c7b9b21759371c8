import { describe, expect, it } from 'vitest';
import type { PolicyModel, PolicyStatementModel } from '../../src/core/types.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerraform } from '../../src/render/terraform.js';
import {
  checkPolicySize,
  MANAGED_POLICY_LIMIT,
  policyDocument,
  policySize,
  renderPolicyJson,
  splitPolicyModel,
} from '../../src/render/json.js';
import { deleteRoleScenario, deployerScenario } from './policy-scenarios.js';

function statement(sid: string, actions: string[], resources: string[]): PolicyStatementModel {
  return {
    sid,
    effect: 'Allow',
    actions,
    resources,
    service: actions[0]!.split(':')[0]!,
    rationale: ['why'],
    evidenceSummary: 'X-Ray: 1 call',
    placeholders: [],
    risks: [{ code: 'x', reason: 'y' }],
  };
}

function bigModel(statements: PolicyStatementModel[]): PolicyModel {
  return {
    role: {
      arn: 'arn:aws:iam::123456789012:role/big',
      name: 'big',
      account: '123456789012',
      partition: 'aws',
    },
    sources: ['X-Ray traces'],
    statements,
    generatedAt: '2026-11-21T00:00:00.000Z',
    toolVersion: '0.1.0',
  };
}

const tables = (n: number, prefix: string) =>
  Array.from(
    { length: n },
    (_, i) => `arn:aws:dynamodb:us-east-1:123456789012:table/${prefix}-${String(i).padStart(3, '0')}`,
  );

describe('renderPolicyJson', () => {
  it.each([
    ['notes-delete', deleteRoleScenario],
    ['deployer', deployerScenario],
  ])('writes the %s policy as the golden file', async (name, scenario) => {
    const { model } = await scenario();
    await expect(renderPolicyJson(model)).toMatchFileSnapshot(`../golden/${name}.json`);
  });

  it('holds only what IAM accepts: Version and Sid/Effect/Action/Resource statements, 2-space indent', async () => {
    const { model } = await deployerScenario();
    const text = renderPolicyJson(model);
    const doc = JSON.parse(text) as Record<string, unknown> & { Statement: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['Version', 'Statement']);
    expect(doc.Version).toBe('2012-10-17');
    for (const s of doc.Statement) {
      expect(Object.keys(s)).toEqual(['Sid', 'Effect', 'Action', 'Resource']);
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(s.Effect).toBe('Allow');
    }
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(text).not.toContain('rationale');
  });
});

describe('size quota', () => {
  it('counts characters without white space, as IAM does', async () => {
    const { model } = await deleteRoleScenario();
    const compact = JSON.stringify(policyDocument(model));
    expect(policySize(policyDocument(model))).toBe(compact.length);
    expect(checkPolicySize(model)).toEqual({
      size: compact.length,
      limit: MANAGED_POLICY_LIMIT,
      over: false,
    });
  });

  it('reports a policy over the limit and splits it into policies within it, losing nothing', () => {
    const statements = Array.from({ length: 12 }, (_, i) =>
      statement(`Tables${i}`, ['dynamodb:GetItem', 'dynamodb:PutItem'], tables(8, `group-${i}`)),
    );
    const model = bigModel(statements);
    const size = checkPolicySize(model);
    expect(size.over).toBe(true);
    expect(size.size).toBeGreaterThan(MANAGED_POLICY_LIMIT);
    const parts = splitPolicyModel(model);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(checkPolicySize(p).over).toBe(false);
    expect(parts.flatMap((p) => p.statements)).toEqual(statements);
  });

  it('says so in the Markdown and Terraform outputs when over the limit, without truncating', () => {
    const statements = Array.from({ length: 12 }, (_, i) =>
      statement(`Tables${i}`, ['dynamodb:GetItem'], tables(8, `group-${i}`)),
    );
    const model = bigModel(statements);
    const md = renderMarkdown(model);
    expect(md).toMatch(
      /- Size: [\d,]+ of 6,144 characters allowed in a managed policy \(\*\*over the limit\*\*/,
    );
    expect(md).toContain('table/group-11-007');
    const tf = renderTerraform(model);
    expect(tf).toMatch(/# Size: \d+ of 6144 characters allowed in a managed policy \(OVER THE LIMIT/);
    expect(tf).toContain('table/group-11-007');
  });

  it('halves a single statement too big for one policy, naming the parts', () => {
    const huge = statement('AllTables', ['dynamodb:GetItem'], tables(120, 'table'));
    const parts = splitPolicyModel(bigModel([huge]));
    const all = parts.flatMap((p) => p.statements);
    expect(all.map((s) => s.sid)).toEqual(['AllTablesPart1', 'AllTablesPart2']);
    expect(all.flatMap((s) => s.resources)).toEqual(huge.resources);
    for (const p of parts) expect(checkPolicySize(p).over).toBe(false);
  });

  it('returns the model itself when it fits', async () => {
    const { model } = await deleteRoleScenario();
    expect(splitPolicyModel(model)).toEqual([model]);
  });
});
