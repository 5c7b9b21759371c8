// CloudFormation, Serverless and CDK renderers and --portable in every IaC format: golden
// files from the demo, and a round trip through each format's own reader that must give
// back exactly the policy JSON once the references hold the role's account and region.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../src/core/types.js';
import { renderCdk } from '../../src/render/cdk.js';
import { renderCloudFormation } from '../../src/render/cloudformation.js';
import { policyDocument } from '../../src/render/json.js';
import { nextFormat, outputFormat, renderOutputSet } from '../../src/render/outputs.js';
import {
  portableRefsFor,
  portableSegments,
  stageFromRoleName,
  type PortableRefs,
} from '../../src/render/portable.js';
import { renderServerless } from '../../src/render/serverless.js';
import { renderTerraform } from '../../src/render/terraform.js';
import {
  cdkDiagnostics,
  cdkStatements,
  cloudFormationStatements,
  parseCloudFormation,
  serverlessStatements,
  terraformStatements,
} from '../helpers/iac-readers.js';
import { deleteRoleScenario, deployerScenario } from './policy-scenarios.js';

const ACCOUNT = '123456789012';
const REFS: PortableRefs = { account: ACCOUNT, region: 'us-east-1', stage: 'prod' };

/** A model whose names and notes try every way out of a string or a comment. */
async function hostileModel(): Promise<PolicyModel> {
  const { model } = await deleteRoleScenario();
  const [first, ...rest] = model.statements;
  return {
    ...model,
    statements: [
      {
        ...first!,
        rationale: ['ends */ here', 'new\nline # and `tick` and \'quote\' and "dq"', 'sep\u2028arator ${x}'],
        resources: [
          'arn:aws:s3:::bucket-prod/home/${aws:username}/*',
          `arn:aws:s3:::b/\${BucketName}/it's "quoted" \`ticked\` \\ back`,
          `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${TableName}`,
          `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/prod-other-region`,
          'arn:aws:sqs:us-east-1:999999999999:prod-queue-of-another-account',
          'arn:aws:s3:::a/${*}literal${?}${$}',
        ],
      },
      ...rest,
    ],
  };
}

const scenarios: [string, () => Promise<PolicyModel>][] = [
  ['notes-delete', async () => (await deleteRoleScenario()).model],
  ['deployer', async () => (await deployerScenario()).model],
  ['hostile', hostileModel],
];

type Reader = (text: string, refs: PortableRefs) => ReturnType<typeof cloudFormationStatements>;
const formats: [string, (m: PolicyModel, p?: PortableRefs) => string, Reader][] = [
  ['terraform', (m, p) => renderTerraform(m, { splitOver: 6144, portable: p }), terraformStatements],
  ['cloudformation', (m, p) => renderCloudFormation(m, { portable: p }), cloudFormationStatements],
  [
    'cloudformation-inline',
    (m, p) => renderCloudFormation(m, { portable: p, inline: true }),
    cloudFormationStatements,
  ],
  ['serverless', (m, p) => renderServerless(m, { portable: p }), serverlessStatements],
  ['cdk', (m, p) => renderCdk(m, { portable: p }), cdkStatements],
];

function expected(model: PolicyModel) {
  return policyDocument(model).Statement;
}

describe.each(formats)('%s', (name, render, read) => {
  it.each(scenarios)('%s: reads back as the policy JSON, plain and --portable', async (_, make) => {
    const model = await make();
    const refs = portableRefsFor(model, { portable: true, stage: 'prod', region: 'us-east-1' })!;
    expect(refs).toEqual(REFS);
    expect(read(render(model), REFS)).toEqual(expected(model));
    const portable = render(model, refs);
    expect(read(portable, REFS)).toEqual(expected(model));
    // Another account and stage fill in too: the references really are references.
    const other = { account: '210987654321', region: 'eu-central-1', stage: 'dev' };
    const moved = read(portable, other).flatMap((s) => s.Resource);
    if (name !== 'cloudformation-inline' || _ !== 'hostile') {
      expect(moved.join(' ')).not.toContain(`${ACCOUNT}:table/notes`);
    }
  });
});

describe('golden files from the demo', () => {
  it.each([
    ['cfn.yaml', (m: PolicyModel) => renderCloudFormation(m)],
    ['cfn-portable.yaml', (m: PolicyModel) => renderCloudFormation(m, { portable: REFS })],
    ['cfn-inline.yaml', (m: PolicyModel) => renderCloudFormation(m, { inline: true })],
    ['serverless.yml', (m: PolicyModel) => renderServerless(m)],
    ['serverless-portable.yml', (m: PolicyModel) => renderServerless(m, { portable: REFS })],
    ['cdk.ts.txt', (m: PolicyModel) => renderCdk(m)],
    ['cdk-portable.ts.txt', (m: PolicyModel) => renderCdk(m, { portable: REFS })],
    ['portable.tf', (m: PolicyModel) => renderTerraform(m, { portable: REFS })],
  ])('notes-delete.%s', async (suffix, render) => {
    const { model } = await deleteRoleScenario();
    await expect(render(model)).toMatchFileSnapshot(`../golden/notes-delete.${suffix}`);
  });
});

describe('CloudFormation', () => {
  it('is a managed policy attached to the role, with the properties CloudFormation types expect', async () => {
    const { model } = await deleteRoleScenario();
    const t = parseCloudFormation(renderCloudFormation(model, { portable: REFS }));
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(t.Parameters).toEqual({ Stage: { Type: 'String', Default: 'prod' } });
    const [res] = Object.values(
      t.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    );
    expect(res!.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(res!.Properties.Roles).toEqual([model.role.name]);
    expect(typeof res!.Properties.ManagedPolicyName).toBe('string');
    const doc = res!.Properties.PolicyDocument as { Statement: { Resource: unknown[] }[] };
    expect(doc.Statement[0]!.Resource[0]).toEqual({
      'Fn::Sub': 'arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/notes',
    });
  });

  it('escapes IAM variables and placeholders for Fn::Sub only where it uses Fn::Sub', async () => {
    const text = renderCloudFormation(await hostileModel(), { portable: REFS });
    expect(text).toContain('!Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${!TableName}"');
    expect(text).toContain(
      '- "arn:aws:s3:::bucket-${Stage}/home/${aws:username}/*"'
        .replace('"arn', '!Sub "arn')
        .replace('${aws', '${!aws'),
    );
    expect(text).toContain('"arn:aws:sqs:us-east-1:999999999999:prod-queue-of-another-account"');
  });

  it('splits a policy over the managed quota into several managed policies', async () => {
    const { model } = await deployerScenario();
    const big = {
      ...model,
      statements: Array.from({ length: 8 }, () => model.statements)
        .flat()
        .map((s, i) => ({ ...s, sid: `${s.sid}${i}` })),
    };
    const t = parseCloudFormation(renderCloudFormation(big));
    expect(Object.keys(t.Resources as object).length).toBeGreaterThan(1);
    expect(cloudFormationStatements(renderCloudFormation(big), REFS)).toEqual(expected(big));
  });
});

describe('Serverless', () => {
  it('never leaves a literal ${ that Serverless would read as its own variable', async () => {
    const text = renderServerless(await hostileModel(), { portable: REFS });
    const vars = [...text.replace(/^\s*#.*$/gm, '').matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
    expect(new Set(vars)).toEqual(new Set(['aws:accountId', 'aws:region', 'sls:stage']));
  });
});

describe('CDK', () => {
  it('compiles with tsc in strict mode, every scenario plain and --portable', async () => {
    const models = await Promise.all(scenarios.map(([, make]) => make()));
    const sources = models.flatMap((m) => [renderCdk(m), renderCdk(m, { portable: REFS })]);
    expect(cdkDiagnostics(sources)).toEqual([]);
    // The check can fail: a wrong property name is a type error.
    expect(cdkDiagnostics([sources[0]!.replace('sid:', 'sidd:')]).join('\n')).toMatch(/sidd/);
  });

  it('keeps user text inside its // comments', async () => {
    const text = renderCdk(await hostileModel());
    const code = text.split('\n').filter((l) => !/^\s*\/\//.test(l));
    expect(code.join('\n')).not.toContain('here');
    expect(code.join('\n')).not.toMatch(/arator/);
  });
});

describe('--portable', () => {
  it('rewrites only the role account, its region and whole-word stage names', () => {
    const seg = portableSegments(
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/app-prod-x:*`,
      REFS,
    );
    expect(seg).toEqual([
      'arn:aws:logs:',
      { ref: 'region' },
      ':',
      { ref: 'account' },
      ':log-group:/aws/lambda/app-',
      { ref: 'stage' },
      '-x:*',
    ]);
    expect(portableSegments('arn:aws:sqs:us-east-1:999999999999:prod-q', REFS)).toEqual([
      'arn:aws:sqs:us-east-1:999999999999:prod-q',
    ]);
    expect(portableSegments(`arn:aws:s3:::products/x`, REFS)).toEqual(['arn:aws:s3:::products/x']);
    expect(portableSegments('*', REFS)).toEqual(['*']);
  });

  it('finds the stage in Serverless role names, and only a single well-known one', () => {
    expect(stageFromRoleName('notes-app-api-prod-delete-us-east-1-lambdaRole')).toBe('prod');
    expect(stageFromRoleName('svc-dev-us-east-1-lambdaRole')).toBe('dev');
    expect(stageFromRoleName('deployer')).toBeUndefined();
    expect(stageFromRoleName('prod-to-dev-copier')).toBeUndefined();
  });
});

describe('formats', () => {
  it('parses every format and its alias, and f cycles through all five', () => {
    expect(['json', 'tf', 'cfn', 'sls', 'cdk'].map(outputFormat)).toEqual([
      'json',
      'terraform',
      'cloudformation',
      'serverless',
      'cdk',
    ]);
    expect(() => outputFormat('yaml')).toThrow(/not a format/);
    const seen = ['terraform'];
    for (let i = 0; i < 5; i++) seen.push(nextFormat(seen.at(-1) as 'json'));
    expect(seen).toEqual(['terraform', 'json', 'cloudformation', 'serverless', 'cdk', 'terraform']);
  });

  it('notes a Serverless policy over the inline quota', async () => {
    const { model } = await deployerScenario();
    const big = { ...model, statements: Array.from({ length: 14 }, () => model.statements).flat() };
    const set = renderOutputSet(big, 'serverless', undefined);
    expect(set.notes.join('\n')).toMatch(/inline policies hold together/);
  });
});

function hasTerraform(): boolean {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasTerraform())('terraform fmt', () => {
  it('leaves the portable Terraform unchanged', async () => {
    const { model } = await deleteRoleScenario();
    const text = renderTerraform(model, { portable: REFS });
    const out = execFileSync('terraform', ['fmt', '-'], { input: text }).toString();
    expect(out).toBe(text);
  });
});
