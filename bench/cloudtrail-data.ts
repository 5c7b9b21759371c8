// Writes N realistic CloudTrail records into gzipped S3-layout log files for the bench:
// a busy account where the role under study (serverless-deployer) makes ~1% of the
// calls, Lambda roles make S3 data events on ever-new object keys, a CI role and IAM
// users read, and AWS services assume roles. Records come from the same builders as
// the demo trail (scripts/cloudtrail-demo/records.ts), so they have the real shape and
// size (~1 kB). Files are written one at a time; nothing holds the whole set.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  accessKey,
  record,
  Rng,
  s3Resources,
  uniqueSuffix,
  type Call,
  type Caller,
} from '../scripts/cloudtrail-demo/records.js';

const gzipAsync = promisify(gzip);
const ACCOUNT = '123456789012';
export const BENCH_ROLE = 'serverless-deployer';
const START = Date.parse('2026-11-02T00:00:00Z');
const SPAN_MS = 18 * 86_400_000;

function roleCaller(rng: Rng, roleName: string, roleId: string, ua: string): Caller {
  return {
    account: ACCOUNT,
    kind: 'role',
    roleName,
    roleId,
    session: `${roleName.slice(0, 20)}-${rng.int(1, 50)}`,
    sessionStart: '2026-11-02T00:00:00Z',
    accessKeyId: accessKey(rng),
    sourceIp: `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    userAgent: ua,
  };
}

const SDK =
  'aws-sdk-js/3.699.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.18.0 exec-env/AWS_Lambda_nodejs20.x';
const APP_CALLS: [string, string, (rng: Rng) => Record<string, unknown>][] = [
  ['kms', 'Decrypt', () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })],
  ['ssm', 'GetParameter', (rng) => ({ name: `/app/${rng.int(1, 40)}/config`, withDecryption: true })],
  ['secretsmanager', 'GetSecretValue', (rng) => ({ secretId: `prod/app-${rng.int(1, 40)}/db` })],
  [
    'sqs',
    'GetQueueAttributes',
    (rng) => ({
      queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs-${rng.int(1, 20)}`,
      attributeNames: ['All'],
    }),
  ],
  ['dynamodb', 'DescribeTable', (rng) => ({ tableName: `table-${rng.int(1, 30)}` })],
  ['sts', 'GetCallerIdentity', () => ({})],
];
const DEPLOYER_CALLS: [string, string, (rng: Rng) => Record<string, unknown> | null, boolean][] = [
  ['cloudformation', 'DescribeStacks', (rng) => ({ stackName: `svc-${rng.int(1, 12)}-prod` }), true],
  ['cloudformation', 'DescribeStackEvents', (rng) => ({ stackName: `svc-${rng.int(1, 12)}-prod` }), true],
  [
    'cloudformation',
    'UpdateStack',
    (rng) => ({ stackName: `svc-${rng.int(1, 12)}-prod`, capabilities: ['CAPABILITY_IAM'] }),
    false,
  ],
  [
    'lambda',
    'UpdateFunctionCode20150331v2',
    (rng) => ({ functionName: `svc-${rng.int(1, 12)}-prod-handler` }),
    false,
  ],
  [
    'lambda',
    'CreateFunction20150331',
    (rng) => ({
      functionName: `svc-${rng.int(1, 12)}-prod-handler`,
      role: `arn:aws:iam::${ACCOUNT}:role/svc-${rng.int(1, 12)}-lambdaRole`,
      runtime: 'nodejs20.x',
    }),
    false,
  ],
  ['iam', 'GetRole', (rng) => ({ roleName: `svc-${rng.int(1, 12)}-lambdaRole` }), true],
  ['iam', 'CreatePolicy', () => ({ policyName: 'svc-invoke' }), false],
  ['sts', 'GetCallerIdentity', () => null, true],
];

/** One record of the busy account, chosen by weight. */
function benchRecord(rng: Rng, time: string): Record<string, unknown> {
  const p = rng.next();
  if (p < 0.01) {
    const [svc, name, params, readOnly] = rng.pick(DEPLOYER_CALLS);
    const caller = roleCaller(
      rng,
      BENCH_ROLE,
      'AROAR3DEPLOYER8LMN0PQ',
      'aws-sdk-nodejs/2.1692.0 darwin/v20.18.0 promise',
    );
    const call: Call = { time, source: `${svc}.amazonaws.com`, name, params: params(rng), readOnly };
    if (name === 'CreatePolicy')
      call.error = {
        code: 'AccessDenied',
        message: `User: x is not authorized to perform: iam:CreatePolicy on resource: policy svc-invoke with an explicit deny`,
      };
    return record(caller, call, rng);
  }
  if (p < 0.31) {
    const fn = rng.int(1, 20);
    const key = `private/${rng.uuid()}/${rng.uuid()}.png`;
    const name = rng.next() < 0.7 ? 'GetObject' : 'PutObject';
    return record(
      roleCaller(rng, `app-${fn}-lambdaRole`, `AROAR3APP${fn}LAMBDAROLE`, SDK),
      {
        time,
        source: 's3.amazonaws.com',
        name,
        params: { bucketName: `app-${fn}-data`, key },
        readOnly: name === 'GetObject',
        data: true,
        resources: s3Resources(ACCOUNT, `app-${fn}-data`, key),
      },
      rng,
    );
  }
  if (p < 0.71) {
    const [svc, name, params] = rng.pick(APP_CALLS);
    const fn = rng.int(1, 30);
    return record(
      roleCaller(rng, `app-${fn}-lambdaRole`, `AROAR3APP${fn}LAMBDAROLE`, SDK),
      { time, source: `${svc}.amazonaws.com`, name, params: params(rng), readOnly: true },
      rng,
    );
  }
  if (p < 0.86) {
    const ci = roleCaller(
      rng,
      'github-actions-readonly',
      'AROAR3GITHUBRO1ABCDE',
      'aws-cli/2.22.4 exec-env/GitHubActions',
    );
    return record(
      { ...ci, rolePath: '/ci/' },
      {
        time,
        source: 'ec2.amazonaws.com',
        name: rng.pick(['DescribeInstances', 'DescribeVpcs', 'DescribeSubnets']),
        params: null,
        readOnly: true,
      },
      rng,
    );
  }
  const service: Caller = {
    account: ACCOUNT,
    kind: 'service',
    service: 'lambda.amazonaws.com',
    sourceIp: '',
    userAgent: '',
  };
  const target = `arn:aws:iam::${ACCOUNT}:role/app-${rng.int(1, 30)}-lambdaRole`;
  return record(
    service,
    {
      time,
      source: 'sts.amazonaws.com',
      name: 'AssumeRole',
      params: { roleArn: target, roleSessionName: `app-${rng.int(1, 30)}` },
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: target }],
    },
    rng,
  );
}

export interface GeneratedTrail {
  dir: string;
  files: string[];
  records: number;
  bytes: number;
}

/** Generate `records` records into `files` gzipped files under `dir` (S3 layout, sorted by time). */
export async function generateBenchTrail(
  dir: string,
  records: number,
  files: number,
  seed = 42,
): Promise<GeneratedTrail> {
  const rng = new Rng(seed);
  const perFile = Math.ceil(records / files);
  const out: string[] = [];
  let bytes = 0;
  let written = 0;
  for (let f = 0; f < files && written < records; f++) {
    const n = Math.min(perFile, records - written);
    const t0 = START + Math.floor((f / files) * SPAN_MS);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const time = new Date(t0 + Math.floor((i / n) * (SPAN_MS / files)))
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      parts.push(JSON.stringify(benchRecord(rng, time)));
    }
    const json = `{"Records":[${parts.join(',')}]}`;
    const d = new Date(t0);
    const day = d.toISOString().slice(0, 10).split('-');
    const stamp = d.toISOString().slice(0, 16).replace(/[-:]/g, '');
    const folder = path.join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', ...day);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `${ACCOUNT}_CloudTrail_us-east-1_${stamp}Z_${uniqueSuffix(rng)}.json.gz`);
    await writeFile(file, await gzipAsync(json));
    bytes += Buffer.byteLength(json);
    written += n;
    out.push(file);
  }
  return { dir, files: out.sort(), records: written, bytes };
}
