// One fake account plus real SDK clients pointed at it through the endpoint variables.
import { createAwsClients, type AwsClients, type AwsSettings } from '../../src/aws/clients.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import type { RoleRef } from '../../src/core/types.js';
import { fakeAwsEnv, setEnv } from './env.js';
import type { Scenario } from './scenario.js';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from './server.js';

export interface Harness {
  fake: FakeAws;
  clients: AwsClients;
  close(): Promise<void>;
}

export async function startHarness(
  scenario: Scenario,
  opts: FakeAwsOptions & { settings?: AwsSettings; region?: string; perService?: boolean } = {},
): Promise<Harness> {
  const fake = await startFakeAws(scenario, opts);
  const restore = setEnv(fakeAwsEnv(fake, { region: opts.region, perService: opts.perService }));
  const clients = createAwsClients(opts.settings ?? {});
  return {
    fake,
    clients,
    async close() {
      clients.destroy();
      restore();
      await fake.close();
    },
  };
}

export function role(arn: string): RoleRef {
  const ref = roleRefFromArn(arn);
  if (!ref) throw new Error(`not a role ARN: ${arn}`);
  return ref;
}

/** A fixed "now" just after the demo window, so X-Ray's 30-day retention never moves the tests. */
export const DEMO_NOW = () => Date.parse('2026-11-21T00:00:00Z');
