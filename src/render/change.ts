// The change against the current policies, in words: one headline (TUI preview, scan),
// plain lines (Terraform comment block) and a Markdown section with the removals' paper
// trail: what granted each, the evidence or its absence, the user's note.
import { stripControl } from '../core/sanitize.js';
import type { PolicyChange, PolicyModel, RemovedAction } from '../core/types.js';
import type { MarkdownEscapes } from './unverified.js';

function one(s: string): string {
  return stripControl(s).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** "change: 4 kept, 2 removed, 1 added; 1 rejected" */
export function changeHeadline(c: PolicyChange | undefined): string | undefined {
  if (!c) return undefined;
  const rejected = c.rejected.length ? `; ${c.rejected.length} rejected in the review` : '';
  return `Change against the current policies: ${c.kept.length} kept, ${c.removed.length} removed, ${c.added.length} added${rejected}`;
}

function removedLine(r: RemovedAction): string {
  const by = r.grantedBy.length ? `granted by ${r.grantedBy.map(one).join(', ')}` : 'not granted today';
  const note = r.note ? `; note: ${one(r.note)}` : '';
  return `${one(r.action)} (${by}; ${one(r.evidence)}${note})`;
}

/** Plain lines for the Terraform comment block; long lists show their first entries. */
export function changeLines(c: PolicyChange | undefined, max = 40): string[] {
  if (!c) return [];
  const some = <T>(items: T[], f: (t: T) => string) => [
    ...items.slice(0, max).map((t) => `  ${f(t)}`),
    ...(items.length > max
      ? [`  ... and ${items.length - max} more (the Markdown document lists them)`]
      : []),
  ];
  const out = [changeHeadline(c)!];
  if (c.removed.length) out.push('Removed:', ...some(c.removed, removedLine));
  if (c.added.length) out.push('Added:', ...some(c.added, (a) => `${one(a.action)} (${one(a.why)})`));
  if (c.kept.length) out.push(`Kept: ${c.kept.map(one).join(', ')}`);
  const rejectedOnly = c.rejected.filter((r) => r.grantedBy.length === 0);
  if (rejectedOnly.length) out.push('Rejected (not granted today):', ...some(rejectedOnly, removedLine));
  return out;
}

export function changeMarkdown(model: PolicyModel, md: MarkdownEscapes): string[] {
  const c = model.change;
  if (!c) return [];
  const head = changeHeadline(c)!;
  const out = [
    '## Change against the current policies',
    '',
    `${md.text(head[0]!.toUpperCase() + head.slice(1))}.`,
    '',
  ];
  const row = (r: RemovedAction) =>
    `| ${md.code(r.action)} | ${r.grantedBy.map(md.text).join(', ') || 'not granted today'} | ${md.text(r.evidence)} | ${r.note ? md.text(r.note) : ''} |`;
  const table = (title: string, rows: RemovedAction[]) => {
    if (!rows.length) return;
    out.push(`### ${title}`, '', '| Action | Granted by | Evidence | Note |', '| --- | --- | --- | --- |');
    out.push(...rows.map(row), '');
  };
  table('Removed', c.removed);
  if (c.added.length) {
    out.push('### Added', '', ...c.added.map((a) => `- ${md.code(a.action)}: ${md.text(a.why)}`), '');
  }
  if (c.kept.length) out.push('### Kept', '', c.kept.map(md.code).join(', '), '');
  table('Rejected in the review', c.rejected);
  return out;
}

/** "Suggested, not accepted": what the review left pending, each with its reason and evidence. */
export function suggestedMarkdown(model: PolicyModel, md: MarkdownEscapes): string[] {
  const s = model.suggested;
  if (!s?.length) return [];
  return [
    '## Suggested, not accepted',
    '',
    'Not in this policy: the review left them pending. Accept one in the TUI (iam-refine resume) if the role needs it.',
    '',
    ...s.map((x) => `- ${md.code(x.action)}: ${md.text(x.reason)}`),
    '',
  ];
}
