// SDK client-side monitoring (CSM): each SDK call sends JSON datagrams over UDP, one
// `ApiCallAttempt` per HTTP attempt and one `ApiCall` when the call is over. Fields as
// the SDKs write them (botocore/monitoring.py, the Go and Java v1 SDKs). Attempts carry
// the session token: it is never kept, only the access key id.

export interface CsmAttempt {
  type: 'ApiCallAttempt';
  service: string;
  api: string;
  clientId: string;
  region?: string;
  accessKey?: string;
}

export interface CsmCall {
  type: 'ApiCall';
  service: string;
  api: string;
  clientId: string;
  timestamp: number;
  region?: string;
  finalHttpStatusCode?: number;
  finalAwsException?: string;
}

export type CsmEvent = CsmAttempt | CsmCall;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One datagram → an event; anything else (not JSON, other types, missing names) → undefined. */
export function parseDatagram(buf: Buffer): CsmEvent | undefined {
  if (buf.length > 65_536) return undefined;
  let d: unknown;
  try {
    d = JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  const o = d as Record<string, unknown>;
  const service = text(o.Service);
  const api = text(o.Api);
  if (!service || !api || !/^[\w .-]{1,64}$/.test(service) || !/^\w{1,128}$/.test(api)) return undefined;
  const clientId = typeof o.ClientId === 'string' ? o.ClientId : '';
  const region = text(o.Region);
  if (o.Type === 'ApiCallAttempt') {
    return { type: 'ApiCallAttempt', service, api, clientId, region, accessKey: text(o.AccessKey) };
  }
  if (o.Type === 'ApiCall') {
    return {
      type: 'ApiCall',
      service,
      api,
      clientId,
      region,
      timestamp: int(o.Timestamp) ?? Date.now(),
      finalHttpStatusCode: int(o.FinalHttpStatusCode),
      finalAwsException: text(o.FinalAwsException),
    };
  }
  return undefined;
}
