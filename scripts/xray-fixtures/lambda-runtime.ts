// Plays the part of the Lambda runtime around a handler: the AWS::Lambda service
// segment and the AWS::Lambda::Function segment (with Initialization on a cold start,
// Invocation, Overhead) are what Lambda itself sends; everything the handler's
// instrumented SDK clients do is captured from the real X-Ray SDK, which in Lambda
// mode (LAMBDA_TASK_ROOT set) streams each subsegment to the daemon with the
// Invocation subsegment as parent, taken from _X_AMZN_TRACE_ID.
import { randomBytes } from 'node:crypto';
import { hex, nest, normaliseTrace, type DaemonCapture, type Doc } from './capture.js';
import type { FakeAws } from './fake-aws.js';

export interface FunctionSpec {
  name: string;
  arn: string;
  account: string;
}

export interface Trace {
  traceId: string;
  docs: Doc[];
}

/** A Lambda request id (UUID shape), from the seed so the fixture is reproducible. */
const requestId = (seed: string) => {
  const h = hex(`${seed}:request`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const rnd = (bytes: number) => randomBytes(bytes).toString('hex');
const now = () => Date.now() / 1000;

export class LambdaRuntime {
  constructor(
    private readonly capture: DaemonCapture,
    private readonly fake: FakeAws,
  ) {}

  /** Run `handler` as one traced invocation of `fn`; its times are moved to `start`. */
  async invoke(
    fn: FunctionSpec,
    opts: { seed: string; start: number; cold: boolean },
    handler: () => Promise<void>,
  ): Promise<Trace> {
    const traceId = `1-${Math.floor(now()).toString(16)}-${rnd(12)}`;
    const service: Doc = {
      id: rnd(8),
      name: fn.name,
      start_time: now(),
      http: { response: { status: 200 } },
      aws: { request_id: requestId(opts.seed) },
      trace_id: traceId,
      origin: 'AWS::Lambda',
      resource_arn: fn.arn,
    };
    const fnSeg: Doc = {
      id: rnd(8),
      name: fn.name,
      start_time: now(),
      parent_id: service.id,
      aws: { function_arn: fn.arn, resource_names: [fn.name], account_id: fn.account },
      trace_id: traceId,
      origin: 'AWS::Lambda::Function',
      subsegments: [],
    };
    if (opts.cold) {
      const init: Doc = {
        id: rnd(8),
        name: 'Initialization',
        start_time: now(),
        aws: { function_arn: fn.arn },
      };
      init.end_time = now() + 0.001;
      fnSeg.subsegments!.push(init);
    }
    const invocation: Doc = { id: rnd(8), name: 'Invocation', start_time: now() };
    fnSeg.subsegments!.push(invocation);
    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${invocation.id};Sampled=1`;

    const before = this.fake.log.length;
    const customBefore = customSubsegments;
    await handler();
    const expected = this.fake.log.length - before + (customSubsegments - customBefore);
    const streamed = await this.capture.take(traceId, expected);

    invocation.end_time = now();
    fnSeg.subsegments!.push({ id: rnd(8), name: 'Overhead', start_time: now(), end_time: now() + 0.0005 });
    fnSeg.end_time = now() + 0.001;
    service.end_time = now() + 0.002;
    nest([fnSeg], streamed);
    return normaliseTrace([service, fnSeg], opts.seed, opts.start, process.cwd());
  }
}

/** Count of application subsegments opened by `traced` (each is one more datagram). */
let customSubsegments = 0;

/** An application subsegment around part of a handler (`## saveNote`), via the SDK's captureAsyncFunc. */
export async function traced<T>(
  xray: {
    captureAsyncFunc: (name: string, fn: (sub: { close: (e?: unknown) => void }) => unknown) => unknown;
  },
  name: string,
  body: () => Promise<T>,
): Promise<T> {
  customSubsegments++;
  return new Promise<T>((resolve, reject) => {
    xray.captureAsyncFunc(name, (sub) => {
      body().then(
        (v) => {
          sub.close();
          resolve(v);
        },
        (e: unknown) => {
          sub.close(e);
          reject(e as Error);
        },
      );
    });
  });
}
