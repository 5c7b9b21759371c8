// `iam-refine scan`: gather, accept every action the role successfully used, write the policy.
import { flag, list, str, type ParsedArgs } from '../cli-args.js';
import { openPlaceholderLines, resolveFills, suggestedLines } from './fill-flags.js';
import { observedArns, placeholderOccurrences } from '../core/placeholders.js';
import { resolveRole } from '../core/arn.js';
import { usageError, inputError, UserError } from '../core/errors.js';
import { runStatus } from '../core/source-status.js';
import { unverifiedLines } from './scan-unverified.js';
import { scanPolicy } from './scan-policy.js';
import { buildPolicyModel } from '../core/policy-model.js';
import { strictPlaceholders } from './placeholders-exit.js';
import { safeLine } from '../core/sanitize.js';
import { windowFromFlags } from '../core/window.js';
import { renderOutputSet, outputFormat } from '../render/outputs.js';
import { replayPolicy } from '../core/replay.js';
import { renderPolicyJson } from '../render/json.js';
import { literalNotes } from '../render/markdown.js';
import { onlineLines, replayStderrLines } from '../render/proof.js';
import { loadAccount, roleDetailOf } from '../sources/account.js';
import { sourceConfigFromFlags } from '../sources/from-flags.js';
import { Preferences } from '../../sessions/preferences.js';
import { withPreferences } from './preferred-config.js';
import { gather, sourceStatuses } from '../sources/gather.js';
import { explainEmpty, reportSourceStatus } from './source-report.js';
import { planSources } from '../sources/plan.js';
import { progressPrinter } from './progress-printer.js';
import type { IO } from './io.js';
import { defaultPolicyFileName, resolveOutPath, writeFileSet } from './output-files.js';
import { iacFlags, renderOptionsFor } from './iac-options.js';

export async function runScan(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  // Every role of several accounts: the organization sweep writing policies (src/commands/sweep.ts).
  if (values.accounts !== undefined || values.org === true)
    return (await import('./sweep.js')).runSweepCommand(args, io, 'scan');
  for (const k of ['all-roles', 'assume-role', 'role-filter', 'resume', 'xray-regions', 'report', 'yes'])
    if (values[k] !== undefined)
      throw usageError(
        `scan --${k} is for every role of several accounts: add --accounts ID,ID or --org`,
        'One account: --accounts with its id and --assume-role; one role: scan --role R.',
      );
  const format = outputFormat(str(values, 'format'));
  const iac = iacFlags(values, format);
  const roleInput = str(values, 'role');
  // The access role last remembered (the TUI keeps it); flags win.
  const config = withPreferences(sourceConfigFromFlags(values), () => Preferences.open({ env: io.env }), {
    interactive: false,
    env: io.env,
  });
  const account = await loadAccount(config);
  for (const w of account.warnings) io.stderr.write(`iam-refine: ${safeLine(w)}\n`);
  if (!roleInput) {
    const some = account.roles.slice(0, 5).map((r) => `  ${r.name}`);
    throw usageError(
      'scan needs --role',
      some.length
        ? `Roles in the sources:\n${some.join('\n')}${account.roles.length > 5 ? '\n  ...' : ''}`
        : 'Pass a role name or ARN.',
    );
  }
  const role = resolveRole(roleInput, account.roles, account.accountId);
  const roleDetail = await roleDetailOf(account, role);
  const now = config.clock ? new Date(config.clock) : new Date();
  const window = windowFromFlags(
    { since: str(values, 'since'), start: str(values, 'start'), end: str(values, 'end') },
    now,
  );

  const quiet = flag(values, 'quiet');
  const printer = progressPrinter(io.stderr, quiet);
  const plans = await planSources(config, account, role);
  const result = await gather(plans, { role, window, onProgress: printer.onProgress });
  printer.finish();
  const statuses = sourceStatuses(result.results);
  reportSourceStatus(statuses, io.stderr);
  const failed = statuses.filter((r) => r.status === 'failed');
  await explainEmpty(account, config, role, result.results, io.stderr);
  const ran = result.results.filter((r) => r.state === 'done');
  if (ran.length === 0) {
    throw inputError(
      'scan',
      failed.length ? 'every source failed' : 'no source of evidence was given',
      'Pass --demo, --from DIR, or at least one of --xray-traces, --cloudtrail, --generated-policy, --profile.',
    );
  }

  // A policy from part of the evidence is narrower than the role needs: only on purpose.
  const partial = runStatus(statuses) !== 'ok';
  if (partial && !flag(values, 'allow-partial')) {
    throw new UserError('input', 'not every requested source is ok: no policy written', {
      hint: 'Fix the sources above and run again, or pass --allow-partial to write the policy marked partial.',
    });
  }

  // Deliberate grants no source could see are kept (marked unverified) unless dropped on purpose.
  const dropUnverified = flag(values, 'drop-unverified');
  const {
    candidates,
    unverified,
    decisions,
    accepted,
    generalized,
    model: unfilled,
    modelInput,
  } = scanPolicy({
    role,
    roleDetail,
    evidence: result.evidence,
    ran,
    window,
    dropUnverified,
    exactResources: flag(values, 'exact-resources'),
  });
  // Placeholders are filled only as the flags say: per ARN, everywhere, or from the observed values.
  const observed = observedArns(result.evidence);
  const fillFlags = list(values, 'fill');
  const resolved = resolveFills(unfilled.statements, observed, {}, fillFlags, flag(values, 'fill-suggested'));
  const model =
    fillFlags.length || resolved.fromSuggestions.length
      ? buildPolicyModel({ ...modelInput, fills: resolved.fills, fillsByArn: resolved.fillsByArn })
      : unfilled;
  const occurrences = placeholderOccurrences(
    unfilled.statements,
    observed,
    resolved.fills,
    resolved.fillsByArn,
  );
  if (model.statements.length === 0) {
    throw inputError(
      'scan',
      `no action was seen used by ${safeLine(role.name)}${window ? ' in the window' : ''}, so there is no policy to write`,
      'Check that the sources cover this role (--xray-service, --lambda-functions) and the window (--since).',
    );
  }
  // Proof before save (issue 7): replay what was seen; with live credentials, AWS confirms.
  const policyJson = renderPolicyJson(model);
  const replay = replayPolicy(result.evidence, policyJson, { filled: model.filled });
  // The AWS SDK loads only here: an offline scan never pays for it.
  const online = config.live
    ? await (
        await import('../aws/proof.js')
      ).runOnlineProofWith(
        { profile: config.live.profile, region: config.live.region },
        { policyJson, replay, current: roleDetail },
      )
    : undefined;
  const proved = { ...model, sourceStatus: statuses, proof: { replay, ...(online ? { online } : {}) } };
  const outFlag = str(values, 'out');
  // `--out -` is stdout; a folder gets the default file name inside it.
  const out =
    outFlag === undefined || outFlag === '-'
      ? undefined
      : resolveOutPath(outFlag, defaultPolicyFileName(role.name, format));
  const rendering = renderOptionsFor(proved, iac, config.live?.region ?? str(values, 'region'));
  const { files, notes: sizeNotes } = renderOutputSet(proved, format, out, rendering.opts);
  if (rendering.note) sizeNotes.push(rendering.note);
  if (!out) {
    io.stdout.write(files[0]!.content);
  } else {
    writeFileSet(files);
  }
  for (const note of sizeNotes) io.stderr.write(`iam-refine: ${note}\n`);
  if (!quiet) {
    const acceptedCount = accepted.size;
    const denied = candidates.filter((c) => c.deniedOnly).length;
    const unmapped = candidates.filter((c) => c.unmapped).length;
    const lines = [
      `scan: ${safeLine(role.name)}: ${acceptedCount} actions accepted in ${model.statements.length} statements` +
        ` from ${ran.map((r) => r.label).join(', ')}`,
    ];
    if (denied)
      lines.push(
        `  ${denied} denied-only actions left out (review them in the TUI or the Markdown document)`,
      );
    if (unmapped) lines.push(`  ${unmapped} unmapped operations left out`);
    for (const note of generalized?.notes ?? []) lines.push(`  ${note} (--exact-resources keeps them)`);
    lines.push(...unverifiedLines(candidates, unverified.shares, dropUnverified));
    for (const c of candidates.filter((c) => c.inferredReason && !decisions[c.action])) {
      lines.push(`  suggested, not accepted: ${safeLine(c.action)} (${safeLine(c.inferredReason ?? '')})`);
    }
    // SSE-KMS needs the current policy does not grant: the key policy allows them today.
    for (const c of candidates.filter((c) => c.encryption?.length && !decisions[c.action])) {
      const facts = safeLine(c.encryption!.join('; '));
      lines.push(
        `  suggested, not accepted (not granted today; the key policy allows it): ${safeLine(c.action)} (${facts})`,
      );
    }
    lines.push(...suggestedLines(resolved.fromSuggestions));
    const placeholders = new Set(model.statements.flatMap((s) => s.placeholders));
    if (placeholders.size) {
      lines.push(`  placeholders to fill: ${safeLine([...placeholders].join(', '))}`);
      lines.push(...openPlaceholderLines(occurrences));
    }
    for (const note of literalNotes(model)) lines.push(`  ${note}`);
    if (partial)
      lines.push(
        `  PARTIAL (--allow-partial): ${statuses
          .filter((st) => st.status !== 'ok')
          .map((st) => `${st.label} ${st.status}`)
          .join(', ')}; actions only they saw may be missing`,
      );
    lines.push(...replayStderrLines(replay));
    if (online) lines.push(...onlineLines(online).map((l) => `  ${l}`));
    if (out) lines.push(...files.map((f) => `  wrote ${safeLine(f.path)}`));
    io.stderr.write(`${lines.join('\n')}\n`);
  }
  return strictPlaceholders(
    [...new Set(model.statements.flatMap((s) => s.placeholders))].sort(),
    flag(values, 'strict'),
    io,
  );
}
