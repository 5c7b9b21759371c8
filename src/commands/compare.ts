// `iam-refine compare`: each role's excessive permissions as a report and an exit code
// (0 nothing excessive, 3 excess found, 1 error). The CLI parses flags and gathers the
// inputs; this runs the comparison per role and writes what was asked.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { compareRole, type CompareOptions, type CompareReport, type FailOn } from '../core/compare.js';
import type { ObservabilityHints } from '../core/compare-observe.js';
import { expandPolicies } from '../core/expand-policy.js';
import { formatUserError, isUserError, usageError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import { runStatus, type SourceStatus } from '../core/source-status.js';
import type { Evidence, RoleDetail, SourceId, TimeWindow } from '../core/types.js';
import {
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareMarkdownDetail,
  renderCompareMarkdownSummary,
  renderCompareRoleLine,
  renderCompareTable,
  type RoleSummaryRow,
} from '../render/compare-report.js';
import type { IO } from './io.js';
import { resolveOutPath, writeFileSet } from './output-files.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_EXCESS = 3;

export interface CompareRunOptions {
  /** The role to compare, or every role (`--all-roles`). */
  roles: RoleDetail[];
  /** The gathered evidence of one role (every source, already filtered to the role). */
  evidenceByRole: (role: RoleDetail) => Promise<Evidence[]>;
  /** `--report`: a file for one role; a directory (one `<role>.json` each) for several, or when it ends in `/`. */
  report?: string;
  /** `--markdown FILE`: a summary for CI job summaries. */
  markdown?: string;
  failOn?: FailOn;
  ignore?: string[];
  strict?: boolean;
  /** `--json`: the report (or the reports) on stdout instead of the table. */
  json?: boolean;
  window?: TimeWindow;
  /** Sources that were gathered, including any that found nothing. */
  sources?: SourceId[];
  hints?: ObservabilityHints;
  /** How each requested source ended for the role, recorded in its report. */
  statusOf?: (role: RoleDetail) => SourceStatus[] | undefined;
  /** Clock for the report's generatedAt (tests pin it). */
  now?: () => Date;
}

/** `--fail-on` value → FailOn; anything else is a usage error. */
export function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined || value === 'any') return 'any';
  if (value === 'write') return 'write';
  throw usageError(`--fail-on ${value} is not known`, 'Use --fail-on any (the default) or --fail-on write.');
}

function fileName(role: string): string {
  return `${role.replace(/[^A-Za-z0-9+=,.@_-]/g, '_')}.json`;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function writeOut(file: string, content: string, io: Pick<IO, 'stderr'>): Promise<void> {
  // Parents created, written to a temp file and renamed: a failure leaves the old report.
  writeFileSet([{ path: file, content }]);
  io.stderr.write(`wrote ${safeLine(file)}\n`);
  return Promise.resolve();
}

/** What one role's comparison needs besides its policies and evidence. */
export interface RoleStepOptions extends Omit<CompareOptions, 'generatedAt'> {
  /** How each requested source ended for the role, recorded in its report. */
  statuses?: SourceStatus[];
  /**
   * Evidence read outside the role's own sources (e.g. one organization-wide query,
   * already split by role); its sources belong in `sources`.
   */
  extraEvidence?: Evidence[];
  /** The note of a partial report, when not written by --allow-partial (a sweep's). */
  partialNote?: string;
  now?: () => Date;
}

/**
 * The per-role step of `compare` (one account or a sweep): compare the role's policies
 * with its evidence and note what the report cannot cover.
 */
export function compareRoleStep(
  role: RoleDetail,
  evidence: Evidence[],
  opts: RoleStepOptions,
): CompareReport {
  const report = compareRole(
    {
      role,
      expansion: expandPolicies(role.policies),
      evidence: opts.extraEvidence?.length ? [...evidence, ...opts.extraEvidence] : evidence,
    },
    {
      window: opts.window,
      sources: opts.sources,
      hints: opts.hints,
      failOn: opts.failOn,
      ignore: opts.ignore,
      strict: opts.strict,
      generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    },
  );
  if (opts.statuses) recordSourceStatus(report, opts.statuses, opts.partialNote);
  if (role.attachedCount)
    report.notes.push(
      `${role.attachedCount} attached managed policies could not be read: their grants are not in this report`,
    );
  return report;
}

/** Record in the report how each requested source ended; a failed one is listed too. */
export function recordSourceStatus(
  report: CompareReport,
  statuses: SourceStatus[],
  partialNote = 'partial: not every requested source is ok (written with --allow-partial); grants only those sources could see may be reported unused or unknown',
): void {
  for (const s of statuses) {
    const entry = report.sources.find((r) => r.source === s.id);
    const status = {
      id: s.id,
      status: s.status,
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.status !== 'ok' && s.fix ? { fix: s.fix } : {}),
    };
    if (entry) Object.assign(entry, status);
    else
      report.sources.push({ source: s.id, observations: 0, covers: 'nothing: the source failed', ...status });
  }
  for (const r of report.sources) if (!r.status) Object.assign(r, { id: r.source, status: 'ok' });
  report.status = runStatus(statuses);
  if (report.status === 'partial') report.notes.push(partialNote);
}

function errorText(e: unknown): string {
  if (isUserError(e)) return formatUserError(e);
  return `iam-refine: ${safeLine(e instanceof Error ? e.message : String(e))}`;
}

const MARKDOWN_DETAIL_ROLES = 20;

/**
 * Run compare over the roles; returns the exit code (0, 3, or 1 when anything failed).
 * Errors are printed, never thrown. Reports are written as each role is compared and
 * not kept, so --all-roles over admin roles (tens of thousands of entries each) stays small.
 */
export async function runCompare(
  opts: CompareRunOptions,
  io: Pick<IO, 'stdout' | 'stderr'>,
): Promise<number> {
  if (opts.roles.length === 0) {
    io.stderr.write('iam-refine: compare: no role to compare\nPass --role NAME or --all-roles.\n');
    return EXIT_ERROR;
  }
  const several = opts.roles.length > 1;
  const rows: RoleSummaryRow[] = [];
  const details: string[] = [];
  let single: CompareReport | undefined;
  let failed = false;
  try {
    const reportDir =
      opts.report && (several || opts.report.endsWith('/') || (await isDirectory(opts.report)))
        ? opts.report
        : undefined;
    if (several && opts.json) io.stdout.write('[\n');
    for (const role of opts.roles) {
      let evidence: Evidence[];
      try {
        evidence = await opts.evidenceByRole(role);
      } catch (e) {
        failed = true;
        io.stderr.write(`${errorText(e)} (role ${safeLine(role.name)})\n`);
        continue;
      }
      const report = compareRoleStep(role, evidence, {
        window: opts.window,
        sources: opts.sources,
        hints: opts.hints,
        failOn: opts.failOn,
        ignore: opts.ignore,
        strict: opts.strict,
        statuses: opts.statusOf?.(role),
        now: opts.now,
      });
      if (reportDir) await writeOut(path.join(reportDir, fileName(role.name)), renderCompareJson(report), io);
      else if (opts.report) await writeOut(opts.report, renderCompareJson(report), io);
      rows.push({ roleName: report.roleName, summary: report.summary });
      if (!several) single = report;
      else if (opts.json)
        io.stdout.write(`${rows.length > 1 ? ',\n' : ''}${renderCompareJson(report).trimEnd()}`);
      else io.stdout.write(`${renderCompareRoleLine(report)}\n`);
      if (
        several &&
        opts.markdown &&
        report.summary.exitCode === EXIT_EXCESS &&
        details.length < MARKDOWN_DETAIL_ROLES
      )
        details.push(renderCompareMarkdownDetail(report));
    }
    if (single) io.stdout.write(opts.json ? renderCompareJson(single) : renderCompareTable(single));
    if (several && opts.json) io.stdout.write('\n]\n');
    const withExcess = rows.filter((r) => r.summary.exitCode === EXIT_EXCESS).length;
    if (several && !opts.json)
      io.stdout.write(`\n${withExcess} of ${rows.length} roles have failing excess grants\n`);
    if (opts.markdown && rows.length) {
      const text = single
        ? renderCompareMarkdown(single)
        : renderCompareMarkdownSummary(rows, details, withExcess - details.length);
      // A folder gets `<role>.md` (one role) or `all-roles.md`.
      const name = single ? fileName(single.roleName).replace(/\.json$/, '.md') : 'all-roles.md';
      await writeOut(resolveOutPath(opts.markdown, name), text, io);
    }
  } catch (e) {
    io.stderr.write(`${errorText(e)}\n`);
    return EXIT_ERROR;
  }
  if (failed) return EXIT_ERROR;
  return rows.some((r) => r.summary.exitCode === EXIT_EXCESS) ? EXIT_EXCESS : EXIT_OK;
}
