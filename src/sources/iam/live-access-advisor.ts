// Live Access Advisor at action level: GenerateServiceLastAccessedDetails, poll
// GetServiceLastAccessedDetails, page on Marker. A tracked action last used inside the
// window is evidence of use; one never used, or not since the window began, of non-use.
// A service not used since the window began marks all its actions unused (`svc:*`).
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { abortableSleep } from '../../aws/rate-limit.js';
import { aggregateEvidence } from '../../core/aggregate.js';
import { UserError } from '../../core/errors.js';
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, EvidenceInput, RoleRef, TimeWindow } from '../../core/types.js';
import { mapAction } from '../access-analyzer/common.js';

export interface AccessAdvisorLiveOptions extends ReadContext {
  role: RoleRef;
  window: TimeWindow;
  pollIntervalMs?: number;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
}

const iso = (d: Date | undefined) => d?.toISOString();

/** Pure: ServicesLastAccessed (SDK shape) → evidence for the window. */
export function evidenceFromServicesLastAccessed(
  services: ServiceLastAccessed[],
  role: RoleRef,
  window: TimeWindow,
  jobId?: string,
): EvidenceInput[] {
  const since = Date.parse(window.start);
  const samples = jobId ? [jobId] : [];
  const out: EvidenceInput[] = [];
  for (const s of services) {
    const ns = s.ServiceNamespace;
    if (!ns) continue;
    const serviceLast = s.LastAuthenticated?.getTime();
    if (serviceLast === undefined || serviceLast < since) {
      out.push({
        source: 'access-advisor',
        action: `${ns}:*`,
        count: 0,
        unused: true,
        lastAccessed: iso(s.LastAuthenticated),
        samples,
      });
      continue;
    }
    for (const a of s.TrackedActionsLastAccessed ?? []) {
      if (!a.ActionName) continue;
      const last = a.LastAccessedTime;
      const used = last !== undefined && last.getTime() >= since;
      out.push({
        source: 'access-advisor',
        ...mapAction(`${ns}:${a.ActionName}`),
        account: role.account || undefined,
        region: a.LastAccessedRegion,
        count: used ? 1 : 0,
        ...(used ? { firstSeen: iso(last), lastSeen: iso(last) } : { unused: true }),
        lastAccessed: iso(last),
        samples,
      });
    }
  }
  return out;
}

export async function accessAdvisorLive(
  clients: AwsClients,
  opts: AccessAdvisorLiveOptions,
): Promise<Evidence[]> {
  const report = reporter(opts, 'access-advisor', 'IAM Access Advisor', 'services');
  const profile = clients.settings.profile;
  const abortSignal = opts.signal;
  report({ message: 'starting the last-accessed report' });
  const { JobId } = await callAws({ action: 'iam:GenerateServiceLastAccessedDetails', profile }, () =>
    clients.iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: opts.role.arn, Granularity: 'ACTION_LEVEL' }),
      {
        abortSignal,
      },
    ),
  );
  const get = (Marker?: string) =>
    callAws({ action: 'iam:GetServiceLastAccessedDetails', profile }, () =>
      clients.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker }), { abortSignal }),
    );
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let page = await get();
  while (page.JobStatus === 'IN_PROGRESS') {
    if (Date.now() > deadline)
      throw new UserError('aws', `Access Advisor job ${JobId} did not finish in time`, {
        hint: 'Run again later.',
      });
    report({ message: 'IAM is preparing the last-accessed report' });
    await abortableSleep(opts.pollIntervalMs ?? 2_000, abortSignal);
    page = await get();
  }
  if (page.JobStatus === 'FAILED')
    throw new UserError(
      'aws',
      `Access Advisor job failed: ${page.Error?.Code ?? ''} ${page.Error?.Message ?? ''}`.trim(),
    );
  const services = [...(page.ServicesLastAccessed ?? [])];
  while (page.IsTruncated && page.Marker) {
    page = await get(page.Marker);
    services.push(...(page.ServicesLastAccessed ?? []));
    report({ done: services.length });
  }
  const evidence = aggregateEvidence(
    evidenceFromServicesLastAccessed(services, opts.role, opts.window, JobId),
  );
  report({ state: 'done', done: services.length, total: services.length });
  return evidence;
}
