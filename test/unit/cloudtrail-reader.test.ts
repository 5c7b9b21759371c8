// The file reader: every accepted shape (S3 log files plain and gzipped, folders in the
// S3 layout, JSON arrays, lookup-events output, EventBridge envelopes, a bare record),
// the window, progress, cancellation, and a clear error for every bad input.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { SourceProgress } from '../../src/core/progress.js';
import type { SourceProblem } from '../../src/core/source-status.js';
import type { RoleRef } from '../../src/core/types.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const INVICTUS = path.join(FIX, 'invictus-ir+aws_dataset', 'CloudTrail');
const TS = path.join(FIX, 'flosell+trailscraper', 'tests');
const TS_JSON = path.join(
  TS,
  'cloudtrail/data/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json',
);
const CUSTODIAN = path.join(FIX, 'cloudtrail', 'cloud-custodian+cloud-custodian');
const LOOKUP = path.join(FIX, 'cloudtrail', 'aws+aws-cli', 'lookup-events.json');
const AUTHZ = path.join(FIX, 'salesforce+cloudsplaining', 'test', 'files', 'example-authz-details.json');
const SSM_FILE = path.join(
  INVICTUS,
  '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
);

function ref(arn: string): RoleRef {
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}
const STEAL = ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role');
const SOME_ROLE = ref('arn:aws:iam::111111111111:role/someRole');

const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-ct-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(name: string, content: string | Buffer): string {
  const dir = path.join(tmp, `f${n++}`);
  mkdirSync(dir);
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function failure(paths: string[], role = STEAL): Promise<UserError> {
  try {
    await readCloudTrail(paths, { role });
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('accepted inputs', () => {
  it('a gzipped S3 log file reads the same as the plain one (trailscraper)', async () => {
    const plain = await readCloudTrail([TS_JSON], { role: SOME_ROLE });
    const gz = await readCloudTrail([`${TS_JSON}.gz`], { role: SOME_ROLE });
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({
      action: 'autoscaling:DescribeLaunchConfigurations',
      count: 1,
      resource: '*',
    });
    expect(gz).toEqual(plain);
  });

  it('a multi-member gzip (log files concatenated) reads as all of its members', async () => {
    const gz = readFileSync(`${TS_JSON}.gz`);
    const p = file('cat.json.gz', Buffer.concat([gz, gz, gz]));
    const [one] = await readCloudTrail([p], { role: SOME_ROLE });
    expect(one).toMatchObject({ action: 'autoscaling:DescribeLaunchConfigurations', count: 3 });
  });

  it('a gzipped file named .json is recognised by its magic bytes', async () => {
    const p = file('x.json', gzipSync(readFileSync(TS_JSON)));
    expect(await readCloudTrail([p], { role: SOME_ROLE })).toEqual(
      await readCloudTrail([TS_JSON], { role: SOME_ROLE }),
    );
  });

  it('a folder in the S3 layout: walked recursively, sorted, digest files and other files skipped', async () => {
    const root = path.join(tmp, 'AWSLogs');
    const day = path.join(root, '123837392027', 'CloudTrail', 'us-east-1', '2023', '07', '10');
    mkdirSync(day, { recursive: true });
    copyFileSync(SSM_FILE, path.join(day, path.basename(SSM_FILE)));
    writeFileSync(path.join(day, 'b.json.gz'), gzipSync(readFileSync(SSM_FILE)));
    writeFileSync(path.join(day, 'notes.txt'), 'not a log');
    const digest = path.join(root, '123837392027', 'CloudTrail-Digest', 'us-east-1');
    mkdirSync(digest, { recursive: true });
    writeFileSync(path.join(digest, 'd.json.gz'), gzipSync('{"digestStartTime":"x","logFiles":[]}'));
    const once = await readCloudTrail([SSM_FILE], { role: STEAL });
    const twice = await readCloudTrail([root], { role: STEAL });
    expect(twice.map((e) => [e.action, e.resource, e.count])).toEqual(
      once.map((e) => [e.action, e.resource, e.count * 2]),
    );
  });

  it('gives the same evidence and samples whatever the concurrency', async () => {
    const one = await readCloudTrail([INVICTUS], { role: STEAL, concurrency: 1 });
    const many = await readCloudTrail([INVICTUS], { role: STEAL, concurrency: 16 });
    expect(many).toEqual(one);
  });

  it('lookup-events output from the AWS CLI docs: a sign-in, so no evidence and no error', async () => {
    expect(await readCloudTrail([LOOKUP], { role: ref('arn:aws:iam::123456789012:role/my-role') })).toEqual(
      [],
    );
  });

  it('lookup-events output wrapping real records reads like the S3 file they came from', async () => {
    const records = (JSON.parse(readFileSync(SSM_FILE, 'utf8')) as { Records: { eventID: string }[] })
      .Records;
    const events = records.map((r) => ({ EventId: r.eventID, CloudTrailEvent: JSON.stringify(r) }));
    const p = file('lookup.json', JSON.stringify({ Events: events, NextToken: 'abc' }, null, 2));
    expect(await readCloudTrail([p], { role: STEAL })).toEqual(
      await readCloudTrail([SSM_FILE], { role: STEAL }),
    );
  });

  it('EventBridge envelopes and a bare record (cloud-custodian)', async () => {
    const s3 = await readCloudTrail([path.join(CUSTODIAN, 'event-cloud-trail-s3.json')], {
      role: ref('arn:aws:iam::101010101111:role/Sandbox_Dev'),
    });
    expect(s3.map((e) => [e.action, e.resource])).toEqual([['s3:CreateBucket', 'arn:aws:s3:::cwe-test']]);
    const bare = await readCloudTrail(
      [path.join(CUSTODIAN, 'event-cloud-trail-run-instance-creator-assumed.json')],
      {
        role: ref('arn:aws:iam::03412312600:role/GR_Dev_Developer'),
      },
    );
    expect(bare.map((e) => e.action)).toContain('ec2:RunInstances');
  });

  it('an array of EventBridge envelopes, and JSON Lines of them', async () => {
    const envelope = readFileSync(path.join(CUSTODIAN, 'event-cloud-trail-s3.json'), 'utf8');
    const role = ref('arn:aws:iam::101010101111:role/Sandbox_Dev');
    const arr = file('a.json', `[${envelope},${envelope}]`);
    const lines = file(
      'l.json',
      `${JSON.stringify(JSON.parse(envelope))}\n${JSON.stringify(JSON.parse(envelope))}\n`,
    );
    expect((await readCloudTrail([arr], { role }))[0]?.count).toBe(2);
    expect((await readCloudTrail([lines], { role }))[0]?.count).toBe(2);
  });

  it('keeps only records inside the window', async () => {
    const all = await readCloudTrail([SSM_FILE], { role: STEAL });
    const window = { start: '2023-07-10T11:57:30Z', end: '2023-07-10T11:58:00Z' };
    const some = await readCloudTrail([SSM_FILE], { role: STEAL, window });
    const total = (ev: typeof all) => ev.reduce((k, e) => k + e.count, 0);
    expect(total(some)).toBeGreaterThan(0);
    expect(total(some)).toBeLessThan(total(all));
    for (const e of some) {
      expect(e.firstSeen! >= window.start && e.lastSeen! <= window.end).toBe(true);
    }
  });

  it('reports progress in files and records', async () => {
    const events: SourceProgress[] = [];
    await readCloudTrail([INVICTUS], { role: STEAL, onProgress: (p) => events.push(p) });
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      source: 'cloudtrail',
      state: 'running',
      unit: 'files',
      done: 55,
      total: 55,
    });
    expect(last.message).toBe('2,900 records read, 15 by stratus-red-team-ec2-steal-credentials-role');
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const reading = readCloudTrail([INVICTUS], {
      role: STEAL,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort(new Error('user cancelled'));
      },
    });
    await expect(reading).rejects.toThrow('user cancelled');
    const before = new AbortController();
    before.abort();
    await expect(readCloudTrail([INVICTUS], { role: STEAL, signal: before.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe('bad inputs give a UserError naming the file', () => {
  const records = readFileSync(SSM_FILE, 'utf8');
  const gz = readFileSync(`${TS_JSON}.gz`);
  const cases: { name: string; make: () => string; where?: RegExp; message: RegExp; hint?: RegExp }[] = [
    {
      name: 'a missing path',
      make: () => path.join(tmp, 'nope.json'),
      where: /^--cloudtrail .*nope\.json$/,
      message: /not found/,
    },
    { name: 'an empty file', make: () => file('empty.json', ''), message: /^is empty$/ },
    { name: 'a file of white space', make: () => file('ws.json', ' \n\n'), message: /^is empty$/ },
    {
      name: 'an empty gzip',
      make: () => file('e.json.gz', gzipSync('')),
      message: /is empty once decompressed/,
    },
    {
      name: 'a truncated gzip',
      make: () => file('t.json.gz', gz.subarray(0, Math.floor(gz.length / 2))),
      message: /truncated/,
      hint: /Download the file again/,
    },
    {
      name: 'gzip magic with garbage after it',
      make: () =>
        file('g.json.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage garbage garbage')])),
      message: /not valid gzip data/,
    },
    {
      name: 'invalid JSON inside a record of the role',
      make: () =>
        file(
          'bad.json',
          records.replace('"eventName":"UpdateInstanceInformation"', '"eventName":UpdateInstanceInformation'),
        ),
      message: /^record \d+ \(byte \d+\) is not valid JSON/,
    },
    {
      name: 'a log file cut in the middle',
      make: () => file('cut.json', records.slice(0, Math.floor(records.length / 2))),
      message:
        /is not valid CloudTrail JSON \(record \d+, byte \d+\): the JSON ends in the middle of item \d+/,
    },
    {
      name: 'a file that is not JSON',
      make: () => file('x.json', 'eventName,eventSource\n'),
      message: /found "e"/,
    },
    {
      name: 'an array of numbers',
      make: () => file('n.json', '[1,2]'),
      message: /record 0, byte 1\): item 0 is not a JSON object/,
    },
    {
      name: 'X-Ray batch-get-traces output',
      make: () =>
        file(
          'traces.json',
          JSON.stringify({ Traces: [{ Id: '1-5e1b2c3d-0123456789abcdef01234567', Segments: [] }] }),
        ),
      message: /is X-Ray trace data, not CloudTrail logs/,
      hint: /--xray-traces/,
    },
    {
      name: 'an array of X-Ray segment documents',
      make: () =>
        file(
          'segments.json',
          JSON.stringify([
            {
              name: 'orders',
              id: '70de5b6f19ff9a0a',
              trace_id: '1-581cf771-a006649127e371903a2de979',
              start_time: 1,
              end_time: 2,
            },
          ]),
        ),
      message: /^record 0 \(byte 1\) is X-Ray trace data/,
      hint: /--xray-traces/,
    },
    {
      name: 'authorization details (cloudsplaining)',
      make: () => AUTHZ,
      message: /get-account-authorization-details/,
      hint: /--authorization-details/,
    },
    {
      name: 'a policy document (trailscraper)',
      make: () => path.join(TS, 'smoke', 'policy-to-guess.json'),
      message: /holds an object with keys Version, Statement: expected CloudTrail logs/,
    },
    {
      name: 'a CloudTrail digest file',
      make: () =>
        file('digest.json.gz', gzipSync('{"awsAccountId":"1","digestStartTime":"x","logFiles":[]}')),
      message: /digest file/,
      hint: /CloudTrail-Digest/,
    },
    {
      name: 'a folder without log files',
      make: () => path.dirname(file('readme.txt', 'x')),
      where: /^--cloudtrail /,
      message: /holds no \.json or \.json\.gz files/,
    },
  ];
  it.each(cases)('$name', async ({ make, where, message, hint }) => {
    const p = make();
    const e = await failure([p]);
    expect(e.kind).toBe('input');
    expect(e.where).toMatch(where ?? new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(e.message).toMatch(message);
    if (hint) expect(e.hint).toMatch(hint);
  });

  it('a problem in one file of many skips that file, names it as a problem, and reads the others', async () => {
    const bad = file('zz.json', '{"Records":[{"eventSource":');
    const problems: SourceProblem[] = [];
    const evidence = await readCloudTrail([INVICTUS, bad], {
      role: STEAL,
      onProblem: (p) => problems.push(p),
    });
    expect(evidence).toEqual(await readCloudTrail([INVICTUS], { role: STEAL }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`${bad}: `);
    expect(problems[0]!.message).toContain('(file skipped)');
  });

  it('every file bad: the read fails with the first file named', async () => {
    const a = file('a.json', '{"Records":[{"eventSource":');
    const b = file('b.json', 'not json');
    const e = await failure([a, b]);
    expect(e.where).toBe(a);
  });
});

describe('records with wrong field types are skipped and counted, with the file and record named', () => {
  const issuer = 'arn:aws:iam::123456789012:role/deployer';
  const good = {
    eventVersion: '1.08',
    eventTime: '2026-11-10T10:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    eventType: 'AwsApiCall',
    eventID: 'good-1',
    awsRegion: 'us-east-1',
    recipientAccountId: '123456789012',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/deployer/s',
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'Role', arn: issuer, accountId: '123456789012' } },
    },
    requestParameters: null,
  };
  const DEPLOYER_ROLE: RoleRef = { arn: issuer, name: 'deployer', account: '123456789012', partition: 'aws' };
  it.each([
    { field: 'eventTime a number', patch: { eventTime: 1731232800 }, says: /eventTime is a number/ },
    { field: 'errorCode a number', patch: { errorCode: 403 }, says: /errorCode is a number/ },
    { field: 'eventSource __proto__', patch: { eventSource: '__proto__' }, says: /eventSource "__proto__"/ },
    {
      field: 'eventTime not a date',
      patch: { eventTime: 'yesterday' },
      says: /eventTime "yesterday" is not a date/,
    },
    {
      field: 'requestParameters a string',
      patch: { requestParameters: 'x' },
      says: /requestParameters is a string/,
    },
    { field: 'resources an object', patch: { resources: { ARN: 'x' } }, says: /resources is an object/ },
    {
      field: 'resources[0].ARN a number',
      patch: { resources: [{ ARN: 5 }] },
      says: /resources\[0\]\.ARN is a number/,
    },
    { field: 'userIdentity an array', patch: { userIdentity: [issuer] }, says: /userIdentity is an array/ },
    {
      field: 'sessionIssuer.arn an array',
      patch: { userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: [issuer] } } } },
      says: /sessionIssuer\.arn is an array/,
    },
  ])('$field', async ({ patch, says }) => {
    const records = [good, { ...good, eventID: 'bad-1', ...patch }, { ...good, eventID: 'good-2' }];
    const p = file('typed.json', JSON.stringify({ Records: records }));
    const problems: SourceProblem[] = [];
    const evidence = await readCloudTrail([p], { role: DEPLOYER_ROLE, onProblem: (x) => problems.push(x) });
    expect(evidence.find((e) => e.action === 's3:ListAllMyBuckets')?.count).toBe(2);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`${p}: 1 record skipped (record 1 (byte `);
    expect(problems[0]!.message).toMatch(says);
  });
});
