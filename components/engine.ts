// What the UI needs from the engine, as one object the CLI builds and tests replace with
// fakes. The UI never reads files or AWS itself; it calls these and renders the results.
import type { GatherOptions, GatherResult, SourcePlan } from '../src/sources/gather.js';
import type { Account } from '../src/sources/account.js';
import type { SourceConfig } from '../src/sources/config.js';
import type { RoleDetail, RoleRef } from '../src/core/types.js';
import type { OnlineProof } from '../src/core/replay.js';
import type { OnlineProofInput } from '../src/aws/proof.js';

export type { GatherOptions, GatherResult, SourcePlan };

export interface Engine {
  /** Where the evidence comes from: decides the limits the window screen shows. */
  mode: 'live' | 'files' | 'demo';
  /** A line above everything, e.g. "Demo account 123456789012: no AWS credentials found". */
  banner?: string;
  /** The clock relative windows end at: now for live AWS, the recording time for the demo. */
  now(): Date;
  /** The roles to pick from (path, last used, policies); may be empty: an ARN can be pasted. */
  listRoles(): Promise<RoleDetail[]>;
  /** The role with its policies and last use (a listed role may have neither yet). */
  roleDetail?(role: RoleRef): Promise<RoleDetail | undefined>;
  /** Which sources can run for this role, and why the others cannot. */
  planSources(role: RoleRef): Promise<SourcePlan[]>;
  /** Run the chosen plans; failures are per source, cancellation keeps what was gathered. */
  gather(plans: SourcePlan[], opts: GatherOptions): Promise<GatherResult>;
  /** The AWS checks of a policy (simulator, ValidatePolicy, CheckNoNewAccess): live only. */
  proveOnline?(input: OnlineProofInput): Promise<OnlineProof>;
}

/**
 * The engine over a SourceConfig (files, an account folder, the demo): what the CLI passes
 * to renderApp. The readers (and the AWS SDK behind some of them) load on first use, after
 * the first frame is on screen; the account is read once.
 */
export function engineFromConfig(config: SourceConfig, opts: { banner?: string } = {}): Engine {
  let account: Promise<Account> | undefined;
  const load = () => (account ??= import('../src/sources/account.js').then((m) => m.loadAccount(config)));
  return {
    mode: config.origin === 'live' ? 'live' : config.origin === 'demo' ? 'demo' : 'files',
    banner: opts.banner,
    now: () => (config.clock ? new Date(config.clock) : new Date()),
    listRoles: async () => (await load()).roles,
    roleDetail: async (role) => (await import('../src/sources/account.js')).roleDetailOf(await load(), role),
    planSources: async (role) =>
      (await import('../src/sources/plan.js')).planSources(config, await load(), role),
    gather: async (plans, gatherOpts) => (await import('../src/sources/gather.js')).gather(plans, gatherOpts),
  };
}
