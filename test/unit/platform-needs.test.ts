// Platform needs of a Lambda execution role, through the CLI: from `aws lambda
// list-functions` and `aws lambda list-event-source-mappings` output, each need accepted
// with the configuration fact that implies it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { platformNeeds } from '../../src/core/platform-needs.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-worker`;
const FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-worker`;
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
const DLQ = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-dlq`;
const STREAM = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders/stream/2026-11-01T00:00:00.000`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function files(): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'platform-'));
  const write = (name: string, data: unknown) => {
    writeFileSync(path.join(dir, name), JSON.stringify(data));
    return path.join(dir, name);
  };
  const authz = write('authz.json', {
    RoleDetailList: [
      {
        RoleName: 'orders-worker',
        Arn: ROLE,
        Path: '/',
        RolePolicyList: [
          {
            PolicyName: 'worker',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
    ],
    Policies: [],
  });
  const functions = write('functions.json', {
    Functions: [
      {
        FunctionName: 'orders-worker',
        FunctionArn: FN,
        Role: ROLE,
        TracingConfig: { Mode: 'PassThrough' },
        VpcConfig: { SubnetIds: ['subnet-0a1b'], SecurityGroupIds: ['sg-0c2d'], VpcId: 'vpc-0e3f' },
        DeadLetterConfig: { TargetArn: DLQ },
        KMSKeyArn: KEY,
      },
      { FunctionName: 'other', FunctionArn: `${FN}-other`, Role: `arn:aws:iam::${ACCOUNT}:role/other` },
    ],
  });
  const mappings = write('mappings.json', {
    EventSourceMappings: [
      { UUID: 'a1', FunctionArn: FN, EventSourceArn: QUEUE, State: 'Enabled' },
      { UUID: 'b2', FunctionArn: `${FN}:live`, EventSourceArn: STREAM, State: 'Enabled' },
      { UUID: 'c3', FunctionArn: `${FN}-other`, EventSourceArn: QUEUE, State: 'Enabled' },
    ],
  });
  return [
    '--authorization-details',
    authz,
    '--lambda-functions',
    functions,
    '--event-source-mappings',
    mappings,
  ];
}

type Policy = { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };

describe('platform needs of a Lambda execution role', () => {
  it('logs, VPC, DLQ, KMS key and each event source mapping, on their resources, with their facts', async () => {
    const sources = files();
    const r = await runCli(['scan', ...sources, '--role', 'orders-worker']);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.stdout) as Policy;
    const on = (action: string) =>
      policy.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    expect(on('logs:CreateLogGroup')).toEqual([
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/orders-worker:*`,
    ]);
    expect(on('logs:PutLogEvents')).toEqual([
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/orders-worker:log-stream:*`,
    ]);
    expect(on('ec2:CreateNetworkInterface')).toEqual(['*']);
    expect(on('sqs:SendMessage')).toEqual([DLQ]);
    expect(on('kms:Decrypt')).toEqual([KEY]);
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'])
      expect(on(a)).toEqual([QUEUE]);
    // The alias-qualified mapping belongs to the function too.
    for (const a of ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'])
      expect(on(a)).toEqual([STREAM]);
    // Tracing is PassThrough: no X-Ray writes.
    expect(JSON.stringify(policy)).not.toContain('xray:');

    const tf = await runCli(['scan', ...sources, '--role', 'orders-worker', '--format', 'terraform']);
    expect(tf.stdout).toContain(
      '# Evidence: Platform: function orders-worker runs in vpc-0e3f (subnets subnet-0a1b): Lambda manages its network interfaces',
    );
    expect(tf.stdout).toContain(
      `function orders-worker has its environment encrypted with ${KEY} (KMSKeyArn)`,
    );
    expect(tf.stdout).toContain(
      `event source mapping a1 makes Lambda read ${QUEUE} for orders-worker (Enabled)`,
    );
    // Not granted today: added, with why.
    expect(tf.stdout).toMatch(
      /^# {3}kms:Decrypt \(platform need: function orders-worker has its environment encrypted/m,
    );
  });

  it('says which file is wrong and what it should hold', async () => {
    const sources = files();
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'platform-')), 'mappings.json');
    writeFileSync(bad, '{"Mappings": []}');
    sources[5] = bad;
    const r = await runCli(['scan', ...sources, '--role', 'orders-worker']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a list of event source mappings');
    expect(r.stderr).toContain('aws lambda list-event-source-mappings');
  });
});

describe('platform needs of published versions (list-functions --function-version ALL)', () => {
  const isRole = (arn: string) => arn === ROLE;
  const latest = { FunctionName: 'orders-worker', FunctionArn: FN, Role: ROLE };

  it('judges a mapping on a version by that version: its role, its VPC, nothing $LATEST already implies', () => {
    const v7 = {
      ...latest,
      FunctionArn: `${FN}:7`,
      VpcConfig: { SubnetIds: ['subnet-0a1b'], VpcId: 'vpc-0e3f' },
    };
    const v3 = { ...latest, FunctionArn: `${FN}:3`, Role: `arn:aws:iam::${ACCOUNT}:role/legacy` };
    const evidence = platformNeeds(
      [latest, v7, v3],
      [
        { UUID: 'm7', FunctionArn: `${FN}:7`, EventSourceArn: QUEUE },
        { UUID: 'm3', FunctionArn: `${FN}:3`, EventSourceArn: STREAM },
      ],
      isRole,
    );
    const on = (action: string) => evidence.filter((e) => e.action === action);
    expect(on('sqs:ReceiveMessage').map((e) => e.platform)).toEqual([
      `event source mapping m7 makes Lambda read ${QUEUE} for orders-worker:7`,
    ]);
    expect(on('dynamodb:GetRecords')).toEqual([]); // version 3 runs as another role
    expect(on('ec2:CreateNetworkInterface')[0]?.platform).toContain(
      'function orders-worker:7 runs in vpc-0e3f',
    );
    expect(on('logs:PutLogEvents').map((e) => e.platform)).toEqual([
      'function orders-worker writes its logs to /aws/lambda/orders-worker (the default log group)',
    ]);
  });

  it('falls back to $LATEST for a qualifier it has no configuration of', () => {
    const evidence = platformNeeds(
      [latest],
      [{ UUID: 'ml', FunctionArn: `${FN}:live`, EventSourceArn: QUEUE }],
      isRole,
    );
    expect(evidence.find((e) => e.action === 'sqs:DeleteMessage')?.platform).toBe(
      `event source mapping ml makes Lambda read ${QUEUE} for orders-worker:live`,
    );
  });
});
