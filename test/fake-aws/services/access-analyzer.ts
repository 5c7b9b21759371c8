// IAM Access Analyzer (REST-JSON): analyzers, unused-access findings (V2 APIs) and
// policy generation jobs (one running per account, like AWS).
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import type { FakePolicyGenerationJob } from '../scenario.js';

type Doc = { Statement?: Record<string, unknown>[] } & Record<string, unknown>;

function job(ctx: HandlerContext, id: unknown): FakePolicyGenerationJob {
  const j = ctx.state.generationJobs.find((x) => x.jobId === id);
  if (!j) throw new FakeAwsError(404, 'ResourceNotFoundException', `Job ${String(id)} not found`);
  return j;
}

/** Without placeholders AWS writes `*`; the service-level template only when asked. */
function shapePolicy(doc: object, placeholders: boolean): string {
  const d = structuredClone(doc) as Doc;
  if (!placeholders)
    for (const st of d.Statement ?? []) {
      const res = ([] as unknown[]).concat(st.Resource ?? []);
      if (res.some((r) => String(r).includes('${'))) st.Resource = '*';
    }
  return JSON.stringify(d);
}

export const accessAnalyzerHandlers: ServiceHandlers = {
  ListAnalyzers(p, { scenario }) {
    const all = (scenario.analyzers ?? []).filter((a) => !p.type || a.type === p.type);
    const pg = page(all, p.nextToken, clampInt(p.maxResults, 100, 1, 1000, 'maxResults'), { type: p.type });
    return {
      analyzers: pg.items.map((a) => ({ createdAt: '2026-10-01T00:00:00Z', status: 'ACTIVE', ...a })),
      nextToken: pg.next,
    };
  },
  ListFindingsV2(p, { scenario }) {
    const filter = (p.filter ?? {}) as Record<string, { eq?: string[] }>;
    const matches = (field: string, value: string | undefined) =>
      !filter[field]?.eq || filter[field].eq.includes(value ?? '');
    const all = (scenario.findings ?? []).filter(
      (f) =>
        f.analyzerArn === p.analyzerArn &&
        matches('resource', f.resource) &&
        matches('findingType', f.findingType) &&
        matches('status', f.status ?? 'ACTIVE'),
    );
    const pg = page(all, p.nextToken, clampInt(p.maxResults, 100, 1, 100, 'maxResults'), {
      a: p.analyzerArn,
      filter,
    });
    return {
      findings: pg.items.map((f) => ({
        id: f.id,
        resource: f.resource,
        resourceType: f.resourceType ?? 'AWS::IAM::Role',
        resourceOwnerAccount: f.resource.split(':')[4],
        status: f.status ?? 'ACTIVE',
        findingType: f.findingType,
        analyzedAt: '2026-11-21T00:00:00Z',
        createdAt: '2026-11-21T00:00:00Z',
        updatedAt: '2026-11-21T00:00:00Z',
      })),
      nextToken: pg.next,
    };
  },
  GetFindingV2(p, { scenario }) {
    const f = (scenario.findings ?? []).find((x) => x.id === p.id && x.analyzerArn === p.analyzerArn);
    if (!f) throw new FakeAwsError(404, 'ResourceNotFoundException', `Finding ${String(p.id)} not found`);
    const pg = page(f.findingDetails, p.nextToken, clampInt(p.maxResults, 50, 1, 100, 'maxResults'), {
      id: f.id,
    });
    return {
      id: f.id,
      resource: f.resource,
      resourceType: f.resourceType ?? 'AWS::IAM::Role',
      resourceOwnerAccount: f.resource.split(':')[4],
      status: f.status ?? 'ACTIVE',
      findingType: f.findingType,
      analyzedAt: '2026-11-21T00:00:00Z',
      createdAt: '2026-11-21T00:00:00Z',
      updatedAt: '2026-11-21T00:00:00Z',
      findingDetails: pg.items,
      nextToken: pg.next,
    };
  },
  StartPolicyGeneration(p, ctx) {
    const details = p.policyGenerationDetails as { principalArn?: string } | undefined;
    const trail = p.cloudTrailDetails as
      | {
          trails?: FakePolicyGenerationJob['trails'];
          accessRole?: string;
          startTime?: string;
          endTime?: string;
        }
      | undefined;
    const principalArn = details?.principalArn ?? '';
    const same = ctx.state.generationJobs.find(
      (j) => p.clientToken && j.jobId === `token-${String(p.clientToken)}`,
    );
    if (same) return { jobId: same.jobId };
    if (ctx.state.generationJobs.some((j) => j.status === 'IN_PROGRESS'))
      throw new FakeAwsError(
        409,
        'ConflictException',
        'A policy generation job is already in progress for this account.',
      );
    const roleName = trail?.accessRole?.split('/').pop();
    if (!trail?.accessRole || !(ctx.scenario.roles ?? []).some((r) => r.RoleName === roleName))
      throw new FakeAwsError(
        400,
        'ValidationException',
        `Unable to assume the access role ${String(trail?.accessRole)}.`,
      );
    const start = Date.parse(String(trail.startTime));
    const end = Date.parse(String(trail.endTime ?? new Date(ctx.now()).toISOString()));
    if (!(end > start) || end - start > 90 * 86_400_000)
      throw new FakeAwsError(
        400,
        'ValidationException',
        'The time range must be at most 90 days, start before end.',
      );
    const j: FakePolicyGenerationJob = {
      jobId: p.clientToken ? `token-${String(p.clientToken)}` : ctx.newId('gen'),
      principalArn,
      status: 'IN_PROGRESS',
      startedOn: new Date(ctx.now()).toISOString(),
      window: { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() },
      trails: trail.trails,
      pollsLeft: ctx.scenario.policyGenerationPolls ?? 2,
    };
    ctx.state.generationJobs.push(j);
    return { jobId: j.jobId };
  },
  ListPolicyGenerations(p, { state }) {
    const all = state.generationJobs
      .filter((j) => !p.principalArn || j.principalArn === p.principalArn)
      .sort((a, b) => b.startedOn.localeCompare(a.startedOn));
    const pg = page(all, p.nextToken, clampInt(p.maxResults, 100, 1, 1000, 'maxResults'), {
      p: p.principalArn,
    });
    return {
      policyGenerations: pg.items.map((j) => ({
        jobId: j.jobId,
        principalArn: j.principalArn,
        status: j.status,
        startedOn: j.startedOn,
        completedOn: j.completedOn,
      })),
      nextToken: pg.next,
    };
  },
  GetGeneratedPolicy(p, ctx) {
    const j = job(ctx, p.jobId);
    if (j.status === 'IN_PROGRESS') {
      if ((j.pollsLeft ?? 0) > 0) j.pollsLeft = (j.pollsLeft ?? 0) - 1;
      else {
        j.status = 'SUCCEEDED';
        j.completedOn = new Date(ctx.now()).toISOString();
      }
    }
    const jobDetails = {
      jobId: j.jobId,
      status: j.status,
      startedOn: j.startedOn,
      completedOn: j.completedOn,
    };
    if (j.status !== 'SUCCEEDED') return { jobDetails };
    const gen = ctx.scenario.generatedPolicies?.[j.principalArn] ?? { policies: [] };
    const placeholders = p.includeResourcePlaceholders === 'true';
    const template = p.includeServiceLevelTemplate === 'true';
    const policies = gen.policies.map((doc, i) => {
      const d = structuredClone(doc) as Doc;
      if (template && i === gen.policies.length - 1)
        d.Statement = [
          ...(d.Statement ?? []),
          ...((gen.serviceLevelStatements ?? []) as Record<string, unknown>[]),
        ];
      return { policy: shapePolicy(d, placeholders) };
    });
    return {
      jobDetails,
      generatedPolicyResult: {
        generatedPolicies: policies,
        properties: {
          isComplete: gen.isComplete ?? true,
          principalArn: j.principalArn,
          cloudTrailProperties: {
            trailProperties: j.trails ?? [],
            startTime: j.window?.startTime,
            endTime: j.window?.endTime,
          },
        },
      },
    };
  },
  CancelPolicyGeneration(p, ctx) {
    const j = job(ctx, p.jobId);
    if (j.status === 'IN_PROGRESS') j.status = 'CANCELED';
    return {};
  },
};
