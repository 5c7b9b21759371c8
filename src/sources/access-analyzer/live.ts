// Live Access Analyzer policy generation: find the trail, take the access role, reuse a
// recent job for the same role and window (or attach to one still running), else start
// one; poll with progress, cancel it on abort, fetch it with placeholders and the
// service-level template, and map it with the offline reader's pure function.
import { randomUUID } from 'node:crypto';
import {
  CancelPolicyGenerationCommand,
  GetGeneratedPolicyCommand,
  ListPolicyGenerationsCommand,
  StartPolicyGenerationCommand,
  type GetGeneratedPolicyCommandOutput,
} from '@aws-sdk/client-accessanalyzer';
import { DescribeTrailsCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../../aws/clients.js';
import { awsUserError, callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { abortableSleep } from '../../aws/rate-limit.js';
import { aggregateEvidence } from '../../core/aggregate.js';
import { UserError } from '../../core/errors.js';
import type { Evidence, TimeWindow } from '../../core/types.js';
import type { AccessAnalyzerReadOptions } from './common.js';
import { evidenceFromGeneratedPolicy } from './generated-policy.js';

export const MAX_GENERATION_WINDOW_MS = 90 * 86_400_000;

export interface PolicyGenerationLiveOptions extends AccessAnalyzerReadOptions {
  window: TimeWindow;
  /** `--analyzer-access-role` (or the saved preference): the role Access Analyzer reads the trail with. */
  accessRole?: string;
  /** Trail ARNs; otherwise the account's multi-region trail (or every trail). */
  trails?: string[];
  pollIntervalMs?: number;
  /** Reuse a finished job for the same role and window started this recently (default 24 h). */
  reuseWithinMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** What to set up once, said where the user meets the problem. */
export function accessRoleSetupHint(account: string, bucket?: string): string {
  const b = bucket ?? '<trail-bucket>';
  return [
    'Policy generation reads the trail with a role you create once:',
    `  trusted by access-analyzer.amazonaws.com, allowed cloudtrail:GetTrail, iam:GenerateServiceLastAccessedDetails,`,
    `  iam:GetServiceLastAccessedDetails, s3:GetObject and s3:ListBucket on arn:aws:s3:::${b} (and kms:Decrypt if the trail is encrypted).`,
    `Then pass --analyzer-access-role arn:aws:iam::${account}:role/<name> (it is remembered). The README has the policies.`,
  ].join('\n');
}

function chooseTrails(list: Trail[]): Trail[] {
  const usable = list.filter((t) => t.TrailARN && t.S3BucketName);
  const multi = usable.filter((t) => t.IsMultiRegionTrail);
  return multi.length ? multi.slice(0, 1) : usable;
}

/** Same window within max(1 h, 2% of its span): relative windows ("last 7 days") move between runs. */
export function sameWindow(a: { start: number; end: number }, b: { start?: Date; end?: Date }): boolean {
  if (!b.start || !b.end) return false;
  const slack = Math.max(3_600_000, (a.end - a.start) * 0.02);
  return Math.abs(b.start.getTime() - a.start) <= slack && Math.abs(b.end.getTime() - a.end) <= slack;
}

export async function generatePolicyLive(
  clients: AwsClients,
  opts: PolicyGenerationLiveOptions,
): Promise<Evidence[]> {
  const report = reporter(opts, 'access-analyzer', 'Access Analyzer policy generation', 'jobs');
  const profile = clients.settings.profile;
  const abortSignal = opts.signal;
  const aa = clients.accessAnalyzer;
  const now = (opts.now ?? Date.now)();
  const end = Math.min(Date.parse(opts.window.end), now);
  const start = Math.max(Date.parse(opts.window.start), end - MAX_GENERATION_WINDOW_MS);
  const window = { start, end };
  const principalArn = opts.role.arn;

  report({ message: 'finding the trail' });
  let trails = opts.trails?.map((arn) => ({ TrailARN: arn }) as Trail);
  if (!trails) {
    const { trailList = [] } = await callAws({ action: 'cloudtrail:DescribeTrails', profile }, () =>
      clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal }),
    );
    trails = chooseTrails(trailList);
  }
  if (trails.length === 0)
    throw new UserError(
      'aws',
      'policy generation reads a CloudTrail trail, and this account has none in this region',
      {
        hint: 'Create a trail that logs management events to S3, or use the other sources.',
      },
    );
  if (!opts.accessRole)
    throw new UserError('aws', 'policy generation needs an access role, and none is set', {
      hint: accessRoleSetupHint(opts.role.account, trails[0]?.S3BucketName),
    });

  const fetch = (jobId: string) =>
    callAws({ action: 'access-analyzer:GetGeneratedPolicy', profile }, () =>
      aa.send(
        new GetGeneratedPolicyCommand({
          jobId,
          includeResourcePlaceholders: true,
          includeServiceLevelTemplate: true,
        }),
        {
          abortSignal,
        },
      ),
    );

  // A job for this role: one still running is joined, a recent finished one for the same window reused.
  report({ message: 'looking for a recent job for this role' });
  const { policyGenerations = [] } = await callAws(
    { action: 'access-analyzer:ListPolicyGenerations', profile },
    () => aa.send(new ListPolicyGenerationsCommand({ principalArn }), { abortSignal }),
  );
  const recent = policyGenerations
    .filter(
      (j) =>
        j.principalArn === principalArn &&
        j.startedOn &&
        now - j.startedOn.getTime() <= (opts.reuseWithinMs ?? 86_400_000),
    )
    .sort((a, b) => b.startedOn!.getTime() - a.startedOn!.getTime());
  let jobId: string | undefined;
  let result: GetGeneratedPolicyCommandOutput | undefined;
  let ours = false;
  for (const j of recent) {
    if (j.status === 'IN_PROGRESS') {
      jobId = j.jobId;
      break;
    }
    if (j.status !== 'SUCCEEDED' || !j.jobId) continue;
    const got = await fetch(j.jobId);
    const props = got.generatedPolicyResult?.properties?.cloudTrailProperties;
    if (sameWindow(window, { start: props?.startTime, end: props?.endTime })) {
      jobId = j.jobId;
      result = got;
      report({ message: `reusing job ${j.jobId} from ${j.startedOn!.toISOString()}` });
      break;
    }
  }

  if (!jobId) {
    report({ message: 'starting a policy generation job' });
    try {
      const started = await aa.send(
        new StartPolicyGenerationCommand({
          clientToken: randomUUID(),
          policyGenerationDetails: { principalArn },
          cloudTrailDetails: {
            trails: trails.map((t) =>
              t.IsMultiRegionTrail || !t.HomeRegion
                ? { cloudTrailArn: t.TrailARN, allRegions: true }
                : { cloudTrailArn: t.TrailARN, regions: [t.HomeRegion] },
            ),
            accessRole: opts.accessRole,
            startTime: new Date(start),
            endTime: new Date(end),
          },
        }),
        { abortSignal },
      );
      jobId = started.jobId;
      ours = true;
    } catch (err) {
      throw startError(err, opts, trails[0]?.S3BucketName);
    }
  }
  if (!jobId) throw new UserError('aws', 'StartPolicyGeneration returned no job id');

  const began = Date.now();
  try {
    while (!result || result.jobDetails?.status === 'IN_PROGRESS') {
      if (result) {
        if (Date.now() - began > (opts.timeoutMs ?? 30 * 60_000))
          throw new UserError('aws', `policy generation job ${jobId} is still running`, {
            hint: 'Run again later: the job will be reused when it finishes.',
          });
        await abortableSleep(opts.pollIntervalMs ?? 5_000, abortSignal);
      }
      result = await fetch(jobId);
      const secs = Math.round((Date.now() - began) / 1000);
      report({ message: `job ${jobId}: ${result.jobDetails?.status ?? 'unknown'} (${secs} s)` });
    }
  } catch (err) {
    if (ours && abortSignal?.aborted) {
      // Only one generation runs per account: do not leave ours holding the slot.
      await aa.send(new CancelPolicyGenerationCommand({ jobId })).catch(() => undefined);
      report({ state: 'cancelled', message: `job ${jobId} cancelled` });
    }
    throw err;
  }
  const status = result.jobDetails?.status;
  if (status !== 'SUCCEEDED') {
    const e = result.jobDetails?.jobError;
    throw new UserError(
      'aws',
      `policy generation job ${jobId} ${String(status).toLowerCase()}${e ? `: ${e.code} ${e.message}` : ''}`,
      {
        hint:
          e?.code === 'SERVICE_ERROR'
            ? 'Run again later.'
            : accessRoleSetupHint(opts.role.account, trails[0]?.S3BucketName),
      },
    );
  }
  // The reader expects the CLI's JSON (dates as ISO strings).
  const json: unknown = JSON.parse(
    JSON.stringify({ jobDetails: result.jobDetails, generatedPolicyResult: result.generatedPolicyResult }),
  );
  const evidence = aggregateEvidence(
    evidenceFromGeneratedPolicy(json, `Access Analyzer job ${jobId}`, { ...opts, window: opts.window }),
  );
  report({
    state: 'done',
    done: 1,
    total: 1,
    message: `job ${jobId}: ${evidence.length} actions and resources`,
  });
  return evidence;
}

function startError(err: unknown, opts: PolicyGenerationLiveOptions, bucket?: string): UserError {
  const name = (err as { name?: string }).name;
  if (name === 'ConflictException')
    return new UserError('aws', 'another policy generation is running in this account (one at a time)', {
      hint: 'Try again when it finishes, or cancel it: aws accessanalyzer cancel-policy-generation --job-id ID.',
      cause: err,
    });
  if (name === 'ValidationException' && /role/i.test((err as Error).message))
    return new UserError(
      'aws',
      `Access Analyzer cannot use the access role ${opts.accessRole}: ${(err as Error).message}`,
      {
        hint: accessRoleSetupHint(opts.role.account, bucket),
        cause: err,
      },
    );
  return awsUserError(err, {
    action: 'access-analyzer:StartPolicyGeneration',
    profile: undefined,
    detail: `(and iam:PassRole on ${opts.accessRole})`,
  });
}
