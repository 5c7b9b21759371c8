// Every source for one role: live AWS when configured (with any file sources given
// beside it), otherwise the offline files, each saying why it cannot run.
import type { RoleRef } from '../core/types.js';
import type { Account } from './account.js';
import type { SourceConfig } from './config.js';
import type { SourcePlan } from './gather.js';
import { planFileSources } from './plan-files.js';
import { configSettings } from './session-config.js';

export async function planSources(
  config: SourceConfig,
  account: Account,
  role: RoleRef,
): Promise<SourcePlan[]> {
  const files = planFileSources(config, account.lambdaFunctions);
  if (!account.clients || !config.live) return files;
  const settings = configSettings(config);
  // Loaded here so offline and demo runs never parse the AWS SDK.
  const { planLiveSources } = await import('./plan-live.js');
  const live = (
    await planLiveSources(account.clients, role, { ...config.live, xrayService: config.xrayService })
  ).map((p) => ({ ...p, settings }));
  // A file given for a source adds to the live one; unavailable file plans are noise here.
  return [...live, ...files.filter((p) => p.available)];
}
