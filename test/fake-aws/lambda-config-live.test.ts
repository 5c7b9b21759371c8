// Platform needs live, through the real SDK against the fake: ListFunctions gives each
// function's configuration, ListEventSourceMappings its event sources (paged), and
// GetFunctionConfiguration the configuration of a version or alias a mapping runs.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planLiveSources } from '../../src/sources/plan-live.js';
import { platformNeedsLive } from '../../src/sources/lambda-config-live.js';
import { readPlatformNeeds } from '../../src/sources/lambda-config.js';
import { demoFolder } from '../../src/sources/account-folder.js';
import { readAuthorizationDetails } from '../../src/sources/iam/authorization-details.js';
import { getRoleDetailLive } from '../../src/sources/iam/live.js';
import { role, startHarness, type Harness } from './harness.js';
import { STREAM_ARN, notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';

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
    // The mapping on alias live: its configuration is read (here the alias does not exist: $LATEST).
    expect(ops.filter((o) => o === 'GetFunctionConfiguration')).toHaveLength(1);
  });

  it('judges a mapping on an alias or a version by that version’s own configuration', async () => {
    const scenario = notesAppScenario();
    const fn = scenario.lambdaFunctions!.find((f) => f.Role === DELETE.arn)!;
    const DLQ = 'arn:aws:sqs:us-east-1:123456789012:notes-cleanup-dlq';
    scenario.lambdaVersions = [
      // Version 3 (alias live) runs in a VPC and sends failed events to a queue; $LATEST does neither.
      {
        ...fn,
        FunctionArn: `${fn.FunctionArn}:3`,
        VpcConfig: { SubnetIds: ['subnet-0a1b'], SecurityGroupIds: ['sg-0c2d'], VpcId: 'vpc-0e3f' },
        DeadLetterConfig: { TargetArn: DLQ },
      },
      // Version 2 ran as another role: its mapping is no need of this one.
      { ...fn, FunctionArn: `${fn.FunctionArn}:2`, Role: 'arn:aws:iam::123456789012:role/notes-legacy' },
    ];
    scenario.lambdaAliases = [{ AliasArn: `${fn.FunctionArn}:live`, FunctionVersion: '3' }];
    const STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/notes-legacy-events';
    scenario.eventSourceMappings = [
      { UUID: 'u-1', FunctionArn: `${fn.FunctionArn}:live`, EventSourceArn: QUEUE, State: 'Enabled' },
      { UUID: 'u-2', FunctionArn: `${fn.FunctionArn}:2`, EventSourceArn: STREAM, State: 'Enabled' },
      { UUID: 'u-3', FunctionArn: `${fn.FunctionArn}:live`, EventSourceArn: `${QUEUE}-2`, State: 'Enabled' },
    ];
    h = await startHarness(scenario);
    const evidence = await platformNeedsLive(h.clients, DELETE);
    const on = (action: string) => evidence.filter((e) => e.action === action);
    expect(on('sqs:ReceiveMessage').map((e) => e.resource)).toEqual([QUEUE, `${QUEUE}-2`]);
    expect(on('sqs:ReceiveMessage')[0]?.platform).toBe(
      `event source mapping u-1 makes Lambda read ${QUEUE} for ${fn.FunctionName}:live (Enabled)`,
    );
    expect(on('kinesis:GetRecords')).toEqual([]);
    expect(on('ec2:CreateNetworkInterface')[0]?.platform).toBe(
      `function ${fn.FunctionName}:live runs in vpc-0e3f (subnets subnet-0a1b): Lambda manages its network interfaces`,
    );
    expect(on('sqs:SendMessage').map((e) => e.resource)).toEqual([DLQ]);
    // What $LATEST already implies is not repeated for the version.
    expect(on('logs:PutLogEvents')).toHaveLength(1);
    expect(on('xray:PutTraceSegments')).toHaveLength(1);
    const reads = h.fake.calls.filter((c) => c.operation === 'GetFunctionConfiguration');
    expect(reads.map((c) => c.params.FunctionName).sort()).toEqual([
      `${fn.FunctionArn}:2`,
      `${fn.FunctionArn}:live`,
    ]);
  });

  it('falls back to $LATEST for a mapping left on a deleted alias', async () => {
    const scenario = notesAppScenario();
    const fn = scenario.lambdaFunctions!.find((f) => f.Role === DELETE.arn)!;
    scenario.eventSourceMappings = [
      { UUID: 'u-1', FunctionArn: `${fn.FunctionArn}:gone`, EventSourceArn: QUEUE, State: 'Disabled' },
    ];
    h = await startHarness(scenario);
    const evidence = await platformNeedsLive(h.clients, DELETE);
    expect(evidence.find((e) => e.action === 'sqs:DeleteMessage')?.platform).toBe(
      `event source mapping u-1 makes Lambda read ${QUEUE} for ${fn.FunctionName}:gone (Disabled)`,
    );
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

  it('agrees with the offline demo on the delete role: its stream mapping and the grant for it', async () => {
    h = await startHarness(notesAppScenario());
    const live = await platformNeedsLive(h.clients, DELETE);
    const demo = demoFolder();
    const offline = await readPlatformNeeds(
      {
        functions: path.join(demo, 'lambda-functions.json'),
        mappings: path.join(demo, 'event-source-mappings.json'),
      },
      DELETE,
    );
    const needs = (ev: typeof live) => ev.map((e) => `${e.action} ${e.resource ?? ''}`).sort();
    expect(needs(live)).toContain(`dynamodb:GetRecords ${STREAM_ARN}`);
    expect(needs(live)).toEqual(needs(offline));
    // The role's policy grants the stream reads, live as in the demo's authorization details.
    const detail = await getRoleDetailLive(h.clients, DELETE.name);
    const demoDetail = (
      await readAuthorizationDetails(path.join(demo, 'authorization-details.json'))
    ).roles.find((r) => r.name === DELETE.name);
    // Same grants (a single Resource or a list of one are the same statement).
    const grants = (d: typeof detail | undefined) =>
      d?.policies.flatMap((p) =>
        [p.document.Statement].flat().map((st) => {
          const { Action, Resource, ...rest } = st as Record<string, unknown>;
          return { ...rest, Action: [Action].flat(), Resource: [Resource].flat() };
        }),
      );
    expect(grants(detail)).toEqual(grants(demoDetail));
    expect(grants(detail)).toContainEqual(expect.objectContaining({ Resource: [STREAM_ARN] }));
  });
});
