// `scan --all-roles` across accounts: each role's least-privilege policy, from the same
// evidence a sweep compares with, in DIR/ACCOUNT/ROLE.json (+ .md beside it, split into
// parts when over the managed-policy size). The summary still ranks roles by excess (what
// the policy takes away), from the same role's compare report.
import path from 'node:path';
import { compareRoleStep } from '../commands/compare.js';
import { scanPolicy } from '../commands/scan-policy.js';
import { replayPolicy } from '../core/replay.js';
import { renderPolicyJson } from '../render/json.js';
import { renderOutputSet } from '../render/outputs.js';
import { sourceStatuses } from '../sources/gather.js';
import { reportFileName, type RoleStep } from './account-sweep.js';
import { scoreReport } from './score.js';

export interface ScanStepOptions {
  dropUnverified?: boolean;
  exactResources?: boolean;
}

export const NO_POLICY_NOTE =
  'no action seen used in the window: no policy written (is the role still needed?)';

export function scanStep(scan: ScanStepOptions = {}): RoleStep {
  return (input, opts) => {
    const evidence = input.extraEvidence?.length
      ? [...input.evidence, ...input.extraEvidence]
      : input.evidence;
    const excess = compareRoleStep(input.role, evidence, {
      window: opts.window,
      sources: input.sources,
      failOn: opts.failOn,
      ignore: opts.ignore,
      strict: opts.strict,
      now: opts.now,
    });
    const row = { exitCode: excess.summary.exitCode, score: scoreReport(excess) };
    const ran = input.results.filter((r) => r.state === 'done').map((r) => ({ id: r.id, label: r.label }));
    const { model } = scanPolicy({
      role: input.ref,
      roleDetail: input.role,
      evidence,
      ran,
      window: opts.window,
      dropUnverified: scan.dropUnverified,
      exactResources: scan.exactResources,
    });
    if (model.statements.length === 0) return { ...row, report: '', note: NO_POLICY_NOTE };
    const replay = replayPolicy(evidence, renderPolicyJson(model));
    const proved = { ...model, sourceStatus: sourceStatuses(input.results), proof: { replay } };
    const out = path.join(opts.reportDir, input.account, reportFileName(input.role.name));
    const { files } = renderOutputSet(proved, 'json', out);
    for (const f of files) opts.write(f.path, f.content);
    return { ...row, report: path.relative(opts.reportDir, files[0]!.path) };
  };
}
