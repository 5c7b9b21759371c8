// Live IAM through the real SDK against the fake: roles paged, a role's detail with
// URL-encoded policies decoded exactly like the offline file, Access Advisor jobs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuthorizationDetails } from '../../src/sources/iam/authorization-details.js';
import { getRoleDetailLive, listRolesLive } from '../../src/sources/iam/live.js';
import { accessAdvisorLive } from '../../src/sources/iam/live-access-advisor.js';
import { role, startHarness, type Harness } from './harness.js';
import { DEPLOYER, WINDOW, notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';
import { roleArn, type Scenario } from './scenario.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** What `aws iam get-account-authorization-details` prints for the scenario (documents decoded). */
function cliExport(s: Scenario) {
  return {
    RoleDetailList: (s.roles ?? []).map((r) => ({
      Path: r.Path ?? '/',
      RoleName: r.RoleName,
      Arn: roleArn(s, r),
      CreateDate: r.CreateDate ?? '2026-01-05T10:00:00Z',
      RolePolicyList: Object.entries(r.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({
        PolicyName,
        PolicyDocument,
      })),
      AttachedManagedPolicies: r.attached ?? [],
      RoleLastUsed: r.RoleLastUsed ?? {},
    })),
    Policies: Object.entries(s.managedPolicies ?? {}).map(([Arn, p]) => ({
      PolicyName: p.PolicyName,
      Arn,
      DefaultVersionId: p.DefaultVersionId ?? 'v1',
      PolicyVersionList: [
        { Document: p.document, VersionId: p.DefaultVersionId ?? 'v1', IsDefaultVersion: true },
      ],
    })),
  };
}

describe('live IAM against the fake', () => {
  it('lists every role, page by page', async () => {
    h = await startHarness(notesAppScenario({ extraRoles: 1500 }));
    const pages: number[] = [];
    const roles = await listRolesLive(h.clients, { onPage: (n) => pages.push(n) });
    expect(roles).toHaveLength(1507);
    expect(pages).toEqual([1000, 1507]);
    expect(h.fake.callsOf('iam:ListRoles')).toHaveLength(2);
    expect(roles[0]).toMatchObject({ name: roleName('create'), path: '/', policies: [] });
  });

  it.each([roleName('delete'), DEPLOYER])('reads %s exactly as the offline export would', async (name) => {
    const scenario = notesAppScenario();
    h = await startHarness(scenario);
    const live = await getRoleDetailLive(h.clients, name);
    const dir = await mkdtemp(path.join(tmpdir(), 'iam-refine-iam-'));
    try {
      const file = path.join(dir, 'authorization-details.json');
      await writeFile(file, JSON.stringify(cliExport(scenario)));
      const offline = (await readAuthorizationDetails(file)).roles.find((r) => r.name === name);
      expect(live).toEqual(offline);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(live.lastUsed).toMatch(/^2026-11-19T/);
  });

  it('decodes the URL-encoded documents IAM sends', async () => {
    h = await startHarness(notesAppScenario());
    const detail = await getRoleDetailLive(h.clients, roleName('delete'));
    const statements = detail.policies.flatMap((p) => [p.document.Statement].flat());
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem'] }),
    );
    const admin = await getRoleDetailLive(h.clients, DEPLOYER);
    expect(admin.policies).toEqual([
      expect.objectContaining({
        kind: 'managed',
        name: 'AdministratorAccess',
        arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ]);
    expect(h.fake.callsOf('iam:GetPolicyVersion')[0]?.params).toMatchObject({ VersionId: 'v1' });
  });

  it.each([
    ['iam:GetRole', "AccessDenied calling iam:GetRole: add iam:GetRole to the tool's policy"],
    [
      'iam:GetPolicyVersion',
      "AccessDenied calling iam:GetPolicyVersion: add iam:GetPolicyVersion to the tool's policy",
    ],
  ])('names the permission when %s is denied', async (action, message) => {
    h = await startHarness(notesAppScenario());
    h.fake.faults.add({ action, kind: 'access-denied' });
    await expect(getRoleDetailLive(h.clients, DEPLOYER)).rejects.toThrow(message);
  });

  it('says when the role does not exist', async () => {
    h = await startHarness(notesAppScenario());
    await expect(getRoleDetailLive(h.clients, 'nope')).rejects.toThrow(/iam:GetRole failed: NoSuchEntity/);
  });

  it('turns Access Advisor into evidence of use and non-use', async () => {
    h = await startHarness(notesAppScenario());
    const ev = await accessAdvisorLive(h.clients, {
      role: role(roleArnOf(roleName('delete'))),
      window: WINDOW,
      pollIntervalMs: 1,
    });
    const by = Object.fromEntries(ev.map((e) => [e.action, e]));
    expect(by['dynamodb:DeleteItem']).toMatchObject({ count: 1, lastSeen: '2026-11-19T22:00:00.000Z' });
    expect(by['dynamodb:GetItem']).toMatchObject({ count: 0, unused: true });
    expect(by['s3:DeleteObject']).toMatchObject({ count: 1 });
    expect(by['xray:*']).toMatchObject({ count: 0, unused: true });
    expect(h.fake.callsOf('iam:GenerateServiceLastAccessedDetails')[0]?.params).toMatchObject({
      Granularity: 'ACTION_LEVEL',
    });
    expect(h.fake.callsOf('iam:GetServiceLastAccessedDetails').length).toBeGreaterThanOrEqual(2);
  });
});
