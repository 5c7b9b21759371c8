// The detail pane of the selected action as lines: resources, evidence samples, status,
// risks and rationale. Every string from AWS or files goes through safeLine.
import type { Candidate, SourceId } from '../../src/core/types.js';
import { SOURCE_BADGES } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import { SOURCE_LABELS } from '../../src/sources/config.js';
import type { Status } from './status.js';

export type Tone = 'title' | 'dim' | 'warn' | 'ok' | 'plain';
export interface Line {
  text: string;
  tone: Tone;
}

export interface DetailInput {
  candidate: Candidate;
  status: Status;
  /** The resources the policy will hold for it (choice or default). */
  resources: string[];
  chosen: boolean;
  statementComment?: string;
  statementSid?: string;
  actionComment?: string;
  isNew?: boolean;
}

const day = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');

export function statusText(c: Candidate, status: Status): string {
  const notes = [
    c.deniedOnly && 'seen only as AccessDenied: a suggestion',
    c.unused && 'granted today but no source saw it used',
    c.inferredReason && `inferred: ${c.inferredReason}`,
    c.unmapped && 'unmapped: no catalogue action matches this call, it is never emitted',
    c.noPermissionNeeded && 'needs no IAM permission',
    c.serviceLevelOnly && 'service level only: choose the actions you need',
  ].filter((x): x is string => Boolean(x));
  return [status, ...notes].join(' · ');
}

export function detailLines(d: DetailInput): Line[] {
  const c = d.candidate;
  const out: Line[] = [];
  const push = (text: string, tone: Tone = 'plain') => out.push({ text: safeLine(text), tone });
  push(c.action, 'title');
  push(
    `${c.accessLevel} · ${statusText(c, d.status)}${d.isNew ? ' · new since the last gather' : ''}`,
    c.deniedOnly || c.unused ? 'warn' : 'dim',
  );
  if (c.raw?.length) push(`calls: ${c.raw.map((r) => `${r.service}.${r.operation}`).join(', ')}`, 'dim');

  push(d.chosen ? 'Resources (your choice)' : 'Resources', 'title');
  for (const arn of d.resources) push(`  ${arn}`);
  const extra = c.resources.filter((r) => !d.resources.includes(r.arn));
  if (d.chosen && extra.length) push(`  observed: ${extra.map((r) => r.arn).join(', ')}`, 'dim');
  if (d.resources.length === 0) push('  none', 'dim');

  push('Evidence', 'title');
  for (const [source, e] of Object.entries(c.evidence) as [
    SourceId,
    NonNullable<Candidate['evidence'][SourceId]>,
  ][]) {
    const counts = [
      `${e.count} call${e.count === 1 ? '' : 's'}`,
      e.denied ? `${e.denied} denied` : '',
      e.unused ? 'unused' : '',
    ]
      .filter(Boolean)
      .join(', ');
    push(`  ${SOURCE_BADGES[source]} ${SOURCE_LABELS[source]}: ${counts}`);
    if (e.firstSeen || e.lastSeen) push(`     ${day(e.firstSeen)} → ${day(e.lastSeen)}`, 'dim');
    if (e.lastAccessed) push(`     last accessed ${day(e.lastAccessed)}`, 'dim');
    for (const s of e.samples) push(`     ${s}`, 'dim');
  }

  if (c.risks.length) {
    push('Risks', 'title');
    for (const r of c.risks) push(`  ! ${r.reason}`, 'warn');
  }

  push(d.statementSid ? `Rationale (statement ${d.statementSid})` : 'Rationale', 'title');
  if (d.statementComment) for (const l of d.statementComment.split('\n')) push(`  ${l}`);
  else
    push(
      d.status === 'accepted'
        ? '  none yet: press c'
        : '  accept the action to give its statement a rationale',
      'dim',
    );
  if (d.actionComment) {
    push('Note on this action', 'title');
    for (const l of d.actionComment.split('\n')) push(`  ${l}`);
  }
  return out;
}
