// Generates the demo account's CloudTrail logs (demo/cloudtrail/) in the real S3 layout:
// AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<delivery>Z_<unique>.json.gz,
// one gzipped {"Records":[...]} per 5-minute delivery. Deterministic: a seeded generator
// makes every id, and gzip output has no timestamp. Run: node --import tsx scripts/generate-demo-cloudtrail.ts [DIR]
//
// The story (2026-11-02 .. 2026-11-20): serverless-deployer deploys the notes app's prod
// stack, updates it four times, deploys and removes a preview stack (pr42), and runs
// `serverless info` last (its RoleLastUsed in authorization-details.json). An SCP denies
// iam:CreatePolicy and organizations:DescribeOrganization. Other principals share the
// trail, so role selection matters: the IAM users who assume the deployer role, the
// Lambda roles' S3 data events on the attachments bucket, a read-only CI role, the
// CloudTrail service, and a console sign-in.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ACCOUNT,
  REGION,
  at,
  firstDeploy,
  info,
  remove,
  updateDeploy,
  type Session,
} from './cloudtrail-demo/deployer.js';
import {
  accessKey,
  record,
  Rng,
  s3Resources,
  uniqueSuffix,
  type Call,
  type Caller,
} from './cloudtrail-demo/records.js';

const rng = new Rng(20261102);
/** Output folder: demo/cloudtrail, or the first argument (the test regenerates into a temp folder). */
const out = path.resolve(process.argv[2] ?? path.join('demo', 'cloudtrail'));
const SLS_UA = 'aws-sdk-nodejs/2.1692.0 darwin/v20.18.0 promise exec-env/serverless';
const PROD = 'notes-app-api-prod';
const PROD_ID = '6f0e2a30-b87c-11f0-9d41-0e8a3c5f7b21';
const PREVIEW = 'notes-app-api-pr42';
const PREVIEW_ID = '0b7c1d90-c2f4-11f0-a1c3-12f9e4d6a8b3';
const ATTACHMENTS = 'notes-app-attachments-prod';

const users = {
  alice: { userId: 'AIDAR3ALICE4EXAMPLE7Q', ip: '203.0.113.24' },
  bob: { userId: 'AIDAR3BOB9EXAMPLE2KZP', ip: '198.51.100.7' },
};
type UserName = keyof typeof users;

const records: Record<string, unknown>[] = [];
const add = (caller: Caller, call: Call) => records.push(record(caller, call, rng));

function iamUser(name: UserName): Caller {
  const u = users[name];
  return {
    account: ACCOUNT,
    kind: 'user',
    userName: name,
    userId: u.userId,
    accessKeyId: accessKey(rng, false),
    sourceIp: u.ip,
    userAgent:
      'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source command/sts.assume-role',
  };
}

/** The user assumes the deployer role (their own record), then the session's calls. */
function deployerSession(user: UserName, s: Session): void {
  const assumedAt = at(s.start, -2);
  add(iamUser(user), {
    time: assumedAt,
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    params: {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/serverless-deployer`,
      roleSessionName: user,
      durationSeconds: 3600,
      serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${user}`,
    },
    response: {
      assumedRoleUser: {
        assumedRoleId: `AROAR3DEPLOYER8LMN0PQ:${user}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/serverless-deployer/${user}`,
      },
    },
    readOnly: true,
    resources: [
      { accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/serverless-deployer` },
    ],
  });
  const caller: Caller = {
    account: ACCOUNT,
    kind: 'role',
    roleName: 'serverless-deployer',
    roleId: 'AROAR3DEPLOYER8LMN0PQ',
    session: user,
    sessionStart: assumedAt,
    mfa: true,
    accessKeyId: accessKey(rng),
    sourceIp: users[user].ip,
    userAgent: SLS_UA,
  };
  for (const call of s.calls) add(caller, call);
}

deployerSession(
  'alice',
  firstDeploy(
    '2026-11-02T06:40:00Z',
    'alice',
    PROD,
    PROD_ID,
    ['create', 'get', 'list', 'update', 'delete'],
    true,
  ),
);
deployerSession(
  'alice',
  updateDeploy('2026-11-05T10:02:00Z', 'alice', PROD, PROD_ID, { createPolicy: true }),
);
deployerSession('bob', updateDeploy('2026-11-09T16:40:00Z', 'bob', PROD, PROD_ID, {}));
deployerSession(
  'alice',
  updateDeploy('2026-11-13T09:15:00Z', 'alice', PROD, PROD_ID, { createPolicy: true }),
);
deployerSession(
  'bob',
  firstDeploy('2026-11-16T14:00:00Z', 'bob', PREVIEW, PREVIEW_ID, ['create', 'list'], false),
);
deployerSession(
  'bob',
  remove('2026-11-17T11:30:00Z', 'bob', PREVIEW, PREVIEW_ID, ['create', 'list'], '2026-11-16T14:00:00Z'),
);
deployerSession('alice', updateDeploy('2026-11-18T15:20:13Z', 'alice', PROD, PROD_ID, {}));
deployerSession('alice', info('2026-11-20T16:05:48Z', 'alice', PROD));

/** The Lambda functions' S3 data events on the attachments bucket (their execution roles). */
const lambdaS3: [fn: string, roleId: string, calls: string[]][] = [
  ['create', 'AROAR3NOTESCREATE7QX2', ['PutObject']],
  ['get', 'AROAR3NOTESGET5KDP4ZA', ['HeadObject', 'GetObject']],
  ['update', 'AROAR3NOTESUPDATE9TY1', ['PutObject']],
  ['delete', 'AROAR3NOTESDELETE4HJ6', ['DeleteObject']],
];
/** Every function's execution role: each logs its own log streams. */
const lambdaRoles: [fn: string, roleId: string][] = [
  ...lambdaS3.map(([fn, roleId]): [string, string] => [fn, roleId]),
  ['list', 'AROAR3NOTESLIST8MV3QA'],
];
const userIds = [
  'us-east-1:7d2f9a41-3c5e-4b8a-9e1f-2a6c8d0b4e73',
  'us-east-1:c41b8e02-9f7d-4a35-b6e2-1d9a7c3f5e08',
];
for (let day = 2; day <= 20; day++) {
  for (const [fn, roleId, names] of lambdaS3) {
    const caller: Caller = {
      account: ACCOUNT,
      kind: 'role',
      roleName: `${PROD}-${fn}-${REGION}-lambdaRole`,
      roleId,
      session: `${PROD}-${fn}`,
      sessionStart: `2026-11-${String(day).padStart(2, '0')}T07:55:00Z`,
      accessKeyId: accessKey(rng),
      sourceIp: '3.84.112.9',
      userAgent: `aws-sdk-js/3.699.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.aarch64 lang/js md/nodejs#20.18.0 api/s3#3.699.0 exec-env/AWS_Lambda_nodejs20.x`,
    };
    for (let i = 0; i < 2; i++) {
      const key = `private/${rng.pick(userIds)}/${rng.uuid()}.png`;
      const time = `2026-11-${String(day).padStart(2, '0')}T${String(rng.int(8, 22)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}Z`;
      for (const name of names) {
        add(caller, {
          time,
          source: 's3.amazonaws.com',
          name,
          params: { bucketName: ATTACHMENTS, key },
          readOnly: name !== 'PutObject' && name !== 'DeleteObject',
          data: true,
          resources: s3Resources(ACCOUNT, ATTACHMENTS, key),
          additional: {
            bytesTransferredIn: name === 'PutObject' ? 182044 : 0,
            bytesTransferredOut: name === 'GetObject' ? 182044 : 0,
          },
        });
      }
    }
  }
  // Lambda creates each new execution environment's log stream with the function's
  // execution role: CloudTrail logs it as that role's management event.
  for (const [fn, roleId] of lambdaRoles) {
    const caller: Caller = {
      account: ACCOUNT,
      kind: 'role',
      roleName: `${PROD}-${fn}-${REGION}-lambdaRole`,
      roleId,
      session: `${PROD}-${fn}`,
      sessionStart: `2026-11-${String(day).padStart(2, '0')}T07:55:00Z`,
      accessKeyId: accessKey(rng),
      sourceIp: '3.84.112.9',
      userAgent: 'awslambda-worker/1.0 rusid/2c3d8e1f-0a7b-4b6e-9c51-6f2e8d1a4b90',
    };
    const date = `2026/11/${String(day).padStart(2, '0')}`;
    add(caller, {
      time: `2026-11-${String(day).padStart(2, '0')}T07:55:01Z`,
      source: 'logs.amazonaws.com',
      name: 'CreateLogStream',
      params: {
        logGroupName: `/aws/lambda/${PROD}-${fn}`,
        logStreamName: `${date}/[$LATEST]${rng.uuid().replace(/-/g, '')}`,
      },
      readOnly: false,
    });
  }
  const ci: Caller = {
    account: ACCOUNT,
    kind: 'role',
    roleName: 'github-actions-readonly',
    rolePath: '/ci/',
    roleId: 'AROAR3GITHUBRO1ABCDE',
    session: `GitHubActions-${rng.int(1000000000, 9999999999)}`,
    sessionStart: `2026-11-${String(day).padStart(2, '0')}T05:59:58Z`,
    accessKeyId: accessKey(rng),
    sourceIp: '140.82.112.21',
    userAgent:
      'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/GitHubActions',
  };
  const morning = `2026-11-${String(day).padStart(2, '0')}T06:00:00Z`;
  add(ci, {
    time: at(morning, 1),
    source: 'cloudformation.amazonaws.com',
    name: 'DescribeStacks',
    params: { stackName: PROD },
    readOnly: true,
  });
  add(ci, {
    time: at(morning, 2),
    source: 'lambda.amazonaws.com',
    name: 'ListFunctions20150331',
    params: null,
    readOnly: true,
  });
  const trail: Caller = {
    account: ACCOUNT,
    kind: 'service',
    service: 'cloudtrail.amazonaws.com',
    sourceIp: '',
    userAgent: '',
  };
  add(trail, {
    time: at(morning, 37),
    source: 's3.amazonaws.com',
    name: 'GetBucketAcl',
    params: { bucketName: `aws-cloudtrail-logs-${ACCOUNT}-3f1a2b`, acl: '' },
    readOnly: true,
    resources: s3Resources(ACCOUNT, `aws-cloudtrail-logs-${ACCOUNT}-3f1a2b`),
  });
}
add(
  {
    ...iamUser('alice'),
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  },
  {
    time: '2026-11-10T08:58:12Z',
    source: 'signin.amazonaws.com',
    name: 'ConsoleLogin',
    readOnly: false,
    response: { ConsoleLogin: 'Success' },
    additional: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'Yes',
    },
    eventType: 'AwsConsoleSignIn',
  },
);

// Deliver: every record goes into the file of the 5-minute window after its time.
records.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
const files = new Map<string, Record<string, unknown>[]>();
for (const r of records) {
  const t = Date.parse(String(r.eventTime));
  const delivery = new Date(Math.floor(t / 300_000) * 300_000 + 300_000);
  const key = delivery.toISOString();
  files.set(key, [...(files.get(key) ?? []), r]);
}
rmSync(out, { recursive: true, force: true });
for (const [delivery, recs] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  const ymd = delivery.slice(0, 10).split('-');
  const stamp = delivery.slice(0, 16).replace(/[-:]/g, '');
  const dir = path.join(out, 'AWSLogs', ACCOUNT, 'CloudTrail', REGION, ...ymd);
  mkdirSync(dir, { recursive: true });
  const name = `${ACCOUNT}_CloudTrail_${REGION}_${stamp}Z_${uniqueSuffix(rng)}.json.gz`;
  writeFileSync(path.join(dir, name), gzipSync(JSON.stringify({ Records: recs }), { level: 9 }));
}
console.log(`${path.relative(process.cwd(), out)}: ${records.length} records in ${files.size} files`);
