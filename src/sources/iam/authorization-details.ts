// `aws iam get-account-authorization-details` output → the account's roles with their
// inline and attached managed policies decoded. Managed policies are resolved through
// Policies[] (default version); an attached policy the file does not hold (AWS managed
// policies are left out when the export was filtered) is counted and reported.
import { inputError } from '../../core/errors.js';
import { parseArn } from '../../core/arn.js';
import { safeLine } from '../../core/sanitize.js';
import type { RoleDetail, RolePolicy } from '../../core/types.js';
import { decodePolicyDocument } from './policy-document.js';
import { describeJson, isObject, readJsonFile } from './read-json.js';

export interface AuthorizationDetails {
  roles: RoleDetail[];
  account?: string;
  /** Policies we could not read (not in the file, bad document): one line each. */
  warnings: string[];
}

const EXPECTED =
  'the output of aws iam get-account-authorization-details (a JSON object with RoleDetailList)';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** "2022-08-07 12:56:48+00:00" (boto) or "2022-08-07T12:56:48Z" (CLI) → ISO; undefined when not a date. */
export function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s.includes('T') ? s : s.replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

interface ManagedPolicy {
  name: string;
  arn: string;
  document?: unknown;
}

/** Policies[] → ARN → its default version's document. */
function managedPolicies(list: unknown[]): Map<string, ManagedPolicy> {
  const byArn = new Map<string, ManagedPolicy>();
  for (const p of list) {
    if (!isObject(p) || !str(p.Arn)) continue;
    const versions = Array.isArray(p.PolicyVersionList) ? p.PolicyVersionList.filter(isObject) : [];
    const current =
      versions.find((v) => v.IsDefaultVersion === true) ??
      versions.find((v) => v.VersionId === p.DefaultVersionId);
    byArn.set(str(p.Arn)!, {
      name: str(p.PolicyName) ?? str(p.Arn)!,
      arn: str(p.Arn)!,
      document: current?.Document,
    });
  }
  return byArn;
}

function roleDetail(
  raw: Record<string, unknown>,
  managed: Map<string, ManagedPolicy>,
  warnings: string[],
): RoleDetail {
  const name = str(raw.RoleName)!;
  const policies: RolePolicy[] = [];
  let unreadable = 0;
  const warn = (policy: string, why: string) =>
    warnings.push(safeLine(`role ${name}: policy ${policy}: ${why}`));

  for (const p of Array.isArray(raw.RolePolicyList) ? raw.RolePolicyList.filter(isObject) : []) {
    const policyName = str(p.PolicyName) ?? '(unnamed)';
    const doc = decodePolicyDocument(p.PolicyDocument);
    if (doc.ok) policies.push({ kind: 'inline', name: policyName, document: doc.document });
    else warn(policyName, doc.reason);
  }
  for (const a of Array.isArray(raw.AttachedManagedPolicies)
    ? raw.AttachedManagedPolicies.filter(isObject)
    : []) {
    const arn = str(a.PolicyArn);
    if (!arn) continue;
    const found = managed.get(arn);
    const doc = found?.document === undefined ? undefined : decodePolicyDocument(found.document);
    if (doc?.ok) {
      policies.push({ kind: 'managed', name: found!.name, arn, document: doc.document });
      continue;
    }
    unreadable++;
    warn(
      arn,
      doc ? doc.reason : 'not in the file (export without AWS managed policies?), so its grants are unknown',
    );
  }

  const lastUsed = isObject(raw.RoleLastUsed) ? raw.RoleLastUsed : {};
  return {
    arn: str(raw.Arn)!,
    name,
    path: str(raw.Path) ?? '/',
    ...(isoDate(raw.CreateDate) ? { createDate: isoDate(raw.CreateDate) } : {}),
    ...(isoDate(lastUsed.LastUsedDate) ? { lastUsed: isoDate(lastUsed.LastUsedDate) } : {}),
    ...(str(lastUsed.Region) ? { lastUsedRegion: str(lastUsed.Region) } : {}),
    policies,
    ...(unreadable ? { attachedCount: unreadable } : {}),
  };
}

/** The pure part: a parsed file → roles. `where` names the file in errors. */
export function authorizationDetailsFrom(value: unknown, where: string): AuthorizationDetails {
  if (!isObject(value) || !Array.isArray(value.RoleDetailList)) {
    throw inputError(
      where,
      `is ${describeJson(value)}, not get-account-authorization-details output`,
      `Expected ${EXPECTED}. Export it with: aws iam get-account-authorization-details --output json > authorization-details.json`,
    );
  }
  const managed = managedPolicies(Array.isArray(value.Policies) ? value.Policies : []);
  const warnings: string[] = [];
  const roles: RoleDetail[] = [];
  for (const [i, raw] of value.RoleDetailList.entries()) {
    if (!isObject(raw) || !str(raw.RoleName) || !str(raw.Arn)) {
      warnings.push(`RoleDetailList[${i}] has no RoleName or Arn: skipped`);
      continue;
    }
    roles.push(roleDetail(raw, managed, warnings));
  }
  const account = roles.map((r) => parseArn(r.arn)?.account).find((a) => a);
  return { roles, ...(account ? { account } : {}), warnings };
}

export async function readAuthorizationDetails(path: string): Promise<AuthorizationDetails> {
  return authorizationDetailsFrom(await readJsonFile(path, EXPECTED), path);
}
