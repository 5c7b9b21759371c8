// The sweep's AWS side: the organization's accounts (ListAccounts, paged) and clients in
// each account through sts:AssumeRole. The caller's own credentials only list accounts
// and assume roles; every read in an account is signed with that account's session.
import { paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { callAws } from '../aws/errors.js';
import type { AccountQuota } from './quotas.js';
import { activeAccounts, type OrgAccountPage, type SweepAccount } from './accounts.js';

export async function listOrganizationAccounts(clients: AwsClients): Promise<SweepAccount[]> {
  const region = await clients.sts.config.region();
  const org = new OrganizationsClient({
    region,
    credentials: clients.sts.config.credentials,
    maxAttempts: clients.settings.maxAttempts ?? 5,
    retryMode: 'adaptive',
  });
  try {
    return await callAws(
      { action: 'organizations:ListAccounts', profile: clients.settings.profile },
      async () => {
        const pages: OrgAccountPage[] = [];
        for await (const page of paginateListAccounts({ client: org }, {})) pages.push(page);
        return activeAccounts(pages);
      },
    );
  } finally {
    org.destroy();
  }
}

/**
 * The organization's active unused-access analyzer, when the caller's account holds it (the
 * management account or the delegated administrator): one analyzer answers for every
 * account. Anything else (none, access denied) means per-account analyzers.
 */
export async function findOrganizationAnalyzer(clients: AwsClients): Promise<string | undefined> {
  try {
    for await (const page of paginateListAnalyzers(
      { client: clients.accessAnalyzer },
      { type: 'ORGANIZATION_UNUSED_ACCESS' },
    ))
      for (const a of page.analyzers ?? []) if (a.status === 'ACTIVE' && a.arn) return a.arn;
  } catch {
    return undefined;
  }
  return undefined;
}

export interface AssumeOptions {
  roleName: string;
  externalId?: string;
  partition: string;
  /** Kept under 64 characters; always starts with iam-refine. */
  sessionName: string;
  durationSeconds?: number;
}

export function roleArnIn(account: string, opts: Pick<AssumeOptions, 'roleName' | 'partition'>): string {
  // `--assume-role` may carry a path (audit/ReadOnly): keep it, like an ARN would.
  const name = opts.roleName.replace(/^\/+/, '');
  return `arn:${opts.partition}:iam::${account}:role/${name}`;
}

/** `iam-refine-sweep-<time>`: CloudTrail in the member account shows who read what. */
export function sweepSessionName(now: Date): string {
  return `iam-refine-sweep-${now
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
}

/**
 * Credentials of the role in `account`, assumed with the caller's STS client and assumed
 * again five minutes before they expire (long sweeps outlive one session).
 */
export function assumedCredentials(
  base: AwsClients,
  account: string,
  opts: AssumeOptions,
): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const roleArn = roleArnIn(account, opts);
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const out = await callAws({ action: 'sts:AssumeRole', profile: base.settings.profile }, () =>
      base.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: opts.sessionName,
          ExternalId: opts.externalId,
          DurationSeconds: opts.durationSeconds ?? 3600,
        }),
      ),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
      accountId: account,
    };
  };
  return async () => {
    const exp = current?.expiration?.getTime();
    if (current && (exp === undefined || exp - Date.now() > 300_000)) return current;
    pending ??= assume().finally(() => (pending = undefined));
    current = await pending;
    return current;
  };
}

/**
 * Clients in `account` (same region and retry settings as the caller's). With `quota`,
 * LookupEvents shares the account's limiter with every other client of that account.
 */
export async function accountClients(
  base: AwsClients,
  account: string,
  opts: AssumeOptions & { quota?: AccountQuota },
): Promise<AwsClients> {
  const credentials = assumedCredentials(base, account, opts);
  // Assume now: an untrusted role is the account's failure, before any read starts.
  await credentials();
  const region = await base.sts.config.region();
  return createAwsClients({
    ...base.settings,
    profile: undefined,
    region,
    credentials,
    lookupEventsLimiter: opts.quota?.lookupEvents(region),
  });
}

/** The same account session in another region (X-Ray is regional); no new AssumeRole. */
export function accountClientsIn(clients: AwsClients, region: string, quota?: AccountQuota): AwsClients {
  return createAwsClients({
    ...clients.settings,
    region,
    lookupEventsLimiter: quota?.lookupEvents(region),
  });
}
