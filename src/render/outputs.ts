// The files an output format produces: policy JSON + its Markdown document, or Terraform.
// A policy over the managed-policy quota is split into several, never truncated.
import { usageError } from '../core/errors.js';
import type { Candidate, PolicyModel } from '../core/types.js';
import { checkPolicySize, MANAGED_POLICY_LIMIT, renderPolicyJson, splitPolicyModel } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerraform } from './terraform.js';

export type OutputFormat = 'json' | 'terraform';

export function outputFormat(text: string | undefined): OutputFormat {
  if (text === undefined || text === 'json') return 'json';
  if (text === 'terraform' || text === 'tf') return 'terraform';
  throw usageError(`--format ${text} is not a format`, 'Use --format json or --format terraform.');
}

export interface OutputFile {
  path: string;
  content: string;
}

export interface Outputs {
  files: OutputFile[];
  /** Size quota notes for stderr. */
  notes: string[];
}

/** The Markdown document beside a JSON policy: policy.json → policy.md. */
export function markdownPathFor(out: string): string {
  return out.replace(/\.json$/i, '') + '.md';
}

/** policy.json → policy-2.json for the second part of a split policy. */
export function partPathFor(out: string, part: number): string {
  if (part === 1) return out;
  return /\.json$/i.test(out) ? out.replace(/\.json$/i, `-${part}.json`) : `${out}-${part}`;
}

export function renderOutputSet(model: PolicyModel, format: OutputFormat, out: string | undefined): Outputs {
  const size = checkPolicySize(model);
  const notes: string[] = [];
  if (format === 'terraform') {
    if (size.over) {
      notes.push(
        `the policy is ${size.size} characters, over the ${size.limit} a managed policy holds: written as several policy documents`,
      );
    }
    return {
      files: [{ path: out ?? '-', content: renderTerraform(model, { splitOver: MANAGED_POLICY_LIMIT }) }],
      notes,
    };
  }
  if (!size.over || !out) {
    if (size.over) {
      notes.push(
        `the policy is ${size.size} characters, over the ${size.limit} a managed policy holds; use --out FILE to write it split into several policies, or generalize resources`,
      );
    }
    const files: OutputFile[] = [{ path: out ?? '-', content: renderPolicyJson(model) }];
    if (out) files.push({ path: markdownPathFor(out), content: renderMarkdown(model) });
    return { files, notes };
  }
  const parts = splitPolicyModel(model);
  notes.push(
    `the policy is ${size.size} characters, over the ${size.limit} a managed policy holds: split into ${parts.length} policies`,
  );
  const files = parts.map((p, i) => ({ path: partPathFor(out, i + 1), content: renderPolicyJson(p) }));
  files.push({ path: markdownPathFor(out), content: renderMarkdown(model) });
  return { files, notes };
}

/** The files alone (the TUI preview and export); size notes are in renderOutputSet. */
export function renderOutputs(
  model: PolicyModel,
  _candidates: Candidate[],
  format: OutputFormat,
  out: string | undefined,
): OutputFile[] {
  return renderOutputSet(model, format, out).files;
}
