// The ARNs an action is checked on for one call (AWS-REFERENCE.md, "ARNs"): the
// resource type the call really used (the one whose ARN pattern the named ARN matches),
// the most specific ARN (an index over its table), one ARN per required type (ec2:RunInstances),
// `type/*` for ids a creating call makes, `*` when every type is optional and the call
// cannot name one. Unknown parts stay `${Placeholder}`s.
import { iamPattern } from './iam-literal.js';
import {
  fillTemplate,
  lookupAction,
  resourceTypeArn,
  templateRegex as compileTemplate,
} from '../catalog/catalog.js';
import type { ActionTarget } from '../catalog/operations.js';
import { parseArn } from './arn.js';
import { apiGatewayPath, createdVariable, wildcardTypes } from '../catalog/operation-params.js';
import { templateVariables } from './param-names.js';
import {
  secretWithSuffix,
  variableSets,
  type CallInfo,
  type ResourceContext,
  type ResourceIds,
  type Vars,
} from './resources.js';

export interface Resolved {
  resources: string[];
  /** Why a resource is less than exact (a KMS alias whose key the call did not name). */
  notes: string[];
}

interface Typed {
  name: string;
  required: boolean;
  template: string;
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;
const CONTEXT_VARS = new Set(['Partition', 'Region', 'Account']);
const HTTP_VERBS = /^(GET|POST|PUT|PATCH|DELETE)$/;
/**
 * Among alternative required types a plain id fits several of: the one a plain id names
 * (Bedrock's `modelId` is a foundation model unless it is an ARN, API_runtime_InvokeModel.html).
 */
const PREFERRED_TYPE: Record<string, string> = { bedrock: 'foundation-model' };

const complete = (arn: string) => !arn.includes('${');

/** Fewer placeholders left, then more of the call's own parts used. */
function score(template: string, vars: Vars): [number, number] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const missing = names.filter((n) => vars[n] === undefined).length;
  const used = names.filter((n) => !CONTEXT_VARS.has(n) && vars[n] !== undefined).length;
  return [missing, -used];
}

/** Names the call gave (not only partition/region/account). */
const namesSomething = (template: string, vars: Vars) => score(template, vars)[1] < 0;

/** ARNs as IAM sees them: a secret's name or partial ARN with its random suffix. */
function normaliseGiven(arn: string): string {
  const p = parseArn(arn);
  if (p?.service === 'secretsmanager' && p.resource.startsWith('secret:')) return secretWithSuffix(arn);
  // Lambda's unqualified function is `$LATEST`.
  if (p?.service === 'lambda') return arn.replace(/:\$LATEST$/, '');
  return arn;
}

/** Keep `a` unless a more specific ARN extends it (`table/T` → `table/T/index/I`). */
function mostSpecific(arns: string[]): string[] {
  return [...new Set(arns)].filter((a) => !arns.some((b) => b !== a && b.startsWith(`${a}/`)));
}

function readTypes(
  action: string,
): { service: string; name: string; types: Typed[]; wildcardOnly: boolean } | undefined {
  const entry = lookupAction(action);
  if (!entry) return undefined;
  const types = entry.resourceTypes
    .map((t) => ({ name: t.name, required: t.required, template: resourceTypeArn(entry.service, t.name) }))
    .filter((t): t is Typed => t.template !== undefined);
  return { service: entry.service, name: entry.name, types, wildcardOnly: entry.wildcardOnly };
}

/** Compiled once per template: the resolver runs per record on the CloudTrail hot path. */
const regexCache = new Map<string, RegExp>();
function templateRegex(template: string): RegExp {
  let re = regexCache.get(template);
  if (!re) regexCache.set(template, (re = compileTemplate(template)));
  return re;
}

const typeCache = new Map<string, ReturnType<typeof readTypes>>();
function typesOf(action: string): ReturnType<typeof readTypes> {
  if (!typeCache.has(action)) typeCache.set(action, readTypes(action));
  return typeCache.get(action);
}

/** Variables an ARN gives a template it matches (`table/T` → TableName = T). */
function varsFromArn(template: string, arn: string): Vars | undefined {
  const m = templateRegex(template).exec(arn);
  if (!m) return undefined;
  const names = [...template.matchAll(PLACEHOLDER)].map((x) => x[1]!);
  const out: Vars = {};
  names.forEach((n, i) => (out[n] = m[i + 1]));
  return out;
}

/** The ARN(s) of one resource type: given ones, filled ones, or the best partial one. */
function forType(
  t: Typed,
  given: string[],
  sets: Vars[],
  deep: string[],
): { full: string[]; partial?: string } {
  const fits = (a: string) => templateRegex(t.template).test(a);
  const full = given.filter(fits);
  for (const vars of sets) {
    const arn = fillTemplate(t.template, vars);
    if (complete(arn) && namesSomething(t.template, vars)) full.push(arn);
  }
  if (full.length === 0) full.push(...deep.filter(fits));
  if (full.length) return { full: [...new Set(full)] };
  const best = sets
    .map((v) => ({ v, s: score(t.template, v) }))
    .sort((a, b) => a.s[0] - b.s[0] || a.s[1] - b.s[1])[0];
  return { full: [], partial: best ? fillTemplate(t.template, best.v) : t.template };
}

/**
 * A creating call's own new id (the generated table lists which: RunInstances' instance,
 * CreateStack's stack id) is `*`: the template's last variable, when it is the one missing.
 */
function createdWildcard(t: Typed, sets: Vars[], call: CallInfo): string | undefined {
  const names = templateVariables(t.template);
  const last = names.at(-1);
  const vars = sets[0] ?? {};
  if (!last || vars[last] !== undefined || !createdVariable(call.prefix, call.operation, last))
    return undefined;
  if (names.slice(0, -1).some((n) => vars[n] === undefined)) return undefined;
  return fillTemplate(t.template, { ...vars, [last]: iamPattern('*') });
}

export function resolveResources(
  action: string,
  ids: ResourceIds,
  ctx: ResourceContext,
  on: ActionTarget = 'target',
): Resolved {
  const info = typesOf(action);
  if (!info) return { resources: [], notes: [] };
  if (info.wildcardOnly || info.types.length === 0) return { resources: ['*'], notes: [] };
  const notes: string[] = [];
  const call = ids.call;

  // API Gateway's management API: the HTTP verb on the path of the operation's binding.
  if (info.service === 'apigateway' && HTTP_VERBS.test(info.name) && call) {
    const binding = apiGatewayPath(call.operation, call.params);
    if (binding) {
      return {
        resources: [`arn:${ctx.partition}:apigateway:${ctx.region ?? '${Region}'}::${binding.path}`],
        notes,
      };
    }
  }
  // SNS Publish straight to a phone number names no topic
  // (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html: PhoneNumber instead of TopicArn/TargetArn).
  if (action === 'sns:Publish' && call?.params.phoneNumber && !call.params.topicArn && !call.params.targetArn)
    return { resources: ['*'], notes };

  const templates = info.types.map((t) => t.template);
  const { sets, arns: tableArns } = variableSets(ids, ctx, on, templates);
  const given =
    on === 'target'
      ? [...(ids.arns ?? []), ...tableArns]
          .map(normaliseGiven)
          .filter((a) => info.types.some((t) => templateRegex(t.template).test(a)))
      : [];
  // An ARN the call named also gives its parts to the more specific types (table → index).
  const enriched = [...sets];
  for (const arn of given)
    for (const t of info.types) {
      const v = varsFromArn(t.template, arn);
      if (v) for (const s of sets) enriched.push({ ...s, ...v });
    }

  const deep = on === 'target' ? (ids.deepArns ?? []).map(normaliseGiven) : [];
  const results = info.types.map((t) => ({ t, ...forType(t, given, enriched, deep) }));
  const required = results.filter((r) => r.t.required);
  // An optional type whose variables another filled type extends says less than the call
  // did (EventBridge `rule/NAME` beside `rule/BUS/NAME` when the call named the bus).
  const vars = (t: Typed) => templateVariables(t.template);
  const filledTypes = results.filter((r) => r.full.length);
  const subsumed = (r: (typeof results)[number]) =>
    filledTypes.some(
      (u) => u !== r && vars(u.t).length > vars(r.t).length && vars(r.t).every((v) => vars(u.t).includes(v)),
    );
  const optionalFull = results.filter((r) => !r.t.required && !subsumed(r)).flatMap((r) => r.full);
  const out: string[] = [];

  if (required.length === 0) {
    if (optionalFull.length) out.push(...optionalFull);
    else if (call && wildcardTypes(call.prefix, call.operation).includes(info.name.toLowerCase()))
      out.push('*');
    else {
      // Nothing complete: the partial ARN of the type the call named most of.
      const best = results
        .filter((r) => r.partial)
        .map((r) => ({ r, s: score(r.t.template, enriched[0] ?? {}) }))
        .sort(
          (a, b) => a.s[0] - b.s[0] || a.s[1] - b.s[1] || a.r.t.template.length - b.r.t.template.length,
        )[0];
      out.push(best?.r.partial ?? '*');
    }
  } else {
    // Required types with the same variables are alternatives (Bedrock's model kinds all
    // take `${ResourceId}`): one of them is used. Different variables are all needed
    // (RunInstances: image, instance, subnet ...). Constant ARNs count only when alone.
    const groups = new Map<string, typeof required>();
    for (const r of required) {
      const key = templateVariables(r.t.template).sort().join(',');
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    // Among alternatives (some group holds several types) a constant ARN is one more
    // alternative, not a resource of its own (Bedrock's marketplace endpoint); otherwise it
    // is needed too (Glue's root catalog with the database).
    if ([...groups.values()].some((g) => g.length > 1)) groups.delete('');
    for (const group of groups.values()) {
      const filled = group.filter((r) => r.full.length);
      const preferred = PREFERRED_TYPE[info.service];
      const pick = filled.length > 1 ? [filled.find((r) => r.t.name === preferred) ?? filled[0]!] : filled;
      const chosen =
        pick.length && filled.length > 1 && given.length
          ? filled.filter((r) => r.full.some((a) => given.includes(a)))
          : pick;
      for (const r of chosen.length ? chosen : pick) {
        // A more specific optional type extending this one wins (Query on an index).
        const extended = r.full.flatMap((a) => optionalFull.filter((b) => b.startsWith(`${a}/`)));
        out.push(...(extended.length ? extended : r.full));
      }
      if (filled.length) continue;
      if (required.length === 1 && optionalFull.length) continue;
      const r =
        group.find((x) => x.t.name === PREFERRED_TYPE[info.service]) ??
        [...group].sort((a, b) => {
          const x = score(a.t.template, enriched[0] ?? {});
          const y = score(b.t.template, enriched[0] ?? {});
          return x[0] - y[0] || x[1] - y[1];
        })[0]!;
      const created = call ? createdWildcard(r.t, sets, call) : undefined;
      out.push(created ?? r.partial ?? r.t.template);
    }
    // Optional types the call named are checked too (SendCommand's instances, RunInstances'
    // key pair, SES's configuration set): "optional" in the reference means "if the request has it".
    out.push(...optionalFull);
  }
  if (ids.keyId && /(^|:)alias\//.test(ids.keyId) && out.some((a) => a.includes('${KeyId}')))
    notes.push(
      `${action}: the call named the key by its alias (${ids.keyId}); IAM checks the key the alias points to, so fill \${KeyId} with that key's id.`,
    );
  return { resources: mostSpecific(out.map(awsOwned).filter(instanceKind)), notes };
}

/** SSM names EC2 instances `i-...` and its managed (hybrid) instances `mi-...`: keep the ARN that fits. */
function instanceKind(arn: string): boolean {
  if (/:managed-instance\/(?!mi-)[^$]/.test(arn)) return false;
  return !/:ec2:[^:]*:[^:]*:instance\/mi-/.test(arn);
}

/**
 * AWS-owned SSM documents (`AWS-RunShellScript`) have an empty account field
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html).
 */
function awsOwned(arn: string): string {
  return arn.replace(
    /^(arn:[^:]+:ssm:[^:]*:)\d{12}(:document\/(?:AWS|Amazon|AWSEC2|AWSSupport|AWSConfigRemediation)-)/,
    '$1$2',
  );
}

/**
 * The ARNs `action` is checked on for a call that named `ids`. `on` picks the copy
 * source for CopyObject's s3:GetObject. Unknown actions give no resource.
 */
export function resourcesForAction(
  action: string,
  ids: ResourceIds,
  ctx: ResourceContext,
  on: ActionTarget = 'target',
): string[] {
  return resolveResources(action, ids, ctx, on).resources;
}
