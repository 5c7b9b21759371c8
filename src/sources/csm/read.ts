// Evidence from a local recording: `iam-refine record`'s CSM events file (--csm-events) and
// the policy iamlive writes (--iamlive-policy). Neither names the role nor, for CSM, any
// resource: every action gets its catalogue ARN templates with `${Placeholders}` that other
// sources or the user fill; the review says so.
import { canonicalAction } from '../../catalog/catalog.js';
import { normaliseXrayService, operationToActions } from '../../catalog/operations.js';
import { inputError } from '../../core/errors.js';
import { resourcesForAction } from '../../core/resources.js';
import { safeLine } from '../../core/sanitize.js';
import { aggregateEvidence } from '../../core/aggregate.js';
import type { Evidence, EvidenceInput, RoleRef, TimeWindow } from '../../core/types.js';
import { isDenied } from '../cloudtrail/denial.js';
import { describeJson, isObject, readJsonFile } from '../iam/read-json.js';
import { CSM_FORMAT, CsmRecordingSchema, type CsmCallRecord } from './recording.js';

export const CSM_NOTE =
  'Recorded through SDK client-side monitoring: CSM names no resource, so the ARN is a template to fill from another source or by hand.';
export const IAMLIVE_NOTE =
  'Listed in the policy iamlive recorded (a local run, not this role in production).';

export interface LocalReadOptions {
  role: RoleRef;
  window?: TimeWindow;
}

function inWindow(c: { lastSeen: string; firstSeen: string }, window: TimeWindow | undefined): boolean {
  return !window || (c.lastSeen >= window.start && c.firstSeen <= window.end);
}

/** One recorded call (service, api, outcome, count) → evidence per IAM action it needs. */
export function evidenceFromCsmCall(call: CsmCallRecord, role: RoleRef): EvidenceInput[] {
  const prefix = normaliseXrayService(call.service);
  const denied = isDenied(call.exception);
  const base = {
    source: 'csm' as const,
    raw: { service: call.service, operation: call.api },
    region: call.region,
    account: role.account || undefined,
    count: denied ? 0 : call.count,
    denied: denied ? call.count : 0,
    firstSeen: call.firstSeen,
    lastSeen: call.lastSeen,
    samples: [`${call.service}.${call.api}${call.accessKeyId ? ` by ${call.accessKeyId}` : ''}`],
  };
  const mapping = prefix ? operationToActions(prefix, call.api) : undefined;
  if (!mapping || mapping.unmapped) {
    return [{ ...base, action: `${prefix ?? call.service}:${call.api}`, unmapped: true }];
  }
  const ctx = { partition: role.partition || 'aws', account: base.account, region: call.region };
  return mapping.actions.flatMap(({ action, on }) => {
    const resources = resourcesForAction(action, {}, ctx, on);
    return (resources.length ? resources : [undefined]).map((resource) => ({
      ...base,
      action,
      resource,
      note: mapping.note ? `${mapping.note} ${CSM_NOTE}` : CSM_NOTE,
      ...(mapping.noPermissionNeeded ? { noPermissionNeeded: true } : {}),
    }));
  });
}

export async function readCsmEvents(files: string[], opts: LocalReadOptions): Promise<Evidence[]> {
  const out: EvidenceInput[] = [];
  for (const file of files) {
    const json = await readJsonFile(file, `an iam-refine record output (${CSM_FORMAT})`);
    const parsed = CsmRecordingSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw inputError(
        file,
        isObject(json) && json.format === CSM_FORMAT
          ? `is not a valid recording: ${issue?.path.join('.') || 'top level'}: ${safeLine(issue?.message ?? '')}`
          : `is ${describeJson(json)}, not an iam-refine recording`,
        'Record one with: iam-refine record --out FILE -- COMMAND ARGS...',
      );
    }
    for (const call of parsed.data.calls) {
      if (inWindow(call, opts.window)) out.push(...evidenceFromCsmCall(call, opts.role));
    }
  }
  return aggregateEvidence(out);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * iamlive's policy (`--output-file`): each Allow statement's actions, gated by the
 * catalogue (an action it does not know is shown as unmapped, never emitted); its
 * resources kept when they are ARNs (proxy mode), templates otherwise.
 */
export async function readIamlivePolicy(files: string[], opts: LocalReadOptions): Promise<Evidence[]> {
  const out: EvidenceInput[] = [];
  for (const file of files) {
    const doc = await readJsonFile(file, 'the policy iamlive writes (an IAM policy document)');
    const statements = isObject(doc) ? doc.Statement : undefined;
    if (!statements || (!Array.isArray(statements) && !isObject(statements))) {
      throw inputError(
        file,
        `is ${describeJson(doc)}, not an IAM policy document`,
        'Pass the file iamlive wrote with --output-file (a JSON policy with a Statement list).',
      );
    }
    const list = (Array.isArray(statements) ? statements : [statements]).filter(isObject);
    for (const [i, st] of list.entries()) {
      if (st.Effect !== 'Allow') continue;
      const resources = strings(st.Resource).filter((r) => r === '*' || r.startsWith('arn:'));
      for (const raw of strings(st.Action)) {
        const action = canonicalAction(raw);
        const base = {
          source: 'iamlive' as const,
          count: 1,
          samples: [`${file.split(/[\\/]/).pop()}#${st.Sid ?? i + 1}`],
          note: IAMLIVE_NOTE,
        };
        if (!action || raw.includes('*')) {
          out.push({
            ...base,
            action: raw,
            unmapped: true,
            raw: { service: raw.split(':')[0] ?? raw, operation: raw },
          });
          continue;
        }
        const ctx = { partition: opts.role.partition || 'aws', account: opts.role.account || undefined };
        const own = resources.filter((r) => r !== '*');
        const arns = own.length
          ? resourcesForAction(action, { arns: own }, ctx)
          : resourcesForAction(action, {}, ctx);
        for (const resource of arns.length ? arns : [undefined]) out.push({ ...base, action, resource });
      }
    }
  }
  return aggregateEvidence(out);
}
