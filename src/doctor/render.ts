// Doctor's report as text. formatCheckLine is also what scan and compare print for a
// source that gave nothing, so both say it in the same words.
import { stripControl } from '../core/sanitize.js';
import type { DoctorReport } from './run.js';
import type { CheckLine } from './types.js';

const indent = (text: string, by: string) => text.split('\n').join(`\n${by}`);

/** `X-Ray: missing: <detail>` and, below it, `fix: ...` (`tip: ...` on an ok line). */
export function formatCheckLine(line: CheckLine, pad = ''): string {
  const head = `${line.label}: ${line.state}: ${line.detail}`;
  const fix = line.fix
    ? `\n${pad}  ${line.state === 'ok' ? 'tip' : 'fix'}: ${indent(line.fix, `${pad}       `)}`
    : '';
  return stripControl(`${head}${fix}`);
}

export function renderDoctor(report: DoctorReport): string {
  const { identity, permissions } = report;
  const out = [
    `iam-refine doctor: account ${identity.account}, region ${identity.region}`,
    `caller: ${identity.arn}`,
    '',
  ];
  const p = permissions;
  out.push(
    p.principal
      ? `Tool permissions (iam:SimulatePrincipalPolicy on ${p.principal}): ${p.state}: ${p.detail}`
      : `Tool permissions: not simulated: ${p.detail}`,
  );
  for (const s of p.statements) {
    const state = s.denied.length ? 'denied' : 'ok';
    const what = s.denied.length
      ? `not allowed: ${s.denied.join(', ')}`
      : `${s.allowed.length} action(s) allowed`;
    out.push(
      `  ${state.padEnd(7)} ${s.sid.padEnd(32)} ${what}${s.resource === '*' ? '' : ` on ${s.resource}`}`,
    );
  }
  if (p.notSimulated?.length)
    out.push(`  (not simulated, their resource is not known here: ${p.notSimulated.join(', ')})`);
  if (p.fix) out.push(`  fix: ${indent(p.fix, '       ')}`);
  out.push('', 'Sources:');
  for (const line of report.lines) out.push(`  ${formatCheckLine(line, '  ')}`);
  out.push(
    '',
    report.ok
      ? `Every source asked for can work (${report.asked.join(', ')}).`
      : `Not every source asked for can work: fix the lines above, or pick sources with --source.`,
  );
  return stripControl(out.join('\n'));
}
