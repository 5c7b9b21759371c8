// scan and export in the IaC formats, through the command line: --format, --portable,
// --stage, --inline, and the usage errors of combinations that mean nothing.
import { describe, expect, it } from 'vitest';
import { cloudFormationStatements, serverlessStatements } from '../helpers/iac-readers.js';
import { runCli } from '../helpers/cli.js';

const DELETE_ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
const scan = (...args: string[]) => runCli(['scan', '--demo', '--role', DELETE_ROLE, ...args]);

describe('scan --format (IaC) --portable', () => {
  it('writes CloudFormation whose references fill back to the JSON policy', async () => {
    const json = await scan('--format', 'json');
    const cfn = await scan('--format', 'cloudformation', '--portable');
    expect(cfn.code).toBe(0);
    expect(cfn.stdout).toContain('!Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/notes"');
    expect(cfn.stderr).toMatch(/portable: account 123456789012, region us-east-1, stage prod/);
    const refs = { account: '123456789012', region: 'us-east-1', stage: 'prod' };
    const policy = JSON.parse(json.stdout) as { Statement: unknown[] };
    expect(cloudFormationStatements(cfn.stdout, refs)).toEqual(policy.Statement);
  });

  it('takes --stage, and --inline for the role Policies entry', async () => {
    const r = await scan('--format', 'cfn', '--portable', '--stage', 'prod', '--inline');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Policies:\n {2}- PolicyName: /m);
    const sls = await scan('--format', 'serverless', '--portable');
    expect(sls.stdout).toContain('${aws:accountId}');
    expect(
      serverlessStatements(sls.stdout, { account: '1', region: 'r', stage: 's' }).length,
    ).toBeGreaterThan(0);
  });

  it.each([
    [['--format', 'json', '--portable'], /--portable is for the IaC formats/],
    [['--format', 'terraform', '--inline'], /--inline is for --format cloudformation/],
    [['--format', 'cdk', '--stage', 'prod'], /--stage goes with --portable/],
    [['--format', 'cdk', '--portable', '--stage', 'a b'], /is not a stage name/],
    [['--format', 'yaml'], /not a format/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await scan(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
