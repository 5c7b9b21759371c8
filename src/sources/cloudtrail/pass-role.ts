// iam:PassRole is checked whenever a call hands a role to a service (Lambda's
// CreateFunction `role`, CloudFormation's `roleARN`, ECS task roles, Step Functions
// `roleArn` ...), but CloudTrail never logs it as an event of its own. We infer it from
// the calls: a write call whose parameters hold a role ARN under a `...role` /
// `...roleArn` key passed that role. EC2 passes the role inside an instance profile,
// which the record names but whose role it does not.
import type { CloudTrailRecord } from './record.js';

export interface PassedRole {
  /** The role ARN, or a template when only the instance profile is known. */
  resource: string;
  reason: string;
}

const ROLE_KEY = /role(arn)?$/i;
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.+/;
/** Services whose role parameters name the target of the call, not a role handed over. */
const NOT_PASSING = new Set(['iam', 'sts']);
const INSTANCE_PROFILE_CALLS = new Set([
  'ec2:RunInstances',
  'ec2:AssociateIamInstanceProfile',
  'ec2:ReplaceIamInstanceProfileAssociation',
]);
const MAX_NODES = 500;

function findRoleArns(
  value: unknown,
  path: string,
  out: { arn: string; path: string }[],
  budget: { n: number },
): void {
  if (budget.n-- <= 0 || value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
  for (const [p, v] of entries) {
    const key = p.slice(p.lastIndexOf('.') + 1);
    if (typeof v === 'string' && ROLE_KEY.test(key) && ROLE_ARN.test(v)) out.push({ arn: v, path: p });
    else if (typeof v === 'object') findRoleArns(v, p, out, budget);
  }
}

export function passedRoles(
  record: CloudTrailRecord,
  action: string,
  ctx: { partition: string; account?: string },
): PassedRole[] {
  const service = action.slice(0, action.indexOf(':'));
  if (NOT_PASSING.has(service) || record.readOnly === true || !record.requestParameters) return [];
  const why = (what: string) =>
    `${action} passed ${what}; iam:PassRole is checked for it but CloudTrail never logs PassRole itself.`;
  const found: { arn: string; path: string }[] = [];
  findRoleArns(record.requestParameters, '', found, { n: MAX_NODES });
  const out: PassedRole[] = [];
  for (const f of found) {
    if (!out.some((o) => o.resource === f.arn)) {
      out.push({ resource: f.arn, reason: why(`this role (requestParameters.${f.path})`) });
    }
  }
  const profile = record.requestParameters.iamInstanceProfile as { arn?: string; name?: string } | undefined;
  if (INSTANCE_PROFILE_CALLS.has(action) && profile && (profile.arn || profile.name)) {
    out.push({
      resource: `arn:${ctx.partition}:iam::${ctx.account ?? '${Account}'}:role/\${RoleNameWithPath}`,
      reason: why(`the role of instance profile ${profile.name ?? profile.arn}`),
    });
  }
  return out;
}
