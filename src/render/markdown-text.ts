// Text from AWS or files inside Markdown (the policy document, compare --markdown):
// one line, no controls, and no markup of its own. An object key such as
// `<img src=x>` or `| ** [x](y)` must read as those characters, never as HTML, a
// table cell break, emphasis or a link.
import { safeLine } from '../core/sanitize.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Plain text: HTML as entities, inline markup characters backslash-escaped. */
export function markdownText(s: string): string {
  return (
    safeLine(s)
      .replace(/[&<>]/g, (c) => HTML[c]!)
      .replace(/[\\`*[\]|~]/g, '\\$&')
      // `_` inside a word (EMPTY_OBJECT_PATH) cannot start emphasis: only escape the others.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      // A leading `#`, `+`, `-` or `1.` and a space would start a heading or a list
      // when the text begins a line or a list item.
      .replace(/^([#+-]|\d+[.)])(?=\s|$)/, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`)
  );
}

/**
 * An inline code span that survives backticks in the value. Nothing inside a code span
 * is markup; `|` is still escaped, since a table row splits on it before code spans.
 */
export function markdownCode(s: string, opts: { inTable?: boolean } = {}): string {
  let clean = safeLine(s);
  if (opts.inTable) clean = clean.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}
