// Risk flags: facts shown beside a candidate or a statement, never blockers. The rules
// are data: an action pattern, optionally the resources it must be granted on (`*`, or
// every resource of its type), another action the same policy must also allow, and a
// one-line reason. Privilege escalation and resource exposure follow the known paths
// (Rhino Security's IAM escalation methods, cloudsplaining's categories).
import { lookupAction } from '../catalog/catalog.js';
import { actionMatches } from './evaluate.js';
import type { CandidateResource, RiskFlag } from './types.js';

export type RiskCode =
  | 'privilege-escalation'
  | 'resource-exposure'
  | 'data-access'
  | 'pass-role'
  | 'permissions-management'
  | 'wildcard-resource';

export interface RiskRule {
  code: RiskCode;
  /** IAM action patterns (case-insensitive wildcards). */
  actions: string[];
  /** Patterns excluded from `actions`. */
  except?: string[];
  /** `star`: only when granted on `*`; `wide`: on `*` or every resource of its type (`secret:*`). */
  on?: 'star' | 'wide';
  /** Only when the policy also allows one of these actions. */
  with?: string[];
  /** Only when the catalogue's access level includes this. */
  level?: string;
  /** Why, after the action name; one line. */
  why: string;
}

const PASS_ROLE_TARGETS = [
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'ec2:RunInstances',
  'ecs:RunTask',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'glue:CreateDevEndpoint',
  'codebuild:CreateProject',
  'sagemaker:CreateNotebookInstance',
  'datapipeline:CreatePipeline',
];

/** First match per category wins for an action; order matters within a code. */
export const RISK_RULES: readonly RiskRule[] = [
  {
    code: 'privilege-escalation',
    actions: ['iam:PassRole'],
    on: 'star',
    why: 'on * can hand any role, admin ones included, to a service',
  },
  {
    code: 'privilege-escalation',
    actions: ['sts:AssumeRole'],
    on: 'star',
    why: 'on * can assume any role that trusts this account',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'],
    why: 'can rewrite a managed policy, its own included',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:Attach*Policy'],
    why: 'can attach any managed policy, AdministratorAccess included',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:Put*Policy'],
    why: 'can write an inline policy that grants anything',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:UpdateAssumeRolePolicy'],
    why: 'can let any principal assume a role',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
    why: "can obtain another user's credentials",
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:AddUserToGroup'],
    why: 'can join a more privileged group',
  },
  {
    code: 'privilege-escalation',
    actions: ['iam:Put*PermissionsBoundary', 'iam:Delete*PermissionsBoundary'],
    why: 'can widen or remove a permissions boundary',
  },
  {
    code: 'privilege-escalation',
    actions: PASS_ROLE_TARGETS,
    with: ['iam:PassRole'],
    why: 'with iam:PassRole in the same policy, can run code as a role it passes',
  },
  {
    code: 'resource-exposure',
    actions: ['*:Put*Policy', '*:Set*Policy', '*:Put*Acl', '*:AddPermission', '*:Add*Permission'],
    except: ['iam:*'],
    level: 'Permissions management',
    why: 'can change who else may reach the resource: other accounts or the public',
  },
  {
    code: 'resource-exposure',
    actions: ['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute', 'rds:ModifyDB*SnapshotAttribute'],
    why: 'can share a snapshot or image with other accounts or the public',
  },
  {
    code: 'resource-exposure',
    actions: ['kms:CreateGrant'],
    why: 'can let another principal use the key',
  },
  {
    code: 'data-access',
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    on: 'wide',
    why: 'on every object can read any data in the account',
  },
  {
    code: 'data-access',
    actions: ['secretsmanager:GetSecretValue', 'ssm:GetParameter*'],
    on: 'wide',
    why: 'on every secret or parameter can read any credential',
  },
  {
    code: 'data-access',
    actions: ['kms:Decrypt'],
    on: 'wide',
    why: 'on every key can decrypt any data',
  },
  {
    code: 'pass-role',
    actions: ['iam:PassRole'],
    why: 'hands a role to a service: keep its resources to the roles it must pass',
  },
];

const GENERIC_PERMISSIONS: RiskFlag = {
  code: 'permissions-management',
  reason: 'can change permissions (access level Permissions management)',
};

// `*`, or a pattern for every resource of its type (`...:secret:*`, `arn:aws:s3:::*/*`).
export function coversAllOfType(resource: string): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return false;
  const rest = parts.slice(5).join(':');
  // S3 has no type word (`bucket/key`); elsewhere skip `secret:`, `key/`, `parameter/`...
  const name = parts[2] === 's3' ? rest : rest.replace(/^[A-Za-z][\w-]*[/:]/, '');
  return name.startsWith('*');
}

export interface RiskInput {
  action: string;
  resources: string[];
  /** Every action the same policy (or review) would allow, for combinations. */
  context?: readonly string[];
}

function applies(rule: RiskRule, input: RiskInput, level: string): boolean {
  if (!rule.actions.some((p) => actionMatches(p, input.action))) return false;
  if (rule.except?.some((p) => actionMatches(p, input.action))) return false;
  if (rule.level && !level.includes(rule.level)) return false;
  if (rule.on === 'star' && !input.resources.includes('*')) return false;
  if (rule.on === 'wide' && !input.resources.some(coversAllOfType)) return false;
  if (rule.with && !(input.context ?? []).some((a) => rule.with!.some((p) => actionMatches(p, a))))
    return false;
  return true;
}

/** The flags of one action granted on `resources`: the first rule per code, then the generic ones. */
export function actionRisks(input: RiskInput): RiskFlag[] {
  const catalog = lookupAction(input.action);
  const level = catalog?.accessLevel ?? '';
  const flags: RiskFlag[] = [];
  const codes = new Set<string>();
  for (const rule of RISK_RULES) {
    if (codes.has(rule.code) || !applies(rule, input, level)) continue;
    // An escalation on * already says what pass-role would.
    if (rule.code === 'pass-role' && codes.has('privilege-escalation')) continue;
    codes.add(rule.code);
    flags.push({ code: rule.code, reason: `${input.action} ${rule.why}` });
  }
  const specific = codes.has('privilege-escalation') || codes.has('resource-exposure');
  if (level.includes('Permissions management') && !specific)
    flags.push({ ...GENERIC_PERMISSIONS, reason: `${input.action} ${GENERIC_PERMISSIONS.reason}` });
  if (catalog && !catalog.wildcardOnly && input.resources.includes('*'))
    flags.push({
      code: 'wildcard-resource',
      reason: `${input.action}: resource * although the action supports resource ARNs`,
    });
  return flags;
}

/** A review row's flags, judged on the resources it would be granted on (observed ones first). */
export function candidateRisks(
  c: { action: string; resources: CandidateResource[] },
  context: readonly string[] = [],
): RiskFlag[] {
  const seen = c.resources.filter((r) =>
    r.sources.some((s) => s !== 'current-policy' && s !== 'access-analyzer'),
  );
  const resources = (seen.length ? seen : c.resources).map((r) => r.arn);
  return actionRisks({ action: c.action, resources, context });
}

/** A statement's flags: each action's, the wildcard ones merged into one line. */
export function statementRisks(
  actions: string[],
  resources: string[],
  context: readonly string[] = actions,
): RiskFlag[] {
  const flags = actions.flatMap((action) => actionRisks({ action, resources, context }));
  const wildcard = flags.filter((f) => f.code === 'wildcard-resource');
  const out = flags.filter((f) => f.code !== 'wildcard-resource');
  if (wildcard.length === 1) out.push(wildcard[0]!);
  if (wildcard.length > 1) {
    const names = wildcard.map((f) => f.reason.slice(0, f.reason.indexOf(': resource')));
    out.push({
      code: 'wildcard-resource',
      reason: `resource * although ${names.join(', ')} support resource ARNs`,
    });
  }
  return out;
}
