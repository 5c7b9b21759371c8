// Role selection on real trails: the invictus-ir dataset's 9 roles (two with
// service-role paths) and stratus-red-team's denied-only detonations.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evidence, RoleRef } from '../../src/core/types.js';
import { evidenceFromRecord, readCloudTrail } from '../../src/sources/cloudtrail/index.js';

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const INVICTUS = path.join(FIX, 'invictus-ir+aws_dataset', 'CloudTrail');
const STRATUS = path.join(FIX, 'DataDog+stratus-red-team', 'docs', 'detonation-logs');

function ref(arn: string): RoleRef {
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}

/** Every record of the dataset, to count by the pure function what the reader must find. */
const invictusRecords: unknown[] = readdirSync(INVICTUS)
  .sort()
  .flatMap(
    (f) => (JSON.parse(readFileSync(path.join(INVICTUS, f), 'utf8')) as { Records: unknown[] }).Records,
  );

/** Records that produce evidence for the role (each call once, whatever its resources). */
function selected(role: RoleRef): number {
  return invictusRecords.filter((r) => evidenceFromRecord(r, role).length > 0).length;
}

const denials = (evidence: Evidence[]) => evidence.reduce((n, e) => n + e.denied, 0);

const acct = 'arn:aws:iam::123837392027:role/';
// API calls and denials per session issuer, counted straight from the files.
const invictusRoles: [string, number, number][] = [
  ['stratus-red-team-ec2-get-password-data-role', 29, 29],
  ['aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2', 2, 0],
  ['stratus-red-team-ec2-steal-credentials-role', 15, 0],
  ['stratus-red-team-get-usr-data-role', 15, 15],
  ['stratus-red-team-leave-org-role', 1, 1],
  ['stratus-red-team-ec2-enumerate-role', 8, 0],
  ['stratus-red-team-ec2lui-role-pcccexdthk', 1, 0],
  ['stratus-red-team-ec2lui-role-wuzemnoeqa', 1, 0],
  ['aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS', 4, 0],
];

describe('role selection on the invictus-ir dataset', () => {
  it.each(invictusRoles)('%s: %i API calls, %i of them denied', async (role, apiCalls, denied) => {
    expect(selected(ref(acct + role))).toBe(apiCalls);
    const evidence = await readCloudTrail([INVICTUS], { role: ref(acct + role) });
    expect(denials(evidence)).toBe(denied);
    expect(evidence.length > 0).toBe(apiCalls > 0);
    expect(evidence.every((e) => e.source === 'cloudtrail')).toBe(true);
  });

  it.each([
    ['given without its path', `${acct}AWSServiceRoleForRDS`],
    ['given with its path', `${acct}aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`],
    ['given in another case', `${acct}awsservicerolefor${'RDS'.toLowerCase()}`],
  ])('a role with a path is found when %s', async (_how, arn) => {
    expect(selected(ref(arn))).toBe(4);
    const evidence = await readCloudTrail([INVICTUS], { role: ref(arn) });
    // Calls, not observations: CreateNetworkInterface is one call checked on three ARNs
    // (network interface, subnet, security group), one evidence entry each.
    expect(new Set(evidence.filter((e) => e.count > 0).flatMap((e) => e.samples)).size).toBe(4);
  });

  it.each([
    ['a prefix of a role name', `${acct}stratus-red-team-ec2`],
    [
      'the right name in another account',
      'arn:aws:iam::111111111111:role/stratus-red-team-ec2-steal-credentials-role',
    ],
    [
      'an IAM user of the same name',
      'arn:aws:iam::123837392027:user/stratus-red-team-ec2-steal-credentials-role',
    ],
  ])('%s selects nothing', async (_what, arn) => {
    expect(await readCloudTrail([INVICTUS], { role: ref(arn) })).toEqual([]);
  });

  it('an IAM user is selected by userIdentity.arn', async () => {
    const evidence = await readCloudTrail([INVICTUS], {
      role: ref('arn:aws:iam::123837392027:user/benjamin'),
    });
    const actions = new Set(evidence.map((e) => e.action));
    expect(actions).toContain('s3:ListAllMyBuckets');
    expect(actions).toContain('iam:GetAccountAuthorizationDetails');
    expect(evidence.find((e) => e.unmapped)?.action).toBe('s3:GetStorageLensDashboardDataInternal');
    expect(selected(ref('arn:aws:iam::123837392027:user/benjamin'))).toBeGreaterThan(50);
  });

  it('the ec2-enumerate role (an SSM agent on the instance): its actions, with samples and times from the records', async () => {
    const evidence = await readCloudTrail([INVICTUS], {
      role: ref(`${acct}stratus-red-team-ec2-enumerate-role`),
    });
    expect([...new Set(evidence.map((e) => e.action))].sort()).toEqual([
      'ssm:PutComplianceItems',
      'ssm:PutInventory',
      'ssm:UpdateInstanceAssociationStatus',
      'ssm:UpdateInstanceInformation',
    ]);
    for (const e of evidence) {
      expect(e.samples.length).toBeGreaterThan(0);
      expect(e.firstSeen! <= e.lastSeen!).toBe(true);
      expect(e.firstSeen).toMatch(/^2023-07-10T/);
    }
  });
});

describe('denied-only actions from stratus-red-team detonations (JSON arrays)', () => {
  it.each([
    ['457448411975', 'stratus-red-team-ec2-get-password-data-role', 'ec2:GetPasswordData', 30],
    ['321848314756', 'stratus-red-team-get-usr-data-role', 'ec2:DescribeInstanceAttribute', 15],
    ['307578594326', 'stratus-red-team-leave-org-role', 'organizations:LeaveOrganization', 1],
    ['900138736586', 'stratus-red-team-ec2lui-role-idtzskbvtd', 'ec2:RunInstances', 1],
  ])('%s %s: only %s, denied %i times', async (account, role, action, denied) => {
    const evidence = await readCloudTrail([STRATUS], { role: ref(`arn:aws:iam::${account}:role/${role}`) });
    expect([...new Set(evidence.map((e) => e.action))]).toEqual([action]);
    expect(evidence.reduce((n, e) => n + e.count, 0)).toBe(0);
    expect(denials(evidence)).toBe(denied);
  });

  it('RunInstances denied: the resource IAM evaluated is kept when the request named none', async () => {
    const evidence = await readCloudTrail([STRATUS], {
      role: ref('arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd'),
    });
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ action: 'ec2:RunInstances', count: 0, denied: 1 });
  });

  it('allowed Bedrock calls of test-role, and an SSO permission-set role with its aws-reserved path', async () => {
    const bedrock = await readCloudTrail([STRATUS], {
      role: ref('arn:aws:iam::494659789341:role/test-role'),
    });
    expect(bedrock.reduce((n, e) => n + e.count, 0)).toBe(15);
    expect(denials(bedrock)).toBe(0);
    expect(bedrock.map((e) => e.action)).toContain('bedrock:InvokeModel');
    const sso = await readCloudTrail([STRATUS], {
      role: ref('arn:aws:iam::844015365555:role/AWSReservedSSO_account-admin_599c9e90e350d2ff'),
    });
    expect([...new Set(sso.map((e) => e.action))].sort()).toEqual([
      'ec2-instance-connect:SendSerialConsoleSSHPublicKey',
      'ec2:EnableSerialConsoleAccess',
    ]);
  });
});
