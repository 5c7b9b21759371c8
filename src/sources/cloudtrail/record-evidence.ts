// One CloudTrail record → evidence for the role: the IAM actions its call needed, on
// which resources, allowed or denied, plus iam:PassRole inferred from calls that hand
// a role over. Pure: the live source (LookupEvents) and Athena rows reuse it.
import { fillTemplate } from '../../catalog/catalog.js';
import { operationToActions, type MappedAction } from '../../catalog/operations.js';
import { evidenceArns, literalIfNamed } from '../../core/evidence-arns.js';
import { escapeIamLiteral } from '../../core/iam-literal.js';
import { resourcesForAction, type ResourceContext } from '../../core/resources.js';
import type { EvidenceInput, RoleRef } from '../../core/types.js';
import { deniedActionFromMessage, isDenied } from './denial.js';
import { stripApiVersion } from './event-name.js';
import { prefixForEventSource } from './event-source.js';
import { passedRoles } from './pass-role.js';
import { identityMatches, principalOf, type Principal } from './principal.js';
import { recordArns } from './record-arns.js';
import { isRecord, recordProblem, type CloudTrailRecord } from './record.js';
import { hintsOf, resourceIdsOf, templateVars } from './request-resources.js';

/** Only API calls say what the role was allowed to do; service events and sign-ins do not. */
export function isApiCall(record: CloudTrailRecord): boolean {
  return record.eventType === undefined || record.eventType === 'AwsApiCall';
}

/** The record was made by the principal (role sessions, or the IAM user). */
export function recordIsBy(record: CloudTrailRecord, who: Principal): boolean {
  return identityMatches(record.userIdentity, who);
}

const hasPlaceholder = (arn: string) => arn.includes('${');

function mapCall(record: CloudTrailRecord, partition: string): EvidenceInput[] {
  const { prefix, known } = prefixForEventSource(record.eventSource);
  const operation = stripApiVersion(record.eventName);
  const denied = isDenied(record.errorCode, record.errorMessage);
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  const base = {
    source: 'cloudtrail' as const,
    raw: { service: record.eventSource, operation: record.eventName },
    region: record.awsRegion,
    account,
    count: denied ? 0 : 1,
    denied: denied ? 1 : 0,
    firstSeen: record.eventTime,
    lastSeen: record.eventTime,
    samples: record.eventID ? [record.eventID] : [],
  };
  const mapping = known ? operationToActions(prefix, operation, hintsOf(record)) : undefined;
  if (!mapping || mapping.unmapped) return [{ ...base, action: `${prefix}:${operation}`, unmapped: true }];

  // A denial message names the action refused (CreateFunction can fail on iam:PassRole)
  // and the resource IAM evaluated, which a denied record's empty parameters lack.
  const named = denied ? deniedActionFromMessage(record.errorMessage) : undefined;
  if (named && !mapping.actions.some((a) => a.action === named.action)) {
    return [{ ...base, action: named.action, resource: named.resource }];
  }

  const ctx: ResourceContext = { partition, account, region: record.awsRegion };
  const vars = templateVars(record);
  const resolve = (action: string, on: MappedAction['on'], withResponse: boolean) =>
    resourcesForAction(action, resourceIdsOf(record, partition, withResponse), ctx, on).map((r) =>
      r.includes('${') ? fillTemplate(r, vars) : r,
    );
  const out: EvidenceInput[] = [];
  const raw = recordArns(record);
  const resolved = mapping.actions.map((a) => {
    let resources = resolve(a.action, a.on, false);
    if (resources.some(hasPlaceholder)) resources = resolve(a.action, a.on, true);
    if (
      named?.action === a.action &&
      named.resource &&
      !/[*?]/.test(named.resource) &&
      resources.some(hasPlaceholder)
    ) {
      resources = [escapeIamLiteral(named.resource)];
    }
    // An ARN the record named verbatim is a literal name: its `*?$` are escaped.
    return { a, resources: resources.map((r) => literalIfNamed(r, raw)) };
  });
  for (const { a, resources } of resolved) {
    const extra = mapping.noPermissionNeeded ? { noPermissionNeeded: true } : {};
    // The record's own ARNs for this action, which the replay checks as well (successful calls only).
    const others = resolved.filter((x) => x.a !== a).flatMap((x) => x.resources);
    const arns = denied ? [] : evidenceArns(a.action, resources, others, raw);
    const own = arns.length ? { arns } : {};
    if (resources.length === 0) out.push({ ...base, ...extra, ...own, action: a.action });
    for (const resource of resources) out.push({ ...base, ...extra, ...own, action: a.action, resource });
  }
  // Only a call that succeeded proves PassRole was allowed (a failed one may have stopped before it).
  const primary = mapping.actions[0]?.action;
  if (!record.errorCode && primary) {
    for (const p of passedRoles(record, primary, ctx)) {
      out.push({ ...base, action: 'iam:PassRole', resource: p.resource, inferredReason: p.reason });
    }
  }
  return out;
}

/** Evidence for `role` from one record; [] when the record is not an API call by the role. */
export function evidenceFromRecord(record: unknown, role: RoleRef): EvidenceInput[] {
  return evidenceForPrincipal(record, principalOf(role), role.partition || 'aws');
}

/** As evidenceFromRecord, with the principal worked out once (the file reader's hot path). */
export function evidenceForPrincipal(record: unknown, who: Principal, partition: string): EvidenceInput[] {
  // A wrong-typed record is never half-read (the readers count it as skipped).
  if (!isRecord(record) || recordProblem(record) || !isApiCall(record) || !recordIsBy(record, who)) return [];
  return mapCall(record, partition);
}
