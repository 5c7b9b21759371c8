// How each source ended, for the policy outputs: the Markdown document and the
// Terraform header say when a run was partial (written with --allow-partial) and why.
import { runStatus, statusLine, type SourceStatus } from '../core/source-status.js';

/** The headline: undefined when no status was recorded (the TUI and export record none yet). */
export function statusHeadline(statuses: SourceStatus[] | undefined): string | undefined {
  if (!statuses?.length) return undefined;
  if (runStatus(statuses) === 'ok') return 'complete: every requested source is ok';
  const bad = statuses.filter((s) => s.status !== 'ok').map((s) => `${s.label} ${s.status}`);
  return `PARTIAL (written with --allow-partial): ${bad.join(', ')}; actions only those sources saw may be missing`;
}

/** One line per source, with its fix when it is not ok. */
export function statusLines(statuses: SourceStatus[] | undefined): string[] {
  return (statuses ?? []).flatMap((s) => [
    statusLine(s),
    ...(s.status !== 'ok' && s.fix ? [`  fix: ${s.fix}`] : []),
  ]);
}
