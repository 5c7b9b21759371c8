// Segment documents → Evidence. Pure: the file reader and the live source (H7) both
// call it. Every AWS call the selected documents record becomes one observation per
// (action, resource); calls that map to no IAM action stay visible as unmapped.
import { normaliseXrayService, operationToActions } from '../../catalog/operations.js';
import { parseArn } from '../../core/arn.js';
import { companionActions } from '../../core/companions.js';
import { evidenceArns, literalIfNamed } from '../../core/evidence-arns.js';
import { resolveResources } from '../../core/resources.js';
import type { EvidenceInput, TimeWindow } from '../../core/types.js';
import { callFromNode, type XrayCall } from './calls.js';
import { asSegmentDoc, rec, str, walkSegment, type SegmentDoc } from './segments.js';
import { selectDocuments, type TraceSelection } from './select.js';

export interface XrayEvidenceOptions extends TraceSelection {
  window?: TimeWindow;
}

function inWindow(time: string | undefined, window: TimeWindow | undefined): boolean {
  if (!window || !time) return true;
  const t = Date.parse(time);
  return t >= Date.parse(window.start) && t <= Date.parse(window.end);
}

/** Region and account a document's function ARN or aws block gives its calls. */
function documentContext(doc: SegmentDoc): { region?: string; account?: string } {
  const aws = rec(doc.aws);
  const arn = parseArn(str(aws.function_arn) ?? str(doc.resource_arn) ?? '');
  // An EC2/Beanstalk segment names only its availability zone (`us-east-2b`).
  const zone = str(rec(aws.ec2).availability_zone)?.replace(/[a-z]$/, '');
  return {
    region: str(aws.region) ?? (arn?.region || undefined) ?? zone,
    account: str(aws.account_id) ?? (arn?.account || undefined),
  };
}

function isAwsCall(node: SegmentDoc, depth: number): boolean {
  // SDK subsegments say namespace "aws"; an inferred top-level segment is the callee's view.
  return depth > 0 ? str(node.namespace) === 'aws' : node.inferred === true;
}

export function evidenceFromCall(
  call: XrayCall,
  traceId: string | undefined,
  sel: TraceSelection,
): EvidenceInput[] {
  if (call.outcome === 'unauthenticated') return [];
  const prefix = normaliseXrayService(call.service);
  const base = {
    source: 'xray' as const,
    raw: { service: call.service, operation: call.operation },
    region: call.region,
    account: call.account ?? (sel.role.account || undefined),
    count: call.outcome === 'ok' ? 1 : 0,
    denied: call.outcome === 'denied' ? 1 : 0,
    firstSeen: call.time,
    lastSeen: call.time,
    samples: traceId ? [traceId] : [],
  };
  const mapping = prefix ? operationToActions(prefix, call.operation, call.hints) : undefined;
  if (!mapping || mapping.unmapped) {
    return [{ ...base, action: `${prefix ?? call.service}:${call.operation}`, unmapped: true }];
  }
  const ctx = { partition: sel.role.partition || 'aws', account: base.account, region: call.region };
  const raw = { request: call.arns, response: [] };
  const planned: { action: string; resources: string[]; extra: Partial<EvidenceInput> }[] = [];
  for (const { action, on } of mapping.actions) {
    const r = resolveResources(action, call.ids, ctx, on);
    const resources = r.resources.map((x) => literalIfNamed(x, raw));
    const note = [mapping.note, ...r.notes].filter(Boolean).join(' ');
    planned.push({
      action,
      resources,
      extra: {
        ...(mapping.noPermissionNeeded ? { noPermissionNeeded: true } : {}),
        ...(note ? { note } : {}),
      },
    });
    // Permissions the service checks besides the action (GetObjectAttributes → GetObject).
    if (call.outcome !== 'ok') continue;
    for (const c of companionActions(action, call.ids.call?.params ?? {}))
      planned.push({ action: c.action, resources, extra: { note: c.reason } });
  }
  const out: EvidenceInput[] = [];
  for (const { action, resources, extra } of planned) {
    // The subsegment's own ARNs for this action, which the replay checks as well.
    const others = planned.filter((x) => x.action !== action).flatMap((x) => x.resources);
    const arns = call.outcome === 'ok' ? evidenceArns(action, resources, others, raw) : [];
    for (const resource of resources.length > 0 ? resources : [undefined])
      out.push({ ...base, ...extra, action, resource, ...(arns.length ? { arns } : {}) });
  }
  return out;
}

/** Group documents by trace id (documents without one form their own group). */
export function groupByTrace(docs: unknown[]): Map<string, SegmentDoc[]> {
  const traces = new Map<string, SegmentDoc[]>();
  docs.forEach((d, i) => {
    const doc = asSegmentDoc(d);
    if (!doc) return;
    const id = str(doc.trace_id) ?? `#${i}`;
    traces.set(id, [...(traces.get(id) ?? []), doc]);
  });
  return traces;
}

/** Evidence from the documents of one trace. */
export function evidenceFromTrace(
  traceId: string,
  docs: SegmentDoc[],
  opts: XrayEvidenceOptions,
): EvidenceInput[] {
  const selected = selectDocuments(docs, opts);
  const nodeIds = new Set<string>();
  for (const doc of docs)
    for (const { node } of walkSegment(doc)) if (str(node.id)) nodeIds.add(str(node.id)!);
  const sample = traceId.startsWith('#') ? undefined : traceId;

  const out: EvidenceInput[] = [];
  for (const doc of selected) {
    // The caller's own subsegment already records this call.
    if (doc.inferred === true && nodeIds.has(str(doc.parent_id) ?? '')) continue;
    const inherited = documentContext(doc);
    for (const { node, depth } of walkSegment(doc)) {
      if (!isAwsCall(node, depth)) continue;
      const call = callFromNode(node, normaliseXrayService(str(node.name) ?? ''), inherited);
      if (!call || !inWindow(call.time, opts.window)) continue;
      out.push(...evidenceFromCall(call, sample, opts));
    }
  }
  return out;
}

/**
 * Evidence from segment documents (objects or the JSON strings BatchGetTraces returns),
 * from any number of traces: one entry per call and action, for `aggregateEvidence`.
 */
export function evidenceFromSegmentDocuments(docs: unknown[], opts: XrayEvidenceOptions): EvidenceInput[] {
  const out: EvidenceInput[] = [];
  for (const [traceId, traceDocs] of groupByTrace(docs))
    out.push(...evidenceFromTrace(traceId, traceDocs, opts));
  return out;
}
