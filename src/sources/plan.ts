// Every source for one role: offline files today, live AWS beside them (issue 5).
import type { RoleRef } from '../core/types.js';
import type { Account } from './account.js';
import type { SourceConfig } from './config.js';
import type { SourcePlan } from './gather.js';
import { planFileSources } from './plan-files.js';

export async function planSources(
  config: SourceConfig,
  account: Account,
  _role: RoleRef,
): Promise<SourcePlan[]> {
  return planFileSources(config, account.lambdaFunctions);
}
