// The proof in words: one headline for the replay, then plain lines (scan's summary, the
// TUI, Terraform comments) or Markdown lines (the policy's document). Text that came from
// files or AWS is made single-line and inert here; the Markdown escapers come from the caller.
import { stripControl } from '../core/sanitize.js';
import { observedNoun } from '../core/filled-check.js';
import type {
  FilledMismatch,
  OnlineCheck,
  OnlineProof,
  Proof,
  ReplayedCall,
  ReplayGroup,
  ReplayResult,
  SimulationResult,
  ValidationFinding,
} from '../core/replay.js';
import type { PolicyModel, RiskFlag } from '../core/types.js';
import { SOURCE_BADGES } from '../core/types.js';

function one(s: string): string {
  return stripControl(s).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${n(count)} ${count === 1 ? word : many}`;
}

/** Observed calls that map to no IAM action: no policy can be shown to cover them. */
export function uncoveredCalls(r: ReplayResult): ReplayResult['skipped'] {
  return r.skipped.filter((s) => s.reason === 'maps to no IAM action');
}

/**
 * "allows 41 of 41 observed calls (1,234 requests)", with what is open or denied after it.
 * Calls that map to no IAM action count as not allowed: no clean headline while any is uncovered.
 */
export function replayHeadline(r: ReplayResult): string {
  const uncovered = uncoveredCalls(r);
  if (r.total === 0 && uncovered.length === 0)
    return 'no successful call was observed, so there is nothing to replay';
  const total = r.total + uncovered.length;
  const parts = [
    `allows ${n(r.allowed)} of ${plural(total, 'observed call')} (${plural(r.requests, 'request')})`,
  ];
  if (uncovered.length)
    parts.push(
      `${n(uncovered.length)} map to no IAM action (${uncovered
        .slice(0, 3)
        .map((s) => one(s.action))
        .join(', ')}${uncovered.length > 3 ? ', ...' : ''}): not covered`,
    );
  if (r.needsPlaceholder) parts.push(`${n(r.needsPlaceholder)} wait on a placeholder`);
  if (r.denied) parts.push(`${n(r.denied)} would now be DENIED`);
  if (r.doubts) parts.push(`${plural(r.doubts, 'MAPPING DOUBT')} (an ARN the evidence names is not allowed)`);
  if (r.problems.length) parts.push(`${plural(r.problems.length, 'statement')} could not be read`);
  const wrong = filledWrong(r);
  if (wrong)
    parts.push(
      `${plural(wrong, 'FILLED ARN')} ${wrong === 1 ? 'matches' : 'match'} no resource the records named`,
    );
  return parts.join('; ');
}

/** Distinct filled ARNs the records contradict. */
function filledWrong(r: ReplayResult): number {
  return new Set((r.filledMismatches ?? []).map((m) => m.arn)).size;
}

/** "arn...: filled ARN matches none of the 2 observed stacks (for cloudformation:DescribeStacks; seen: ...)". */
export function filledMismatchLine(m: FilledMismatch): string {
  const seen = m.observed.slice(0, 3).map(one).join(', ') + (m.observed.length > 3 ? ', ...' : '');
  return `${one(m.arn)}: filled ARN matches none of ${observedNoun(m)} (${filledBasis(m, one)}; seen: ${seen})`;
}

/** The replay as scan and export print it on stderr: the headline, then each contradicted fill. */
export function replayStderrLines(replay: ReplayResult): string[] {
  return [
    `replay: ${replayHeadline(replay)}`,
    ...(replay.filledMismatches ?? []).map((m) => `  ${filledMismatchLine(m)}`),
  ];
}

/** Which records the check read: the actions' own, or (they named none) the role's other calls. */
function filledBasis(m: FilledMismatch, code: (s: string) => string): string {
  const actions = m.actions.map(code).join(', ');
  return m.namedFor === 'action'
    ? `named by the records of ${actions}`
    : `${actions} named no ARN; named by the role's other calls`;
}

function evidenceOf(c: ReplayedCall | ReplayGroup): string {
  const sources = c.sources.map((s) => SOURCE_BADGES[s]).join('+');
  const samples = 'samples' in c && c.samples.length ? `, e.g. ${c.samples.slice(0, 2).join(', ')}` : '';
  return `${sources}: ${plural(c.count, 'call')}${samples}`;
}

function callLine(c: ReplayedCall): string {
  const on = c.resource === undefined ? '(resource not recorded)' : one(c.resource);
  const open = c.placeholders.length ? ` [${c.placeholders.map(one).join(', ')}]` : '';
  return `${one(c.action)} on ${on}${open} (${evidenceOf(c)})`;
}

/** The evidence's own ARNs the policy refuses (a call in doubt). */
function refused(c: ReplayedCall): string[] {
  return c.arnChecks.filter((a) => a.verdict === 'denied').map((a) => a.arn);
}

function doubtLine(c: ReplayedCall): string {
  return `${callLine(c)}: not allowed on ${refused(c).map(one).join(', ')}`;
}

function groupLines(groups: ReplayGroup[], max: number, line = callLine): string[] {
  const calls = groups.flatMap((g) => g.calls);
  const shown = calls.slice(0, max).map(line);
  return calls.length > max ? [...shown, `... and ${n(calls.length - max)} more`] : shown;
}

export interface ProofTextOptions {
  /** Calls listed per kind (denied, placeholder) before "... and N more". */
  maxCalls?: number;
  /** Indent of the detail lines. */
  indent?: string;
}

/** The replay: headline, then the denied calls, the open ones, and what was not replayed. */
export function replayLines(r: ReplayResult, opts: ProofTextOptions = {}): string[] {
  const max = opts.maxCalls ?? 20;
  const pad = opts.indent ?? '  ';
  const out = [`Replay (local evaluator): ${replayHeadline(r)}`];
  if (r.denied) out.push(`${pad}denied now:`, ...groupLines(r.deniedGroups, max).map((l) => `${pad}  ${l}`));
  if (r.doubts)
    out.push(
      `${pad}mapping doubts (the derived ARN is allowed, the ARN the record itself named is not: check the resources):`,
      ...groupLines(r.doubtGroups, max, doubtLine).map((l) => `${pad}  ${l}`),
    );
  if (r.needsPlaceholder)
    out.push(
      `${pad}waiting on a placeholder (the policy's, or a resource the source did not record):`,
      ...groupLines(r.placeholderGroups, max).map((l) => `${pad}  ${l}`),
    );
  if (r.filledMismatches?.length)
    out.push(
      `${pad}filled placeholders the records contradict (check the value, e.g. another stack's id):`,
      ...r.filledMismatches.slice(0, max).map((m) => `${pad}  ${filledMismatchLine(m)}`),
    );
  if (r.conditional)
    out.push(`${pad}${plural(r.conditional, 'call')} allowed only under a Condition (not evaluated)`);
  for (const s of r.skipped) out.push(`${pad}not replayed: ${one(s.action)} (${s.reason})`);
  for (const p of r.problems)
    out.push(
      `${pad}could not read ${one(p.policy)}${p.index === undefined ? '' : ` statement ${p.index}`}: ${p.message}`,
    );
  return out;
}

interface Item {
  line: string;
  details: string[];
}

function checkItem<T>(label: string, check: OnlineCheck<T>, done: (result: T) => Item): Item {
  if (check.state === 'done') {
    const item = done(check.result);
    return { line: `${label}: ${item.line}`, details: item.details };
  }
  return {
    line: `${label}: ${check.state === 'skipped' ? 'not run' : 'unavailable'}: ${one(check.reason)}`,
    details: [],
  };
}

function simulationItem(s: SimulationResult): Item {
  const base = `allows ${n(s.allowed)} of ${plural(s.simulated, 'call')} simulated`;
  return {
    line:
      s.disagreements.length === 0
        ? `${base} (agrees with the local replay)`
        : `${base}; DISAGREES with the local replay on ${plural(s.disagreements.length, 'call')}`,
    details: [
      ...s.disagreements.map(
        (d) => `${one(d.action)} on ${one(d.resource ?? '*')}: AWS ${d.aws}, local ${d.local}`,
      ),
      ...(s.missingContext.length ? [`context AWS asked for: ${s.missingContext.map(one).join(', ')}`] : []),
    ],
  };
}

function findingLine(f: ValidationFinding): string {
  const where = f.sids.length ? ` in ${f.sids.map(one).join(', ')}` : '';
  return `${f.type} ${one(f.issueCode)}${where}: ${one(f.details)}`;
}

function onlineItems(online: OnlineProof | undefined): Item[] {
  if (!online)
    return [
      {
        line: 'AWS checks: not run (offline; with credentials IAM and Access Analyzer confirm the policy)',
        details: [],
      },
    ];
  return [
    checkItem('IAM policy simulator', online.simulation, simulationItem),
    checkItem('Access Analyzer ValidatePolicy', online.validation, (fs) => ({
      line: fs.length ? plural(fs.length, 'finding') : 'no findings',
      details: fs.map(findingLine),
    })),
    checkItem('Access Analyzer CheckNoNewAccess', online.noNewAccess, (r) => ({
      line:
        r.result === 'PASS'
          ? 'PASS (grants nothing the current policies do not)'
          : `FAIL${r.message ? `: ${one(r.message)}` : ''}`,
      details: r.reasons.map((x) => `${x.sid ? `${one(x.sid)}: ` : ''}${one(x.description)}`),
    })),
  ];
}

function riskItem(model: Pick<PolicyModel, 'statements'>): Item {
  const flagged = model.statements.flatMap((s) => s.risks.map((r: RiskFlag) => ({ sid: s.sid, r })));
  if (flagged.length === 0) return { line: 'Risk flags: none', details: [] };
  const statements = new Set(flagged.map((f) => f.sid)).size;
  return {
    line: `Risk flags: ${plural(flagged.length, 'flag')} in ${plural(statements, 'statement')}`,
    details: flagged.map(({ sid, r }) => `${one(sid)}: ${r.code}: ${one(r.reason)}`),
  };
}

function flat(items: Item[], pad: string): string[] {
  return items.flatMap((i) => [i.line, ...i.details.map((d) => `${pad}${d}`)]);
}

/** The online checks, or one line saying they did not run. */
export function onlineLines(online: OnlineProof | undefined, opts: ProofTextOptions = {}): string[] {
  return flat(onlineItems(online), opts.indent ?? '  ');
}

/** The risk flags left in the policy, one line each with the statement they are in. */
export function riskLines(model: Pick<PolicyModel, 'statements'>, opts: ProofTextOptions = {}): string[] {
  return flat([riskItem(model)], opts.indent ?? '  ');
}

/** Everything, as plain lines: replay, online checks, risk flags. */
export function proofLines(
  proof: Proof,
  model?: Pick<PolicyModel, 'statements'>,
  opts: ProofTextOptions = {},
): string[] {
  return [
    ...replayLines(proof.replay, opts),
    ...onlineLines(proof.online, opts),
    ...(model ? riskLines(model, opts) : []),
  ];
}

export interface MarkdownEscapers {
  /** Inline text, inert. */
  text: (s: string) => string;
  /** An inline code span. */
  code: (s: string) => string;
}

/** The "Proof" section of the policy's Markdown document. */
export function proofMarkdown(
  proof: Proof,
  model: Pick<PolicyModel, 'statements'>,
  md: MarkdownEscapers,
): string[] {
  const r = proof.replay;
  const out = [
    '## Proof',
    '',
    `- Replay of the observed calls (local evaluator): ${md.text(replayHeadline(r))}`,
  ];
  const calls = (groups: ReplayGroup[]) =>
    groups.flatMap((g) =>
      g.calls.map(
        (c) =>
          `  - ${md.code(c.action)} on ${c.resource === undefined ? 'a resource not recorded' : md.code(c.resource)}` +
          (c.placeholders.length ? ` (fill ${c.placeholders.map(md.code).join(', ')})` : '') +
          ` — ${md.text(evidenceOf(c))}`,
      ),
    );
  if (r.denied) out.push('- Would now be denied:', ...calls(r.deniedGroups));
  if (r.doubts)
    out.push(
      '- Mapping doubts (the ARN the evidence itself named is not allowed; check the resources):',
      ...r.doubtGroups.flatMap((g) =>
        g.calls.map(
          (c) =>
            `  - ${md.code(c.action)} on ${c.resource === undefined ? 'a resource not recorded' : md.code(c.resource)}` +
            `, not allowed on ${refused(c).map(md.code).join(', ')} — ${md.text(evidenceOf(c))}`,
        ),
      ),
    );
  if (r.needsPlaceholder) out.push('- Waiting on a placeholder:', ...calls(r.placeholderGroups));
  if (r.filledMismatches?.length)
    out.push(
      '- Filled placeholders the records contradict (check the value):',
      ...r.filledMismatches.map(
        (m) =>
          `  - ${md.code(m.arn)} matches none of ${md.text(observedNoun(m))} (${filledBasis(m, md.code)}): ` +
          m.observed.slice(0, 5).map(md.code).join(', ') +
          (m.observed.length > 5 ? `, and ${n(m.observed.length - 5)} more` : ''),
      ),
    );
  if (r.conditional)
    out.push(`- Allowed only under a Condition (not evaluated): ${plural(r.conditional, 'call')}`);
  for (const s of r.skipped) out.push(`- Not replayed: ${md.code(s.action)} (${md.text(s.reason)})`);
  for (const item of [...onlineItems(proof.online), riskItem(model)])
    out.push(`- ${md.text(item.line)}`, ...item.details.map((d) => `  - ${md.text(d)}`));
  return [...out, ''];
}
