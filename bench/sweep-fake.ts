// The sweep bench's fake AWS in its own thread (AWS does its work on other machines, so the
// fake's CPU must not count against the sweep's event loop).
import { parentPort, workerData } from 'node:worker_threads';
import { memberAccount, organization } from '../test/fake-aws/org-scenario.js';
import type { FakeRole, Scenario } from '../test/fake-aws/scenario.js';
import { startFakeAws } from '../test/fake-aws/server.js';

interface Data {
  ids: string[];
  roles: number;
  latencyMs: number;
}

/** A member account with `roles` roles: the usual three, the rest like app-orders. */
function bigAccount(id: string, roles: number): Scenario {
  const base = memberAccount(id);
  const template = base.roles!.find((r) => r.RoleName === 'app-orders')!;
  const advisor = base.accessAdvisor![`arn:aws:iam::${id}:role/app-orders`]!;
  const extra: FakeRole[] = Array.from({ length: Math.max(0, roles - 3) }, (_, i) => ({
    ...template,
    RoleName: `app-${String(i).padStart(4, '0')}`,
  }));
  for (const r of extra) base.accessAdvisor![`arn:aws:iam::${id}:role/${r.RoleName}`] = advisor;
  base.roles!.push(...extra);
  return base;
}

const { ids, roles, latencyMs } = workerData as Data;
const scenario = organization({});
scenario.members = ids.map((id) => bigAccount(id, roles));
const fake = await startFakeAws(scenario, { latencyMs });
parentPort!.on('message', (msg: 'calls' | 'close') => {
  if (msg === 'calls') parentPort!.postMessage({ calls: fake.calls.length, maxInFlight: fake.maxInFlight() });
  else void fake.close().then(() => parentPort!.postMessage({ closed: true }));
});
parentPort!.postMessage({ url: fake.url });
