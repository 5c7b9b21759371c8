// The organization's accounts through the real Organizations client: every page, ACTIVE only;
// and the assumed session in a member account, refused for a role that is not there.
import { afterEach, describe, expect, it } from 'vitest';
import { accountClients, listOrganizationAccounts } from '../../src/org/aws.js';
import { startHarness, type Harness } from './harness.js';
import { AUDIT_ROLE, organization } from './org-scenario.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('organization accounts and assumed sessions', () => {
  it('lists every page of ListAccounts and keeps the ACTIVE accounts', async () => {
    const organizationAccounts = Array.from({ length: 45 }, (_, i) => ({
      Id: String(100000000000 + i),
      Name: `acct-${i}`,
      State: i === 7 ? ('SUSPENDED' as const) : ('ACTIVE' as const),
    }));
    h = await startHarness(organization({}, { organizationAccounts }));
    const accounts = await listOrganizationAccounts(h.clients);
    expect(accounts).toHaveLength(44);
    expect(accounts.some((a) => a.id === '100000000007')).toBe(false);
    expect(h.fake.callsOf('organizations:ListAccounts')).toHaveLength(3);
  });

  it('reads a member account with its own session; a missing role fails at AssumeRole', async () => {
    h = await startHarness(organization({ '111111111111': {}, '222222222222': { noAuditRole: true } }));
    const opts = { roleName: AUDIT_ROLE, partition: 'aws', sessionName: 'iam-refine-test' };
    const member = await accountClients(h.clients, '111111111111', opts);
    const { listRolesLive } = await import('../../src/sources/iam/live.js');
    const roles = await listRolesLive(member);
    member.destroy();
    expect(roles.map((r) => r.name)).toContain('app-orders');
    expect(h.fake.callsOf('iam:ListRoles').map((c) => c.accessKeyId)).toEqual(['ASIA111111111111FAKE']);
    await expect(accountClients(h.clients, '222222222222', opts)).rejects.toThrow(/sts:AssumeRole/);
  });
});
