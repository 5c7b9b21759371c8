// `iam-refine scan`: gather, accept every action the role successfully used, write the policy.
import { writeFileSync } from 'node:fs';
import { flag, str, type ParsedArgs } from '../cli-args.js';
import { resolveRole } from '../core/arn.js';
import { usageError, inputError } from '../core/errors.js';
import { reviewCandidates } from '../core/review-candidates.js';
import { unverifiedLines } from './scan-unverified.js';
import { strictPlaceholders } from './placeholders-exit.js';
import { buildPolicyModel } from '../core/policy-model.js';
import { safeLine } from '../core/sanitize.js';
import { acceptsAutomatically } from '../core/auto-accept.js';
import { defaultResourceChoices } from '../core/generalize.js';
import { windowFromFlags } from '../core/window.js';
import { renderOutputSet, outputFormat } from '../render/outputs.js';
import { runOnlineProofWith } from '../aws/proof.js';
import { replayPolicy } from '../core/replay.js';
import { renderPolicyJson } from '../render/json.js';
import { onlineLines, replayHeadline } from '../render/proof.js';
import { loadAccount, roleDetailOf } from '../sources/account.js';
import { sourceConfigFromFlags } from '../sources/from-flags.js';
import { Preferences } from '../../sessions/preferences.js';
import { withPreferences } from './preferred-config.js';
import { gather } from '../sources/gather.js';
import { planSources } from '../sources/plan.js';
import { progressPrinter } from './progress-printer.js';
import type { IO } from './io.js';
import { toolVersion } from '../version.js';

export async function runScan(args: ParsedArgs, io: IO): Promise<number> {
  const { values } = args;
  const format = outputFormat(str(values, 'format'));
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
  const failed = result.results.filter((r) => r.state === 'failed');
  for (const f of failed) io.stderr.write(`iam-refine: ${f.label} failed: ${f.message ?? 'unknown error'}\n`);
  const ran = result.results.filter((r) => r.state === 'done');
  if (ran.length === 0) {
    throw inputError(
      'scan',
      failed.length ? 'every source failed' : 'no source of evidence was given',
      'Pass --demo, --from DIR, or at least one of --xray-traces, --cloudtrail, --generated-policy, --profile.',
    );
  }

  // Deliberate grants no source could see are kept (marked unverified) unless dropped on purpose.
  const { candidates, unverified } = reviewCandidates({
    role: roleDetail,
    evidence: result.evidence,
    sources: ran.map((r) => r.id),
    window,
  });
  const dropUnverified = flag(values, 'drop-unverified');
  const decisions: Record<string, 'accepted' | 'rejected'> = Object.fromEntries(
    candidates
      .filter((c) => acceptsAutomatically(c) || (c.unverified && !dropUnverified))
      .map((c) => [c.action, 'accepted' as const]),
  );
  for (const c of candidates) if (c.unverified && dropUnverified) decisions[c.action] = 'rejected';
  const accepted = new Set(Object.keys(decisions).filter((a) => decisions[a] === 'accepted'));
  const generalized = flag(values, 'exact-resources')
    ? undefined
    : defaultResourceChoices(candidates, accepted);
  const model = buildPolicyModel({
    role,
    window,
    sources: ran.map((r) => r.label),
    candidates,
    decisions,
    resourceChoices: generalized?.choices,
    toolVersion: toolVersion(),
    unverifiedShares: unverified.shares,
    current: roleDetail,
  });
  if (model.statements.length === 0) {
    throw inputError(
      'scan',
      `no action was seen used by ${safeLine(role.name)}${window ? ' in the window' : ''}, so there is no policy to write`,
      'Check that the sources cover this role (--xray-service, --lambda-functions) and the window (--since).',
    );
  }
  // Proof before save (issue 7): replay what was seen; with live credentials, AWS confirms.
  const policyJson = renderPolicyJson(model);
  const replay = replayPolicy(result.evidence, policyJson);
  const online = config.live
    ? await runOnlineProofWith(
        { profile: config.live.profile, region: config.live.region },
        { policyJson, replay, current: roleDetail },
      )
    : undefined;
  const proved = { ...model, proof: { replay, ...(online ? { online } : {}) } };
  const out = str(values, 'out');
  const { files, notes: sizeNotes } = renderOutputSet(proved, format, out);
  if (!out) {
    io.stdout.write(files[0]!.content);
  } else {
    for (const f of files) writeFileSync(f.path, f.content);
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
      lines.push(`  suggested, not accepted: ${c.action} (${safeLine(c.inferredReason ?? '')})`);
    }
    const placeholders = new Set(model.statements.flatMap((s) => s.placeholders));
    if (placeholders.size) lines.push(`  placeholders to fill: ${[...placeholders].join(', ')}`);
    lines.push(`replay: ${replayHeadline(replay)}`);
    if (online) lines.push(...onlineLines(online).map((l) => `  ${l}`));
    if (out) lines.push(...files.map((f) => `  wrote ${f.path}`));
    io.stderr.write(`${lines.join('\n')}\n`);
  }
  return strictPlaceholders(
    [...new Set(model.statements.flatMap((s) => s.placeholders))].sort(),
    flag(values, 'strict'),
    io,
  );
}
