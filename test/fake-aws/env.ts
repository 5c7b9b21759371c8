// Point the real SDK clients at the fake the way a user points them at any endpoint:
// AWS_ENDPOINT_URL (or one AWS_ENDPOINT_URL_<SERVICE> per service), plus test-only
// credentials and a config path that keeps the developer's ~/.aws out of the tests.
import type { FakeAws } from './server.js';

export const FAKE_SERVICE_ENV = [
  'IAM',
  'STS',
  'XRAY',
  'CLOUDTRAIL',
  'ACCESSANALYZER',
  'LAMBDA',
  'S3',
  'ATHENA',
  'CLOUDWATCH_LOGS',
  'ORGANIZATIONS',
] as const;

export function fakeAwsEnv(
  fake: Pick<FakeAws, 'url'>,
  opts: { region?: string; perService?: boolean } = {},
): Record<string, string | undefined> {
  const endpoints = opts.perService
    ? Object.fromEntries(FAKE_SERVICE_ENV.map((s) => [`AWS_ENDPOINT_URL_${s}`, fake.url]))
    : { AWS_ENDPOINT_URL: fake.url };
  return {
    ...endpoints,
    AWS_REGION: opts.region ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFORTESTS0000',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-loopback-tests',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/iam-refine-test/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/iam-refine-test/credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Set variables (undefined deletes) and return a function that restores the previous values. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  // Any AWS_ENDPOINT_URL_* left from the shell would win over ours.
  for (const k of Object.keys(process.env))
    if (k.startsWith('AWS_ENDPOINT_URL') && !(k in vars)) {
      before[k] = process.env[k];
      delete process.env[k];
    }
  return () => apply(before);
}
