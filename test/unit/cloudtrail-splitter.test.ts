import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonItemSplitter, SplitError, type RawItem } from '../../src/sources/cloudtrail/splitter.js';

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const INVICTUS = path.join(
  FIX,
  'invictus-ir+aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
);
const STRATUS = path.join(
  FIX,
  'DataDog+stratus-red-team/docs/detonation-logs/aws.credential-access.ec2-get-password-data.json',
);
const TRAILSCRAPER = path.join(
  FIX,
  'flosell+trailscraper/tests/cloudtrail/data/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json',
);
const LOOKUP = path.join(FIX, 'cloudtrail/aws+aws-cli/lookup-events.json');

/** Feed `bytes` in chunks of `size` and collect the items. */
function split(bytes: Buffer, size: number): { items: RawItem[]; splitter: JsonItemSplitter } {
  const splitter = new JsonItemSplitter();
  const items: RawItem[] = [];
  for (let i = 0; i < bytes.length; i += size) items.push(...splitter.push(bytes.subarray(i, i + size)));
  splitter.end();
  return { items, splitter };
}

const parsed = (items: RawItem[]) => items.map((i) => JSON.parse(i.bytes.toString('utf8')) as unknown);

describe('JsonItemSplitter on real files', () => {
  const cases: { name: string; file: string; kind: string; container?: string }[] = [
    {
      name: 'invictus S3 log file {"Records":[...]}',
      file: INVICTUS,
      kind: 'records',
      container: 'Records',
    },
    { name: 'stratus-red-team JSON array', file: STRATUS, kind: 'array', container: undefined },
    {
      name: 'trailscraper pretty-printed',
      file: TRAILSCRAPER,
      kind: 'records',
      container: 'Records',
    },
    { name: 'lookup-events output', file: LOOKUP, kind: 'events', container: 'Events' },
  ];
  // Chunk size 1 puts a boundary at every byte: inside strings, escapes, keys, numbers.
  it.each(cases.flatMap((c) => [1, 7, 4096, 1 << 30].map((size) => ({ ...c, size }))))(
    '$name in chunks of $size bytes',
    ({ file, kind, container, size }) => {
      const bytes = readFileSync(file);
      const { items, splitter } = split(bytes, size);
      expect(splitter.kind).toBe(kind);
      const whole = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      expect(parsed(items)).toEqual(container ? whole[container] : whole);
      expect(items.map((i) => i.index)).toEqual(items.map((_, n) => n));
      // Offsets point at the item's opening brace in the decompressed stream.
      for (const item of items) expect(bytes[item.offset]).toBe(0x7b);
    },
  );
});

describe('JsonItemSplitter on edge cases', () => {
  const cases: { name: string; text: string; kind: string; items: unknown[] }[] = [
    {
      name: 'strings holding quotes, braces and backslashes',
      text: '{"Records":[{"a":"x\\"}]{[","b":"\\\\"},{"c":"\\\\\\""}]}',
      kind: 'records',
      items: [{ a: 'x"}]{[', b: '\\' }, { c: '\\"' }],
    },
    {
      name: 'keys before and after the container (lookup-events with NextToken first)',
      text: '{"NextToken":"t[{","Events":[{"EventId":"1"}],"Other":{"x":[1]}}',
      kind: 'events',
      items: [{ EventId: '1' }],
    },
    {
      name: 'a key named Records whose value is not an array',
      text: '{"Records":"none","eventSource":"s3.amazonaws.com"}',
      kind: 'single',
      items: [{ Records: 'none', eventSource: 's3.amazonaws.com' }],
    },
    { name: 'an empty container', text: '{"Records":[]}', kind: 'records', items: [] },
    { name: 'an empty array', text: ' [ ] ', kind: 'array', items: [] },
    {
      name: 'JSON Lines of EventBridge envelopes',
      text: '{"detail":{"eventName":"A"}}\n{"detail":{"eventName":"B"}}\n',
      kind: 'single',
      items: [{ detail: { eventName: 'A' } }, { detail: { eventName: 'B' } }],
    },
    {
      name: 'a UTF-8 byte order mark and non-ASCII text',
      text: '\uFEFF[{"userAgent":"Grüße ✓"}]',
      kind: 'array',
      items: [{ userAgent: 'Grüße ✓' }],
    },
  ];
  it.each(cases.flatMap((c) => [1, 3, 1024].map((size) => ({ ...c, size }))))(
    '$name (chunks of $size)',
    ({ text, kind, items, size }) => {
      const { items: got, splitter } = split(Buffer.from(text), size);
      expect(splitter.kind).toBe(kind);
      expect(parsed(got)).toEqual(items);
    },
  );

  const errors: { name: string; text: string; message: RegExp; offset: number; index?: number }[] = [
    {
      name: 'truncated inside a record',
      text: '{"Records":[{"a":1},{"b":"x',
      message: /ends in the middle of item 1/,
      offset: 27,
      index: 1,
    },
    {
      name: 'truncated between records',
      text: '{"Records":[{"a":1},',
      message: /ends in the middle of a value/,
      offset: 20,
    },
    { name: 'XML instead of JSON', text: '<?xml version="1.0"?>', message: /found "<"/, offset: 0 },
    { name: 'a bare string', text: '"Records"', message: /found """/, offset: 0 },
    {
      name: 'mismatched bracket',
      text: '{"Records":[{"a":1]]}',
      message: /unexpected "]"/,
      offset: 18,
      index: 0,
    },
    {
      name: 'a number among the records',
      text: '{"Records":[{"a":1},42]}',
      message: /item 1 is not a JSON object/,
      offset: 20,
      index: 1,
    },
    {
      name: 'a string among the records',
      text: '["x"]',
      message: /item 0 is not a JSON object/,
      offset: 1,
      index: 0,
    },
    { name: 'only white space', text: ' \n ', message: /no JSON value/, offset: 3 },
  ];
  it.each(errors)('reports $name with its byte offset', ({ text, message, offset, index }) => {
    let error: unknown;
    try {
      split(Buffer.from(text), 5);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SplitError);
    expect((error as SplitError).message).toMatch(message);
    expect((error as SplitError).offset).toBe(offset);
    expect((error as SplitError).itemIndex).toBe(index);
  });

  const feed = (splitter: JsonItemSplitter, text: string) => {
    for (let i = 0; i < text.length; i += 16) splitter.push(Buffer.from(text.slice(i, i + 16)));
  };
  it('refuses an item larger than the limit, and a top-level object without a container past it', () => {
    const big = new JsonItemSplitter({ maxItemBytes: 64 });
    expect(() => feed(big, `[{"a":"${'x'.repeat(100)}"}]`)).toThrow(/item 0 is larger than 64 bytes/);
    const probe = new JsonItemSplitter({ maxItemBytes: 64 });
    expect(() => feed(probe, `{"RoleDetailList":[{"a":"${'x'.repeat(100)}"}]}`)).toThrow(
      /no "Records" or "Events" array/,
    );
    expect(probe.keys).toEqual(['RoleDetailList']);
  });
});
