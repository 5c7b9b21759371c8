// The audit role a sweep assumes in each account: the trust policy to deploy when an
// account cannot be assumed, and the permissions the reads need (README has both as a
// StackSet-ready CloudFormation template).

export function trustPolicy(callerAccount: string, partition: string, externalId?: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${callerAccount}:root` },
        Action: 'sts:AssumeRole',
        ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
      },
    ],
  };
}

/** What to do when sts:AssumeRole into `account` fails. */
export function assumeFix(opts: {
  account: string;
  roleName: string;
  callerAccount: string;
  callerArn: string;
  partition: string;
  externalId?: string;
}): string {
  return (
    `Deploy role ${opts.roleName} in ${opts.account} (README "Organization sweep" has a StackSet template) with this trust policy: ` +
    JSON.stringify(trustPolicy(opts.callerAccount, opts.partition, opts.externalId)) +
    `; and let ${opts.callerArn} call sts:AssumeRole on arn:${opts.partition}:iam::*:role/${opts.roleName}` +
    (opts.externalId ? '; the external id must match --external-id.' : '.') +
    (opts.account === opts.callerAccount
      ? ' Service-managed StackSets do not deploy to the management account: create the role there as a plain stack from the same template.'
      : '')
  );
}
