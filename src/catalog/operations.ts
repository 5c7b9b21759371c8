// API operation → IAM actions. One function for every source: X-Ray calls it with the
// normalised subsegment name, CloudTrail with the IAM prefix and the version-stripped
// eventName. Every action it returns exists in the catalogue (in its casing); an
// operation it cannot map comes back `unmapped` with its raw names, never invented.
import { canonicalAction } from './catalog.js';
import { httpBindings } from './operation-params.js';
import {
  OPERATION_EXCEPTIONS,
  PARTIQL_ACTIONS,
  PARTIQL_UNKNOWN_NOTE,
  VERSIONED_ACTIONS,
  type ActionTarget,
  type ExceptionRule,
} from './operation-exceptions.js';

export { normaliseXrayService } from './service-names.js';
export type { ActionTarget } from './operation-exceptions.js';

export interface OperationHints {
  /** The call named an object version (S3 `VersionId`). */
  versionId?: boolean;
  /** The copy source named a version (`?versionId=` in S3 `CopySource`). */
  copySourceVersionId?: boolean;
  /** The PartiQL statement (or just its verb), when the source recorded it. */
  statement?: string | string[];
}

export interface MappedAction {
  /** `prefix:Action` in catalogue casing. */
  action: string;
  /** The call's resource this action is checked on (`copySource`: CopyObject's source). */
  on: ActionTarget;
}

export interface OperationMapping {
  /** IAM prefix as given (lowercase). */
  service: string;
  operation: string;
  actions: MappedAction[];
  /** No catalogue action fits: show `service:operation` as unmapped. */
  unmapped: boolean;
  noPermissionNeeded: boolean;
  /** Why the mapping is not one-to-one (superset, unknown PartiQL verb ...). */
  note?: string;
}

function partiqlActions(statement: OperationHints['statement']): { actions: string[]; note?: string } {
  const statements = statement === undefined ? [] : Array.isArray(statement) ? statement : [statement];
  const verbs = statements
    .map((s) => /^\s*(\w+)/.exec(s)?.[1]?.toLowerCase())
    .map((v) => (v && Object.hasOwn(PARTIQL_ACTIONS, v) ? PARTIQL_ACTIONS[v] : undefined));
  if (verbs.length === 0 || verbs.some((v) => v === undefined)) {
    return { actions: Object.values(PARTIQL_ACTIONS), note: PARTIQL_UNKNOWN_NOTE };
  }
  return { actions: [...new Set(verbs as string[])] };
}

function ruleActions(rule: ExceptionRule, hints: OperationHints): { list: MappedAction[]; note?: string } {
  if (rule.partiql) {
    const p = partiqlActions(hints.statement);
    return { list: p.actions.map((action) => ({ action, on: 'target' })), note: p.note };
  }
  const list = rule.actions.map((a) =>
    typeof a === 'string' ? { action: a, on: 'target' as const } : { action: a.action, on: a.on ?? 'target' },
  );
  return { list, note: rule.note };
}

function versioned(a: MappedAction, hints: OperationHints): MappedAction {
  const useVersion = a.on === 'copySource' ? hints.copySourceVersionId : hints.versionId;
  const v = useVersion ? VERSIONED_ACTIONS[a.action] : undefined;
  return v && canonicalAction(v) ? { ...a, action: v } : a;
}

/**
 * The IAM actions an API call needs. `prefix` is the IAM service prefix
 * (`normaliseXrayService` turns X-Ray/SDK names into one), `operation` the API name
 * (`GetItem`, `ListObjectsV2`; any casing).
 */
export function operationToActions(
  prefix: string,
  operation: string,
  hints: OperationHints = {},
): OperationMapping {
  const service = prefix.toLowerCase();
  const base = { service, operation, unmapped: false, noPermissionNeeded: false };
  // Own keys only: an operation named `__proto__` from a file is data, not a lookup.
  const rules = Object.hasOwn(OPERATION_EXCEPTIONS, service) ? OPERATION_EXCEPTIONS[service] : undefined;
  const op = operation.toLowerCase();
  const rule = rules && Object.hasOwn(rules, op) ? rules[op] : undefined;

  let list: MappedAction[];
  let note: string | undefined;
  if (rule) {
    ({ list, note } = ruleActions(rule, hints));
    if (rule.noPermissionNeeded) {
      // Still named (in catalogue casing when listed) so the review can show it as "needs nothing".
      const action = canonicalAction(`${service}:${operation}`) ?? `${service}:${operation}`;
      return { ...base, actions: [{ action, on: 'target' }], noPermissionNeeded: true, note };
    }
  } else {
    list = [{ action: `${service}:${operation}`, on: 'target' }];
    // API Gateway's management API is authorised per HTTP verb on the resource path
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-create-and-manage-api.html).
    const binding = service === 'apigateway' ? httpBindings(service, operation)[0] : undefined;
    if (binding && !canonicalAction(`${service}:${operation}`))
      list = [{ action: `apigateway:${binding.method}`, on: 'target' }];
  }

  const actions: MappedAction[] = [];
  for (const a of list.map((x) => versioned(x, hints))) {
    const canonical = canonicalAction(a.action);
    if (!canonical) return { ...base, actions: [], unmapped: true, note };
    if (!actions.some((x) => x.action === canonical && x.on === a.on))
      actions.push({ ...a, action: canonical });
  }
  return { ...base, actions, note };
}

/** The raw `service:Operation` an unmapped call is shown as. */
export function unmappedActionName(service: string, operation: string): string {
  return `${service}:${operation}`;
}
