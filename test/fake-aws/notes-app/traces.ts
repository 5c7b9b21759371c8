// X-Ray traces of the notes app as the Node SDK v3 instruments them: a Lambda service
// segment, the function segment, and SDK call subsegments under Invocation.
import type { FakeTrace } from '../scenario.js';
import {
  ACCOUNT,
  BUCKET,
  FUNCTIONS,
  REGION,
  TABLE,
  functionArn,
  functionName,
  hex,
  rng,
  uuid,
  type FunctionKind,
} from './ids.js';

type Call = { service: 'DynamoDB' | 'S3'; operation: string; params: Record<string, unknown> };

function callsOf(f: FunctionKind, user: string, note: string): Call[] {
  const key = `private/${user}/${note}.png`;
  const item = (operation: string): Call => ({
    service: 'DynamoDB',
    operation,
    params: { table_name: TABLE },
  });
  const object = (operation: string): Call => ({
    service: 'S3',
    operation,
    params: { bucket_name: BUCKET, key },
  });
  switch (f) {
    case 'create':
      return [item('PutItem'), object('PutObject')];
    case 'get':
      return [item('GetItem'), object('HeadObject'), object('GetObject')];
    case 'list':
      return [
        {
          service: 'DynamoDB',
          operation: 'Query',
          params: { table_name: TABLE, index_name: 'userId-index' },
        },
      ];
    case 'update':
      return [item('UpdateItem'), object('PutObject')];
    case 'delete':
      return [item('DeleteItem'), object('DeleteObject')];
  }
}

export function notesAppTrace(f: FunctionKind, startSeconds: number, next: () => number): FakeTrace {
  const traceId = `1-${Math.floor(startSeconds).toString(16).padStart(8, '0')}-${hex(next, 24)}`;
  const serviceId = hex(next, 16);
  const fnId = hex(next, 16);
  const t0 = startSeconds;
  const calls = callsOf(f, uuid(next), uuid(next)).map((c, i) => ({
    id: hex(next, 16),
    name: c.service,
    namespace: 'aws',
    start_time: t0 + 0.01 + i * 0.01,
    end_time: t0 + 0.018 + i * 0.01,
    http: { response: { status: 200 } },
    aws: { operation: c.operation, region: REGION, request_id: uuid(next), retries: 0, ...c.params },
  }));
  return {
    Id: traceId,
    segments: [
      {
        id: serviceId,
        trace_id: traceId,
        name: functionName(f),
        origin: 'AWS::Lambda',
        resource_arn: functionArn(f),
        start_time: t0,
        end_time: t0 + 0.1,
        http: { response: { status: 200 } },
        aws: { request_id: uuid(next) },
      },
      {
        id: fnId,
        trace_id: traceId,
        parent_id: serviceId,
        name: functionName(f),
        origin: 'AWS::Lambda::Function',
        start_time: t0 + 0.001,
        end_time: t0 + 0.09,
        aws: { function_arn: functionArn(f), resource_names: [functionName(f)], account_id: ACCOUNT },
        subsegments: [
          {
            id: hex(next, 16),
            name: 'Invocation',
            start_time: t0 + 0.002,
            end_time: t0 + 0.08,
            subsegments: calls,
          },
          { id: hex(next, 16), name: 'Overhead', start_time: t0 + 0.08, end_time: t0 + 0.09 },
        ],
      },
    ],
  };
}

/** `perFunction` traces for each function, spread evenly over [start, end). */
export function notesAppTraces(perFunction: number, start: string, end: string, seed = 7): FakeTrace[] {
  const next = rng(seed);
  const from = Date.parse(start) / 1000;
  const span = Date.parse(end) / 1000 - from;
  const out: FakeTrace[] = [];
  FUNCTIONS.forEach((f, fi) => {
    for (let i = 0; i < perFunction; i++)
      out.push(notesAppTrace(f, from + ((i + fi / FUNCTIONS.length) / perFunction) * span, next));
  });
  return out;
}
