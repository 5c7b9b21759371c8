// The splitter's fast path (record-segments.ts): over S3 log files it returns exactly the
// items the byte-by-byte scan returns, however the stream is cut and however records are
// laid out, and a broken file makes it give up (FastSplitLost), after which the file
// reader reads the file again exactly: same evidence, same errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoleRef } from '../../src/core/types.js';
import { fileTaskFor, readFileEvidence } from '../../src/sources/cloudtrail/file-evidence.js';
import { scanCloudTrailFile } from '../../src/sources/cloudtrail/file-reader.js';
import { prefilterFor } from '../../src/sources/cloudtrail/prefilter.js';
import { principalOf } from '../../src/sources/cloudtrail/principal.js';
import { FastSplitLost, isOneObject } from '../../src/sources/cloudtrail/record-segments.js';
import { JsonItemSplitter } from '../../src/sources/cloudtrail/splitter.js';

const FILE = path.join(
  import.meta.dirname,
  '..',
  'fixtures',
  'invictus-ir+aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
);
const real = readFileSync(FILE);
const ROLE = 'arn:aws:iam::218007301253:role/stratus-red-team-ec2-steal-credentials-role';

function filterFor(arn: string) {
  return prefilterFor(principalOf({ arn, name: arn.split('/').pop()!, account: '', partition: 'aws' }));
}

function split(bytes: Buffer, size: number, fast: boolean, arn = ROLE) {
  const splitter = new JsonItemSplitter({ filter: filterFor(arn).forFile(), fast });
  const items: string[] = [];
  for (let i = 0; i < bytes.length; i += size)
    for (const it of splitter.push(bytes.subarray(i, i + size)))
      items.push(`${it.index}@${it.offset}:${it.bytes.toString('utf8')}`);
  splitter.end();
  return { items, count: splitter.itemCount, fast: splitter.usedFast };
}

describe('fast record split', () => {
  it.each([
    ['a role', ROLE],
    ['a role in another case', ROLE.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')],
    ['an IAM user', 'arn:aws:iam::218007301253:user/bert-jan'],
    ['nobody', 'arn:aws:iam::218007301253:role/nobody-here'],
  ])('%s: the same items, indexes and offsets as the exact scan, in any chunking', (_, arn) => {
    const exact = split(real, real.length, false, arn);
    for (const size of [real.length, 65_536, 4_096, 1_000, 97]) {
      const got = split(real, size, true, arn);
      expect(got.items).toEqual(exact.items);
      expect(got.count).toBe(exact.count);
    }
    expect(split(real, 65_536, true, arn).fast).toBe(true);
  });

  const record = (i: number, who: string, extra = '') =>
    `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/${who}/s"}${extra},"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"e${i}"}`;
  const file = (records: string[]) => Buffer.from(`{"Records":[${records.join(',')}]}`);
  const many = (n: number, at: number, special: string) =>
    Array.from({ length: n }, (_, i) =>
      i === at ? special : record(i, i % 10 === 3 ? 'deployer' : 'other'),
    );

  it.each([
    [
      'a record whose eventVersion is not its first key',
      `{"eventSource":"x","eventVersion":"1","eventName":"y"}`,
    ],
    [
      "the role's record holding an object that starts like one",
      record(50, 'deployer', `,"x":[{"a":1},{"eventVersion":"1","arn":"assumed-role/deployer/s"}]`),
    ],
    ['a record holding a nested eventVersion key', record(50, 'other', `,"x":{"eventVersion":"2"}`)],
    ['a record holding one first in an array', record(50, 'deployer', `,"x":[{"eventVersion":"2"}]`)],
  ])('hands %s to the exact scan: the same items', (_, special) => {
    const bytes = file(many(200, 50, special));
    const exact = split(bytes, bytes.length, false, 'arn:aws:iam::1:role/deployer');
    expect(exact.count).toBe(200);
    for (const size of [bytes.length, 4_096, 333]) {
      const got = split(bytes, size, true, 'arn:aws:iam::1:role/deployer');
      expect(got.items).toEqual(exact.items);
      expect(got.count).toBe(200);
      expect(got.fast).toBe(true);
    }
  });

  it('reads multi-member gzip content ({"Records":[...]} values in a row) like the exact scan', () => {
    const bytes = Buffer.concat([file(many(120, -1, '')), Buffer.from('\n'), file(many(80, -1, ''))]);
    const exact = split(bytes, bytes.length, false, 'arn:aws:iam::1:role/deployer');
    const got = split(bytes, 4_096, true, 'arn:aws:iam::1:role/deployer');
    expect(exact.count).toBe(200);
    expect(got).toEqual({ ...exact, fast: true });
  });

  it('gives up on a broken file once it split records natively, and never before', () => {
    const broken = Buffer.from(
      file(many(200, -1, ''))
        .toString()
        .replace('"e150"}', '"e150"]'),
    );
    expect(() => split(broken, 4_096, true, 'arn:aws:iam::1:role/deployer')).toThrow(FastSplitLost);
    const whole = file(many(200, -1, ''));
    const truncated = whole.subarray(0, whole.length - 100);
    expect(() => split(truncated, 4_096, true, 'arn:aws:iam::1:role/deployer')).toThrow(
      /fast record split lost/,
    );
    // The first record is always scanned exactly: a file broken there gets the exact error.
    expect(() => split(Buffer.from('{"Records":[{"eventVersion":]}'), 4_096, true)).toThrow(/unexpected "]"/);
  });

  it('isOneObject: exactly one object from the first byte to the last', () => {
    const ok = Buffer.from('{"a":"}\\"{","b":[{}]}');
    expect(isOneObject(ok, 0, ok.length)).toBe(true);
    expect(isOneObject(Buffer.from('{"a":1}}'), 0, 8)).toBe(false);
    expect(isOneObject(Buffer.from('{"a":1},{'), 0, 9)).toBe(false);
    expect(isOneObject(Buffer.from('{"a":{}'), 0, 7)).toBe(false);
  });
});

describe('readFileEvidence when the fast path gives up', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'iam-refine-fast-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const role: RoleRef = {
    arn: 'arn:aws:iam::1:role/deployer',
    name: 'deployer',
    account: '1',
    partition: 'aws',
  };
  const write = (name: string, bytes: Buffer) => {
    const f = path.join(tmp, name);
    writeFileSync(f, gzipSync(bytes));
    return f;
  };
  const records = (i: number) =>
    `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/${i % 7 === 0 ? 'deployer' : 'other'}/s","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1:role/${i % 7 === 0 ? 'deployer' : 'other'}"}}},"eventTime":"2026-11-02T00:00:${String(i % 60).padStart(2, '0')}Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","requestParameters":{"bucketName":"b${i % 3}","key":"k"},"eventID":"e${i}","eventType":"AwsApiCall","recipientAccountId":"1"}`;

  it('gives the evidence of a file laid out as CloudTrail writes it, whatever the layout', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => records(i));
    const plain = write('plain.json.gz', Buffer.from(`{"Records":[${list.join(',')}]}`));
    // Record 2000 has its keys in another order: the fast path cannot find its start.
    list[2000] = list[2000]!.replace('{"eventVersion":"1.08",', '{').replace(/}$/, ',"eventVersion":"1.08"}');
    const reordered = write('reordered.json.gz', Buffer.from(`{"Records":[${list.join(',')}]}`));
    const task = fileTaskFor(role);
    const a = await readFileEvidence(plain, task, { chunkBytes: 16_384 });
    const b = await readFileEvidence(reordered, fileTaskFor(role), { chunkBytes: 16_384 });
    expect(a.items).toBe(3000);
    expect(b).toEqual(a);
    expect(a.matched).toBe(Math.ceil(3000 / 7));
  });

  it('reads a broken file again byte by byte: the exact error', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => records(i));
    list[2500] = list[2500]!.replace(/}$/, ']');
    const text = `{"Records":[${list.join(',')}]}`;
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, text);
    const exact = await scanCloudTrailFile(broken, { onRecord: () => {} }).catch((e: Error) => e.message);
    expect(exact).toMatch(/record 2500, byte \d+\): unexpected "]"/);
    const read = readFileEvidence(broken, fileTaskFor(role), { chunkBytes: 16_384 });
    await expect(read).rejects.toThrow(exact as string);
  });
});
