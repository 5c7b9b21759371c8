// The TUI's engine over live AWS, or the demo with a banner when no credentials work
// (DESIGN.md: "the TUI when no credentials are found, with a banner that says so").
import { checkCredentials } from '../aws/clients.js';
import { isUserError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import { gather } from '../sources/gather.js';
import { liveClients, loadAccount, roleDetailOf, type Account } from '../sources/account.js';
import type { SourceConfig } from '../sources/config.js';
import { planSources } from '../sources/plan.js';
import { engineFromConfig, type Engine } from '../../components/engine.js';
import type { IO } from './io.js';

export async function liveEngineOrDemo(
  config: SourceConfig,
  _io: IO,
  demoConfig: () => SourceConfig,
  demoBanner: (c: SourceConfig) => string,
): Promise<Engine> {
  const clients = await liveClients(config);
  if (!clients) return engineFromConfig(demoConfig(), { banner: demoBanner(demoConfig()) });
  let identity;
  try {
    identity = await checkCredentials(clients);
  } catch (e) {
    if (!isUserError(e)) throw e;
    const demo = demoConfig();
    return engineFromConfig(demo, {
      banner: `No usable AWS credentials (${safeLine(e.message)}). ${demoBanner(demo)} Use --profile P, or --demo to skip this check.`,
    });
  }
  let account: Promise<Account> | undefined;
  const load = () => (account ??= loadAccount(config, clients));
  return {
    mode: 'live',
    banner: `AWS account ${identity.account} as ${safeLine(identity.arn)} (${identity.region})`,
    now: () => new Date(),
    listRoles: async () => (await load()).roles,
    roleDetail: async (role) => roleDetailOf(await load(), role),
    proveOnline: async (input) => (await import('../aws/proof.js')).runOnlineProof(clients, input),
    planSources: async (role) => planSources(config, await load(), role),
    gather: (plans, opts) => gather(plans, opts),
  };
}
