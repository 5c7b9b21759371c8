// The files an output format produces: policy JSON + its Markdown document, or Terraform.
// A policy over the managed-policy quota is split into several, never truncated.
import { usageError } from '../core/errors.js';
import type { Candidate, PolicyModel } from '../core/types.js';
import {
  checkPolicySize,
  INLINE_POLICIES_LIMIT,
  MANAGED_POLICY_LIMIT,
  renderPolicyJson,
  splitPolicyModel,
} from './json.js';
import { renderCdk } from './cdk.js';
import { renderCloudFormation } from './cloudformation.js';
import { renderMarkdown } from './markdown.js';
import type { PortableRefs } from './portable.js';
import { renderServerless } from './serverless.js';
import { renderTerraform } from './terraform.js';

export const OUTPUT_FORMATS = ['json', 'terraform', 'cloudformation', 'serverless', 'cdk'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const FORMAT_LABELS: Record<OutputFormat, string> = {
  json: 'policy JSON + Markdown',
  terraform: 'Terraform',
  cloudformation: 'CloudFormation',
  serverless: 'Serverless Framework',
  cdk: 'CDK (TypeScript)',
};

/** Each format's file extension (default output names, the TUI's path switch). */
export const FORMAT_EXTENSION: Record<OutputFormat, string> = {
  json: '.json',
  terraform: '.tf',
  cloudformation: '.yaml',
  serverless: '.yml',
  cdk: '.ts',
};

/** The order `f` goes through in the preview, from the TUI's default (Terraform). */
const CYCLE: OutputFormat[] = ['terraform', 'json', 'cloudformation', 'serverless', 'cdk'];

export function nextFormat(format: OutputFormat): OutputFormat {
  return CYCLE[(CYCLE.indexOf(format) + 1) % CYCLE.length]!;
}

const ALIASES: Record<string, OutputFormat> = { tf: 'terraform', cfn: 'cloudformation', sls: 'serverless' };

export function outputFormat(text: string | undefined): OutputFormat {
  if (text === undefined) return 'json';
  const known = (OUTPUT_FORMATS as readonly string[]).includes(text) ? (text as OutputFormat) : ALIASES[text];
  if (known) return known;
  throw usageError(`--format ${text} is not a format`, `Use --format ${OUTPUT_FORMATS.join(', ')}.`);
}

/** How an IaC format writes the policy: references for --portable, a role's inline entry. */
export interface RenderOptions {
  portable?: PortableRefs;
  /** CloudFormation: the role's `Policies` entry instead of a managed policy. */
  inline?: boolean;
}

/** One file holding the whole policy in an IaC format (split inside the file when over quota). */
function renderIac(model: PolicyModel, format: Exclude<OutputFormat, 'json'>, opts: RenderOptions): string {
  switch (format) {
    case 'terraform':
      return renderTerraform(model, { splitOver: MANAGED_POLICY_LIMIT, portable: opts.portable });
    case 'cloudformation':
      return renderCloudFormation(model, opts);
    case 'serverless':
      return renderServerless(model, opts);
    case 'cdk':
      return renderCdk(model, opts);
  }
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

export function renderOutputSet(
  model: PolicyModel,
  format: OutputFormat,
  out: string | undefined,
  opts: RenderOptions = {},
): Outputs {
  const size = checkPolicySize(model);
  const notes: string[] = [];
  if (format !== 'json') {
    if (format === 'serverless' || (format === 'cloudformation' && opts.inline)) {
      const inline = checkPolicySize(model, INLINE_POLICIES_LIMIT);
      if (inline.over)
        notes.push(
          `the policy is ${inline.size} characters, over the ${inline.limit} a role's inline policies hold together: generalize resources or use a managed policy`,
        );
    } else if (size.over) {
      notes.push(
        `the policy is ${size.size} characters, over the ${size.limit} a managed policy holds: written as several policy documents`,
      );
    }
    return { files: [{ path: out ?? '-', content: renderIac(model, format, opts) }], notes };
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
  opts: RenderOptions = {},
): OutputFile[] {
  return renderOutputSet(model, format, out, opts).files;
}
