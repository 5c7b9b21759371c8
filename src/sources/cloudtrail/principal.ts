// Which records were made by the role: its sessions name it in
// `userIdentity.sessionContext.sessionIssuer.arn` (with the role's path). The role may
// be given without its path, and IAM names are case-insensitive, so we compare the
// account and the last part of the name. An IAM user (`...:user/name`) is matched on
// `userIdentity.arn`, and on the issuer of its federation-token sessions.
import { parseArn, roleArnFromAssumedRole } from '../../core/arn.js';
import type { RoleRef } from '../../core/types.js';
import type { UserIdentity } from './record.js';

export interface Principal {
  kind: 'role' | 'user';
  /** Lowercased name without path. */
  name: string;
  /** The name as given (for the exact-case fast path of the prefilter). */
  spelled: string;
  /** Empty when unknown: any account matches. */
  account: string;
  /** The role's unique id (`AROA...`) when known: the prefilter searches it too. */
  roleId?: string;
  /** The name is spelled as IAM stores it (read from IAM), so the trail spells it alike. */
  exactCase?: boolean;
}

export function principalOf(role: RoleRef): Principal {
  const p = parseArn(role.arn);
  const kind = p?.service === 'iam' && p.resource.startsWith('user/') ? 'user' : 'role';
  const spelled = p?.resource.split('/').pop() || role.name;
  return { kind, name: spelled.toLowerCase(), spelled, account: role.account || p?.account || '' };
}

/** `arn:aws:iam::123:role/a/b/Name` → { kind: role, name: name, account: 123 }. */
function iamEntity(arn: string | undefined): { kind: string; name: string; account: string } | undefined {
  const p = arn ? parseArn(arn) : undefined;
  if (!p || p.service !== 'iam') return undefined;
  const kind = p.resource.slice(0, p.resource.indexOf('/'));
  const name = p.resource.split('/').pop();
  return name ? { kind, name: name.toLowerCase(), account: p.account } : undefined;
}

function same(entity: ReturnType<typeof iamEntity>, who: Principal): boolean {
  return (
    !!entity &&
    entity.kind === who.kind &&
    entity.name === who.name &&
    (!who.account || !entity.account || entity.account === who.account)
  );
}

export function identityMatches(ui: UserIdentity | undefined, who: Principal): boolean {
  if (!ui) return false;
  const issuer = ui.sessionContext?.sessionIssuer?.arn;
  if (issuer) return same(iamEntity(issuer), who);
  if (who.kind === 'user') return same(iamEntity(ui.arn), who);
  // Older or trimmed records: the assumed-role ARN alone still names the role.
  return (
    ui.type === 'AssumedRole' && same(iamEntity(ui.arn ? roleArnFromAssumedRole(ui.arn) : undefined), who)
  );
}
