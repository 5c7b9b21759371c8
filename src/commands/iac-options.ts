// `--portable`, `--stage`, `--inline` (scan and export): checked against the format, and
// turned into the references the renderers write.
import { flag, str, type Values } from '../cli-args.js';
import { usageError } from '../core/errors.js';
import type { PolicyModel } from '../core/types.js';
import type { OutputFormat, RenderOptions } from '../render/outputs.js';
import { portableRefsFor } from '../render/portable.js';

export interface IacFlags {
  portable: boolean;
  stage?: string;
  inline: boolean;
}

export function iacFlags(values: Values, format: OutputFormat): IacFlags {
  const flags = {
    portable: flag(values, 'portable'),
    stage: str(values, 'stage'),
    inline: flag(values, 'inline'),
  };
  if (flags.portable && format === 'json') {
    throw usageError(
      '--portable is for the IaC formats',
      'IAM policy JSON has no references: use --format terraform, cloudformation, serverless or cdk.',
    );
  }
  if (flags.stage !== undefined && !flags.portable)
    throw usageError('--stage goes with --portable', 'Add --portable, or leave --stage out.');
  if (flags.stage !== undefined && !/^[A-Za-z0-9]+$/.test(flags.stage))
    throw usageError(
      `--stage ${flags.stage} is not a stage name`,
      'A stage is letters and digits, e.g. prod.',
    );
  if (flags.inline && format !== 'cloudformation')
    throw usageError('--inline is for --format cloudformation', "It writes the role's Policies entry.");
  return flags;
}

/** The render options, and a line saying what --portable rewrote. */
export function renderOptionsFor(
  model: PolicyModel,
  flags: IacFlags,
  region: string | undefined,
): { opts: RenderOptions; note?: string } {
  const portable = portableRefsFor(model, { portable: flags.portable, region, stage: flags.stage });
  const opts: RenderOptions = { inline: flags.inline, ...(portable ? { portable } : {}) };
  if (!portable) return { opts };
  const parts = [
    `account ${portable.account}`,
    ...(portable.region ? [`region ${portable.region}`] : []),
    ...(portable.stage ? [`stage ${portable.stage}`] : []),
  ];
  return { opts, note: `portable: ${parts.join(', ')} written as references (other accounts' ARNs kept)` };
}
