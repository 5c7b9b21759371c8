// One place that builds the SDK clients every live source uses: the standard credential
// chain (or one profile), region, adaptive retries, timeouts. Endpoints are left to the
// SDK, which reads AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL / endpoint_url itself:
// that is how tests point the real clients at the loopback fake.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { XRayClient } from '@aws-sdk/client-xray';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  MetadataBearer,
} from '@smithy/types';
import { lookupEventsLimiter, type RateLimiter } from './rate-limit.js';
import { awsUserError } from './errors.js';
import { RETRY_BUDGET_ENV, RetryBudget, retryBudgetMs, withRetryBudget } from './retry-budget.js';

export interface AwsSettings {
  /** Named profile (SSO, assume-role, credential_process...); otherwise the default chain. */
  profile?: string;
  region?: string;
  /** Attempts per call including the first (SDK default 3; we allow more for throttled APIs). */
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  /** Per-request timeout; a hung endpoint fails with a clear message instead of hanging the TUI. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Time all retries of the run may wait in total (default $IAM_REFINE_RETRY_BUDGET_MS, else 60 s). */
  retryBudgetMs?: number;
  /** Explicit credentials (embedding, tests); normally omitted. */
  credentials?: AwsCredentialIdentityProvider;
  /** LookupEvents limiter shared with other clients of the same account and region (a sweep's). */
  lookupEventsLimiter?: RateLimiter;
}

export interface AwsClients {
  readonly settings: AwsSettings;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly xray: XRayClient;
  readonly cloudtrail: CloudTrailClient;
  readonly accessAnalyzer: AccessAnalyzerClient;
  readonly lambda: LambdaClient;
  readonly s3: S3Client;
  readonly athena: AthenaClient;
  /** Logs Insights over CloudTrail delivered to CloudWatch Logs. */
  readonly logs: CloudWatchLogsClient;
  /** Shared by every LookupEvents call on this account and region (2 per second). */
  readonly lookupEventsLimiter: RateLimiter;
  destroy(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Share one credential resolution across clients (SSO and web identity should not run seven times). */
function shared(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async (props) => {
    if (pending) {
      const have = await pending.catch(() => undefined);
      const exp = have?.expiration?.getTime();
      if (have && (exp === undefined || exp - Date.now() > 300_000)) return have;
    }
    pending = provider(props);
    pending.catch(() => (pending = undefined));
    return pending;
  };
}

export function credentialProvider(settings: AwsSettings): AwsCredentialIdentityProvider {
  if (settings.credentials) return settings.credentials;
  return shared(settings.profile ? fromIni({ profile: settings.profile }) : fromNodeProviderChain());
}

/**
 * Clients are created on first use. The SDK's Node 20 deprecation notice would print
 * over the TUI, so it is silenced unless the user set the variable themselves.
 */
export function createAwsClients(settings: AwsSettings = {}): AwsClients {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const credentials = credentialProvider(settings);
  const common = {
    region: settings.region,
    profile: settings.profile,
    credentials,
    maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: settings.retryMode ?? 'adaptive',
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without it a timeout is only a console warning (over the TUI) and the call hangs on.
      throwOnRequestTimeout: true,
      connectionTimeout: settings.connectionTimeoutMs ?? 5_000,
    },
  };
  const made: { destroy(): void }[] = [];
  const lazy = <T extends { destroy(): void }>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => {
      if (!client) {
        client = make();
        made.push(client);
      }
      return client;
    };
  };
  const limiter = settings.lookupEventsLimiter ?? lookupEventsLimiter();
  const budget = new RetryBudget(retryBudgetMs(settings.retryBudgetMs, process.env[RETRY_BUDGET_ENV]));
  const iam = lazy(() => withRetryBudget(new IAMClient(common), budget, 'IAM'));
  const sts = lazy(() => new STSClient({ ...common, maxAttempts: Math.min(common.maxAttempts, 2) }));
  const xray = lazy(() => withRetryBudget(new XRayClient(common), budget, 'X-Ray'));
  const cloudtrail = lazy(() =>
    withRetryBudget(withLookupEventsLimit(new CloudTrailClient(common), limiter), budget, 'CloudTrail'),
  );
  const accessAnalyzer = lazy(() =>
    withRetryBudget(new AccessAnalyzerClient(common), budget, 'Access Analyzer'),
  );
  const lambda = lazy(() => withRetryBudget(new LambdaClient(common), budget, 'Lambda'));
  const athena = lazy(() => withRetryBudget(new AthenaClient(common), budget, 'Athena'));
  const logs = lazy(() => withRetryBudget(new CloudWatchLogsClient(common), budget, 'CloudWatch Logs'));
  // The trail bucket may live in another region: follow S3's redirect instead of failing.
  // Log files stream through the same request: give them longer than an API call.
  const s3 = lazy(() =>
    withRetryBudget(
      new S3Client({
        ...common,
        followRegionRedirects: true,
        requestHandler: {
          ...common.requestHandler,
          requestTimeout: 4 * common.requestHandler.requestTimeout,
        },
      }),
      budget,
      'S3',
    ),
  );
  return {
    settings,
    get iam() {
      return iam();
    },
    get sts() {
      return sts();
    },
    get xray() {
      return xray();
    },
    get cloudtrail() {
      return cloudtrail();
    },
    get accessAnalyzer() {
      return accessAnalyzer();
    },
    get lambda() {
      return lambda();
    },
    get s3() {
      return s3();
    },
    get athena() {
      return athena();
    },
    get logs() {
      return logs();
    },
    lookupEventsLimiter: limiter,
    destroy() {
      for (const c of made.splice(0)) c.destroy();
    },
  };
}

/**
 * Every LookupEvents HTTP attempt (retries included) waits for the shared limiter: the
 * middleware sits after the retry middleware, so it runs once per attempt.
 */
function withLookupEventsLimit(client: CloudTrailClient, limiter: RateLimiter): CloudTrailClient {
  const middleware: FinalizeRequestMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    if (context.commandName === 'LookupEventsCommand') await limiter.acquire();
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'iamRefineLookupEventsLimit',
    override: true,
  });
  return client;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  region: string;
  partition: string;
}

/**
 * Up-front check before any source runs: a region, credentials that load, and STS
 * accepting them. Missing or expired credentials become one clear UserError (kind 'aws')
 * saying what to do; the TUI offers the demo on that error.
 */
export async function checkCredentials(clients: AwsClients, signal?: AbortSignal): Promise<CallerIdentity> {
  const ctx = { action: 'sts:GetCallerIdentity', profile: clients.settings.profile };
  let region: string;
  try {
    region = await clients.sts.config.region();
  } catch (err) {
    throw awsUserError(err, ctx);
  }
  if (!region) throw awsUserError(new Error('Region is missing'), ctx);
  try {
    const out = await clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    const arn = out.Arn ?? '';
    return {
      account: out.Account ?? '',
      arn,
      userId: out.UserId ?? '',
      region,
      partition: arn.split(':')[1] || 'aws',
    };
  } catch (err) {
    throw awsUserError(err, ctx);
  }
}
