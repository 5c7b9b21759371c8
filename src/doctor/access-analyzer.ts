// Access Analyzer: an unused-access analyzer exists; the policy-generation access role
// exists and trusts access-analyzer.amazonaws.com (and a trail is there to read).
import { GetRoleCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import { roleRefFromArn } from '../core/arn.js';
import { safeLine } from '../core/sanitize.js';
import { accessRoleSetupHint } from '../sources/access-analyzer/live.js';
import { findUnusedAccessAnalyzer } from '../sources/access-analyzer/live-unused.js';
import { failedCall } from './outcome.js';
import type { CheckContext, CheckLine } from './types.js';

export const SERVICE = 'access-analyzer.amazonaws.com';
const GENERATION = 'Access Analyzer policy generation';
const UNUSED = 'Access Analyzer unused access';

export const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: SERVICE }, Action: 'sts:AssumeRole' }],
});

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Whether a trust policy lets the service assume the role. */
export function trustsService(document: unknown, service = SERVICE): boolean {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement);
  return statements.some((raw) => {
    const s = raw as { Effect?: string; Principal?: { Service?: unknown } | string; Action?: unknown };
    if (s.Effect !== 'Allow') return false;
    const services = typeof s.Principal === 'string' ? [s.Principal] : list(s.Principal?.Service);
    const actions = list(s.Action).map(String);
    return (
      services.some((p) => p === service || p === '*') &&
      actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
    );
  });
}

function decodeDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text));
  } catch {
    return undefined;
  }
}

export async function checkPolicyGeneration(
  clients: AwsClients,
  ctx: CheckContext,
  opts: { accessRole?: string; trailBucket?: string },
): Promise<CheckLine> {
  const line = (state: CheckLine['state'], detail: string, fix?: string): CheckLine => ({
    source: 'access-analyzer',
    label: GENERATION,
    state,
    detail,
    fix,
  });
  const setup = accessRoleSetupHint(ctx.account, opts.trailBucket);
  if (!opts.accessRole)
    return line(
      'missing',
      'no access role given (one-time setup; --analyzer-access-role ARN is remembered)',
      setup,
    );
  const ref = roleRefFromArn(opts.accessRole);
  if (!ref) return line('missing', `${safeLine(opts.accessRole)} is not an IAM role ARN`, setup);
  let document: unknown;
  try {
    const out = await clients.iam.send(new GetRoleCommand({ RoleName: ref.name }));
    document = decodeDocument(out.Role?.AssumeRolePolicyDocument);
  } catch (err) {
    if (classifyAwsError(err) === 'not-found')
      return line('missing', `the access role ${safeLine(ref.name)} does not exist`, setup);
    return failedCall('access-analyzer', GENERATION, 'iam:GetRole', err, clients.settings.profile);
  }
  if (!trustsService(document))
    return line(
      'missing',
      `the access role ${safeLine(ref.name)} does not trust ${SERVICE}`,
      `aws iam update-assume-role-policy --role-name ${ref.name} --policy-document '${TRUST_POLICY}'`,
    );
  if (!opts.trailBucket)
    return line(
      'missing',
      `the access role ${safeLine(ref.name)} is ready, but policy generation reads a trail and none logs ${ctx.region} to S3`,
      'Create a trail first (see the CloudTrail line).',
    );
  return line(
    'ok',
    `access role ${safeLine(ref.name)} trusts ${SERVICE}; trail bucket ${safeLine(opts.trailBucket)}`,
  );
}

export async function checkUnusedAnalyzer(clients: AwsClients, ctx: CheckContext): Promise<CheckLine> {
  try {
    const arn = await findUnusedAccessAnalyzer(clients);
    if (arn)
      return { source: 'unused-findings', label: UNUSED, state: 'ok', detail: `analyzer ${safeLine(arn)}` };
    return {
      source: 'unused-findings',
      label: UNUSED,
      state: 'missing',
      detail: `no active unused-access analyzer in ${ctx.region} (account or organization)`,
      fix: `Create one (a paid feature; findings appear after its first scan): aws accessanalyzer create-analyzer --analyzer-name unused-access --type ACCOUNT_UNUSED_ACCESS --region ${ctx.region} (console: IAM > Access Analyzer > Create analyzer > Unused access analysis)`,
    };
  } catch (err) {
    // findUnusedAccessAnalyzer wraps SDK errors in a UserError; the cause is the SDK's.
    const cause = (err as { cause?: unknown }).cause ?? err;
    return failedCall(
      'unused-findings',
      UNUSED,
      'access-analyzer:ListAnalyzers',
      cause,
      clients.settings.profile,
    );
  }
}
