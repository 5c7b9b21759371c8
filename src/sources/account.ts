// The account as the sources describe it: its roles (with current policies) and the
// Lambda functions that tell which traces belong to which role. Live AWS when the
// flags ask for it (issue 5), files otherwise, both when mixed.
import type { RoleDetail, RoleRef } from '../core/types.js';
// The AWS SDK is loaded only when live sources are configured: offline and demo runs start
// without parsing it (about half of the TUI's start-up time).
import type { AwsClients } from '../aws/clients.js';
import { readAuthorizationDetails } from './iam/index.js';
import { readLambdaFunctions, type LambdaFunctionInfo } from './xray/index.js';
import type { SourceConfig } from './config.js';

export interface Account {
  config: SourceConfig;
  roles: RoleDetail[];
  accountId?: string;
  lambdaFunctions?: LambdaFunctionInfo[];
  /** Live AWS clients, when the flags asked for live sources and credentials work. */
  clients?: AwsClients;
  /** What the readers could not use (attached policies missing from the file ...). */
  warnings: string[];
}

export async function liveClients(config: SourceConfig): Promise<AwsClients | undefined> {
  if (!config.live) return undefined;
  const { createAwsClients } = await import('../aws/clients.js');
  return createAwsClients({ profile: config.live.profile, region: config.live.region });
}

export async function loadAccount(config: SourceConfig, given?: AwsClients | undefined): Promise<Account> {
  const clients = given ?? (await liveClients(config));
  const [authz, lambdaFunctions] = await Promise.all([
    config.authorizationDetails ? readAuthorizationDetails(config.authorizationDetails) : undefined,
    config.lambdaFunctions ? readLambdaFunctions(config.lambdaFunctions) : undefined,
  ]);
  if (clients) {
    const [{ checkCredentials }, { listRolesLive }] = await Promise.all([
      import('../aws/clients.js'),
      import('./iam/live.js'),
    ]);
    const identity = await checkCredentials(clients);
    const roles = authz?.roles ?? (await listRolesLive(clients));
    return {
      config,
      roles,
      accountId: identity.account,
      lambdaFunctions,
      clients,
      warnings: authz?.warnings ?? [],
    };
  }
  const roles = authz?.roles ?? [];
  const accountId = authz?.account ?? roles[0]?.arn.split(':')[4];
  return { config, roles, accountId, lambdaFunctions, warnings: authz?.warnings ?? [] };
}

/**
 * The role with its current policies: from the authorization details when they hold
 * them, else from IAM (ListRoles returns no policies), else unknown.
 */
export async function roleDetailOf(account: Account, role: RoleRef): Promise<RoleDetail | undefined> {
  const known = account.roles.find((r) => r.arn === role.arn || r.name === role.name);
  if (known && (known.policies.length > 0 || !account.clients)) return known;
  if (account.clients) {
    const { getRoleDetailLive } = await import('./iam/live.js');
    return getRoleDetailLive(account.clients, role.name);
  }
  return known;
}
