// IAM (query protocol): roles, their policies (URL-encoded documents, as AWS sends
// them) and Access Advisor jobs.
import type { HandlerContext, ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError, type Params } from '../protocols.js';
import { roleArn, type FakeRole, type Scenario } from '../scenario.js';
import { rfc3986 } from '../xml.js';

function roleByName(s: Scenario, name: unknown): FakeRole {
  const role = (s.roles ?? []).find((r) => r.RoleName === name);
  if (!role)
    throw new FakeAwsError(404, 'NoSuchEntity', `The role with name ${String(name)} cannot be found.`);
  return role;
}

function roleShape(s: Scenario, r: FakeRole, withLastUsed: boolean): Record<string, unknown> {
  return {
    Path: r.Path ?? '/',
    RoleName: r.RoleName,
    RoleId:
      r.RoleId ??
      `AROA${r.RoleName.toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 16)}`,
    Arn: roleArn(s, r),
    CreateDate: r.CreateDate ?? '2026-01-05T10:00:00Z',
    AssumeRolePolicyDocument: rfc3986(JSON.stringify(r.AssumeRolePolicyDocument ?? {})),
    Description: r.Description,
    MaxSessionDuration: 3600,
    RoleLastUsed: withLastUsed ? (r.RoleLastUsed ?? {}) : undefined,
    // Like AWS: GetRole returns the tags, ListRoles does not.
    Tags: withLastUsed && r.Tags?.length ? r.Tags : undefined,
  };
}

function marked(p: Params): { marker: unknown; size: number } {
  return { marker: p.Marker, size: clampInt(p.MaxItems, 100, 1, 1000, 'MaxItems') };
}

function managed(ctx: HandlerContext, arn: unknown) {
  const pol = ctx.scenario.managedPolicies?.[String(arn)];
  if (!pol)
    throw new FakeAwsError(404, 'NoSuchEntity', `Policy ${String(arn)} does not exist or is not attachable.`);
  return pol;
}

export const iamHandlers: ServiceHandlers = {
  ListRoles(p, { scenario }) {
    const { marker, size } = marked(p);
    const prefix = String(p.PathPrefix ?? '/');
    const roles = (scenario.roles ?? []).filter((r) => (r.Path ?? '/').startsWith(prefix));
    const pg = page(roles, marker, size, { op: 'ListRoles', prefix }, 'ValidationError');
    return {
      Roles: pg.items.map((r) => roleShape(scenario, r, false)),
      IsTruncated: !!pg.next,
      Marker: pg.next,
    };
  },
  GetRole(p, { scenario }) {
    return { Role: roleShape(scenario, roleByName(scenario, p.RoleName), true) };
  },
  ListAttachedRolePolicies(p, { scenario }) {
    const { marker, size } = marked(p);
    const role = roleByName(scenario, p.RoleName);
    const pg = page(
      role.attached ?? [],
      marker,
      size,
      { op: 'LARP', role: role.RoleName },
      'ValidationError',
    );
    return { AttachedPolicies: pg.items, IsTruncated: !!pg.next, Marker: pg.next };
  },
  GetPolicy(p, ctx) {
    const pol = managed(ctx, p.PolicyArn);
    return {
      Policy: {
        PolicyName: pol.PolicyName,
        PolicyId: `ANPA${pol.PolicyName.toUpperCase().slice(0, 16)}`,
        Arn: p.PolicyArn,
        Path: '/',
        DefaultVersionId: pol.DefaultVersionId ?? 'v1',
        AttachmentCount: 1,
        IsAttachable: true,
      },
    };
  },
  GetPolicyVersion(p, ctx) {
    const pol = managed(ctx, p.PolicyArn);
    const version = pol.DefaultVersionId ?? 'v1';
    if (p.VersionId !== version)
      throw new FakeAwsError(
        404,
        'NoSuchEntity',
        `Policy ${String(p.PolicyArn)} version ${String(p.VersionId)} does not exist.`,
      );
    return {
      PolicyVersion: {
        Document: rfc3986(JSON.stringify(pol.document)),
        VersionId: version,
        IsDefaultVersion: true,
        CreateDate: '2026-01-05T10:00:00Z',
      },
    };
  },
  ListRolePolicies(p, { scenario }) {
    const { marker, size } = marked(p);
    const role = roleByName(scenario, p.RoleName);
    const names = Object.keys(role.inline ?? {}).sort();
    const pg = page(names, marker, size, { op: 'LRP', role: role.RoleName }, 'ValidationError');
    return { PolicyNames: pg.items, IsTruncated: !!pg.next, Marker: pg.next };
  },
  GetRolePolicy(p, { scenario }) {
    const role = roleByName(scenario, p.RoleName);
    const doc = role.inline?.[String(p.PolicyName)];
    if (!doc)
      throw new FakeAwsError(
        404,
        'NoSuchEntity',
        `The role policy with name ${String(p.PolicyName)} cannot be found.`,
      );
    return {
      RoleName: role.RoleName,
      PolicyName: p.PolicyName,
      PolicyDocument: rfc3986(JSON.stringify(doc)),
    };
  },
  GenerateServiceLastAccessedDetails(p, ctx) {
    const arn = String(p.Arn ?? '');
    if (p.Granularity !== 'ACTION_LEVEL' && p.Granularity !== 'SERVICE_LEVEL' && p.Granularity !== undefined)
      throw new FakeAwsError(400, 'InvalidInput', 'Granularity must be SERVICE_LEVEL or ACTION_LEVEL');
    const jobId = ctx.newId('job');
    ctx.state.accessAdvisorJobs.set(jobId, { arn, polls: ctx.scenario.accessAdvisorPolls ?? 1 });
    ctx.state.accessAdvisorPeak = Math.max(ctx.state.accessAdvisorPeak, ++ctx.state.accessAdvisorOpen);
    return { JobId: jobId };
  },
  GetServiceLastAccessedDetails(p, ctx) {
    const job = ctx.state.accessAdvisorJobs.get(String(p.JobId));
    if (!job) throw new FakeAwsError(404, 'NoSuchEntity', `Job ${String(p.JobId)} not found`);
    const created = new Date(ctx.now()).toISOString();
    if (job.polls > 0) {
      job.polls--;
      return {
        JobStatus: 'IN_PROGRESS',
        JobType: 'ACTION_LEVEL',
        JobCreationDate: created,
        ServicesLastAccessed: [],
      };
    }
    const { marker, size } = marked(p);
    const services = ctx.scenario.accessAdvisor?.[job.arn] ?? [];
    const pg = page(services, marker, size, { op: 'GSLAD', job: p.JobId }, 'ValidationError');
    if (!pg.next && !job.read) {
      job.read = true;
      ctx.state.accessAdvisorOpen--;
    }
    return {
      JobStatus: 'COMPLETED',
      JobType: 'ACTION_LEVEL',
      JobCreationDate: created,
      JobCompletionDate: created,
      ServicesLastAccessed: pg.items,
      IsTruncated: !!pg.next,
      Marker: pg.next,
    };
  },
};
