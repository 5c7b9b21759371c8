// The reader in worker threads: the same evidence, samples and capped resources as one
// thread (real fixtures and a generated multi-file trail), a bad file reported as in one
// thread, progress on the way, cancellation that ends every worker, and the worker count.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchTrail } from '../../bench/cloudtrail-data.js';
import type { SourceProgress } from '../../src/core/progress.js';
import type { SourceProblem } from '../../src/core/source-status.js';
import type { RoleRef } from '../../src/core/types.js';
import { ByteBudget, IN_FLIGHT_BUDGET } from '../../src/sources/cloudtrail/byte-budget.js';
import { MAX_RESOURCES_PER_ACTION, readCloudTrail } from '../../src/sources/cloudtrail/index.js';
import { principalOf } from '../../src/sources/cloudtrail/principal.js';
import { ReadTally } from '../../src/sources/cloudtrail/read-tally.js';
import { askedWorkers, autoWorkers } from '../../src/sources/cloudtrail/reader.js';
import { readFilesInWorkers, type SpawnWorker } from '../../src/sources/cloudtrail/worker-pool.js';
import { Worker as NodeWorker } from 'node:worker_threads';

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const INVICTUS = path.join(FIX, 'invictus-ir+aws_dataset', 'CloudTrail');
const TS_DATA = path.join(FIX, 'flosell+trailscraper', 'tests', 'cloudtrail', 'data');
const TS_JSON = path.join(
  TS_DATA,
  '111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json',
);
const CUSTODIAN = path.join(FIX, 'cloudtrail', 'cloud-custodian+cloud-custodian');

function ref(arn: string): RoleRef {
  return { arn, name: arn.split('/').pop()!, account: arn.split(':')[4]!, partition: 'aws' };
}
const STEAL = ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role');
const BERT_JAN = ref('arn:aws:iam::123837392027:user/bert-jan');
const PASSWORD = ref('arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role');

const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-ctw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A busy account over 8 gzipped files: each Lambda role reads S3 objects under ever-new
// keys, more than MAX_RESOURCES_PER_ACTION of them, so which keys are kept depends on
// the order files are folded in.
let generated: string[] = [];
beforeAll(async () => {
  generated = (await generateBenchTrail(path.join(tmp, 'generated'), 50_000, 8)).files;
}, 60_000);
const APP_ROLE = ref('arn:aws:iam::123456789012:role/app-3-lambdaRole');
const DEPLOYER = ref('arn:aws:iam::123456789012:role/serverless-deployer');

describe('worker threads give what one thread gives', () => {
  it.each([
    { name: 'invictus folder (55 files), a role', paths: () => [INVICTUS], role: STEAL },
    { name: 'invictus folder, an IAM user with 2,641 records', paths: () => [INVICTUS], role: BERT_JAN },
    {
      name: 'invictus folder inside a window',
      paths: () => [INVICTUS],
      role: PASSWORD,
      window: { start: '2023-07-10T11:00:00Z', end: '2023-07-10T12:20:00Z' },
    },
    {
      name: 'trailscraper plain and gzipped',
      paths: () => [TS_JSON, `${TS_JSON}.gz`],
      role: ref('arn:aws:iam::111111111111:role/someRole'),
    },
    {
      name: 'cloud-custodian EventBridge envelopes',
      paths: () => [CUSTODIAN],
      role: ref('arn:aws:iam::101010101111:role/Sandbox_Dev'),
    },
    { name: 'generated trail, the deployer', paths: () => generated, role: DEPLOYER },
  ])('$name', async ({ paths, role, window }) => {
    const one = await readCloudTrail(paths(), { role, window, workers: 1 });
    const many = await readCloudTrail(paths(), { role, window, workers: 3, cores: 16 });
    expect(one.length).toBeGreaterThan(0);
    expect(many).toEqual(one);
  });

  it('generated trail: the kept resources and samples past the cap are the ones one thread keeps', async () => {
    const one = await readCloudTrail(generated, { role: APP_ROLE, workers: 1 });
    const many = await readCloudTrail(generated, { role: APP_ROLE, workers: 4, cores: 16 });
    const gets = one.filter((e) => e.action === 's3:GetObject');
    expect(gets.filter((e) => e.resource !== undefined)).toHaveLength(MAX_RESOURCES_PER_ACTION);
    expect(gets.find((e) => e.resource === undefined)?.count).toBeGreaterThan(0);
    expect(many).toEqual(one);
  });
});

describe('a bad file among many', () => {
  it.each([
    { name: 'a truncated gzip', bad: (gz: Buffer) => gz.subarray(0, Math.floor(gz.length / 2)) },
    { name: 'a log file cut in the middle', bad: () => Buffer.from('{"Records":[{"eventVersion":"1.08",') },
  ])('$name: skipped and named as in one thread, the other files read', async ({ bad }) => {
    const dir = path.join(tmp, `bad-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    for (const f of generated) copyFileSync(f, path.join(dir, path.basename(f)));
    const names = readdirSync(dir).sort();
    const victim = path.join(dir, names[5]!);
    writeFileSync(victim, bad(readFileSync(victim)));
    const read = async (workers: number) => {
      const problems: SourceProblem[] = [];
      const evidence = await readCloudTrail([dir], {
        role: DEPLOYER,
        workers,
        cores: 16,
        onProblem: (p) => problems.push(p),
      });
      return { evidence, problems };
    };
    const one = await read(1);
    const many = await read(3);
    expect(one.problems).toHaveLength(1);
    expect(one.problems[0]!.message).toContain(victim);
    expect(many.problems).toEqual(one.problems);
    expect(many.evidence).toEqual(one.evidence);
    expect(one.evidence.length).toBeGreaterThan(0);
  });
});

describe('progress and cancellation', () => {
  it('progress counts files and records as one thread does, files done never going back', async () => {
    const runs = await Promise.all(
      [1, 3].map(async (workers) => {
        const events: SourceProgress[] = [];
        await readCloudTrail(generated, {
          role: DEPLOYER,
          workers,
          cores: 16,
          onProgress: (p) => events.push(p),
        });
        return events;
      }),
    );
    const [one, many] = runs as [SourceProgress[], SourceProgress[]];
    expect(many.at(-1)).toEqual(one.at(-1));
    expect(many.at(-1)).toMatchObject({ done: 8, total: 8, unit: 'files' });
    expect(many.at(-1)!.message).toMatch(/^50,000 records read, \d+ by serverless-deployer$/);
    const done = many.map((e) => e.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it('the signal ends every worker thread and the read rejects with its reason', async () => {
    const started: Worker[] = [];
    const exited: number[] = [];
    const spawn: SpawnWorker = (url, setup) => {
      const w = new NodeWorker(url, { workerData: setup });
      w.on('exit', (code) => exited.push(code));
      started.push(w);
      return w;
    };
    const controller = new AbortController();
    const tally = new ReadTally(generated.length, principalOf(DEPLOYER), (p) => {
      if (p.done === 1) controller.abort(new Error('user cancelled'));
    });
    const budget = new ByteBudget(IN_FLIGHT_BUDGET).shared;
    const setup = { role: DEPLOYER, budget, chunkBytes: 65_536 };
    const reading = readFilesInWorkers(generated, setup, tally, {
      workers: 3,
      signal: controller.signal,
      spawn,
    });
    await expect(reading).rejects.toThrow('user cancelled');
    expect(started).toHaveLength(3);
    expect(exited).toHaveLength(3);
    expect(tally.allDone).toBe(false);
  });

  it('a signal aborted before the start rejects without starting a worker', async () => {
    const before = new AbortController();
    before.abort(new Error('too late'));
    await expect(
      readCloudTrail(generated, { role: DEPLOYER, workers: 3, cores: 16, signal: before.signal }),
    ).rejects.toThrow('too late');
  });
});

describe('how many workers', () => {
  it.each([
    { asked: 3, env: '8', want: 3 },
    { asked: undefined, env: '2', want: 2 },
    { asked: undefined, env: ' 1 ', want: 1 },
    { asked: undefined, env: '', want: undefined },
    { asked: undefined, env: undefined, want: undefined },
  ])('option $asked, environment "$env" → $want', ({ asked, env, want }) => {
    expect(askedWorkers(asked, env)).toBe(want);
  });

  it.each(['0', '-2', '1.5', 'many'])('IAM_REFINE_CLOUDTRAIL_WORKERS=%s is a usage error', (env) => {
    expect(() => askedWorkers(undefined, env)).toThrow(
      /IAM_REFINE_CLOUDTRAIL_WORKERS must be a whole number/,
    );
  });

  it.each([
    { files: 200, bytes: 140e6, cores: 8, want: 8 },
    { files: 5, bytes: 140e6, cores: 8, want: 5 },
    { files: 3, bytes: 140e6, cores: 8, want: 1 },
    { files: 200, bytes: 1e6, cores: 8, want: 1 },
    { files: 200, bytes: 140e6, cores: 64, want: 8 },
    { files: 200, bytes: 140e6, cores: 1, want: 1 },
  ])('automatic: $files files, $bytes bytes, $cores cores → $want', ({ files, bytes, cores, want }) => {
    expect(autoWorkers(files, bytes, cores)).toBe(want);
  });
});
