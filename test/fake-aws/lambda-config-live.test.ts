// Platform needs live, through the real SDK against the fake: ListFunctions gives each
// function's configuration, ListEventSourceMappings its event sources (paged).
import { afterEach, describe, expect, it } from 'vitest';
import { planLiveSources } from '../../src/sources/plan-live.js';
import { platformNeedsLive } from '../../src/sources/lambda-config-live.js';
import { role, startHarness, type Harness } from './harness.js';
import { notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DELETE = role(roleArnOf(roleName('delete')));
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:notes-cleanup';

describe('platform needs, live', () => {
  it('reads the role functions and their event source mappings, page by page', async () => {
    const scenario = notesAppScenario();
    const fn = scenario.lambdaFunctions!.find((f) => f.Role === DELETE.arn)!;
    scenario.eventSourceMappings = [
      { UUID: 'u-1', FunctionArn: fn.FunctionArn, EventSourceArn: QUEUE, State: 'Enabled' },
      {
        UUID: 'u-2',
        FunctionArn: `${fn.FunctionArn}:live`,
        EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/notes-events',
        State: 'Enabled',
      },
    ];
    scenario.pageSizes = { ...scenario.pageSizes };
    h = await startHarness(scenario);
    const evidence = await platformNeedsLive(h.clients, DELETE);
    const on = (action: string) => evidence.filter((e) => e.action === action).map((e) => e.resource);
    expect(on('logs:PutLogEvents')).toEqual([
      `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/${fn.FunctionName}:log-stream:*`,
    ]);
    expect(on('xray:PutTraceSegments')).toEqual(['*']);
    expect(on('sqs:ReceiveMessage')).toEqual([QUEUE]);
    expect(on('kinesis:GetRecords')).toEqual(['arn:aws:kinesis:us-east-1:123456789012:stream/notes-events']);
    expect(evidence.every((e) => e.source === 'lambda-config' && e.platform)).toBe(true);
    const ops = h.fake.calls.map((c) => c.operation);
    expect(ops).toContain('ListFunctions');
    expect(ops.filter((o) => o === 'ListEventSourceMappings')).toHaveLength(1);
  });

  it('is a live source of its own, unavailable when no function runs as the role', async () => {
    h = await startHarness(notesAppScenario());
    const plans = await planLiveSources(h.clients, DELETE);
    const plan = plans.find((p) => p.id === 'lambda-config');
    expect(plan?.available).toBe(true);
    expect(plan?.detail).toContain('1 Lambda function(s) in us-east-1');
    const none = await planLiveSources(h.clients, role('arn:aws:iam::123456789012:role/serverless-deployer'));
    const off = none.find((p) => p.id === 'lambda-config');
    expect(off?.available).toBe(false);
    expect(off?.why).toContain('no Lambda function in us-east-1 runs as serverless-deployer');
  });
});
