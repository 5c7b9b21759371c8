// Every `${Name}` left in an accepted resource, and values for it taken from resources
// the sources actually observed (the template matched against each observed ARN).
import type { Candidate, PolicyModel } from '../../src/core/types.js';
import { placeholdersIn } from '../../src/core/policy-model.js';
import type { Session } from '../../sessions/schema.js';

export interface PlaceholderInfo {
  name: string;
  /** Accepted resources (templates) that use it. */
  templates: string[];
  actions: string[];
  /** Observed values, most frequent first. */
  suggestions: string[];
  value?: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/**
 * From the policy built without fills (so filled ones are listed too, to edit): each
 * placeholder, where it is used, and values seen in observed resources.
 */
export function findPlaceholders(
  unfilledModel: PolicyModel,
  candidates: readonly Candidate[],
  fills: Session['fills'],
): PlaceholderInfo[] {
  const byName = new Map<string, { templates: Set<string>; actions: Set<string> }>();
  for (const st of unfilledModel.statements) {
    for (const arn of st.resources) {
      for (const ph of placeholdersIn(arn)) {
        const name = ph.slice(2, -1);
        const entry = byName.get(name) ?? { templates: new Set(), actions: new Set() };
        entry.templates.add(arn);
        for (const a of st.actions) entry.actions.add(a);
        byName.set(name, entry);
      }
    }
  }
  const observed = candidates.flatMap((c) =>
    c.resources.filter((r) => r.kind === 'observed').map((r) => r.arn),
  );
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({
      name,
      templates: [...e.templates].sort(),
      actions: [...e.actions].sort(),
      suggestions: suggest(name, [...e.templates], observed),
      ...(fills[name] ? { value: fills[name] } : {}),
    }));
}

export function suggest(name: string, templates: string[], observed: string[]): string[] {
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

/** Placeholders with no value yet: saving with any left needs an explicit yes. */
export function unfilled(list: readonly PlaceholderInfo[]): string[] {
  return list.filter((p) => !p.value).map((p) => p.name);
}
