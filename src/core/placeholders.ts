// Suggestions for `${Name}` placeholders, taken from resources actually observed
// (DESIGN.md, "Placeholders"): a template `arn:aws:lambda:...:function:${FunctionName}`
// and an observed `arn:aws:lambda:...:function:notes-app-api-prod-create` suggest
// FunctionName = notes-app-api-prod-create.
import { applyFills, isPolicyVariable, occurrenceKey, placeholdersIn } from './policy-model.js';
import type { Candidate, Evidence, PolicyStatementModel } from './types.js';

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

/** Names whose values are paths (S3 keys, prefixes): they may hold `/`. */
const PATH_LIKE = /Object|Key|Path|Prefix/;

/**
 * A regex for a template with `name` captured: one ARN field or path part. When it ends the
 * template, deeper paths still match (a bucket name from an object ARN), and path-like names
 * take the whole rest.
 */
function captureRegex(template: string, name: string): RegExp | undefined {
  const parts = template.split(/(\$\{[^}]+\})/);
  let body = '';
  let captured = false;
  parts.forEach((p, i) => {
    const m = /^\$\{([^}]+)\}$/.exec(p);
    if (!m) body += escape(p);
    else if (m[1] === name && !captured) {
      captured = true;
      const last = i === parts.length - 2 && parts.at(-1) === '';
      body += last ? (PATH_LIKE.test(name) ? '(.+)' : '([^/:]+)(?:/.*)?') : '([^/:]+)';
    } else body += '[^:]*?';
  });
  return captured ? new RegExp(`^${body}$`) : undefined;
}

/** Values of `name` in the observed ARNs that fit the rest of the templates, most frequent first. */
export function suggest(name: string, templates: string[], observed: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const t of templates) {
    const re = captureRegex(t, name);
    if (!re) continue;
    for (const arn of observed) {
      const v = re.exec(arn)?.[1];
      if (v && !v.includes('*')) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

/**
 * Concrete ARNs the evidence names: each record's resource and the ARNs it named (`arns`).
 * The current policy is not an observation, and patterns or templates are no values.
 */
export function observedArns(evidence: readonly Evidence[]): string[] {
  const out = new Set<string>();
  const add = (arn: string | undefined) => {
    if (arn?.startsWith('arn:') && !/[*?]|\$\{/.test(arn)) out.add(arn);
  };
  for (const e of evidence) {
    if (e.source === 'current-policy') continue;
    add(e.resource);
    for (const arn of e.arns ?? []) add(arn);
  }
  return [...out].sort();
}

/** One `${Name}` in one resource of the policy: filled on its own, or by the value everywhere. */
export interface PlaceholderOccurrence {
  /** occurrenceKey(template, name): what the session's `fillsByArn` is keyed by. */
  key: string;
  name: string;
  /** The resource as written, `${Name}` in it. */
  template: string;
  actions: string[];
  /** Values the observed ARNs that fit the rest of this resource give it, most frequent first. */
  suggestions: string[];
  value?: string;
  /** `arn`: this occurrence's own value; `everywhere`: the value given to every `${Name}`. */
  scope?: 'arn' | 'everywhere';
}

/**
 * Every placeholder occurrence in the policy built without fills, in resource order. A
 * suggestion fits the rest of its own ARN, with the other names in it as they are filled,
 * so `stack/web-prod/${Id}` only suggests web-prod's id, never another stack's.
 */
export function placeholderOccurrences(
  statements: readonly Pick<PolicyStatementModel, 'resources' | 'actions'>[],
  observed: readonly string[],
  fills: Record<string, string>,
  fillsByArn: Record<string, string> = {},
): PlaceholderOccurrence[] {
  const byKey = new Map<string, { name: string; template: string; actions: Set<string> }>();
  for (const st of statements)
    for (const template of st.resources)
      for (const ph of placeholdersIn(template)) {
        const name = ph.slice(2, -1);
        const key = occurrenceKey(template, name);
        const entry = byKey.get(key) ?? { name, template, actions: new Set<string>() };
        for (const a of st.actions) entry.actions.add(a);
        byKey.set(key, entry);
      }
  return [...byKey]
    .sort(([, a], [, b]) => a.template.localeCompare(b.template) || a.name.localeCompare(b.name))
    .map(([key, e]) => {
      const own = fillsByArn[key];
      const everywhere = fills[e.name] ?? fills[`\${${e.name}}`];
      // The other names of this ARN as filled; this one left open to capture.
      const others = { ...fills, [e.name]: `\${${e.name}}`, [`\${${e.name}}`]: `\${${e.name}}` };
      const partial = applyFills(e.template, others, withoutName(fillsByArn, e.template, e.name));
      return {
        key,
        name: e.name,
        template: e.template,
        actions: [...e.actions].sort(),
        suggestions: suggest(e.name, [partial], observed),
        ...(own
          ? { value: own, scope: 'arn' as const }
          : everywhere
            ? { value: everywhere, scope: 'everywhere' as const }
            : {}),
      };
    });
}

function withoutName(
  fillsByArn: Record<string, string>,
  template: string,
  name: string,
): Record<string, string> {
  const out = { ...fillsByArn };
  delete out[occurrenceKey(template, name)];
  return out;
}

/** Occurrences with no value yet, as `${Name} in ARN`. */
export function unfilledOccurrences(list: readonly PlaceholderOccurrence[]): PlaceholderOccurrence[] {
  return list.filter((o) => !o.value);
}
