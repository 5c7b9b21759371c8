import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { SourceProgress } from '../../src/core/progress.js';
import type { RoleRef } from '../../src/core/types.js';
import { parseXrayFile } from '../../src/sources/xray/files.js';
import { parseLambdaFunctions, readLambdaFunctions } from '../../src/sources/xray/lambda-functions.js';
import { readXrayTraceFiles } from '../../src/sources/xray/read.js';

const role: RoleRef = {
  arn: 'arn:aws:iam::123456789012:role/app',
  name: 'app',
  account: '123456789012',
  partition: 'aws',
};
const dir = mkdtempSync(path.join(tmpdir(), 'xray-reader-'));
const write = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const doc = (traceId: string, id: string, table: string) => ({
  id,
  trace_id: traceId,
  name: 'svc',
  start_time: 1_794_614_400,
  end_time: 1_794_614_401,
  subsegments: [
    {
      id: `${id}-1`,
      name: 'DynamoDB',
      namespace: 'aws',
      start_time: 1_794_614_400.1,
      http: { response: { status: 200 } },
      aws: { operation: 'GetItem', table_name: table, region: 'us-east-1' },
    },
  ],
});
const batch = (...docs: ReturnType<typeof doc>[]) => ({
  Traces: docs.map((d) => ({
    Id: d.trace_id,
    Duration: 1,
    Segments: [{ Id: d.id, Document: JSON.stringify(d) }],
  })),
  UnprocessedTraceIds: [],
});

describe('parseXrayFile: wrong files get a clear message', () => {
  it.each([
    ['empty', '  \n', /is empty/],
    ['not JSON', '{"Traces": [', /is not valid JSON/],
    [
      'CloudTrail log',
      { Records: [{ eventSource: 's3.amazonaws.com' }] },
      /CloudTrail log file: pass it with --cloudtrail/,
    ],
    ['lookup-events', { Events: [] }, /lookup-events/],
    ['trace summaries', { TraceSummaries: [] }, /get-trace-summaries/],
    ['list-functions', { Functions: [] }, /list-functions/],
    ['authorization details', { RoleDetailList: [] }, /--authorization-details/],
    ['a number', 42, /is not X-Ray trace data/],
    ['an object of something else', { hello: 'world' }, /is not X-Ray trace data/],
    ['array of numbers', [1, 2], /item #1 is not a segment document/],
    ['array of other objects', [{ foo: 1 }], /item #1 is not an X-Ray segment document/],
    ['trace without segments', { Traces: [{ Id: 't' }] }, /trace #1 has no Segments list/],
    [
      'bad Document string',
      { Traces: [{ Id: 't', Segments: [{ Id: 's', Document: '{oops' }] }] },
      /trace t segment #1/,
    ],
  ])('%s', (_label, content, message) => {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    let error: unknown;
    try {
      parseXrayFile('/x/traces.json', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toBe('/x/traces.json');
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).hint).toMatch(/batch-get-traces/);
  });

  it.each([
    ['batch-get-traces output', batch(doc('1-a', 'a', 't')), [['1-a', 1]]],
    [
      'array of documents',
      [doc('1-a', 'a', 't'), doc('1-a', 'b', 't'), doc('1-b', 'c', 't')],
      [
        ['1-a', 2],
        ['1-b', 1],
      ],
    ],
    ['array of JSON strings', [JSON.stringify(doc('1-a', 'a', 't'))], [['1-a', 1]]],
    ['one document', doc('1-a', 'a', 't'), [['1-a', 1]]],
    ['empty trace list', { Traces: [] }, []],
  ])('accepts %s', (_label, content, expected) => {
    expect(parseXrayFile('f', JSON.stringify(content)).map((t) => [t.id, t.documents.length])).toEqual(
      expected,
    );
  });
});

describe('readXrayTraceFiles', () => {
  it('reads several files, aggregates, counts a trace exported twice once, reports progress', async () => {
    const a = write('a.json', batch(doc('1-a', 'a', 'notes'), doc('1-b', 'b', 'notes')));
    const b = write('b.json', [doc('1-b', 'b', 'notes'), doc('1-c', 'c', 'users')]);
    const events: SourceProgress[] = [];
    const ev = await readXrayTraceFiles([a, b], { role, onProgress: (p) => events.push(p) });
    expect(ev.map((e) => [e.action, e.resource, e.count, e.samples])).toEqual([
      ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/notes', 2, ['1-a', '1-b']],
      ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/users', 1, ['1-c']],
    ]);
    expect(events.at(-1)).toMatchObject({ source: 'xray', state: 'done', done: 4, total: 4, unit: 'traces' });
  });

  it('says so when no Lambda function runs as the role', async () => {
    const a = write('d.json', batch(doc('1-a', 'a', 'notes')));
    const events: SourceProgress[] = [];
    const lambdaFunctions = [
      {
        name: 'f',
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        role: 'arn:aws:iam::123456789012:role/other',
      },
    ];
    expect(
      await readXrayTraceFiles([a], { role, lambdaFunctions, onProgress: (p) => events.push(p) }),
    ).toEqual([]);
    expect(events.at(-1)?.message).toMatch(/no Lambda function .* runs as this role/);
  });

  it('reads the .json files of a folder', async () => {
    const sub = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(sub, 'one.json'), JSON.stringify(batch(doc('1-f', 'f', 'x'))));
    writeFileSync(path.join(sub, 'notes.txt'), 'not traces');
    expect((await readXrayTraceFiles([sub], { role })).map((e) => e.resource)).toEqual([
      'arn:aws:dynamodb:us-east-1:123456789012:table/x',
    ]);
  });

  it('names a missing file', async () => {
    await expect(readXrayTraceFiles([path.join(dir, 'nope.json')], { role })).rejects.toThrow(
      /file not found/,
    );
  });

  it('stops when cancelled', async () => {
    const a = write('c.json', batch(doc('1-a', 'a', 'notes')));
    const controller = new AbortController();
    controller.abort();
    await expect(readXrayTraceFiles([a], { role, signal: controller.signal })).rejects.toThrow();
  });
});

describe('Lambda function list', () => {
  const listFunctions = {
    Functions: [
      {
        FunctionName: 'f',
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        Role: 'arn:aws:iam::123456789012:role/app',
        Runtime: 'nodejs20.x',
      },
    ],
  };
  it('reads list-functions output', async () => {
    expect(await readLambdaFunctions(write('fns.json', listFunctions))).toEqual([
      {
        name: 'f',
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        role: 'arn:aws:iam::123456789012:role/app',
      },
    ]);
  });
  it.each([
    [{ Records: [] }, /is not a list of Lambda functions/],
    [{ Functions: [{ FunctionName: 'f' }] }, /function #1 lacks/],
  ])('refuses %j', (data, message) => {
    expect(() => parseLambdaFunctions('fns.json', data)).toThrow(message);
  });
  it('refuses invalid JSON with the file name', async () => {
    await expect(readLambdaFunctions(write('bad.json', '{'))).rejects.toMatchObject({
      where: expect.stringMatching(/bad\.json$/),
    });
  });
});
