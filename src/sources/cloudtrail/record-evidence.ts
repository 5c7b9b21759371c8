// One CloudTrail record → evidence for the role: the IAM actions its call needed, on
// which resources, allowed or denied, plus iam:PassRole inferred from calls that hand
// a role over. Pure: the live source (LookupEvents) and Athena rows reuse it.
import { operationToActions, type MappedAction } from '../../catalog/operations.js';
import { companionActions } from '../../core/companions.js';
import { evidenceArns, literalIfNamed } from '../../core/evidence-arns.js';
import { escapeIamLiteral } from '../../core/iam-literal.js';
import { perItemCalls } from '../../core/per-item.js';
import { resolveResources, type CallInfo, type ResourceContext } from '../../core/resources.js';
import type { EvidenceInput, RoleRef } from '../../core/types.js';
import { deniedActionFromMessage, isDenied } from './denial.js';
import { stripApiVersion } from './event-name.js';
import { prefixForEventSource } from './event-source.js';
import { passedRoles } from './pass-role.js';
import { identityMatches, principalOf, type Principal } from './principal.js';
import { recordArns } from './record-arns.js';
import { isRecord, recordProblem, type CloudTrailRecord } from './record.js';
import { hintsOf, resourceIdsOf } from './request-resources.js';
import { sseKmsNeeds } from './sse-kms.js';

/** Only API calls say what the role was allowed to do; service events and sign-ins do not. */
export function isApiCall(record: CloudTrailRecord): boolean {
  return record.eventType === undefined || record.eventType === 'AwsApiCall';
}

/** The record was made by the principal (role sessions, or the IAM user). */
export function recordIsBy(record: CloudTrailRecord, who: Principal): boolean {
  return identityMatches(record.userIdentity, who);
}

const hasPlaceholder = (arn: string) => arn.includes('${');
/** Only a response that holds an ARN can fill a placeholder: skip the second resolution otherwise. */
const responseHasArn = (record: CloudTrailRecord) =>
  !!record.responseElements && JSON.stringify(record.responseElements).includes('"arn:');

function mapCall(record: CloudTrailRecord, partition: string): EvidenceInput[] {
  const { prefix, known } = prefixForEventSource(record.eventSource);
  const operation = stripApiVersion(record.eventName);
  const denied = isDenied(record.errorCode, record.errorMessage);
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  const base: Omit<EvidenceInput, 'action'> = {
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
  // An AWS service made the call with the role's credentials (S3's KMS calls for SSE-KMS).
  if (record.userIdentity?.invokedBy) base.invokedBy = record.userIdentity.invokedBy;
  const mapping = known ? operationToActions(prefix, operation, hintsOf(record)) : undefined;
  if (!mapping || mapping.unmapped) return [{ ...base, action: `${prefix}:${operation}`, unmapped: true }];

  // A denial message names the action refused (CreateFunction can fail on iam:PassRole)
  // and the resource IAM evaluated, which a denied record's empty parameters lack.
  const named = denied ? deniedActionFromMessage(record.errorMessage) : undefined;
  if (named && !mapping.actions.some((a) => a.action === named.action)) {
    return [{ ...base, action: named.action, resource: named.resource }];
  }

  const ctx: ResourceContext = { partition, account, region: record.awsRegion };
  const params = record.requestParameters ?? {};
  const call: CallInfo = { prefix, operation, params };
  // An ARN the record named verbatim is a literal name: its `*?$` are escaped.
  const raw = recordArns(record);
  const resolve = (action: string, on: MappedAction['on'], withResponse: boolean) => {
    const r = resolveResources(action, resourceIdsOf(record, partition, withResponse, call), ctx, on);
    return { resources: r.resources.map((x) => literalIfNamed(x, raw)), notes: r.notes };
  };
  const planned: { action: string; resources: string[]; extra: Partial<EvidenceInput> }[] = [];
  const emit = (action: string, resources: string[], extra: Partial<EvidenceInput>) =>
    planned.push({ action, resources, extra });

  // A transaction or PartiQL batch whose items the record lists: each item's action on its table.
  const items = denied ? undefined : perItemCalls(prefix, operation, params);
  if (items) {
    for (const item of items) {
      const r = resolveResources(item.action, { call: { prefix, operation, params: item.params } }, ctx);
      emit(
        item.action,
        r.resources.map((x) => literalIfNamed(x, raw)),
        {},
      );
    }
  }
  for (const a of items ? [] : mapping.actions) {
    const extra: Partial<EvidenceInput> = mapping.noPermissionNeeded ? { noPermissionNeeded: true } : {};
    let { resources, notes } = resolve(a.action, a.on, false);
    if (resources.some(hasPlaceholder) && responseHasArn(record))
      ({ resources, notes } = resolve(a.action, a.on, true));
    // A denied call is recorded on the resource IAM refused, when the message names it.
    if (
      named?.action === a.action &&
      named.resource &&
      (resources.some(hasPlaceholder) || resources.length > 1 || !/[*?]/.test(named.resource))
    ) {
      resources = [/[*?]/.test(named.resource) ? named.resource : escapeIamLiteral(named.resource)];
    }
    const note = [mapping.note, ...notes].filter(Boolean).join(' ');
    emit(a.action, resources, { ...extra, ...(note ? { note } : {}) });
    // Permissions the service checks besides the action (GetObjectAttributes → GetObject).
    for (const c of denied ? [] : companionActions(a.action, params)) {
      const own = resolve(c.action, a.on, false).resources;
      emit(c.action, own.length && !own.every(hasPlaceholder) ? own : resources, { note: c.reason });
    }
  }
  // The record's own ARNs for each action, which the replay checks as well (successful calls only).
  const out: EvidenceInput[] = [];
  for (const { action, resources, extra } of planned) {
    const others = planned.filter((x) => x.action !== action).flatMap((x) => x.resources);
    const arns = denied ? [] : evidenceArns(action, resources, others, raw);
    const own = arns.length ? { arns } : {};
    if (resources.length === 0 && !out.some((e) => e.action === action && e.resource === undefined))
      out.push({ ...base, ...extra, ...own, action });
    for (const resource of resources)
      if (!out.some((e) => e.action === action && e.resource === resource))
        out.push({ ...base, ...extra, ...own, action, resource });
  }
  // S3 used a KMS key for the object: the role needs the KMS action on it (never observed as
  // its own call, so count 0: a need with its fact, not a call).
  if (prefix === 's3' && !denied) {
    for (const n of sseKmsNeeds(operation, record.requestParameters, record.responseElements)) {
      const r = resolveResources(n.action, { keyId: n.keyId }, ctx);
      const note = r.notes.join(' ');
      for (const resource of r.resources)
        out.push({
          ...base,
          count: 0,
          action: n.action,
          resource,
          encryption: n.fact,
          ...(note ? { note } : {}),
        });
    }
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
