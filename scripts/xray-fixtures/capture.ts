// Captures what the real X-Ray SDK emits (UDP datagrams to the "daemon" address, each
// `{"format":"json","version":1}\n<document>`), then assembles batch-get-traces output
// the way the X-Ray service does: streamed subsegments are nested back under their
// parent, the Lambda service and function segments the Lambda runtime would send are
// added around the SDK's subsegments, and inferred segments are added for calls to AWS
// resources. Only times and ids are rewritten afterwards (deterministic, see
// `normaliseTrace`), never the shape of what the SDK produced.
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';

export type Doc = Record<string, unknown> & { id: string; subsegments?: Doc[] };

export class DaemonCapture {
  private socket = dgram.createSocket('udp4');
  readonly received: Doc[] = [];
  private waiters: (() => void)[] = [];

  async start(): Promise<string> {
    this.socket.on('message', (msg) => {
      const text = msg.toString('utf8');
      this.received.push(JSON.parse(text.slice(text.indexOf('\n') + 1)) as Doc);
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return `127.0.0.1:${this.socket.address().port}`;
  }

  /** Wait until `count` documents of `traceId` arrived (or `done` says so), then take them. */
  async take(traceId: string, done: number | ((docs: Doc[]) => boolean)): Promise<Doc[]> {
    const mine = () => this.received.filter((d) => d.trace_id === traceId);
    const complete = typeof done === 'number' ? (docs: Doc[]) => docs.length >= done : done;
    while (!complete(mine())) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const docs = mine();
    for (const d of docs) this.received.splice(this.received.indexOf(d), 1);
    return docs;
  }

  close(): void {
    this.socket.close();
  }
}

export function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** Nest streamed subsegments (`type: "subsegment"`) under the node whose id is their parent_id. */
export function nest(roots: Doc[], streamed: Doc[]): void {
  const index = new Map<string, Doc>();
  const add = (d: Doc) => {
    index.set(d.id, d);
    for (const s of d.subsegments ?? []) add(s);
  };
  roots.forEach(add);
  let pending = [...streamed];
  while (pending.length > 0) {
    const left = pending.filter((s) => {
      const parent = index.get(s.parent_id as string);
      if (!parent) return true;
      const { type: _t, parent_id: _p, trace_id: _r, ...sub } = s;
      parent.subsegments = [...(parent.subsegments ?? []), sub as Doc].sort(
        (a, b) => (a.start_time as number) - (b.start_time as number),
      );
      add(sub as Doc);
      return false;
    });
    if (left.length === pending.length)
      throw new Error(`orphan subsegments: ${left.map((s) => s.name).join(', ')}`);
    pending = left;
  }
}

const INFERRED_ORIGIN: Record<string, string> = {
  DynamoDB: 'AWS::DynamoDB::Table',
  S3: 'AWS::S3::Bucket',
  SQS: 'AWS::SQS::Queue',
  SNS: 'AWS::SNS',
  Lambda: 'AWS::Lambda',
};

/** The callee-side segments X-Ray infers for SDK calls to AWS resources. */
export function inferredSegments(root: Doc, traceId: string): Doc[] {
  const out: Doc[] = [];
  const visit = (d: Doc) => {
    const origin = INFERRED_ORIGIN[d.name as string];
    if (d.namespace === 'aws' && origin) {
      const { id, name, start_time, end_time, http, aws, error, fault, throttle } = d;
      out.push({
        id: hex(`inferred:${id}`, 16),
        name,
        start_time,
        end_time,
        parent_id: id,
        inferred: true,
        ...(http ? { http } : {}),
        aws,
        ...(error ? { error } : {}),
        ...(fault ? { fault } : {}),
        ...(throttle ? { throttle } : {}),
        trace_id: traceId,
        origin,
      });
    }
    (d.subsegments ?? []).forEach(visit);
  };
  visit(root);
  return out;
}

function walk(d: Doc, f: (d: Doc) => void): void {
  f(d);
  for (const s of d.subsegments ?? []) walk(s, f);
}

/** Deterministic pseudo-random milliseconds in [min, max], from a seed and a counter. */
function stepper(seed: string): (min: number, max: number) => number {
  let i = 0;
  return (min, max) => (min + (parseInt(hex(`${seed}:${i++}`, 6), 16) % (max - min + 1))) / 1000;
}

const ms = (t: number) => Math.round(t * 1000) / 1000;

/** Lay a node and its subsegments out in time from `start`: children one after another. */
function retime(node: Doc, start: number, step: (min: number, max: number) => number): number {
  node.start_time = ms(start);
  const subs = node.subsegments ?? [];
  let t = subs.length === 0 ? start + step(3, 40) : start + step(0, 2);
  for (const s of subs) t = retime(s, t, step) + step(0, 2);
  node.end_time = ms(t);
  return t;
}

/**
 * Make a trace reproducible: ids become hashes of (seed, order of appearance), times
 * are laid out again from `start` (epoch seconds) with seeded durations, keeping the
 * nesting and order the SDK recorded; local paths in stack traces become the Lambda
 * task root. Inferred segments are added afterwards, with their callers' times.
 */
export function normaliseTrace(
  docs: Doc[],
  seed: string,
  start: number,
  cwd: string,
): { traceId: string; docs: Doc[] } {
  const ids = new Map<string, string>();
  const newId = (old: string) => {
    if (!ids.has(old)) ids.set(old, hex(`${seed}:${ids.size}`, 16));
    return ids.get(old)!;
  };
  const traceId = `1-${Math.floor(start).toString(16).padStart(8, '0')}-${hex(`${seed}:trace`, 24)}`;
  const json = JSON.stringify(docs)
    .replaceAll(JSON.stringify(cwd).slice(1, -1), '/var/task')
    .replace(/"(id|parent_id)":"([0-9a-f]{16})"/g, (_m, k: string, v: string) => `"${k}":"${newId(v)}"`);
  const out = JSON.parse(json) as Doc[];
  const step = stepper(`${seed}:time`);
  for (const doc of out) {
    walk(doc, (n) => {
      if (typeof n.trace_id === 'string') n.trace_id = traceId;
    });
  }
  // Top-level documents: a root (the Lambda service segment, or the service's own
  // segment) and documents whose parent is the root (the function segment).
  for (const rootDoc of out.filter((d) => !out.some((p) => p.id === d.parent_id))) {
    const children = out.filter((d) => d.parent_id === rootDoc.id);
    if (children.length === 0) {
      retime(rootDoc, start, step);
      continue;
    }
    rootDoc.start_time = ms(start);
    let t = start + step(0, 3);
    for (const child of children) t = retime(child, t, step) + step(1, 4);
    rootDoc.end_time = ms(t);
  }
  return { traceId, docs: [...out, ...out.flatMap((d) => inferredSegments(d, traceId))] };
}

/** `aws xray batch-get-traces` output for these traces. */
export function batchGetTraces(traces: { traceId: string; docs: Doc[] }[]): unknown {
  return {
    Traces: traces.map(({ traceId, docs }) => {
      const starts = docs.map((d) => d.start_time as number);
      const ends = docs.map((d) => d.end_time as number);
      return {
        Id: traceId,
        Duration: Math.round((Math.max(...ends) - Math.min(...starts)) * 1000) / 1000,
        LimitExceeded: false,
        Segments: docs.map((d) => ({ Id: d.id, Document: JSON.stringify(d) })),
      };
    }),
    UnprocessedTraceIds: [],
  };
}
