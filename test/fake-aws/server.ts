// The loopback fake AWS: one HTTP server on 127.0.0.1 that answers the real SDK clients
// (pointed at it through AWS_ENDPOINT_URL*), serves a scenario's fixture data in the real
// response shapes, injects faults, and records every call with its arrival time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newState, type HandlerContext, type ServiceHandlers } from './context.js';
import { Faults, faultError, type FaultKind } from './faults.js';
import {
  FakeAwsError,
  parseRequest,
  renderError,
  renderMalformed,
  renderSuccess,
  serviceOf,
  SERVICES,
  type Params,
  type RawReply,
  type RawRequest,
} from './protocols.js';
import { callerOf, scenarioForKey, type Scenario } from './scenario.js';
import { accessAnalyzerHandlers } from './services/access-analyzer.js';
import { athenaHandlers } from './services/athena.js';
import { cloudtrailHandlers } from './services/cloudtrail.js';
import { cloudtrailLakeHandlers } from './services/cloudtrail-lake.js';
import { iamHandlers } from './services/iam.js';
import { lambdaHandlers } from './services/lambda.js';
import { accessAnalyzerProofHandlers, iamProofHandlers } from './services/proof.js';
import { logsHandlers } from './services/logs.js';
import {
  athenaPreflightHandlers,
  cloudtrailPreflightHandlers,
  iamPreflightHandlers,
} from './services/preflight.js';
import { s3Handlers } from './services/s3.js';
import { organizationsHandlers } from './services/organizations.js';
import { stsHandlers } from './services/sts.js';
import { xrayHandlers } from './services/xray.js';

const HANDLERS: Record<string, ServiceHandlers> = {
  iam: { ...iamHandlers, ...iamProofHandlers, ...iamPreflightHandlers },
  sts: stsHandlers,
  xray: xrayHandlers,
  cloudtrail: { ...cloudtrailHandlers, ...cloudtrailLakeHandlers, ...cloudtrailPreflightHandlers },
  'access-analyzer': { ...accessAnalyzerHandlers, ...accessAnalyzerProofHandlers },
  lambda: lambdaHandlers,
  s3: s3Handlers,
  athena: { ...athenaHandlers, ...athenaPreflightHandlers },
  logs: logsHandlers,
  organizations: organizationsHandlers,
};

/** API operations whose IAM action has another name. */
const ACTION_OF: Record<string, string> = {
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadBucket': 's3:ListBucket',
  // "ListFindings and ListFindingsV2 both use access-analyzer:ListFindings" (API reference).
  'access-analyzer:ListFindingsV2': 'access-analyzer:ListFindings',
  'access-analyzer:GetFindingV2': 'access-analyzer:GetFinding',
};

/** A reply to send in part: the headers, then `cutAt` bytes of the body, then a dropped connection. */
interface CutReply extends RawReply {
  cutAt?: number;
}

export interface RecordedCall {
  /** IAM action the call needs (`s3:ListObjectsV2` → `s3:ListBucket`). */
  action: string;
  service: string;
  operation: string;
  region: string;
  /** The access key id the request was signed with. */
  accessKeyId: string;
  /** Arrival and completion times (ms since epoch). */
  at: number;
  end?: number;
  status?: number;
  fault?: FaultKind;
  params: Params;
}

export interface FakeAwsOptions {
  /** Added to every response (the bench uses 100 ms). */
  latencyMs?: number;
}

export interface FakeAws {
  readonly url: string;
  readonly scenario: Scenario;
  readonly faults: Faults;
  readonly calls: RecordedCall[];
  latencyMs: number;
  /** Calls of one IAM action (or API operation `service:Operation`). */
  callsOf(action: string): RecordedCall[];
  /** Most calls in flight at once. */
  maxInFlight(): number;
  /** Most Access Advisor jobs open at once (generated, last page not yet read) in an account. */
  accessAdvisorPeak(account?: string): number;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeAws(scenario: Scenario, opts: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = newState(scenario);
  // Each member account keeps its own state (Access Advisor jobs, ids...).
  const memberStates = new Map((scenario.members ?? []).map((m) => [m.account, newState(m)]));
  const faults = new Faults();
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let requestNo = 0;

  async function handle(req: http.IncomingMessage): Promise<CutReply> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: await readBody(req),
    };
    const requestId = `fake-${++requestNo}`;
    const def = serviceOf(raw);
    if (!def) return { status: 400, headers: {}, body: 'unknown service (no SigV4 credential scope)' };
    const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
    let operation = '';
    let params: Params = {};
    try {
      ({ operation, params } = parseRequest(def, raw));
    } catch {
      return renderError(
        def,
        new FakeAwsError(400, 'SerializationException', 'Could not parse the request body'),
        requestId,
      );
    }
    const apiName = `${def.prefix}:${operation}`;
    const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
    const call: RecordedCall = {
      action: ACTION_OF[apiName] ?? apiName,
      service: def.signingName,
      operation,
      region,
      accessKeyId,
      at: Date.now(),
      params,
    };
    calls.push(call);
    const latency = api.latencyMs;
    const reply = await (async (): Promise<RawReply> => {
      const handler = HANDLERS[def.signingName]?.[operation];
      if (!handler)
        return renderError(
          def,
          new FakeAwsError(400, 'UnknownOperationException', `fake AWS does not implement ${apiName}`),
          requestId,
        );
      const account = scenarioForKey(scenario, accessKeyId);
      const fault = faults.take(call.action, undefined, account.account);
      if (fault) call.fault = fault.kind;
      if (latency) await sleep(latency);
      if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1000);
      if (fault?.kind === 'malformed') return renderMalformed(def, operation);
      if (fault && fault.kind !== 'slow' && fault.kind !== 'truncated')
        return renderError(def, faultError(def, fault.kind, call.action, callerOf(account).arn), requestId);
      const ctx: HandlerContext = {
        scenario: account,
        root: scenario,
        state: memberStates.get(account.account) ?? state,
        faults,
        region,
        now: Date.now,
        newId: (prefix) => `${prefix}-${String(state.nextId++).padStart(6, '0')}`,
      };
      try {
        const ok: CutReply = renderSuccess(def, operation, await handler(params, ctx), requestId);
        if (fault?.kind === 'truncated') ok.cutAt = Math.floor(Buffer.byteLength(ok.body) / 2);
        return ok;
      } catch (err) {
        if (err instanceof FakeAwsError) return renderError(def, err, requestId);
        throw err;
      }
    })();
    call.status = reply.status;
    call.end = Date.now();
    return reply;
  }

  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    handle(req)
      .then((reply) => {
        if (reply.cutAt === undefined) {
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
          return;
        }
        // Body cut short: the full length announced, half sent, the socket destroyed.
        const body = Buffer.from(reply.body);
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
        res.write(body.subarray(0, reply.cutAt), () => res.destroy());
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake AWS bug: ${String(err)}`);
      })
      .finally(() => inFlight--);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeAws = {
    url: `http://127.0.0.1:${port}`,
    scenario,
    faults,
    calls,
    latencyMs: opts.latencyMs ?? 0,
    callsOf: (action) =>
      calls.filter((c) => c.action === action || `${SERVICES[c.service]?.prefix}:${c.operation}` === action),
    maxInFlight: () => maxInFlight,
    accessAdvisorPeak: (account) =>
      (account === undefined ? state : memberStates.get(account))?.accessAdvisorPeak ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
