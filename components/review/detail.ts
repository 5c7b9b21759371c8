// The detail pane of the selected action as lines: resources, evidence samples, status,
// risks and rationale. Every string from AWS or files goes through safeLine.
import type { Candidate, EvidenceSummary, SourceId } from '../../src/core/types.js';
import { SOURCE_BADGES } from '../../src/core/types.js';
import { safeLine } from '../../src/core/sanitize.js';
import { SOURCE_LABELS } from '../../src/sources/config.js';
import type { Status } from './status.js';

export type Tone = 'title' | 'dim' | 'warn' | 'ok' | 'plain';
export interface Line {
  text: string;
  tone: Tone;
  indent: number;
}

export interface DetailInput {
  candidate: Candidate;
  status: Status;
  /** The resources the policy will hold for it (choice or default). */
  resources: string[];
  chosen: boolean;
  /** The choice is the gather's generalization: "your choice" only once the user chose. */
  generalized?: boolean;
  /** The statement's rationale, composed from its actions' texts. */
  statementComment?: string;
  /** Different texts in it (2+): a regroup brought actions written for apart together. */
  rationaleMerged?: number;
  statementSid?: string;
  actionComment?: string;
  isNew?: boolean;
}

/** Long lists (dozens of object ARNs) show their first few and a count. */
const SHOWN = 8;
function listSome(items: string[], each: (item: string) => void, more: (n: number) => void): void {
  for (const item of items.slice(0, SHOWN)) each(item);
  if (items.length > SHOWN) more(items.length - SHOWN);
}

const day = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');

export function statusText(c: Candidate, status: Status): string {
  const notes = [
    c.deniedOnly && 'seen only as AccessDenied: a suggestion',
    c.unused && `granted today, unused: ${c.grant?.reason ?? 'no source saw it used'}`,
    c.unverified
      ? `unverified: granted today, no source could see it: ${c.unverified.reason}`
      : c.grant?.status === 'unknown' && `granted today, use unknown: ${c.grant.reason}`,
    c.grant?.resourceExcess && 'granted on more resources than it used',
    c.platform?.length && `platform need: ${c.platform.join('; ')}`,
    c.inferredReason && `inferred: ${c.inferredReason}`,
    c.encryption?.length && `SSE-KMS: ${c.encryption.join('; ')}`,
    c.invokedBy?.length && `called on the role's behalf by ${c.invokedBy.join(', ')} (CloudTrail invokedBy)`,
    ...(c.notes ?? []).map((n) => `note: ${n}`),
    c.unmapped && 'unmapped: no catalogue action matches this call, it is never emitted',
    c.noPermissionNeeded && 'needs no IAM permission',
    c.serviceLevelOnly && 'service level only: choose the actions you need',
  ].filter((x): x is string => Boolean(x));
  return [status, ...notes].join(' · ');
}

export function detailLines(d: DetailInput): Line[] {
  const c = d.candidate;
  const out: Line[] = [];
  const push = (text: string, tone: Tone = 'plain', indent = 0) =>
    out.push({ text: safeLine(text), tone, indent });
  push(c.action, 'title');
  push(
    `${c.accessLevel} · ${statusText(c, d.status)}${d.isNew ? ' · new since the last gather' : ''}`,
    c.deniedOnly || c.unused ? 'warn' : 'dim',
  );
  if (c.raw?.length) push(`calls: ${c.raw.map((r) => `${r.service}.${r.operation}`).join(', ')}`, 'dim');

  if (c.unverified) {
    push('Unverified', 'title');
    push(`kept so nothing is removed without a word (D drops every unverified grant)`, 'dim', 2);
    push(`to verify: ${c.unverified.verify}`, 'plain', 2);
  }

  if (c.risks.length) {
    push('Risks', 'title');
    for (const r of c.risks) push(`! ${r.reason}`, 'warn', 2);
  }

  // Risks and the user's own words before the evidence: they are what the review is for.
  push(d.statementSid ? `Rationale (statement ${d.statementSid})` : 'Rationale', 'title');
  if (d.rationaleMerged && d.rationaleMerged > 1)
    push(
      `merged from ${d.rationaleMerged} notes (its actions were regrouped): c rewrites it as one`,
      'warn',
      2,
    );
  if (d.statementComment) for (const l of d.statementComment.split('\n')) push(l, 'plain', 2);
  else {
    const hint =
      d.status === 'accepted' ? 'none yet: press c' : 'accept the action to give its statement a rationale';
    push(hint, 'dim', 2);
  }
  if (d.actionComment) {
    push('Note on this action', 'title');
    for (const l of d.actionComment.split('\n')) push(l, 'plain', 2);
  }

  push(
    d.chosen
      ? d.generalized
        ? 'Resources (generalized: e chooses)'
        : 'Resources (your choice)'
      : 'Resources',
    'title',
  );
  listSome(
    d.resources,
    (arn) => push(arn, 'plain', 2),
    (n) => push(`and ${n} more (e generalizes)`, 'dim', 2),
  );
  const extra = c.resources.filter((r) => !d.resources.includes(r.arn));
  if (d.chosen && extra.length) {
    push(`observed (${extra.length}):`, 'dim', 2);
    listSome(
      extra.map((r) => r.arn),
      (arn) => push(arn, 'dim', 4),
      (n) => push(`and ${n} more`, 'dim', 4),
    );
  }
  if (d.resources.length === 0) push('none', 'dim', 2);

  push('Evidence', 'title');
  for (const [source, e] of Object.entries(c.evidence) as [SourceId, EvidenceSummary][]) {
    const name = `${SOURCE_LABELS[source]} (${SOURCE_BADGES[source]})`;
    if (source === 'current-policy') {
      // Its samples are the policies that grant the action.
      push(`${name}: granted by ${e.samples.join(', ') || 'the role'}`, 'plain', 2);
      continue;
    }
    const counts = [
      e.count ? `${e.count} call${e.count === 1 ? '' : 's'}` : '',
      e.denied ? `${e.denied} denied` : '',
      e.unused ? 'reported unused' : '',
    ].filter(Boolean);
    push(`${name}: ${counts.join(', ') || 'listed'}`, 'plain', 2);
    if (e.firstSeen || e.lastSeen) push(`${day(e.firstSeen)} → ${day(e.lastSeen)}`, 'dim', 4);
    if (e.lastAccessed) push(`last accessed ${day(e.lastAccessed)}`, 'dim', 4);
    for (const sample of e.samples) push(sample, 'dim', 4);
  }

  return out;
}
