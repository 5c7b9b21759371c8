// SDK errors → one user-facing paragraph that says which call failed, why, and
// what to do (the exact permission to add, the command that refreshes credentials).
import { UserError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import { BUDGET_SPENT, RETRY_BUDGET_ENV } from './retry-budget.js';

export type AwsErrorKind =
  | 'aborted'
  | 'access-denied'
  | 'expired'
  | 'no-credentials'
  | 'no-region'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'server'
  | 'malformed'
  | 'not-found'
  | 'other';

interface SdkErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'Forbidden',
]);
const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidToken',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
]);
const NOT_FOUND = new Set([
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'NoSuchKey',
  'ResourceNotFoundException',
  'TrailNotFoundException',
  'NotFound',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

function nameOf(e: SdkErrorLike): string {
  return e.name ?? e.Code ?? e.code ?? 'Error';
}

export function classifyAwsError(err: unknown): AwsErrorKind {
  if (!err || typeof err !== 'object') return 'other';
  const e = err as SdkErrorLike;
  const name = nameOf(e);
  const message = e.message ?? '';
  if (name === 'AbortError' || e.code === 'ABORT_ERR') return 'aborted';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message))
    return /expired|invalid/i.test(message) ? 'expired' : 'no-credentials';
  if (/region is missing/i.test(message)) return 'no-region';
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(message))
    return 'expired';
  if (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403) return 'access-denied';
  if (THROTTLED.has(name) || e.$metadata?.httpStatusCode === 429) return 'throttled';
  if (name === 'TimeoutError' || name === 'RequestTimeout' || e.code === 'ETIMEDOUT') return 'timeout';
  if (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(name)) return 'network';
  if (
    /deserialization error|parse error|unexpected token|not valid json|unexpected end of json/i.test(message)
  )
    return 'malformed';
  if (NOT_FOUND.has(name) || e.$metadata?.httpStatusCode === 404) return 'not-found';
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return 'server';
  return 'other';
}

export function isAbortError(err: unknown): boolean {
  return classifyAwsError(err) === 'aborted';
}

export interface AwsErrorContext {
  /** The IAM action the call needs, e.g. `xray:BatchGetTraces`. */
  action: string;
  profile?: string;
  /** Extra words for the hint (which resource, which setup). */
  detail?: string;
}

function loginHint(profile?: string): string {
  const login = profile ? `aws sso login --profile ${profile}` : 'aws sso login (or aws configure)';
  return `Refresh the credentials (${login}) and run again, or try the bundled demo: iam-refine --demo.`;
}

/** The user-facing message and hint for a failed call (the error itself may come from any SDK client). */
export function describeAwsError(err: unknown, ctx: AwsErrorContext): { message: string; hint?: string } {
  const e = (err && typeof err === 'object' ? err : {}) as SdkErrorLike;
  const name = safeLine(nameOf(e));
  const aws = safeLine(e.message ?? String(err)).slice(0, 300);
  const attempts = e.$metadata?.attempts;
  const budget = (e as Record<symbol, unknown>)[BUDGET_SPENT];
  const tries =
    (attempts && attempts > 1 ? ` after ${attempts} attempts` : '') +
    (typeof budget === 'number' ? `; the run's retry budget (${budget / 1000} s) is used up` : '');
  const detail = ctx.detail ? ` ${ctx.detail}` : '';
  switch (classifyAwsError(err)) {
    case 'aborted':
      return { message: `${ctx.action} was cancelled` };
    case 'access-denied':
      return {
        message: `${name} calling ${ctx.action}: add ${ctx.action} to the tool's policy${detail}`,
        hint: `AWS said: ${aws}\nThe tool's least-privilege policy is in the README (docs/tool-policy.json).`,
      };
    case 'expired':
      return {
        message: `the AWS credentials were rejected calling ${ctx.action} (${name}): they are expired or invalid`,
        hint: loginHint(ctx.profile),
      };
    case 'no-credentials':
      return {
        message: ctx.profile
          ? `no AWS credentials could be loaded for profile "${ctx.profile}"`
          : 'no AWS credentials found (environment, SSO, shared config, web identity, container or instance role)',
        hint: `The SDK said: ${aws}\nPass --profile, set AWS_PROFILE, or log in (aws sso login / aws configure); or try the bundled demo: iam-refine --demo.`,
      };
    case 'no-region':
      return {
        message: 'no AWS region is set',
        hint: 'Pass --region, set AWS_REGION, or add a region to the profile in ~/.aws/config.',
      };
    case 'throttled':
      return {
        message: `AWS throttled ${ctx.action}${tries} (${name})`,
        hint: `Another tool may be using the same API quota; run again later or with a shorter window (or a larger ${RETRY_BUDGET_ENV}).`,
      };
    case 'timeout':
      return {
        message: `${ctx.action} timed out${tries}`,
        hint: 'The endpoint is slow or unreachable; check the network or AWS_ENDPOINT_URL settings.',
      };
    case 'network':
      return {
        message: `could not reach AWS calling ${ctx.action}: ${aws}`,
        hint: 'Check the network, proxy and any AWS_ENDPOINT_URL settings.',
      };
    case 'server':
      return {
        message: `AWS returned a server error for ${ctx.action}${tries} (${name})`,
        hint: 'This is usually transient: run again in a few minutes.',
      };
    case 'malformed':
      return {
        message: `the response to ${ctx.action} could not be read (malformed body)`,
        hint: `Check any proxy or AWS_ENDPOINT_URL setting in between. Parser said: ${aws.slice(0, 160)}`,
      };
    case 'not-found':
      return { message: `${ctx.action} failed: ${name}: ${aws}${detail}` };
    default:
      return { message: `${ctx.action} failed: ${name}: ${aws}${detail}` };
  }
}

export function awsUserError(err: unknown, ctx: AwsErrorContext): UserError {
  if (err instanceof UserError) return err;
  const { message, hint } = describeAwsError(err, ctx);
  return new UserError('aws', message, { hint, cause: err });
}

/** Run one SDK call; failures other than cancellation become a UserError naming the action. */
export async function callAws<T>(ctx: AwsErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw awsUserError(err, ctx);
  }
}
