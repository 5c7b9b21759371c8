// The files an output format produces: policy JSON + its Markdown document, or Terraform.
import { usageError } from '../core/errors.js';
import type { Candidate, PolicyModel } from '../core/types.js';
import { renderPolicyJson } from './json.js';
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

/** The Markdown document beside a JSON policy: policy.json → policy.md. */
export function markdownPathFor(out: string): string {
  return out.replace(/\.json$/i, '') + '.md';
}

export function renderOutputs(
  model: PolicyModel,
  _candidates: Candidate[],
  format: OutputFormat,
  out: string | undefined,
): OutputFile[] {
  if (format === 'terraform') return [{ path: out ?? '-', content: renderTerraform(model) }];
  const files: OutputFile[] = [{ path: out ?? '-', content: renderPolicyJson(model) }];
  if (out) files.push({ path: markdownPathFor(out), content: renderMarkdown(model) });
  return files;
}
