import type { ServiceHandlers } from '../context.js';
import { FakeAwsError } from '../protocols.js';
import { callerOf, memberAccessKeyId, roleArn } from '../scenario.js';

export const stsHandlers: ServiceHandlers = {
  GetCallerIdentity(_p, { scenario }) {
    const caller = callerOf(scenario);
    return { Account: scenario.account, Arn: caller.arn, UserId: caller.userId };
  },
  /**
   * Into a member account: the role must exist there (its trust is taken as granted to the
   * caller) and the external id must match the account's. The credentials' access key id
   * encodes the account, so the fake answers later calls from that account.
   */
  AssumeRole(p, { scenario, root, now }) {
    const org = root ?? scenario;
    const arn = String(p.RoleArn ?? '');
    const account = arn.split(':')[4] ?? '';
    const target = [org, ...(org.members ?? [])].find((s) => s.account === account);
    const role = target?.roles?.find((r) => roleArn(target, r) === arn);
    const denied = () =>
      new FakeAwsError(
        403,
        'AccessDenied',
        `User: ${callerOf(scenario).arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
      );
    if (!target || !role) throw denied();
    if (target.externalId !== undefined && target.externalId !== p.ExternalId) throw denied();
    const name = String(p.RoleSessionName ?? '');
    if (!/^[\w+=,.@-]{2,64}$/.test(name))
      throw new FakeAwsError(
        400,
        'ValidationError',
        'RoleSessionName must be 2 to 64 characters [\\w+=,.@-]',
      );
    const seconds = Number(p.DurationSeconds ?? 3600);
    return {
      Credentials: {
        AccessKeyId: memberAccessKeyId(account),
        SecretAccessKey: `fake-secret-${account}`,
        SessionToken: `fake-session-${account}`,
        Expiration: new Date(now() + seconds * 1000).toISOString(),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROAFAKE${account}:${name}`,
        Arn: `arn:aws:sts::${account}:assumed-role/${role.RoleName}/${name}`,
      },
    };
  },
};
