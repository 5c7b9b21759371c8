// The wire protocols the real SDK clients speak, as a server sees them: which service
// a request is for, which operation and parameters it carries, and how a success or an
// error is written back (query XML, JSON 1.1, REST-JSON, S3 REST-XML).
import type { IncomingHttpHeaders } from 'node:http';
import { flatXml, queryXml, escapeXml } from './xml.js';

export type Protocol = 'query' | 'json1.1' | 'rest-json' | 'rest-xml';
export type Params = Record<string, unknown>;

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** An AWS error as a handler raises it; the protocol decides how it looks on the wire. */
export class FakeAwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A handler result sent as is (S3 GetObject bytes). */
export interface RawBody {
  raw: Buffer;
  headers?: Record<string, string>;
}

export function isRawBody(v: unknown): v is RawBody {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as RawBody).raw);
}

export interface ServiceDef {
  /** SigV4 signing name, as in the Authorization header's credential scope. */
  signingName: string;
  /** IAM action prefix. */
  prefix: string;
  protocol: Protocol;
  xmlns?: string;
  routes?: [method: string, path: RegExp, operation: string][];
}

export const SERVICES: Record<string, ServiceDef> = {
  iam: {
    signingName: 'iam',
    prefix: 'iam',
    protocol: 'query',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
  },
  sts: {
    signingName: 'sts',
    prefix: 'sts',
    protocol: 'query',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
  },
  cloudtrail: { signingName: 'cloudtrail', prefix: 'cloudtrail', protocol: 'json1.1' },
  xray: {
    signingName: 'xray',
    prefix: 'xray',
    protocol: 'rest-json',
    routes: [
      ['POST', /^\/TraceSummaries$/, 'GetTraceSummaries'],
      ['POST', /^\/Traces$/, 'BatchGetTraces'],
    ],
  },
  lambda: {
    signingName: 'lambda',
    prefix: 'lambda',
    protocol: 'rest-json',
    routes: [
      ['GET', /^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
      ['GET', /^\/2015-03-31\/event-source-mappings\/?$/, 'ListEventSourceMappings'],
      ['GET', /^\/2015-03-31\/functions\/(?<FunctionName>[^/]+)\/configuration$/, 'GetFunctionConfiguration'],
    ],
  },
  'access-analyzer': {
    signingName: 'access-analyzer',
    prefix: 'access-analyzer',
    protocol: 'rest-json',
    routes: [
      ['GET', /^\/analyzer$/, 'ListAnalyzers'],
      ['POST', /^\/findingv2$/, 'ListFindingsV2'],
      ['GET', /^\/findingv2\/(?<id>[^/]+)$/, 'GetFindingV2'],
      ['PUT', /^\/policy\/generation$/, 'StartPolicyGeneration'],
      ['GET', /^\/policy\/generation$/, 'ListPolicyGenerations'],
      ['GET', /^\/policy\/generation\/(?<jobId>[^/]+)$/, 'GetGeneratedPolicy'],
      ['PUT', /^\/policy\/generation\/(?<jobId>[^/]+)$/, 'CancelPolicyGeneration'],
      ['POST', /^\/policy\/validation$/, 'ValidatePolicy'],
      ['POST', /^\/policy\/check-no-new-access$/, 'CheckNoNewAccess'],
    ],
  },
  s3: { signingName: 's3', prefix: 's3', protocol: 'rest-xml' },
  athena: { signingName: 'athena', prefix: 'athena', protocol: 'json1.1' },
  logs: { signingName: 'logs', prefix: 'logs', protocol: 'json1.1' },
  organizations: { signingName: 'organizations', prefix: 'organizations', protocol: 'json1.1' },
};

/** The signing name in `Credential=AKID/date/region/<service>/aws4_request`. */
export function serviceOf(req: RawRequest): ServiceDef | undefined {
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth)?.[1];
  return Object.values(SERVICES).find((s) => s.signingName === scope);
}

function jsonBody(body: Buffer): Params {
  if (body.length === 0) return {};
  return JSON.parse(body.toString('utf8')) as Params;
}

/** Operation name and parameters (body, query string and path parameters merged). */
export function parseRequest(def: ServiceDef, req: RawRequest): { operation: string; params: Params } {
  switch (def.protocol) {
    case 'query': {
      const form = new URLSearchParams(req.body.toString('utf8'));
      const params: Params = Object.fromEntries(form.entries());
      return { operation: String(params.Action ?? ''), params };
    }
    case 'json1.1': {
      const target = String(req.headers['x-amz-target'] ?? '');
      return { operation: target.split('.').pop() ?? '', params: jsonBody(req.body) };
    }
    case 'rest-json': {
      for (const [method, pattern, operation] of def.routes ?? []) {
        const m = req.method === method ? pattern.exec(req.path) : null;
        if (!m) continue;
        const pathParams = Object.fromEntries(
          Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
        return {
          operation,
          params: { ...Object.fromEntries(req.query.entries()), ...jsonBody(req.body), ...pathParams },
        };
      }
      return { operation: '', params: {} };
    }
    case 'rest-xml': {
      const [, bucket = '', ...rest] = req.path.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      const params: Params = {
        Bucket: decodeURIComponent(bucket),
        ...Object.fromEntries(req.query.entries()),
      };
      if (req.method === 'GET' && !key && req.query.get('list-type') === '2')
        return { operation: 'ListObjectsV2', params };
      if (req.method === 'GET' && !key && req.query.has('location'))
        return { operation: 'GetBucketLocation', params };
      if (req.method === 'HEAD' && !key) return { operation: 'HeadBucket', params };
      if (req.method === 'GET' && key) return { operation: 'GetObject', params: { ...params, Key: key } };
      return { operation: '', params };
    }
  }
}

export function renderSuccess(
  def: ServiceDef,
  operation: string,
  result: unknown,
  requestId: string,
): RawReply {
  if (isRawBody(result))
    return {
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'x-amz-request-id': requestId,
        ...result.headers,
      },
      body: result.raw,
    };
  switch (def.protocol) {
    case 'query':
      return {
        status: 200,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body:
          `<${operation}Response xmlns="${def.xmlns}"><${operation}Result>${queryXml(result)}</${operation}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
      };
    case 'json1.1':
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify(result ?? {}),
      };
    case 'rest-json':
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
        body: JSON.stringify(result ?? {}),
      };
    case 'rest-xml': {
      const [root, content] = Object.entries(result as Record<string, unknown>)[0] ?? ['Result', {}];
      return {
        status: 200,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n` +
          `<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${flatXml(content)}</${root}>`,
      };
    }
  }
}

export function renderError(def: ServiceDef, err: FakeAwsError, requestId: string): RawReply {
  const msg = escapeXml(err.message);
  switch (def.protocol) {
    case 'query':
      return {
        status: err.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body:
          `<ErrorResponse xmlns="${def.xmlns}"><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
          `<Code>${err.code}</Code><Message>${msg}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'json1.1':
      return {
        status: err.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: err.code, message: err.message }),
      };
    case 'rest-json':
      return {
        status: err.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': err.code,
        },
        body: JSON.stringify({ message: err.message }),
      };
    case 'rest-xml':
      return {
        status: err.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${msg}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}

/** A 200 whose body stops half way, as a broken proxy would send it. */
export function renderMalformed(def: ServiceDef, operation: string): RawReply {
  const body =
    def.protocol === 'query'
      ? `<${operation}Response xmlns="${def.xmlns}"><${operation}Result><Roles><member><Path>`
      : def.protocol === 'rest-xml'
        ? `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Contents><Key>`
        : `{"Traces": [{"Id": "1-`;
  const type =
    def.protocol === 'json1.1'
      ? 'application/x-amz-json-1.1'
      : def.protocol === 'rest-json'
        ? 'application/json'
        : 'text/xml';
  return { status: 200, headers: { 'content-type': type }, body };
}
