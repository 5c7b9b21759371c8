// The other direction: actions the role used or tried that its policies do not grant
// (AccessDenied in CloudTrail, a failed X-Ray call, an inferred iam:PassRole).
import { lookupCached, isUse, sourceLabel } from './compare-verdict.js';
import type { GrantEntry } from './expand-policy.js';
import { isConcreteArn } from './compare-resources.js';
import { globRegex } from './policy-glob.js';
import type { Evidence, SourceId } from './types.js';

export interface MissingEntry {
  action: string;
  /** The resource it was used or denied on, when the source named one. */
  resource: string | null;
  deniedCount: number;
  /** Calls that succeeded anyway (granted by something these policies do not show). */
  count: number;
  sources: SourceId[];
  reason: string;
}

function coveredBy(grants: GrantEntry[], arn: string): boolean {
  return grants.some(
    (g) => globRegex(g.resource).test(arn) && !(g.notResource ?? []).some((n) => globRegex(n).test(arn)),
  );
}

function reasonFor(m: MissingEntry, granted: boolean, inferred?: string): string {
  const where = granted ? 'granted, but not on this resource' : 'not granted by these policies';
  if (m.deniedCount > 0 && m.count === 0) return `denied ${m.deniedCount} times: ${where}`;
  if (m.count > 0)
    return `${m.count} calls succeeded though ${where} (a resource policy, another policy or session policy?)`;
  if (inferred) return `${inferred}; ${where}`;
  return `listed by ${m.sources.map(sourceLabel).join(', ')}; ${where}`;
}

export function buildMissing(evidence: Evidence[], byAction: Map<string, GrantEntry[]>): MissingEntry[] {
  const out = new Map<string, MissingEntry & { granted: boolean; inferred?: string }>();
  for (const e of evidence) {
    // A platform need is what the configuration implies, not a call seen failing or succeeding
    // without a grant (logs:CreateLogGroup is moot when the group exists): never "missing".
    if (!isUse(e) || e.noPermissionNeeded || e.platform || /[*?]/.test(e.action)) continue;
    const action = lookupCached(e.action)?.action;
    if (!action) continue;
    const grants = byAction.get(action);
    const resource = isConcreteArn(e.resource) ? e.resource : null;
    if (grants && (resource === null || coveredBy(grants, resource))) continue;
    const key = `${action}\u0000${resource ?? ''}`;
    const have = out.get(key);
    if (have) {
      have.deniedCount += e.denied;
      have.count += e.count;
      if (!have.sources.includes(e.source)) have.sources.push(e.source);
    } else {
      out.set(key, {
        action,
        resource,
        deniedCount: e.denied,
        count: e.count,
        sources: [e.source],
        reason: '',
        granted: Boolean(grants),
        ...(e.inferredReason
          ? { inferred: `inferred: ${e.inferredReason}` }
          : e.encryption
            ? { inferred: `needed by SSE-KMS (the key policy allows it today): ${e.encryption}` }
            : {}),
      });
    }
  }
  return [...out.values()]
    .map(({ granted, inferred, ...m }) => ({
      ...m,
      sources: m.sources.sort(),
      reason: reasonFor(m, granted, inferred),
    }))
    .sort((a, b) => a.action.localeCompare(b.action) || (a.resource ?? '').localeCompare(b.resource ?? ''));
}
