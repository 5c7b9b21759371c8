// Compare report renderers: the JSON file a CI step filters, a table for the terminal,
// and Markdown for CI job summaries. Text from policies and files is sanitized first.
import { sourceLabel } from '../core/compare-verdict.js';
import type { CompareReport, ExcessEntry, UnknownEntry } from '../core/compare.js';
import { safeLine } from '../core/sanitize.js';
import { markdownCode, markdownText } from './markdown-text.js';

// Entry lists are written one entry per line: an admin role has tens of thousands, and
// a line per entry keeps the file small and easy to grep and diff. Each list is
// stringified in one native call, then split where one entry ends and the next begins
// (`},{"action"`: inside a JSON string the quote would be escaped, so this never
// matches within a value).
/** The lists written one entry per line, with the first key of their entries. */
const ENTRY_LISTS: Record<string, string> = {
  excess: 'action',
  missing: 'action',
  ignored: 'action',
  used: 'action',
  unknown: 'actions',
};

function entryLines(list: unknown[], firstKey: string): string {
  const boundary = `},{"${firstKey}":`;
  return JSON.stringify(list).slice(1, -1).replaceAll(boundary, `},\n    {"${firstKey}":`);
}

export function renderCompareJson(report: CompareReport): string {
  const fields = Object.entries(report).map(([key, value]) => {
    const name = JSON.stringify(key);
    const firstKey = ENTRY_LISTS[key];
    if (firstKey && Array.isArray(value) && value.length > 0) {
      return `  ${name}: [\n    ${entryLines(value, firstKey)}\n  ]`;
    }
    if (value === undefined) return undefined;
    return `  ${name}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`;
  });
  return `{\n${fields.filter((f) => f !== undefined).join(',\n')}\n}\n`;
}

function clip(text: string, width: number): string {
  const s = safeLine(text);
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

function where(e: { policy: string; sid: string | null; statement: number }): string {
  return `${e.policy} / ${e.sid ?? `#${e.statement}`}`;
}

function windowText(report: CompareReport): string {
  return report.window ? `${report.window.start} → ${report.window.end}` : 'all the evidence given';
}

function sourcesText(report: CompareReport): string {
  if (report.sources.length === 0) return 'none';
  return report.sources
    .map(
      (s) =>
        `${sourceLabel(s.source)} (${s.observations})${s.status && s.status !== 'ok' ? ` ${s.status.toUpperCase()}: ${safeLine(s.reason ?? '')}` : ''}`,
    )
    .join(', ');
}

/** Unknown grants grouped by service: thousands of them on an admin role stay readable. */
export function unknownByService(
  unknown: UnknownEntry[],
): { service: string; actions: number; reason: string }[] {
  const groups = new Map<string, { actions: Set<string>; reason: string }>();
  for (const u of unknown) {
    for (const action of u.actions) {
      const service = action.slice(0, action.indexOf(':'));
      const g = groups.get(service) ?? { actions: new Set<string>(), reason: u.reason };
      g.actions.add(action);
      groups.set(service, g);
    }
  }
  return [...groups.entries()]
    .map(([service, g]) => ({ service, actions: g.actions.size, reason: g.reason }))
    .sort((a, b) => b.actions - a.actions || a.service.localeCompare(b.service));
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function resultLine(report: CompareReport): string {
  const s = report.summary;
  const counts =
    `${plural(s.grantedActions, 'granted action')}: ${s.used} used, ${s.unused} unused, ${s.unknown} unknown` +
    ` · ${plural(s.excess, 'excess grant')} (${plural(s.excessActions, 'action')}, ${s.overBroad} over-broad)` +
    ` · ${s.failing} failing${s.failOn === 'write' ? ' at Write/Permissions management' : ''}` +
    (s.ignored ? ` · ${s.ignored} ignored` : '') +
    (s.missing ? ` · ${s.missing} missing` : '');
  return `${counts} → exit ${s.exitCode}`;
}

export interface TableOptions {
  /** Most excess rows printed; the rest are counted (the JSON report has them all). */
  maxRows?: number;
}

// People read the riskiest rows first; the JSON keeps its stable alphabetical order.
const LEVEL_RANK: Record<string, number> = {
  'permissions management': 0,
  write: 1,
  tagging: 2,
  read: 3,
  list: 4,
};

function levelRank(accessLevel: string): number {
  return Math.min(...accessLevel.split(',').map((l) => LEVEL_RANK[l.trim().toLowerCase()] ?? 5));
}

/** Excess entries failing first, then by access level (Permissions management first), then as in the report. */
export function riskOrder(excess: ExcessEntry[]): ExcessEntry[] {
  return excess
    .map((e, i) => ({ e, i, rank: (e.failing ? 0 : 10) + levelRank(e.accessLevel) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.e);
}

/** "Permissions management 120 · Write 3,400 · Read 900": how an admin role's excess splits. */
function byLevel(excess: ExcessEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of excess) {
    const level = e.accessLevel.split(',')[0]!.trim();
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => levelRank(a[0]) - levelRank(b[0]))
    .map(([level, n]) => `${level} ${n.toLocaleString('en-US')}`)
    .join(' · ');
}

export function renderCompareTable(report: CompareReport, opts: TableOptions = {}): string {
  const maxRows = opts.maxRows ?? 40;
  const lines = [
    `Role     ${safeLine(report.roleName)} (${safeLine(report.role)})`,
    `Window   ${windowText(report)}`,
    `Sources  ${sourcesText(report)}`,
    '',
  ];
  if (report.excess.length === 0) lines.push('No excess grants.');
  else {
    const rows = riskOrder(report.excess)
      .slice(0, maxRows)
      .map((e: ExcessEntry) => [
        e.failing ? e.status : `(${e.status})`,
        clip(e.action, 60),
        clip(e.accessLevel, 24),
        clip(e.resource, 70),
        clip(where(e), 50),
        safeLine(e.reason),
      ]);
    lines.push(...table([['EXCESS', 'ACTION', 'LEVEL', 'RESOURCE', 'POLICY / SID', 'WHY'], ...rows]));
    if (report.excess.length > maxRows)
      lines.push(
        `… and ${report.excess.length - maxRows} more in the JSON report (excess by access level: ${byLevel(report.excess)})`,
      );
  }
  const groups = unknownByService(report.unknown);
  if (groups.length) {
    lines.push(
      '',
      `Unknown (no source could observe them; not excess${report.summary.strict ? '' : ' unless --strict'}):`,
    );
    for (const g of groups.slice(0, 12))
      lines.push(`  ${safeLine(g.service)}: ${plural(g.actions, 'action')}: ${safeLine(g.reason)}`);
    if (groups.length > 12) lines.push(`  … and ${groups.length - 12} more services`);
  }
  if (report.missing.length) {
    lines.push('', 'Used or denied but not granted:');
    for (const m of report.missing.slice(0, maxRows))
      lines.push(
        `  ${safeLine(m.action)}${m.resource ? ` on ${safeLine(m.resource)}` : ''}: ${safeLine(m.reason)}`,
      );
  }
  if (report.ignored.length) lines.push('', `Ignored (--ignore): ${report.ignored.length} excess grants`);
  lines.push('', resultLine(report));
  return `${lines.join('\n')}\n`;
}

/** One line per role, for --all-roles. */
export function renderCompareRoleLine(report: CompareReport): string {
  const s = report.summary;
  return (
    `${s.exitCode === 3 ? 'EXCESS' : 'ok    '}  ${safeLine(report.roleName)}: ${plural(s.excessActions, 'excess action')}` +
    ` (${plural(s.failing, 'failing grant')}), ${s.unknown} unknown, ${s.used} used of ${s.grantedActions}`
  );
}

// Markdown: data cannot break the table (pipes), a code span (backticks), or add markup or HTML.
const md = markdownText;
const code = (text: string): string => markdownCode(text, { inTable: true });

export interface MarkdownOptions {
  maxRows?: number;
  /** Heading level of the role title (2 for one role, 3 inside an all-roles summary). */
  level?: number;
}

export function renderCompareMarkdown(report: CompareReport, opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxRows ?? 100;
  const h = '#'.repeat(opts.level ?? 2);
  const s = report.summary;
  const out = [
    `${h} iam-refine compare: ${code(report.roleName)}`,
    '',
    `**${s.exitCode === 3 ? plural(s.failing, 'failing excess grant') : 'No failing excess'}** · ${md(resultLine(report))}`,
    '',
    `- Role: ${code(report.role)}`,
    `- Window: ${md(windowText(report))}`,
    ...(report.status === 'partial'
      ? ['- **Partial**: a requested source was not ok (written with --allow-partial)']
      : []),
    ...report.sources.map(
      (src) =>
        `- ${md(sourceLabel(src.source))}: ${src.status && src.status !== 'ok' ? `**${src.status}**: ${md(src.reason ?? '')}; ` : ''}${src.observations} observations; ${md(src.covers)}`,
    ),
    '',
  ];
  if (report.excess.length) {
    out.push(
      `${h}# Excess`,
      '',
      '| Status | Action | Access level | Resource | Policy / Sid | Why |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const e of riskOrder(report.excess).slice(0, maxRows))
      out.push(
        `| ${e.failing ? e.status : `${e.status} (not failing)`} | ${code(e.action)} | ${md(e.accessLevel)} | ${code(e.resource)} | ${md(where(e))} | ${md(e.reason)} |`,
      );
    if (report.excess.length > maxRows)
      out.push(
        '',
        `_… and ${report.excess.length - maxRows} more in the JSON report (by access level: ${md(byLevel(report.excess))})._`,
      );
    out.push('');
  }
  const groups = unknownByService(report.unknown);
  if (groups.length) {
    out.push(
      `${h}# Unknown (not excess${s.strict ? '' : ' unless --strict'})`,
      '',
      '| Service | Actions | Why |',
      '| --- | --- | --- |',
    );
    for (const g of groups.slice(0, maxRows))
      out.push(`| ${code(g.service)} | ${g.actions} | ${md(g.reason)} |`);
    out.push('');
  }
  if (report.missing.length) {
    out.push(
      `${h}# Used or denied but not granted`,
      '',
      '| Action | Resource | Denied | Why |',
      '| --- | --- | --- | --- |',
    );
    for (const m of report.missing.slice(0, maxRows))
      out.push(
        `| ${code(m.action)} | ${m.resource ? code(m.resource) : ''} | ${m.deniedCount} | ${md(m.reason)} |`,
      );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export interface RoleSummaryRow {
  roleName: string;
  summary: CompareReport['summary'];
}

/**
 * Several roles: a summary table, then the given detail sections (Markdown of the roles
 * with failing excess, rendered as they were compared so the reports need not be kept).
 */
export function renderCompareMarkdownSummary(
  rows: RoleSummaryRow[],
  details: string[],
  moreWithExcess = 0,
): string {
  const failing = rows.filter((r) => r.summary.exitCode === 3);
  const out = [
    '## iam-refine compare: all roles',
    '',
    `**${failing.length} of ${rows.length} roles have failing excess grants.**`,
    '',
    '| Role | Granted | Used | Unused | Unknown | Excess actions | Failing grants |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const s = r.summary;
      return `| ${code(r.roleName)} | ${s.grantedActions} | ${s.used} | ${s.unused} | ${s.unknown} | ${s.excessActions} | ${s.failing} |`;
    }),
    '',
    ...details,
  ];
  if (moreWithExcess > 0)
    out.push(`_… ${moreWithExcess} more roles with excess: see their JSON reports._`, '');
  return `${out.join('\n')}\n`;
}

/** Markdown detail of one role inside an all-roles summary. */
export function renderCompareMarkdownDetail(report: CompareReport): string {
  return renderCompareMarkdown(report, { level: 3, maxRows: 25 });
}

/** Several roles: a summary table, then the detail of each role with failing excess. */
export function renderCompareMarkdownAll(
  reports: CompareReport[],
  opts: { detailRoles?: number } = {},
): string {
  const limit = opts.detailRoles ?? 20;
  const failing = reports.filter((r) => r.summary.exitCode === 3);
  return renderCompareMarkdownSummary(
    reports,
    failing.slice(0, limit).map(renderCompareMarkdownDetail),
    Math.max(0, failing.length - limit),
  );
}
