// `iam-refine export ID --format json|terraform [--out FILE]`: a session's policy, from
// its stored evidence and decisions, without the TUI and without AWS.
import { existsSync } from 'node:fs';
import { flag, list, str, type ParsedArgs, type Values } from '../cli-args.js';
import { observedArns, placeholderOccurrences } from '../core/placeholders.js';
import { openPlaceholderLines, resolveFills, suggestedLines } from './fill-flags.js';
import { UserError, usageError } from '../core/errors.js';
import { buildPolicyModel } from '../core/policy-model.js';
import { safeLine } from '../core/sanitize.js';
import { replayPolicy } from '../core/replay.js';
import { checkPolicySize, renderPolicyJson } from '../render/json.js';
import { outputFormat, renderOutputs } from '../render/outputs.js';
import { replayStderrLines } from '../render/proof.js';
import { sessionsDirFor } from '../../sessions/preferences.js';
import { findSession } from '../../sessions/store.js';
import { policyInputFromSession, sessionProgress, sessionReview } from '../../sessions/summary.js';
import type { IO } from './io.js';
import { iacFlags, renderOptionsFor } from './iac-options.js';
import { defaultPolicyFileName, resolveOutPath, writeFileSet } from './output-files.js';
import { strictPlaceholders } from './placeholders-exit.js';

export interface ExportOptions {
  /** Id, id prefix or name. */
  ref: string;
  /** json | terraform; default: the format saved in the session. */
  format?: string;
  /** Default: stdout (the policy only; the Markdown document needs --out). */
  out?: string;
  /** Overwrite existing files. */
  force?: boolean;
  /** Write even with `${Placeholders}` left (DESIGN: only when the user says so). */
  allowPlaceholders?: boolean;
  /** --portable, --stage, --inline. */
  iac?: Values;
  /** Exit 1 when the written policy still holds placeholders. */
  strict?: boolean;
  /** `--fill Name=value` (everywhere) and `--fill Name@ARN=value` (that ARN), over the session's. */
  fills?: string[];
  /** Fill each ARN still open that exactly one observed value fits. */
  fillSuggested?: boolean;
  sessionsDir?: string;
}

/** The region the session's live sources used, if any (the role's region for --portable). */
function sessionRegion(sources: { settings: Record<string, unknown> }[]): string | undefined {
  const region = sources.map((s) => s.settings.region).find((r) => typeof r === 'string');
  return typeof region === 'string' ? region : undefined;
}

export async function runExport(opts: ExportOptions, io: IO): Promise<number> {
  const dir = sessionsDirFor({ flag: opts.sessionsDir, env: io.env });
  const { session } = await findSession(dir, opts.ref);
  const { role } = session;
  const label = `session ${session.id} (${safeLine(session.name)})`;
  if (!role) {
    throw new UserError('session', `${label} has no role yet`, {
      hint: `Continue it with: iam-refine resume ${session.id}`,
    });
  }
  const format = outputFormat(opts.format ?? session.output.format);
  const iac = iacFlags(opts.iac ?? {}, format);
  const { candidates, unverified } = sessionReview(session);
  const progress = sessionProgress(session, candidates);
  const input = {
    ...policyInputFromSession({ ...session, role }, candidates),
    unverifiedShares: unverified.shares,
  };
  // The session's fills with the flags on top (not saved: export only reads the session).
  const unfilled = buildPolicyModel({ ...input, fills: {}, fillsByArn: {} });
  const observed = observedArns(session.evidence);
  const resolved = resolveFills(
    unfilled.statements,
    observed,
    { fills: session.fills, fillsByArn: session.fillsByArn },
    opts.fills ?? [],
    opts.fillSuggested ?? false,
  );
  const model = buildPolicyModel({ ...input, fills: resolved.fills, fillsByArn: resolved.fillsByArn });
  const open = openPlaceholderLines(
    placeholderOccurrences(unfilled.statements, observed, resolved.fills, resolved.fillsByArn),
  );
  if (model.statements.length === 0) {
    throw new UserError('session', `${label} has no accepted actions yet (${progress.pending} pending)`, {
      hint: `Review them with: iam-refine resume ${session.id}`,
    });
  }
  const left = [...new Set(model.statements.flatMap((s) => s.placeholders))].sort();
  if (left.length > 0 && !opts.allowPlaceholders) {
    throw new UserError('session', `${label}: the policy still has placeholders: ${left.join(', ')}`, {
      hint:
        `${open.map((l) => l.trim()).join('\n')}\n` +
        `Fill them with: iam-refine resume ${session.id} (key p), --fill Name=value (everywhere) or ` +
        `--fill 'Name@ARN=value' (one ARN), or pass --allow-placeholders to write them as they are.`,
    });
  }
  // `--out -` is stdout; a folder gets the default file name inside it.
  const out =
    opts.out === undefined || opts.out === '-'
      ? undefined
      : resolveOutPath(opts.out, defaultPolicyFileName(role.name, format));
  // The same proof a TUI save writes: the session's evidence replayed offline (AWS checks not run).
  const replay = replayPolicy(session.evidence, renderPolicyJson(model), { filled: model.filled });
  const proved = { ...model, proof: { replay } };
  const rendering = renderOptionsFor(proved, iac, sessionRegion(session.sources));
  const files = renderOutputs(proved, candidates, format, out, rendering.opts);
  if (out) {
    const existing = files.filter((f) => existsSync(f.path));
    if (existing.length > 0 && !opts.force) {
      throw usageError(
        `${existing.map((f) => f.path).join(', ')} already exists`,
        'Pass --force to overwrite.',
      );
    }
    writeFileSet(files);
  } else {
    io.stdout.write(files[0]!.content);
  }
  const notes = [
    `export: ${label}: ${progress.accepted} accepted actions in ${model.statements.length} statements` +
      (progress.pending ? `; ${progress.pending} still pending (left out)` : ''),
  ];
  const size = checkPolicySize(model);
  if (size.over) {
    notes.push(
      `  the policy is ${size.size} characters, over the ${size.limit} of a managed policy: split it on the TUI's save screen`,
    );
  }
  notes.push(...suggestedLines(resolved.fromSuggestions));
  if (left.length > 0) notes.push(`  placeholders left as they are: ${left.join(', ')}`, ...open);
  if (rendering.note) notes.push(`  ${rendering.note}`);
  notes.push(...replayStderrLines(replay));
  if (out) notes.push(...files.map((f) => `  wrote ${safeLine(f.path)}`));
  io.stderr.write(`${notes.join('\n')}\n`);
  return strictPlaceholders(left, opts.strict, io);
}

/** `iam-refine export ID [--format F] [--out FILE] [--force] [--allow-placeholders]`. */
export function exportCommand(args: ParsedArgs, io: IO): Promise<number> {
  const [ref, ...extra] = args.positionals;
  if (!ref) throw usageError('export needs a session ID', 'Run iam-refine sessions list to see them.');
  if (extra.length > 0)
    throw usageError(
      `unexpected argument "${extra[0]}"`,
      'Use: iam-refine export ID --format json|terraform',
    );
  return runExport(
    {
      ref,
      format: str(args.values, 'format'),
      out: str(args.values, 'out'),
      force: flag(args.values, 'force'),
      allowPlaceholders: flag(args.values, 'allow-placeholders'),
      strict: flag(args.values, 'strict'),
      fills: list(args.values, 'fill'),
      fillSuggested: flag(args.values, 'fill-suggested'),
      sessionsDir: str(args.values, 'sessions-dir'),
      iac: args.values,
    },
    io,
  );
}
