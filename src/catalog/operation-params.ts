// The generated operation-parameter table (scripts/generate-operation-params.ts, from
// botocore's API models): which request members fill an ARN template variable of an
// operation, and API Gateway's HTTP bindings. Values are read from camelCase request
// parameters (CloudTrail's requestParameters; X-Ray's snake_case parameters converted).
import data from './generated/operation-params.json' with { type: 'json' };

type Params = Record<string, unknown>;
interface Entry {
  v?: Record<string, string[]>;
  h?: string[];
  /** Actions whose resource types are all optional and which the call cannot name. */
  w?: string[];
  /** Template variables a creating call makes itself (RunInstances' InstanceId). */
  c?: string[];
}

const services = (data as { services: Record<string, Record<string, Entry>> }).services;
const byLower = new Map<string, Map<string, Entry>>();

function entryOf(prefix: string, operation: string): Entry | undefined {
  const key = prefix.toLowerCase();
  let ops = byLower.get(key);
  if (!ops) {
    ops = new Map(Object.entries(services[key] ?? {}).map(([op, e]) => [op.toLowerCase(), e]));
    byLower.set(key, ops);
  }
  return ops.get(operation.toLowerCase());
}

/** Generator, sources and coverage of the committed table. */
export const OPERATION_PARAMS_INFO = {
  generator: (data as { generator: string }).generator,
  source: (data as { source: string }).source,
  coverage: (data as { coverage: { pairs: number; filled: number; percent: number } }).coverage,
};

const MAX_VALUES = 50;

/** Strings at a member path (`entries[].eventBusName`); `[]` steps into each list element. */
export function valuesAt(params: unknown, path: string): string[] {
  let current: unknown[] = [params];
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const c of current) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) continue;
      const v = (c as Params)[key];
      if (list && Array.isArray(v)) next.push(...v);
      else if (v !== undefined) next.push(v);
    }
    current = next;
  }
  return current.filter((v): v is string => typeof v === 'string' && v.length > 0).slice(0, MAX_VALUES);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The values a call gives template variable `variable`: the top-level member of the same
 * name first (`tableName` → TableName), then the table's paths; a `=constant` only when
 * nothing else is named. Unique, in order.
 */
export function variableValues(
  prefix: string,
  operation: string,
  variable: string,
  params: Params,
): string[] {
  const own = valuesAt(params, lowerFirst(variable));
  if (own.length) return [...new Set(own)];
  const paths = entryOf(prefix, operation)?.v?.[variable] ?? [];
  const found: string[] = [];
  for (const p of paths) if (!p.startsWith('=')) found.push(...valuesAt(params, p));
  if (found.length) return [...new Set(found)];
  // EC2's query protocol logs lists as `instancesSet.items[].instanceId` and some members
  // in PascalCase (`NatGatewayId`): look for the member's (singular) name at any depth.
  const leaves = new Set<string>();
  for (const p of [lowerFirst(variable), ...paths.filter((x) => !x.startsWith('='))]) {
    const leaf = (p.split('.').at(-1) ?? '').replace(/\[\]$/, '').toLowerCase();
    if (!GENERIC.has(leaf)) leaves.add(leaf).add(leaf.replace(/(?:s|list)$/, ''));
  }
  const index = keyIndex(params);
  const deep = [...leaves].flatMap((l) => index.get(l) ?? []);
  if (deep.length) return [...new Set(deep)].slice(0, MAX_VALUES);
  const constant = paths.find((p) => p.startsWith('='));
  return constant ? [constant.slice(1)] : [];
}

/** Member names too common to look for anywhere but their own path. */
const GENERIC = new Set(['name', 'id', 'ids', 'names', 'key', 'value', 'type', 'arn', 'identifier', 'path']);

const indexes = new WeakMap<object, Map<string, string[]>>();

/** Every string value under its (lowercase) key, at any depth: built once per call's parameters. */
function keyIndex(params: Params): Map<string, string[]> {
  let index = indexes.get(params);
  if (index) return index;
  index = new Map();
  let budget = 2000;
  const add = (k: string, v: string) => {
    const list = index!.get(k);
    if (!list) index!.set(k, [v]);
    else if (list.length < MAX_VALUES) list.push(v);
  };
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 5 || budget-- <= 0) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v as Params)) {
      const key = k.toLowerCase();
      if (typeof x === 'string') {
        if (x) add(key, x);
      } else if (Array.isArray(x) && x.some((y) => typeof y === 'string')) {
        for (const y of x) if (typeof y === 'string' && y) add(key, y);
      } else walk(x, depth + 1);
    }
  };
  walk(params, 0);
  indexes.set(params, index);
  return index;
}

/** Actions (lowercase names) of the operation that are granted `*`: no parameter can name their resource. */
export function wildcardTypes(prefix: string, operation: string): string[] {
  return (entryOf(prefix, operation)?.w ?? []).map((a) => a.toLowerCase());
}

/** Whether `variable` is an id the (creating) operation makes itself. */
export function createdVariable(prefix: string, operation: string, variable: string): boolean {
  return entryOf(prefix, operation)?.c?.includes(variable) ?? false;
}

/** API Gateway: `POST /restapis/{restApiId}/deployments` bindings of an operation (v1, then v2). */
export function httpBindings(prefix: string, operation: string): { method: string; path: string }[] {
  return (entryOf(prefix, operation)?.h ?? []).map((h) => {
    const i = h.indexOf(' ');
    return { method: h.slice(0, i), path: h.slice(i + 1) };
  });
}

/**
 * API Gateway's resource path for a call: the binding whose `{member}`s the call names
 * (v1 before v2), filled; unnamed members stay `${Member}` placeholders.
 */
export function apiGatewayPath(
  operation: string,
  params: Params,
): { method: string; path: string } | undefined {
  const bindings = httpBindings('apigateway', operation);
  const names = (p: string) => [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pick =
    bindings.find((b) => names(b.path).every((n) => valuesAt(params, n).length > 0)) ?? bindings[0];
  if (!pick) return undefined;
  const path = pick.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
    const v = valuesAt(params, n)[0];
    return v ? v : `\${${n.charAt(0).toUpperCase()}${n.slice(1)}}`;
  });
  return { method: pick.method, path };
}

/** X-Ray's snake_case parameters (`table_name`) → CloudTrail's camelCase (`tableName`). */
export function camelParams(aws: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(aws))
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}
