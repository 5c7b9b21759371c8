// The account as the sources describe it: its roles (with current policies) and the
// Lambda functions that tell which traces belong to which role.
import type { RoleDetail } from '../core/types.js';
import { readAuthorizationDetails } from './iam/index.js';
import { readLambdaFunctions, type LambdaFunctionInfo } from './xray/index.js';
import type { SourceConfig } from './config.js';

export interface Account {
  config: SourceConfig;
  roles: RoleDetail[];
  accountId?: string;
  lambdaFunctions?: LambdaFunctionInfo[];
}

export async function loadAccount(config: SourceConfig): Promise<Account> {
  const [authz, lambdaFunctions] = await Promise.all([
    config.authorizationDetails ? readAuthorizationDetails(config.authorizationDetails) : undefined,
    config.lambdaFunctions ? readLambdaFunctions(config.lambdaFunctions) : undefined,
  ]);
  const roles = authz?.roles ?? [];
  const accountId = authz?.account ?? roles[0]?.arn.split(':')[4];
  return { config, roles, accountId, lambdaFunctions };
}
