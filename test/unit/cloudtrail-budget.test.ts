// The shared budget for decompressed bytes in flight (issue 14): one counter across every
// worker thread of a read, back-pressure when it is spent, and the evidence unchanged:
// many workers over a few large files give what one thread gives, within the budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchTrail } from '../../bench/cloudtrail-data.js';
import type { RoleRef } from '../../src/core/types.js';
import { ByteBudget, chunkBytesFor, IN_FLIGHT_BUDGET } from '../../src/sources/cloudtrail/byte-budget.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';
import { MAX_WORKERS, workerCount } from '../../src/sources/cloudtrail/reader.js';

const DEPLOYER: RoleRef = {
  arn: 'arn:aws:iam::123456789012:role/serverless-deployer',
  name: 'serverless-deployer',
  account: '123456789012',
  partition: 'aws',
};
const APP: RoleRef = {
  ...DEPLOYER,
  arn: 'arn:aws:iam::123456789012:role/app-3-lambdaRole',
  name: 'app-3-lambdaRole',
};

const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-budget-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let big: string[] = [];
let eight: string[] = [];
beforeAll(async () => {
  big = (await generateBenchTrail(path.join(tmp, 'big'), 24_000, 3)).files; // ~11 MB of JSON each
  eight = (await generateBenchTrail(path.join(tmp, 'eight'), 8_000, 8)).files;
}, 120_000);

describe('ByteBudget', () => {
  it('makes a reader wait until another releases, and lets a chunk larger than the budget through alone', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(60);
    let second = false;
    const waiting = budget.acquire(60).then(() => (second = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe(false);
    budget.release(60);
    await waiting;
    expect(second).toBe(true);
    budget.release(60);
    await budget.acquire(500); // alone: never stuck
    budget.release(500);
    expect(budget.peak).toBe(500);
  });

  it('shares one counter with another thread through its SharedArrayBuffer', async () => {
    const a = new ByteBudget(100);
    const b = new ByteBudget(a.shared);
    await a.acquire(70);
    expect(b.limit).toBe(100);
    let got = false;
    const waiting = b.acquire(40).then(() => (got = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toBe(false);
    a.release(70);
    await waiting;
    expect(a.peak).toBe(70);
  });

  it('sizes each reader so the readers together stay within the budget', () => {
    expect(chunkBytesFor(1)).toBe(256 * 1024);
    expect(chunkBytesFor(16) * 2 * 16).toBeLessThanOrEqual(IN_FLIGHT_BUDGET);
    expect(chunkBytesFor(64, 1 << 20)).toBe(16 * 1024);
  });
});

describe('the budget holds across worker threads, the evidence stays equal', () => {
  it('caps an asked worker count by the memory budget, the files and the cores', async () => {
    const files = Array.from({ length: 40 }, (_, i) => `f${i}.json.gz`);
    expect(await workerCount(files, 16, 16)).toBe(MAX_WORKERS);
    expect(MAX_WORKERS).toBeLessThan(16);
    expect(await workerCount(files.slice(0, 3), 16, 16)).toBe(3);
    expect(await workerCount(files, 5, 16)).toBe(5);
    // More threads than cores only take turns on them.
    expect(await workerCount(files, 16, 2)).toBe(2);
  });

  it.each([
    {
      name: '16 workers asked over 3 large files',
      files: () => big,
      workers: 16,
      limit: 64 * 1024,
      role: DEPLOYER,
    },
    {
      name: '8 workers over 8 files, a budget below 8 chunks',
      files: () => eight,
      workers: 8,
      limit: 48 * 1024,
      role: APP,
    },
  ])('$name', async ({ files, workers, limit, role }) => {
    const one = new ByteBudget(limit);
    const alone = await readCloudTrail(files(), { role, workers: 1, budget: one });
    const shared = new ByteBudget(limit);
    // As on a 16-core machine: the threads asked, however many cores this one has.
    const many = await readCloudTrail(files(), { role, workers, budget: shared, cores: 16 });
    expect(many).toEqual(alone);
    expect(alone.length).toBeGreaterThan(3);
    // Every reader held chunks in it, and never more than it at once.
    expect(shared.peak).toBeGreaterThan(0);
    expect(shared.peak).toBeLessThanOrEqual(limit);
    expect(one.peak).toBeLessThanOrEqual(limit);
  });
});
