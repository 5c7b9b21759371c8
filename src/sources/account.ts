// The account as the sources describe it: its roles (with current policies) and the
// Lambda functions that tell which traces belong to which role. Live AWS when the
// flags ask for it (issue 5), files otherwise, both when mixed.
import type { RoleDetail, RoleRef } from '../core/types.js';
import { checkCredentials, createAwsClients, type AwsClients } from '../aws/clients.js';
import { readAuthorizationDetails } from './iam/index.js';
import { getRoleDetailLive, listRolesLive } from './iam/live.js';
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

export function liveClients(config: SourceConfig): AwsClients | undefined {
  if (!config.live) return undefined;
  return createAwsClients({ profile: config.live.profile, region: config.live.region });
}

export async function loadAccount(config: SourceConfig, clients = liveClients(config)): Promise<Account> {
  const [authz, lambdaFunctions] = await Promise.all([
    config.authorizationDetails ? readAuthorizationDetails(config.authorizationDetails) : undefined,
    config.lambdaFunctions ? readLambdaFunctions(config.lambdaFunctions) : undefined,
  ]);
  if (clients) {
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
  if (account.clients) return getRoleDetailLive(account.clients, role.name);
  return known;
}
