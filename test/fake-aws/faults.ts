// Fault injection: rules matched against each call's IAM action, in order.
import { FakeAwsError, type ServiceDef } from './protocols.js';

export type FaultKind =
  | 'throttle'
  | 'access-denied'
  | 'expired-token'
  | 'server-error'
  | 'malformed'
  | 'slow'
  /** The real answer's headers (its full Content-Length), half its body, then the connection drops. */
  | 'truncated'
  /** BatchGetTraces only: answer with the ids in UnprocessedTraceIds. */
  | 'unprocessed';

export interface FaultRule {
  /** `xray:BatchGetTraces`, `xray:*` or `*`. */
  action: string;
  kind: FaultKind;
  /** Calls to let through before the fault starts (default 0). */
  skip?: number;
  /** How many calls it affects (default: all). */
  times?: number;
  /** `slow`: extra delay in ms. */
  delayMs?: number;
  /** Only calls signed with this account's credentials (a member account's assumed session). */
  account?: string;
}

interface RuleState extends FaultRule {
  seen: number;
  fired: number;
}

export class Faults {
  private rules: RuleState[] = [];

  add(...rules: FaultRule[]): void {
    this.rules.push(...rules.map((r) => ({ ...r, seen: 0, fired: 0 })));
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that fires for this call, if any (counts the call against each matching rule). */
  take(action: string, kinds?: FaultKind[], account?: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (kinds ? !kinds.includes(r.kind) : r.kind === 'unprocessed') continue;
      if (r.account !== undefined && r.account !== account) continue;
      const prefix = action.split(':')[0];
      if (r.action !== '*' && r.action !== action && r.action !== `${prefix}:*`) continue;
      r.seen++;
      if (r.seen <= (r.skip ?? 0)) continue;
      if (r.times !== undefined && r.fired >= r.times) continue;
      r.fired++;
      return r;
    }
    return undefined;
  }
}

const THROTTLE: Record<string, [number, string]> = {
  'rest-json': [429, 'ThrottlingException'],
  'json1.1': [400, 'ThrottlingException'],
  query: [400, 'Throttling'],
  'rest-xml': [503, 'SlowDown'],
};

/** The error a real service sends for the fault, in its own codes. */
export function faultError(
  def: ServiceDef,
  kind: FaultKind,
  action: string,
  callerArn: string,
): FakeAwsError {
  switch (kind) {
    case 'throttle': {
      if (def.signingName === 'xray') return new FakeAwsError(429, 'ThrottledException', 'Rate exceeded');
      if (def.signingName === 'lambda')
        return new FakeAwsError(429, 'TooManyRequestsException', 'Rate exceeded');
      const [status, code] = THROTTLE[def.protocol]!;
      return new FakeAwsError(status, code, 'Rate exceeded');
    }
    case 'access-denied': {
      const code =
        def.protocol === 'query' || def.protocol === 'rest-xml' ? 'AccessDenied' : 'AccessDeniedException';
      return new FakeAwsError(
        def.protocol === 'json1.1' ? 400 : 403,
        code,
        `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      );
    }
    case 'expired-token':
      return def.protocol === 'query' || def.protocol === 'rest-xml'
        ? new FakeAwsError(
            def.protocol === 'query' ? 403 : 400,
            'ExpiredToken',
            'The security token included in the request is expired',
          )
        : new FakeAwsError(
            403,
            'ExpiredTokenException',
            'The security token included in the request is expired',
          );
    case 'server-error':
      return def.protocol === 'rest-xml'
        ? new FakeAwsError(500, 'InternalError', 'We encountered an internal error. Please try again.')
        : new FakeAwsError(
            500,
            def.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure',
            'Internal failure',
          );
    default:
      throw new Error(`fault ${kind} is not an error`);
  }
}
