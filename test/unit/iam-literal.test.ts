// Literal names stay literal (issue 12): a `*`, `?` or `$` in a name from the evidence is
// written with IAM's escapes `${*}`, `${?}`, `${$}` (IAM User Guide, "IAM policy elements:
// Variables and tags", special characters), and the policy evaluated on the literal name
// allows exactly that name.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/catalog/catalog.js';
import { evaluatePolicies } from '../../src/core/evaluate.js';
import {
  escapeIamLiteral,
  iamPattern,
  literalNamesNote,
  unescapeIamLiteral,
} from '../../src/core/iam-literal.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates, resourceKind } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { replayPasses, replayPolicy } from '../../src/core/replay.js';
import { resourcesForAction } from '../../src/core/resources.js';
import type { EvidenceInput, RoleRef } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerraform } from '../../src/render/terraform.js';
import { evidenceFromRecord } from '../../src/sources/cloudtrail/index.js';
import { evidenceFromSegmentDocuments } from '../../src/sources/xray/evidence.js';
import { runCli } from '../helpers/cli.js';

const ACCOUNT = '123456789012';
const ROLE: RoleRef = {
  arn: `arn:aws:iam::${ACCOUNT}:role/app`,
  name: 'app',
  account: ACCOUNT,
  partition: 'aws',
};

describe('escapeIamLiteral', () => {
  it.each([
    ['k*?', 'k${*}${?}'],
    ['/aws/*/x', '/aws/${*}/x'],
    ['${x}', '${$}{x}'],
    ['price$5', 'price${$}5'],
    ['${*}', '${$}{${*}}'],
    ['plain/key.png', 'plain/key.png'],
  ])('%s → %s, and back', (name, escaped) => {
    expect(escapeIamLiteral(name)).toBe(escaped);
    expect(unescapeIamLiteral(escaped)).toBe(name);
  });
});

describe('fillTemplate escapes the values it inserts, never the template', () => {
  const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  it.each([
    [{ BucketName: 'b', ObjectName: 'k*?' }, 'arn:aws:s3:::b/k${*}${?}'],
    [{ BucketName: 'b', ObjectName: '${aws:username}' }, 'arn:aws:s3:::b/${$}{aws:username}'],
    [{ BucketName: 'b' }, 'arn:aws:s3:::b/${ObjectName}'],
    [{ BucketName: 'b', ObjectName: iamPattern('private/*') }, 'arn:aws:s3:::b/private/*'],
  ])('%j', (vars, arn) => expect(fillTemplate(OBJECT, { Partition: 'aws', ...vars })).toBe(arn));

  it("IAM's escapes already in a template are not variables a value could replace", () => {
    expect(fillTemplate('arn:aws:s3:::b/k${*}${ObjectName}', { '*': 'x', ObjectName: 'y' })).toBe(
      'arn:aws:s3:::b/k${*}y',
    );
  });

  it("a secret's random suffix stays a wildcard; the name's own `?` does not (resources.ts)", () => {
    const ctx = { partition: 'aws', account: ACCOUNT, region: 'us-east-1' };
    expect(resourcesForAction('secretsmanager:GetSecretValue', { secretId: 'a?b' }, ctx)).toEqual([
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:a\${?}b-??????`,
    ]);
  });

  it('an escaped name is an observed resource, not a template or a wildcard', () => {
    expect(resourceKind('arn:aws:s3:::b/k${*}${?}')).toBe('observed');
    expect(resourceKind('arn:aws:s3:::b/${ObjectName}')).toBe('template');
    expect(resourceKind('arn:aws:s3:::b/private/*')).toBe('wildcard');
  });
});

describe('the evaluator on the literal name', () => {
  const allows = (resource: string, request: string) =>
    evaluatePolicies(
      [
        {
          name: 'p',
          document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] },
        },
      ],
      { action: 's3:GetObject', resource: request, literal: true },
    ).decision === 'allowed';

  it.each([
    // [escaped name in the policy, literal name requested, allowed]
    ['k*?', 'k*?', true],
    ['k*?', 'kab', false],
    ['k*?', 'k*?x', false],
    ['k*?', 'k*', false],
    ['/aws/*/x', '/aws/*/x', true],
    ['/aws/*/x', '/aws/lambda/x', false],
    ['${x}', '${x}', true],
    ['${x}', 'abc', false],
    ['a$b', 'a$b', true],
  ])('policy for %s vs request %s: allowed %s', (name, request, allowed) => {
    const arn = (n: string) => `arn:aws:s3:::b/${n}`;
    expect(allows(arn(escapeIamLiteral(name)), arn(request))).toBe(allowed);
  });

  it('written as is, the same name would be a wildcard (why the escapes matter)', () => {
    expect(allows('arn:aws:s3:::b/k*?', 'arn:aws:s3:::b/kab')).toBe(true);
  });
});

const s3Record = (key: string, withResources: boolean) => ({
  eventVersion: '1.08',
  eventTime: '2026-11-02T10:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  eventID: `ev-${key}`,
  awsRegion: 'us-east-1',
  recipientAccountId: ACCOUNT,
  userIdentity: {
    type: 'AssumedRole',
    accountId: ACCOUNT,
    sessionContext: { sessionIssuer: { type: 'Role', arn: ROLE.arn } },
  },
  requestParameters: { bucketName: 'b', key },
  ...(withResources
    ? {
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::b/${key}` },
          { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b' },
        ],
      }
    : {}),
});

const logRecord = {
  ...s3Record('x', false),
  eventSource: 'logs.amazonaws.com',
  eventName: 'CreateLogGroup',
  eventID: 'ev-log',
  requestParameters: { logGroupName: '/aws/*/x' },
};

/** scan's path: merge, accept every observed action, build, render. */
function policyFrom(items: EvidenceInput[]) {
  const evidence = aggregateEvidence(items);
  const candidates = mergeCandidates(evidence);
  const model = buildPolicyModel({
    role: ROLE,
    sources: ['cloudtrail'],
    candidates,
    decisions: Object.fromEntries(candidates.map((c) => [c.action, 'accepted' as const])),
    generatedAt: '2026-11-02T00:00:00Z',
  });
  return { evidence, model, json: renderPolicyJson(model) };
}

describe('from a record to the policy: literal names in every output', () => {
  it.each([
    ['an S3 key named in requestParameters', s3Record('k*?', false), 'arn:aws:s3:::b/k${*}${?}'],
    ['an S3 key named verbatim in resources[]', s3Record('k*?', true), 'arn:aws:s3:::b/k${*}${?}'],
    ['a `${x}` in a key', s3Record('${x}', true), 'arn:aws:s3:::b/${$}{x}'],
    ['a log group /aws/*/x', logRecord, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/\${*}/x`],
  ])('%s', (_name, record, arn) => {
    const { evidence, model, json } = policyFrom(evidenceFromRecord(record, ROLE));
    const doc = JSON.parse(json) as { Statement: { Resource: string[] }[] };
    expect(doc.Statement.flatMap((s) => s.Resource)).toContain(arn);
    // The policy allows the call, on the literal name and nothing wider.
    const r = replayPolicy(evidence, json);
    expect(replayPasses(r)).toBe(true);
    expect(r.allowed).toBe(r.total);
    const literal = unescapeIamLiteral(arn);
    const action = evidence[0]!.action;
    const on = (resource: string) =>
      evaluatePolicies([{ name: 'p', document: json }], { action, resource, literal: true }).decision;
    expect(on(literal)).toBe('allowed');
    expect(on(literal.replace(/[*?$]/g, 'z'))).toBe('implicit-deny');
    // Terraform writes the escape so aws_iam_policy_document turns it back (`&{*}` → `${*}`).
    const tf = renderTerraform(model);
    expect(tf).not.toMatch(/"[^"\n]*(?<![$&])\$\{[*?$]\}/);
    expect(tf).toContain('Literal names: 1 resource holds');
    expect(renderMarkdown(model)).toContain('Literal names: 1 resource holds');
  });

  it('Terraform: `${*}` is written `&{*}` in a resource string', () => {
    const { model } = policyFrom(evidenceFromRecord(s3Record('k*?', false), ROLE));
    expect(renderTerraform(model)).toContain('"arn:aws:s3:::b/k&{*}&{?}"');
  });

  it('names without special characters: no note', () => {
    const { model } = policyFrom(evidenceFromRecord(s3Record('plain.png', true), ROLE));
    expect(renderMarkdown(model)).not.toContain('Literal names');
    expect(literalNamesNote(model.statements.flatMap((s) => s.resources))).toBeUndefined();
  });

  it('an X-Ray subsegment key is escaped the same way', () => {
    const evidence = evidenceFromSegmentDocuments(
      [
        {
          id: 's1',
          trace_id: '1-abc',
          name: 'svc',
          start_time: 1_794_614_400,
          aws: { account_id: ACCOUNT, region: 'us-east-1' },
          subsegments: [
            {
              id: 's1-1',
              name: 'S3',
              namespace: 'aws',
              start_time: 1_794_614_400.1,
              http: { response: { status: 200 } },
              aws: { operation: 'GetObject', bucket_name: 'b', key: 'k*?', region: 'us-east-1' },
            },
          ],
        },
      ],
      { role: ROLE },
    );
    expect(evidence.map((e) => e.resource)).toEqual(['arn:aws:s3:::b/k${*}${?}']);
  });
});

describe('scan from the command line', () => {
  it('writes the escapes in the policy JSON and notes them in the Markdown beside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-literal-'));
    const trail = path.join(dir, 'trail.json');
    writeFileSync(trail, JSON.stringify({ Records: [s3Record('k*?', true), logRecord] }));
    const out = path.join(dir, 'policy.json');
    const r = await runCli([
      'scan',
      '--cloudtrail',
      trail,
      '--role',
      ROLE.arn,
      '--exact-resources',
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('allows 2 of 2 observed calls');
    expect(r.stderr).toContain('Literal names: 2 resources hold a *, ? or $ that is part of a name');
    expect(r.code).toBe(0);
    const resources = (
      JSON.parse(readFileSync(out, 'utf8')) as { Statement: { Resource: string[] }[] }
    ).Statement.flatMap((st) => st.Resource);
    expect(resources).toEqual(
      expect.arrayContaining([
        'arn:aws:s3:::b/k${*}${?}',
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/\${*}/x`,
      ]),
    );
    expect(resources.some((x) => /(?<!\$\{)[*?](?!\})/.test(x))).toBe(false);
    expect(readFileSync(out.replace(/\.json$/, '.md'), 'utf8')).toContain('Literal names: 2 resources hold');
  });
});
