// HCL pieces that cannot be broken by what they hold: quoted strings (escapes and
// template sequences), `#` comments (one per line, controls stripped), identifiers,
// and attribute lines aligned the way `terraform fmt` aligns them.
import { isPolicyVariable } from '../core/policy-model.js';
import { lineComments } from './comments.js';
import type { PortableRef, Segment } from './portable.js';

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A quoted HCL string whose value is exactly `value`, except: an IAM policy variable
 * `${aws:username}` is written `&{aws:username}` (aws_iam_policy_document turns it back),
 * and any other `${` / `%{` is escaped so Terraform never interpolates it.
 */
export function hclString(value: string): string {
  return `"${hclStringBody(value)}"`;
}

/** The inside of a quoted HCL string holding exactly `value` (see hclString). */
function hclStringBody(value: string): string {
  return value
    .replace(/[\\"\n\r\t]/g, (c) => STRING_ESCAPES[c]!)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\{([^}"\\]*)\}|\$\{|%\{/g, (whole, name: string | undefined) => {
      if (name !== undefined && isPolicyVariable(name)) return `&{${name}}`;
      return whole.startsWith('%') ? `%%{${whole.slice(2)}` : `$\${${whole.slice(2)}`;
    });
}

/** Terraform expressions `--portable` writes for the role's account, region and stage. */
export const HCL_REFS: Record<PortableRef, string> = {
  account: 'data.aws_caller_identity.current.account_id',
  region: 'data.aws_region.current.name',
  stage: 'var.stage',
};

/** A quoted HCL string of literal pieces and `${...}` references to the portable values. */
export function hclTemplate(segments: Segment[]): string {
  const body = segments.map((s) => (typeof s === 'string' ? hclStringBody(s) : `\${${HCL_REFS[s.ref]}}`));
  return `"${body.join('')}"`;
}

/** `#` comment lines: every line break in `text` starts a new comment line. */
export function hclComment(text: string, indent: string): string[] {
  return lineComments(text, indent, '#');
}

/** A Terraform name from free text: `notes-app-lambdaRole` → `notes_app_lambda_role`. */
export function hclIdentifier(text: string): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!snake) return 'policy';
  return /^[a-z_]/.test(snake) ? snake : `_${snake}`;
}

export type BodyLine = { attr: string; value: string } | { raw: string };

/** An attribute whose list is written one item per line when it has more than one. */
export function listAttribute(
  attr: string,
  items: string[],
  indent: string,
  quote: (item: string) => string = hclString,
): BodyLine[] {
  if (items.length <= 1) return [{ attr, value: `[${items.map(quote).join(', ')}]` }];
  return [
    { raw: `${indent}${attr} = [` },
    ...items.map((i) => ({ raw: `${indent}  ${quote(i)},` })),
    { raw: `${indent}]` },
  ];
}

/** Lines of a block body; consecutive one-line attributes get their `=` aligned. */
export function formatBody(lines: BodyLine[], indent: string): string[] {
  const out: string[] = [];
  let run: { attr: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((l) => l.attr.length));
    for (const l of run) out.push(`${indent}${l.attr.padEnd(width)} = ${l.value}`);
    run = [];
  };
  for (const line of lines) {
    if ('attr' in line) run.push(line);
    else {
      flush();
      out.push(line.raw);
    }
  }
  flush();
  return out;
}
