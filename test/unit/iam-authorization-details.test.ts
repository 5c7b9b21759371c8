import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import { authorizationDetailsFrom, readAuthorizationDetails } from '../../src/sources/iam/index.js';

const CLOUDSPLAINING = 'test/fixtures/salesforce+cloudsplaining';
const SMALL = `${CLOUDSPLAINING}/test/files/example-authz-details.json`;
const LARGE = `${CLOUDSPLAINING}/examples/files/example.json`;
const DEMO = 'demo/authorization-details.json';

type Json = Record<string, unknown> & {
  RoleDetailList: Record<string, unknown>[];
  Policies: Record<string, unknown>[];
};
const load = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Json;

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iam-refine-h3-')), name);
  writeFileSync(file, content);
  return file;
}

async function userErrorOf(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isUserError(e)) throw new Error(`expected a UserError, got ${String(e)}`);
  return e;
}

describe('readAuthorizationDetails on real exports', () => {
  it('reads the cloudsplaining test export: inline and resolved managed policies', async () => {
    const details = await readAuthorizationDetails(SMALL);
    expect(details.account).toBe('012345678901');
    expect(details.warnings).toEqual([]);
    expect(details.roles.map((r) => r.name)).toEqual(['MyRole', 'MyOtherRole', 'OverprivilegedEC2']);
    const ec2 = details.roles[2]!;
    expect(ec2.policies.map((p) => [p.kind, p.name])).toEqual([
      ['inline', expect.any(String)],
      ['managed', 'InsecurePolicy'],
    ]);
    expect(ec2.policies[1]!.arn).toBe('arn:aws:iam::012345678901:policy/InsecurePolicy');
    // boto's "2019-01-20 18:48:00+00:00" becomes ISO.
    expect(ec2.lastUsed).toBe('2019-01-20T18:48:00.000Z');
    expect(ec2.lastUsedRegion).toBe('us-east-1');
    expect(ec2.createDate).toBe('2018-08-20T18:48:00.000Z');
    expect(details.roles[0]!.lastUsed).toBeUndefined();
  });

  it('reads the 78-role export and resolves each managed policy to its default version', async () => {
    const details = await readAuthorizationDetails(LARGE);
    expect(details.roles).toHaveLength(78);
    expect(details.warnings).toEqual([]);
    const admins = details.roles.filter((r) => r.policies.some((p) => p.name === 'AdministratorAccess'));
    expect(admins.map((r) => r.name)).toContain('OrganizationAccountAccessRole');
    const admin = admins[0]!.policies.find((p) => p.name === 'AdministratorAccess')!;
    expect(admin.document.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  it.each([
    ['IsDefaultVersion', (v: Record<string, unknown>) => v],
    ['DefaultVersionId alone', ({ IsDefaultVersion: _, ...v }: Record<string, unknown>) => v],
  ])('takes the default version of a managed policy with several (%s)', (_name, strip) => {
    // AWSCodeCommitPowerUser holds v11 (default) and v10 in the export; attach it to a role.
    const raw = load(LARGE);
    const policy = raw.Policies.find((p) => p.PolicyName === 'AWSCodeCommitPowerUser')!;
    const versions = policy.PolicyVersionList as Record<string, unknown>[];
    expect(versions.map((v) => v.VersionId)).toEqual(['v11', 'v10']);
    const role = {
      ...raw.RoleDetailList[0]!,
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AWSCodeCommitPowerUser', PolicyArn: policy.Arn }],
    };
    const reordered = { ...policy, PolicyVersionList: [...versions].reverse().map(strip) };
    const details = authorizationDetailsFrom({ RoleDetailList: [role], Policies: [reordered] }, 'x.json');
    expect(details.roles[0]!.policies[0]!.document).toEqual(versions[0]!.Document);
  });

  it('decodes URL-encoded documents (the API and SDK form) to the same roles', () => {
    const raw = load(SMALL);
    const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
    const sdkForm = {
      ...raw,
      RoleDetailList: raw.RoleDetailList.map((r) => ({
        ...r,
        RolePolicyList: (r.RolePolicyList as { PolicyDocument: unknown }[]).map((p) => ({
          ...p,
          PolicyDocument: encode(p.PolicyDocument),
        })),
      })),
      Policies: raw.Policies.map((p) => ({
        ...p,
        PolicyVersionList: (p.PolicyVersionList as { Document: unknown }[]).map((v) => ({
          ...v,
          Document: encode(v.Document),
        })),
      })),
    };
    expect(JSON.stringify(sdkForm)).toContain('%22Statement%22');
    expect(authorizationDetailsFrom(sdkForm, 'sdk.json')).toEqual(authorizationDetailsFrom(raw, 'cli.json'));
  });

  it('counts and reports attached policies the file does not hold', () => {
    const raw = load(SMALL);
    const without = { ...raw, Policies: raw.Policies.filter((p) => p.PolicyName !== 'InsecurePolicy') };
    const details = authorizationDetailsFrom(without, 'filtered.json');
    const ec2 = details.roles.find((r) => r.name === 'OverprivilegedEC2')!;
    expect(ec2.attachedCount).toBe(1);
    expect(ec2.policies.map((p) => p.kind)).toEqual(['inline']);
    expect(details.warnings).toEqual([
      expect.stringContaining(
        'role OverprivilegedEC2: policy arn:aws:iam::012345678901:policy/InsecurePolicy: not in the file',
      ),
    ]);
  });

  it('reports a document it cannot decode and keeps the rest of the role', () => {
    const raw = load(SMALL);
    const role = raw.RoleDetailList[0]!;
    const broken = {
      ...raw,
      RoleDetailList: [
        { ...role, RolePolicyList: [{ PolicyName: 'Broken', PolicyDocument: '%7B%22Version' }] },
      ],
    };
    const details = authorizationDetailsFrom(broken, 'broken.json');
    expect(details.roles[0]!.policies).toEqual([]);
    expect(details.warnings[0]).toMatch(
      /role MyRole: policy Broken: the document is neither JSON nor URL-encoded JSON/,
    );
  });

  it('reads the demo account: five notes-app roles, the deployer with AdministratorAccess', async () => {
    const details = await readAuthorizationDetails(DEMO);
    expect(details.account).toBe('123456789012');
    expect(details.warnings).toEqual([]);
    const del = details.roles.find((r) => r.name === 'notes-app-api-prod-delete-us-east-1-lambdaRole')!;
    const actions = JSON.stringify(del.policies[0]!.document);
    expect(actions).toContain('dynamodb:DeleteItem');
    expect(actions).toContain('dynamodb:GetItem');
    const deployer = details.roles.find((r) => r.name === 'serverless-deployer')!;
    expect(deployer.policies).toEqual([
      expect.objectContaining({ kind: 'managed', name: 'AdministratorAccess' }),
    ]);
    const ci = details.roles.find((r) => r.name === 'github-actions-readonly')!;
    expect(ci.path).toBe('/ci/');
    expect(JSON.stringify(ci.policies[0]!.document)).toContain('stack/notes-app-api-prod/*'); // v2, the default
  });
});

describe('readAuthorizationDetails on bad input', () => {
  it.each([
    ['a missing file', () => path.join(tmpdir(), 'no-such-iam-refine-file.json'), /file not found/],
    ['an empty file', () => tempFile('empty.json', '  \n'), /the file is empty/],
    ['broken JSON', () => tempFile('broken.json', '{"RoleDetailList": ['), /is not valid JSON/],
    [
      'a CloudTrail log file',
      () => tempFile('trail.json', '{"Records": []}'),
      /is a CloudTrail log file, not get-account-authorization-details output/,
    ],
    [
      'list-roles output',
      () => tempFile('roles.json', '{"Roles": []}'),
      /is aws iam list-roles output, not get-account-authorization-details output/,
    ],
    ['a JSON array', () => tempFile('array.json', '[]'), /is an empty JSON array/],
  ])('names the file and says what it expected for %s', async (_name, make, message) => {
    const file = make();
    const e = await userErrorOf(readAuthorizationDetails(file));
    expect(e.kind).toBe('input');
    expect(e.where).toBe(file);
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(/get-account-authorization-details/);
  });
});
