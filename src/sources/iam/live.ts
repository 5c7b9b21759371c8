// Live IAM: the account's roles (ListRoles, paged) for the picker, and one role's detail
// on demand (GetRole for last use, inline and attached managed policies). The API
// answers are shaped like get-account-authorization-details output and mapped by the
// same pure function as the offline file, so live and offline roles agree exactly.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  type Role,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '../../aws/clients.js';
import { mapConcurrent } from '../../aws/concurrency.js';
import { callAws } from '../../aws/errors.js';
import type { RoleDetail } from '../../core/types.js';
import { authorizationDetailsFrom } from './authorization-details.js';

export interface IamLiveOptions {
  signal?: AbortSignal;
  /** Roles listed so far (the picker shows a count while paging). */
  onPage?: (rolesSoFar: number) => void;
  /** Policies that could not be read (one line each). */
  onWarning?: (message: string) => void;
}

const iso = (d: Date | undefined) => d?.toISOString();

function roleShape(r: Role): Record<string, unknown> {
  return {
    RoleName: r.RoleName,
    Arn: r.Arn,
    Path: r.Path,
    CreateDate: iso(r.CreateDate),
    RoleLastUsed: r.RoleLastUsed
      ? { LastUsedDate: iso(r.RoleLastUsed.LastUsedDate), Region: r.RoleLastUsed.Region }
      : undefined,
  };
}

/** Every role of the account (ListRoles has no last use: getRoleDetailLive adds it). */
export async function listRolesLive(clients: AwsClients, opts: IamLiveOptions = {}): Promise<RoleDetail[]> {
  const list = await callAws({ action: 'iam:ListRoles', profile: clients.settings.profile }, async () => {
    const out: Record<string, unknown>[] = [];
    for await (const page of paginateListRoles(
      { client: clients.iam },
      { MaxItems: 1000 },
      { abortSignal: opts.signal },
    )) {
      out.push(...(page.Roles ?? []).map(roleShape));
      opts.onPage?.(out.length);
    }
    return out;
  });
  return authorizationDetailsFrom({ RoleDetailList: list }, 'iam:ListRoles').roles.map((r) => ({
    ...r,
    listedOnly: true,
  }));
}

/** One role with its last use and decoded policies (inline and attached managed default versions). */
export async function getRoleDetailLive(
  clients: AwsClients,
  roleName: string,
  opts: IamLiveOptions = {},
): Promise<RoleDetail> {
  const profile = clients.settings.profile;
  const abortSignal = opts.signal;
  const iam = clients.iam;
  const got = await callAws({ action: 'iam:GetRole', profile }, () =>
    iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal }),
  );
  const names = await callAws({ action: 'iam:ListRolePolicies', profile }, async () => {
    const out: string[] = [];
    for await (const page of paginateListRolePolicies(
      { client: iam },
      { RoleName: roleName },
      { abortSignal },
    ))
      out.push(...(page.PolicyNames ?? []));
    return out;
  });
  const inline = await mapConcurrent(names, 4, (name) =>
    callAws({ action: 'iam:GetRolePolicy', profile }, () =>
      iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }), { abortSignal }),
    ),
  );
  const attached = await callAws({ action: 'iam:ListAttachedRolePolicies', profile }, async () => {
    const out: { PolicyName?: string; PolicyArn?: string }[] = [];
    for await (const page of paginateListAttachedRolePolicies(
      { client: iam },
      { RoleName: roleName },
      { abortSignal },
    ))
      out.push(...(page.AttachedPolicies ?? []));
    return out;
  });
  const managed = await mapConcurrent(attached, 4, async (a) => {
    const policy = await callAws({ action: 'iam:GetPolicy', profile }, () =>
      iam.send(new GetPolicyCommand({ PolicyArn: a.PolicyArn }), { abortSignal }),
    );
    const versionId = policy.Policy?.DefaultVersionId;
    const version = await callAws({ action: 'iam:GetPolicyVersion', profile }, () =>
      iam.send(new GetPolicyVersionCommand({ PolicyArn: a.PolicyArn, VersionId: versionId }), {
        abortSignal,
      }),
    );
    return {
      PolicyName: policy.Policy?.PolicyName ?? a.PolicyName,
      Arn: a.PolicyArn,
      DefaultVersionId: versionId,
      PolicyVersionList: [
        { Document: version.PolicyVersion?.Document, VersionId: versionId, IsDefaultVersion: true },
      ],
    };
  });
  const shaped = {
    RoleDetailList: [
      {
        ...(got.Role ? roleShape(got.Role) : {}),
        RolePolicyList: inline.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument })),
        AttachedManagedPolicies: attached,
      },
    ],
    Policies: managed,
  };
  const details = authorizationDetailsFrom(shaped, `role ${roleName}`);
  for (const w of details.warnings) opts.onWarning?.(w);
  const role = details.roles[0];
  if (!role) throw new Error(`GetRole returned no role for ${roleName}`);
  return role;
}
