// HCL pieces that cannot be broken by what they hold: quoted strings (escapes and
// template sequences), `#` comments (one per line, controls stripped), identifiers,
// and attribute lines aligned the way `terraform fmt` aligns them.
import { isPolicyVariable } from '../core/policy-model.js';
import { stripControl } from '../core/sanitize.js';

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
  const body = value
    .replace(/[\\"\n\r\t]/g, (c) => STRING_ESCAPES[c]!)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\{([^}"\\]*)\}|\$\{|%\{/g, (whole, name: string | undefined) => {
      if (name !== undefined && isPolicyVariable(name)) return `&{${name}}`;
      return whole.startsWith('%') ? `%%{${whole.slice(2)}` : `$\${${whole.slice(2)}`;
    });
  return `"${body}"`;
}

/** `#` comment lines: every line break in `text` starts a new comment line. */
export function hclComment(text: string, indent: string): string[] {
  const clean = stripControl(text.replace(/\r\n|[\r\u2028\u2029\u0085\f\v]/g, '\n'));
  return clean.split('\n').map((line) => `${indent}#${line.trimEnd() ? ` ${line.trimEnd()}` : ''}`);
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
export function listAttribute(attr: string, items: string[], indent: string): BodyLine[] {
  if (items.length <= 1) return [{ attr, value: `[${items.map(hclString).join(', ')}]` }];
  return [
    { raw: `${indent}${attr} = [` },
    ...items.map((i) => ({ raw: `${indent}  ${hclString(i)},` })),
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
