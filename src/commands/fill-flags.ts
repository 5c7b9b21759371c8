// `--fill` and `--fill-suggested` for scan and export (issue 13): a placeholder gets a
// value in one ARN (`--fill 'Id@stack/web/${Id}=abc'`) or the same value everywhere
// (`--fill Id=abc`); `--fill-suggested` takes, for each ARN, the one value observed ARNs
// that fit the rest of it give it. Nothing is filled from a guess unless asked.
import { parseArn } from '../core/arn.js';
import { usageError } from '../core/errors.js';
import { occurrenceKey } from '../core/policy-model.js';
import { placeholderOccurrences, type PlaceholderOccurrence } from '../core/placeholders.js';
import { safeLine } from '../core/sanitize.js';
import type { PolicyStatementModel } from '../core/types.js';

export interface Fills {
  fills: Record<string, string>;
  fillsByArn: Record<string, string>;
}

/** What a user types after `@` for one ARN: its part after the account (or the whole ARN). */
export function arnForm(template: string): string {
  return parseArn(template)?.resource ?? template;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The flag that fills one occurrence, ready to paste. */
export function fillFlag(o: Pick<PlaceholderOccurrence, 'name' | 'template'>, value: string): string {
  return `--fill ${quote(`${o.name}@${arnForm(o.template)}=${value}`)}`;
}

function matches(o: PlaceholderOccurrence, where: string): boolean {
  return o.template === where || arnForm(o.template) === where;
}

/** One `--fill` value: `Name=value` everywhere, or `Name@ARN=value` for that ARN only. */
function parseOne(
  flag: string,
  list: readonly PlaceholderOccurrence[],
): { key: string; value: string; everywhere: boolean } {
  const m = /^\$?\{?([A-Za-z][\w.-]*)\}?(@?)/.exec(flag);
  if (!m) {
    throw usageError(
      `--fill ${safeLine(flag)}: expected Name=value or Name@ARN=value`,
      "For example --fill Id=abc (every ${Id}) or --fill 'Id@stack/web/${Id}=abc' (that ARN only).",
    );
  }
  const name = m[1]!;
  const rest = flag.slice(m[0].length);
  if (/=\s*$/.test(rest) || !rest.includes('='))
    throw usageError(
      `--fill ${safeLine(flag)}: no value`,
      'Give the value after =; a placeholder left open is written as it is (export: --allow-placeholders).',
    );
  const ofName = list.filter((o) => o.name === name);
  if (!m[2]) {
    if (!rest.startsWith('=')) throw usageError(`--fill ${safeLine(flag)}: expected ${name}=value`);
    if (ofName.length === 0) throw noSuch(name, list);
    return { key: name, value: rest.slice(1), everywhere: true };
  }
  // The ARN may hold `=` (an S3 key): the split is the `=` after which an occurrence matches.
  for (let i = rest.indexOf('='); i >= 0; i = rest.indexOf('=', i + 1)) {
    const where = rest.slice(0, i);
    const hits = ofName.filter((o) => matches(o, where));
    if (hits.length > 1)
      throw usageError(
        `--fill ${safeLine(flag)}: ${safeLine(where)} is in ${hits.length} ARNs`,
        `Give the whole ARN: ${hits.map((o) => safeLine(o.template)).join(', ')}`,
      );
    if (hits.length === 1) return { key: hits[0]!.key, value: rest.slice(i + 1), everywhere: false };
  }
  throw usageError(
    `--fill ${safeLine(flag)}: no ARN of the policy holds \${${safeLine(name)}} as ${safeLine(rest.split('=')[0] ?? '')}`,
    ofName.length
      ? `\${${safeLine(name)}} is in: ${ofName.map((o) => safeLine(arnForm(o.template))).join(', ')}`
      : `The placeholders left: ${names(list)}`,
  );
}

function names(list: readonly PlaceholderOccurrence[]): string {
  return [...new Set(list.map((o) => `\${${o.name}}`))].join(', ') || '(none)';
}

function noSuch(name: string, list: readonly PlaceholderOccurrence[]) {
  return usageError(
    `--fill: the policy has no \${${safeLine(name)}}`,
    `The placeholders left: ${names(list)}`,
  );
}

/**
 * The session's fills (none for scan) with the flags on top: a value everywhere replaces
 * that name's per-ARN values (as `e` does in the TUI); a per-ARN value wins over it.
 * `suggested` fills each ARN still open that exactly one observed value fits.
 */
export function resolveFills(
  statements: readonly Pick<PolicyStatementModel, 'resources' | 'actions'>[],
  observed: readonly string[],
  base: Partial<Fills>,
  flags: readonly string[],
  suggested: boolean,
): Fills & { fromSuggestions: { occurrence: PlaceholderOccurrence; value: string }[] } {
  const out: Fills = { fills: { ...base.fills }, fillsByArn: { ...base.fillsByArn } };
  const list = placeholderOccurrences(statements, observed, {}, {});
  const parsed = flags.map((f) => parseOne(f, list));
  for (const p of parsed.filter((x) => x.everywhere)) {
    out.fills[p.key] = p.value;
    for (const k of Object.keys(out.fillsByArn)) if (k.startsWith(`${p.key}@`)) delete out.fillsByArn[k];
  }
  for (const p of parsed.filter((x) => !x.everywhere)) out.fillsByArn[p.key] = p.value;
  const fromSuggestions: { occurrence: PlaceholderOccurrence; value: string }[] = [];
  if (suggested) {
    // Suggestions narrow as names fill (stack/${StackName}/${Id}): repeat until nothing changes.
    for (let changed = true; changed;) {
      changed = false;
      for (const o of placeholderOccurrences(statements, observed, out.fills, out.fillsByArn)) {
        if (o.value || o.suggestions.length !== 1) continue;
        out.fillsByArn[occurrenceKey(o.template, o.name)] = o.suggestions[0]!;
        fromSuggestions.push({ occurrence: o, value: o.suggestions[0]! });
        changed = true;
      }
    }
  }
  return { ...out, fromSuggestions };
}

/** stderr lines for the occurrences still open: where each is, the values seen, the flag to fill it. */
export function openPlaceholderLines(list: readonly PlaceholderOccurrence[], max = 10): string[] {
  const open = list.filter((o) => !o.value);
  const lines = open.slice(0, max).map((o) => {
    const where = `\${${o.name}} in ${arnForm(o.template)}`;
    if (o.suggestions.length === 0) return `    ${safeLine(where)}: no observed ARN fits`;
    const seen = o.suggestions.slice(0, 3).join(', ') + (o.suggestions.length > 3 ? ', ...' : '');
    const hint =
      o.suggestions.length === 1
        ? ` (${fillFlag(o, o.suggestions[0]!)}, or --fill-suggested)`
        : ` (${fillFlag(o, 'VALUE')})`;
    return `    ${safeLine(where)}: seen ${safeLine(seen)}${safeLine(hint)}`;
  });
  return open.length > max ? [...lines, `    ... and ${open.length - max} more`] : lines;
}

/** What `--fill-suggested` filled, one line each: never a silent guess. */
export function suggestedLines(
  filled: readonly { occurrence: PlaceholderOccurrence; value: string }[],
): string[] {
  return filled.map(
    ({ occurrence: o, value }) =>
      `  filled from the observed ARNs (--fill-suggested): \${${safeLine(o.name)}} in ${safeLine(arnForm(o.template))} = ${safeLine(value)}`,
  );
}
