// Generates the X-Ray fixtures (test/fixtures/xray/) and the demo's traces
// (demo/xray/) from what the REAL aws-xray-sdk-core emits
// for REAL @aws-sdk v3 clients, pointed at a loopback server (scripts/xray-fixtures/
// fake-aws.ts) with dummy credentials. Run: npm run fixtures:xray
//
// The SDK runs in Lambda mode (LAMBDA_TASK_ROOT) and sends its documents over UDP to a
// socket we listen on, as it would to the X-Ray daemon. Determinism: after capture,
// ids are replaced by seeded hashes and times moved to fixed dates (2026-11-02..20 for
// the demo) keeping their order; nothing else is changed (capture.ts, normaliseTrace).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  batchGetTraces,
  DaemonCapture,
  hex,
  nest,
  normaliseTrace,
  type Doc,
} from './xray-fixtures/capture.js';
import { FakeAws } from './xray-fixtures/fake-aws.js';
import type { FunctionSpec, Trace } from './xray-fixtures/lambda-runtime.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const root = process.cwd();

const capture = new DaemonCapture();
process.env.AWS_XRAY_DAEMON_ADDRESS = await capture.start();
process.env.LAMBDA_TASK_ROOT = '/var/task';
process.env.AWS_XRAY_CONTEXT_MISSING = 'IGNORE_ERROR';
process.env._X_AMZN_TRACE_ID = `Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1`;
// The SDK reads these at import time, so everything that touches it is imported now.
const AWSXRay = (await import('aws-xray-sdk-core')).default;
AWSXRay.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} });
const { LambdaRuntime, traced } = await import('./xray-fixtures/lambda-runtime.js');
const w = await import('./xray-fixtures/workloads.js');
type Handler = import('./xray-fixtures/workloads.js').Handler;
const clientsMod = {
  ddb: await import('@aws-sdk/client-dynamodb'),
  s3: await import('@aws-sdk/client-s3'),
  sqs: await import('@aws-sdk/client-sqs'),
  sns: await import('@aws-sdk/client-sns'),
  lambda: await import('@aws-sdk/client-lambda'),
  sts: await import('@aws-sdk/client-sts'),
  sm: await import('@aws-sdk/client-secrets-manager'),
  kms: await import('@aws-sdk/client-kms'),
};

const fake = new FakeAws();
const endpoint = await fake.start();
const cfg = {
  endpoint,
  region: REGION,
  credentials: { accessKeyId: 'AKIDFIXTUREONLY', secretAccessKey: 'fixture-not-a-secret' },
  maxAttempts: 1, // one request per call, so one subsegment per call
};
const capt = <T extends object>(client: T): T => AWSXRay.captureAWSv3Client(client as never) as T;
const c = {
  ddb: capt(new clientsMod.ddb.DynamoDBClient(cfg)),
  s3: capt(new clientsMod.s3.S3Client({ ...cfg, forcePathStyle: true })),
  sqs: capt(new clientsMod.sqs.SQSClient(cfg)),
  sns: capt(new clientsMod.sns.SNSClient(cfg)),
  lambda: capt(new clientsMod.lambda.LambdaClient(cfg)),
  sts: capt(new clientsMod.sts.STSClient(cfg)),
  sm: capt(new clientsMod.sm.SecretsManagerClient(cfg)),
  kms: capt(new clientsMod.kms.KMSClient(cfg)),
};
const ctx = {
  c,
  fail: (f: Parameters<FakeAws['failNext']>[0]) => fake.failNext(f),
  traced: <T>(name: string, body: () => Promise<T>) => traced(AWSXRay as never, name, body),
};
const runtime = new LambdaRuntime(capture, fake);

const fn = (name: string): FunctionSpec => ({
  name,
  arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  account: ACCOUNT,
});

/** Deterministic start time (epoch seconds) for trace `i` of `n` between two days of Nov 2026. */
function startOf(seed: string, i: number, n: number, firstDay: number, lastDay: number): number {
  const day = firstDay + Math.floor((i * (lastDay - firstDay + 1)) / n);
  const second = parseInt(hex(`${seed}:${i}:time`, 6), 16) % 86_000;
  return Date.UTC(2026, 10, day) / 1000 + second + 0.123;
}

async function lambdaTraces(
  spec: FunctionSpec,
  handlers: Handler[],
  seed: string,
  days: [number, number],
  repeat = 1,
) {
  const traces: Trace[] = [];
  const n = handlers.length * repeat;
  for (let i = 0; i < n; i++) {
    const start = startOf(seed, i, n, days[0], days[1]);
    const trace = await runtime.invoke(spec, { seed: `${seed}:${i}`, start, cold: i % 4 === 0 }, () =>
      handlers[i % handlers.length]!(ctx, i),
    );
    traces.push(trace);
  }
  return traces;
}

/** A non-Lambda service (a container), traced with a plain SDK segment. */
async function serviceTrace(name: string, handler: Handler, seed: string, start: number): Promise<Trace> {
  const segment = new AWSXRay.Segment(name);
  segment.origin = 'AWS::ECS::Container';
  segment.addPluginData({
    ecs: { container: `${name}-7d9f8c6b5-x2x9z`, container_id: hex(`${seed}:container`, 12) },
  });
  await new Promise<void>((resolve, reject) => {
    AWSXRay.getNamespace().run(() => {
      AWSXRay.setSegment(segment);
      handler(ctx, 0).then(resolve, reject);
    });
  });
  segment.close();
  // Done when the segment itself arrives (subsegments closed earlier were streamed first).
  const docs = await capture.take(segment.trace_id, (got) => got.some((d) => d.type !== 'subsegment'));
  const roots = docs.filter((d) => d.type !== 'subsegment');
  nest(
    roots,
    docs.filter((d) => d.type === 'subsegment'),
  );
  return normaliseTrace(roots as Doc[], seed, start, root);
}

function write(file: string, data: unknown): void {
  const p = path.join(root, file);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

function listFunctions(specs: { spec: FunctionSpec; role: string; handler: string }[]): unknown {
  return {
    Functions: specs.map(({ spec, role, handler }) => ({
      FunctionName: spec.name,
      FunctionArn: spec.arn,
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      Handler: handler,
      CodeSize: 48213,
      Description: '',
      Timeout: 6,
      MemorySize: 1024,
      LastModified: '2026-11-02T09:14:07.000+0000',
      CodeSha256: Buffer.from(hex(`${spec.name}:code`, 32), 'hex').toString('base64'),
      Version: '$LATEST',
      TracingConfig: { Mode: 'Active' },
      RevisionId: `${hex(`${spec.name}:rev`, 8)}-${hex(`${spec.name}:rev2`, 4)}-4${hex(`${spec.name}:rev3`, 3)}-8${hex(`${spec.name}:rev4`, 3)}-${hex(`${spec.name}:rev5`, 12)}`,
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${spec.name}` },
    })),
  };
}

// Test fixtures: every mapping rule, denials, throttles, faults.
const fixtureFns = {
  media: { spec: fn('fixture-media-processor'), role: 'fixture-media-role', handlers: w.mediaProcessor },
  orders: { spec: fn('fixture-orders-api'), role: 'fixture-orders-role', handlers: w.ordersApi },
  fanout: { spec: fn('fixture-fanout'), role: 'fixture-fanout-role', handlers: w.fanout },
  secrets: { spec: fn('fixture-secrets'), role: 'fixture-secrets-role', handlers: w.secrets },
};
for (const [key, f] of Object.entries(fixtureFns)) {
  const traces = await lambdaTraces(f.spec, f.handlers, `fixture:${key}`, [10, 12]);
  write(`test/fixtures/xray/${f.spec.name}.json`, batchGetTraces(traces));
}
const worker = await serviceTrace(
  'orders-worker',
  w.ordersWorker[0]!,
  'fixture:orders-worker',
  Date.UTC(2026, 10, 11, 8) / 1000,
);
write('test/fixtures/xray/ecs-orders-worker.json', batchGetTraces([worker]));
write(
  'test/fixtures/xray/functions/list-functions.json',
  listFunctions([
    ...Object.values(fixtureFns).map((f) => ({ spec: f.spec, role: f.role, handler: 'index.handler' })),
    { spec: fn('fixture-worker'), role: 'fixture-worker-role', handler: 'index.handler' },
  ]),
);

// The demo's notes app: five functions, 8 invocations each over 2026-11-02..20.
const notes = Object.entries(w.notesApp).map(([op, handler]) => ({
  op,
  handler,
  spec: fn(`notes-app-api-prod-${op}`),
  role: `notes-app-api-prod-${op}-us-east-1-lambdaRole`,
}));
for (const n of notes) {
  const traces = await lambdaTraces(n.spec, [n.handler], `demo:${n.op}`, [2, 20], 8);
  write(`demo/xray/${n.spec.name}.json`, batchGetTraces(traces));
}
// demo/lambda-functions.json (the demo's `aws lambda list-functions`, kept with the demo's
// IAM files) must name these functions and roles; check rather than overwrite it.
const demoFunctions = JSON.parse(readFileSync(path.join(root, 'demo/lambda-functions.json'), 'utf8')) as {
  Functions: { FunctionName: string; Role: string }[];
};
for (const n of notes) {
  const f = demoFunctions.Functions.find((x) => x.FunctionName === n.spec.name);
  if (f?.Role !== `arn:aws:iam::${ACCOUNT}:role/${n.role}`) {
    throw new Error(`demo/lambda-functions.json does not give ${n.spec.name} the role ${n.role}`);
  }
}

await fake.stop();
capture.close();
const failures = fake.log.filter((l) => l.status >= 400).length;
console.log(`${fake.log.length} SDK calls captured (${failures} answered with an error on purpose)`);
