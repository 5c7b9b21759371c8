// The document beside the policy JSON: the role, window, sources, and per statement
// its actions, resources, rationale and evidence; placeholders left and the size.
import { literalNamesNote } from '../core/iam-literal.js';
import type { PolicyModel, PolicyStatementModel } from '../core/types.js';
import { checkPolicySize, MANAGED_POLICY_LIMIT } from './json.js';
import { markdownCode, markdownText } from './markdown-text.js';
import { proofMarkdown } from './proof.js';
import { statusHeadline } from './source-status.js';
import { unverifiedMarkdown } from './unverified.js';
import { changeMarkdown, suggestedMarkdown } from './change.js';

const text = markdownText;
const code = (s: string): string => markdownCode(s);

function number(n: number): string {
  return n.toLocaleString('en-US');
}

/** A statement whose actions hold different rationales (a regroup brought them together). */
export function mergedNote(texts: number): string {
  return `Rationale merged from ${texts} notes: its actions were written for apart and now share this statement.`;
}

/** Rationales from an older session whose Sid matches no statement now: kept, never dropped. */
function unattachedSection(model: PolicyModel): string[] {
  if (!model.unattachedRationale?.length) return [];
  const out = [
    '## Rationale matching no statement',
    '',
    'Written in an older session for a statement this policy no longer has (its actions changed).',
    '',
  ];
  for (const u of model.unattachedRationale) {
    out.push(`- ${code(u.sid)}:`, ...u.text.split('\n').map((l) => `  > ${text(l)}  `));
  }
  return [...out, ''];
}

function statementSection(s: PolicyStatementModel): string[] {
  const out = [`## ${text(s.sid)}`, '', 'Actions:', '', ...s.actions.map((a) => `- ${code(a)}`), ''];
  out.push('Resources:', '', ...s.resources.map((r) => `- ${code(r)}`), '');
  if (s.rationale.length) out.push('Rationale:', '', ...s.rationale.map((l) => `> ${text(l)}  `), '');
  if (s.rationaleMerged) out.push(`_${mergedNote(s.rationaleMerged)}_`, '');
  out.push(`Evidence: ${text(s.evidenceSummary)}`, '');
  if (s.placeholders.length) out.push(`Placeholders to fill: ${s.placeholders.map(code).join(', ')}`, '');
  if (s.risks.length)
    out.push('Risks:', '', ...s.risks.map((r) => `- ${text(r.reason)} (${code(r.code)})`), '');
  return out;
}

/** The note on escaped literal names (`${*}` in a key), when a resource holds one. */
export function literalNotes(model: PolicyModel): string[] {
  const note = literalNamesNote(model.statements.flatMap((s) => s.resources));
  return note ? [note] : [];
}

function sourceSection(model: PolicyModel): string[] {
  const out = ['## Sources', ''];
  for (const s of model.sourceStatus ?? []) {
    out.push(`- ${text(s.label)}: **${s.status}**${s.reason ? `: ${text(s.reason)}` : ''}`);
    if (s.status !== 'ok' && s.fix) out.push(`  Fix: ${text(s.fix)}`);
  }
  return [...out, ''];
}

export function renderMarkdown(model: PolicyModel): string {
  const size = checkPolicySize(model);
  const status = statusHeadline(model.sourceStatus);
  const window = model.window ? `${code(model.window.start)} to ${code(model.window.end)}` : 'not limited';
  const out = [
    `# Least-privilege policy for ${text(model.role.name)}`,
    '',
    `- Role: ${code(model.role.arn)}`,
    `- Window: ${window}`,
    `- Sources: ${model.sources.length ? model.sources.map(text).join(', ') : 'none'}`,
    ...(status ? [`- Status: ${status.startsWith('PARTIAL') ? `**${text(status)}**` : text(status)}`] : []),
    `- Generated: ${text(model.generatedAt)} by iam-refine ${text(model.toolVersion)}`,
    `- Statements: ${model.statements.length}`,
    `- Size: ${number(size.size)} of ${number(MANAGED_POLICY_LIMIT)} characters allowed in a managed policy` +
      (size.over ? ' (**over the limit**: split it into several policies, or generalize resources)' : ''),
    ...literalNotes(model).map((l) => `- ${text(l)}`),
    '',
  ];
  if (model.sourceStatus?.length) out.push(...sourceSection(model));
  if (model.statements.length === 0) out.push('No statements: nothing was accepted.', '');
  for (const s of model.statements) out.push(...statementSection(s));
  const placeholders = [...new Set(model.statements.flatMap((s) => s.placeholders))].sort();
  out.push('## Placeholders left', '');
  if (placeholders.length === 0) out.push('None.', '');
  else {
    for (const p of placeholders) {
      const where = model.statements.filter((s) => s.placeholders.includes(p)).map((s) => text(s.sid));
      out.push(`- ${code(p)} in ${where.join(', ')}`);
    }
    out.push('', 'Replace each placeholder with a real value before you use the policy.', '');
  }
  out.push(...changeMarkdown(model, { text, code: (s) => markdownCode(s, { inTable: true }) }));
  out.push(...suggestedMarkdown(model, { text, code }));
  out.push(...unverifiedMarkdown(model, { text, code }));
  if (model.proof) out.push(...proofMarkdown(model.proof, model, { text, code }));
  out.push(...unattachedSection(model));
  if (model.skipped?.length) {
    out.push('## Left out', '', ...model.skipped.map((s) => `- ${code(s.action)}: ${text(s.reason)}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
