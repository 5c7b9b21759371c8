// The grants no source could see, in words for the outputs: plain lines (Terraform header,
// the TUI preview) and a Markdown section. Nothing is removed without a word.
import { stripControl } from '../core/sanitize.js';
import type { PolicyModel, UnverifiedSummary } from '../core/types.js';

function one(s: string): string {
  return stripControl(s).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** One line for the TUI preview: "unverified: 3 kept, 0 dropped; 95 actions of 11 services only * grants, not kept". */
export function unverifiedHeadline(u: UnverifiedSummary | undefined): string | undefined {
  if (!u) return undefined;
  const parts: string[] = [];
  if (u.kept.length || u.dropped.length)
    parts.push(`${u.kept.length} kept, ${u.dropped.length} dropped (D in the review)`);
  const open = u.shares.filter((s) => !s.kept);
  if (open.length)
    parts.push(
      `${open.reduce((n, s) => n + s.count, 0)} actions of ${open.length} services only * grants, not kept (K keeps a share)`,
    );
  return parts.length ? `unverified grants: ${parts.join('; ')}` : undefined;
}

/** Plain lines: a heading per group, one line per action or service. */
export function unverifiedLines(u: UnverifiedSummary | undefined): string[] {
  if (!u) return [];
  const out: string[] = [];
  if (u.kept.length) {
    out.push(
      `Unverified, kept (${u.kept.length}): granted today, no source could see them; verify, or drop them`,
    );
    for (const k of u.kept) out.push(`  ${one(k.action)}: ${one(k.reason)}; to verify: ${one(k.verify)}`);
  }
  if (u.dropped.length) {
    out.push(`Unverified, not kept (${u.dropped.length}): no source could see them`);
    for (const d of u.dropped) out.push(`  ${one(d.action)}: ${one(d.reason)}`);
  }
  const open = u.shares.filter((s) => !s.kept);
  if (open.length) {
    const total = open.reduce((n, s) => n + s.count, 0);
    out.push(`Unverified, granted only by * or NotAction, not kept (${total} actions):`);
    for (const s of open) out.push(`  ${one(s.service)}: ${s.count} (${one(s.reason)})`);
  }
  const kept = u.shares.filter((s) => s.kept);
  if (kept.length)
    out.push(`Service shares kept: ${kept.map((s) => `${one(s.service)} (${s.count})`).join(', ')}`);
  return out;
}

export interface MarkdownEscapes {
  text: (s: string) => string;
  code: (s: string) => string;
}

export function unverifiedMarkdown(model: PolicyModel, md: MarkdownEscapes): string[] {
  const u = model.unverified;
  if (!u) return [];
  const out = ['## Unverified grants', ''];
  out.push('Granted by the current policies, but no gathered source could see them used or unused.', '');
  if (u.kept.length) {
    out.push('Kept (drop them with `--drop-unverified` or the review key `D` once verified unused):', '');
    for (const k of u.kept) {
      out.push(
        `- ${md.code(k.action)}, granted by ${k.grantedBy.map(md.text).join(', ') || 'the role'}: ${md.text(k.reason)}.`,
      );
      out.push(`  To verify: ${md.text(k.verify)}.`);
    }
    out.push('');
  }
  if (u.dropped.length) {
    out.push('Not kept (rejected in the review, or `--drop-unverified`):', '');
    for (const d of u.dropped) out.push(`- ${md.code(d.action)}: ${md.text(d.reason)}`);
    out.push('');
  }
  if (u.shares.length) {
    out.push('Granted only by `*` or `NotAction`, per service (not kept one by one):', '');
    for (const s of u.shares)
      out.push(
        `- ${md.code(s.service)}: ${s.count} actions, ${s.kept ? '**kept**' : 'not kept'}: ${md.text(s.reason)}. To verify: ${md.text(s.verify)}.`,
      );
    out.push('');
  }
  return out;
}
