// The preview's proof lines: the replay headline, the risk flags left, and the AWS checks
// (not run, running, or their one-line results). The full detail is in the files shown below.
import type { OnlineCheck, OnlineProof, ReplayResult } from '../../src/core/replay.js';
import { safeLine } from '../../src/core/sanitize.js';
import type { PolicyModel } from '../../src/core/types.js';
import {
  filledMismatchLine,
  onlineLines,
  replayHeadline,
  riskLines,
  uncoveredCalls,
} from '../../src/render/proof.js';
import type { ColorName } from '../theme.js';

export interface ProofLine {
  text: string;
  tone: ColorName;
}

export type OnlineState =
  | { state: 'running' }
  | { state: 'done'; proof: OnlineProof }
  | { state: 'failed'; message: string }
  | undefined;

function replayTone(r: ReplayResult): ColorName {
  if (r.denied > 0 || r.doubts > 0) return 'red';
  if (
    r.total === 0 ||
    r.needsPlaceholder > 0 ||
    r.problems.length > 0 ||
    uncoveredCalls(r).length > 0 ||
    r.filledMismatches?.length
  )
    return 'yellow';
  return 'green';
}

function tone<T>(check: OnlineCheck<T>, done: (result: T) => ColorName): ColorName {
  if (check.state === 'done') return done(check.result);
  return check.state === 'skipped' ? 'gray' : 'yellow';
}

/** Each check's colour, in the order onlineLines writes their headlines. */
function checkTones(p: OnlineProof): ColorName[] {
  return [
    tone(p.simulation, (s) => (s.disagreements.length ? 'red' : 'green')),
    tone(p.validation, (findings) => (findings.length ? 'yellow' : 'green')),
    tone(p.noNewAccess, (r) => (r.result === 'FAIL' ? 'red' : 'green')),
  ];
}

export function proofSummary(
  replay: ReplayResult,
  model: Pick<PolicyModel, 'statements'>,
  online: OnlineState,
  canCheck: boolean,
  /** Calls the replay does not count as allowed: the headline hints the key that lists them. */
  uncovered = 0,
): ProofLine[] {
  const risk = riskLines(model)[0] ?? 'Risk flags: none';
  // Up front, where a narrow terminal does not cut it off.
  const hint = uncovered > 0 ? ` (u lists ${uncovered.toLocaleString('en-US')} uncovered)` : '';
  const out: ProofLine[] = [
    { text: `Replay${hint}: ${replayHeadline(replay)}`, tone: replayTone(replay) },
    // A filled value the records contradict (another stack's id): named here, not only in the files.
    ...(replay.filledMismatches ?? []).slice(0, 3).map((m) => ({
      text: `  ${filledMismatchLine(m)}`,
      tone: 'yellow' as const,
    })),
    { text: risk, tone: risk.endsWith(': none') ? 'gray' : 'yellow' },
  ];
  if (!online) {
    out.push({
      text: canCheck
        ? 'AWS checks: not run yet (c runs the IAM policy simulator and Access Analyzer)'
        : 'AWS checks: not run (offline: no AWS credentials in use)',
      tone: 'gray',
    });
  } else if (online.state === 'running') {
    out.push({
      text: 'AWS checks: running (IAM policy simulator, ValidatePolicy, CheckNoNewAccess)…',
      tone: 'cyan',
    });
  } else if (online.state === 'failed') {
    out.push({ text: `AWS checks failed: ${safeLine(online.message)}`, tone: 'red' });
  } else {
    // Each check's headline; their details are in the proof written with the policy.
    const tones = checkTones(online.proof);
    onlineLines(online.proof)
      .filter((l) => !l.startsWith(' '))
      .forEach((text, i) => out.push({ text, tone: tones[i] ?? 'gray' }));
  }
  return out;
}
