// Which Resource entries of a statement can apply to which of its actions. A
// statement granting [s3:GetObject, dynamodb:GetItem] on [bucket/*, table/notes]
// grants GetObject on the objects and GetItem on the table, not the cross product.
import { resourceTypeArn, type CatalogAction } from '../catalog/catalog.js';
import { globOverlaps } from './policy-glob.js';

const templateCache = new Map<string, string[]>();

/** The action's resource-type ARN templates, `${Var}` read as wildcards by the glob helpers. */
function templatesOf(action: CatalogAction): string[] {
  let hit = templateCache.get(action.action);
  if (!hit) {
    hit = action.resourceTypes
      .map((r) => resourceTypeArn(action.service, r.name))
      .filter((arn): arn is string => arn !== undefined);
    templateCache.set(action.action, hit);
  }
  return hit;
}

/** The service part of an ARN pattern (`arn:aws:s3:::b` → `s3`), undefined when not ARN-shaped. */
function arnService(pattern: string): string | undefined {
  const m = /^arn:[^:]*:([^:]*):/.exec(pattern);
  return m ? m[1] : undefined;
}

/** `arn:partition:service:region:account:resource` → its six fields, or undefined. */
function arnFields(pattern: string): string[] | undefined {
  const parts = pattern.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Whether an ARN pattern and an ARN template can name the same resource. IAM matches
 * ARNs field by field, so a `*` in the resource part cannot stand for another service.
 */
export function arnPatternsOverlap(a: string, b: string): boolean {
  const fa = arnFields(a);
  const fb = arnFields(b);
  if (!fa || !fb) return globOverlaps(a, b);
  return fa.every((f, i) => globOverlaps(f, fb[i]!, { ignoreCase: i === 2 }));
}

/**
 * True when `resource` (a policy Resource pattern) can name something `action` acts on.
 * Errs on the side of "applies": only a clear mismatch (another service's ARN, or an ARN
 * that fits none of the action's resource types) drops a grant.
 */
export function resourceApplies(action: CatalogAction, resource: string): boolean {
  if (resource === '*' || resource.startsWith('*')) return true;
  const service = arnService(resource);
  if (service === undefined) return true;
  const templates = templatesOf(action);
  if (templates.length === 0) {
    // No resource types in the catalogue: IAM evaluates such actions against `*`; a
    // service-matching ARN is kept in case the catalogue lags behind the service.
    return globOverlaps(service, action.service, { ignoreCase: true });
  }
  return templates.some((t) => arnPatternsOverlap(resource, t));
}
