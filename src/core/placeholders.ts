// Suggestions for `${Name}` placeholders, taken from resources actually observed
// (DESIGN.md, "Placeholders"): a template `arn:aws:lambda:...:function:${FunctionName}`
// and an observed `arn:aws:lambda:...:function:notes-app-api-prod-create` suggest
// FunctionName = notes-app-api-prod-create.
import { isPolicyVariable } from './policy-model.js';
import type { Candidate } from './types.js';

const SPANS_SLASH = /Path|Object|Key|Prefix|LogGroupName|LogStreamName/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Values an observed ARN gives a template's placeholders, or undefined when it does not fit. */
export function matchTemplate(template: string, arn: string): Record<string, string> | undefined {
  const { re, names } = compiled(template);
  const match = re.exec(arn);
  if (!match || names.length === 0) return undefined;
  const values: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const value = match[i + 1]!;
    if (values[name] !== undefined && values[name] !== value) return undefined;
    values[name] = value;
  }
  return values;
}

const cache = new Map<string, { re: RegExp; names: string[] }>();

function compiled(template: string): { re: RegExp; names: string[] } {
  const hit = cache.get(template);
  if (hit) return hit;
  const names: string[] = [];
  const parts = template.split(/(\$\{[^}]*\})/);
  const lastName = parts.findLastIndex((p) => /^\$\{[^}]*\}$/.test(p) && !isPolicyVariable(p.slice(2, -1)));
  const body = parts.map((part, i) => {
    const m = /^\$\{([^}]*)\}$/.exec(part);
    if (!m || isPolicyVariable(m[1]!)) return escape(part);
    names.push(m[1]!);
    // Only names of paths and keys span a `/`; the last name takes the rest of the ARN.
    const chars = SPANS_SLASH.test(m[1]!) ? '[^:]' : '[^:/]';
    return i === lastName ? `(${chars}+)` : `(${chars}+?)`;
  });
  const out = { re: new RegExp(`^${body.join('')}$`), names };
  cache.set(template, out);
  return out;
}

/**
 * For every placeholder in the candidates' template resources, the values observed
 * resources of the same service give it: `${FunctionName}` → [names seen], sorted.
 */
export function placeholderSuggestions(candidates: Candidate[]): Record<string, string[]> {
  // Per service: its distinct templates and observed ARNs, each matched once.
  const byService = new Map<string, { templates: Set<string>; observed: Set<string> }>();
  for (const c of candidates) {
    let entry = byService.get(c.service);
    if (!entry) byService.set(c.service, (entry = { templates: new Set(), observed: new Set() }));
    for (const r of c.resources) {
      if (r.kind === 'template') entry.templates.add(r.arn);
      else if (r.kind === 'observed') entry.observed.add(r.arn);
    }
  }
  const out = new Map<string, Set<string>>();
  for (const { templates, observed } of byService.values()) {
    for (const template of templates) {
      for (const arn of observed) {
        for (const [name, value] of Object.entries(matchTemplate(template, arn) ?? {})) {
          const key = `\${${name}}`;
          if (!out.has(key)) out.set(key, new Set());
          out.get(key)!.add(value);
        }
      }
    }
  }
  return Object.fromEntries(
    [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]),
  );
}
