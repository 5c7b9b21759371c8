// ARN parsing and the role reference every source needs (partition, account).
import type { RoleRef } from './types.js';
import { usageError } from './errors.js';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

/** Role ARN (`arn:aws:iam::123456789012:role/path/name`) → reference; the name is the last path part. */
export function roleRefFromArn(arn: string): RoleRef | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam' || !p.resource.startsWith('role/')) return undefined;
  const name = p.resource.split('/').pop() ?? '';
  if (!name) return undefined;
  return { arn, name, account: p.account, partition: p.partition };
}

/**
 * `--role` accepts an ARN or a name. A name is resolved against the roles we know
 * (authorization details) or, failing that, the account the evidence names.
 */
export function resolveRole(
  input: string,
  known: { arn: string; name: string }[],
  fallbackAccount?: string,
): RoleRef {
  if (input.startsWith('arn:')) {
    const ref = roleRefFromArn(input);
    if (!ref)
      throw usageError(
        `--role ${input} is not an IAM role ARN`,
        'Expected arn:aws:iam::<account>:role/<name>.',
      );
    return ref;
  }
  const match =
    known.find((r) => r.name === input) ?? known.find((r) => r.name.toLowerCase() === input.toLowerCase());
  if (match)
    return roleRefFromArn(match.arn) ?? { arn: match.arn, name: match.name, account: '', partition: 'aws' };
  if (fallbackAccount) {
    return {
      arn: `arn:aws:iam::${fallbackAccount}:role/${input}`,
      name: input,
      account: fallbackAccount,
      partition: 'aws',
    };
  }
  throw usageError(
    `role "${input}" is not in the given sources`,
    'Pass the full role ARN with --role, or add --authorization-details so names can be resolved.',
  );
}

/** `arn:aws:sts::123:assumed-role/Name/session` → `arn:aws:iam::123:role/Name` (path unknown). */
export function roleArnFromAssumedRole(arn: string): string | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'sts' || !p.resource.startsWith('assumed-role/')) return undefined;
  const name = p.resource.split('/')[1];
  return name ? `arn:${p.partition}:iam::${p.account}:role/${name}` : undefined;
}
