// The preview's list of uncovered calls: every observed call the replay cannot count as
// allowed (it maps to no IAM action, the policy does not allow it, an ARN its own record
// named is refused, or it waits on a placeholder), each with why and what to do. Pure.
import type { ReplayedCall, ReplayResult } from '../../src/core/replay.js';
import { uncoveredCalls } from '../../src/render/proof.js';
import { safeLine } from '../../src/core/sanitize.js';
import { SOURCE_BADGES, type SourceId } from '../../src/core/types.js';

export type UncoveredKind = 'unmapped' | 'denied' | 'doubt' | 'placeholder';

export interface UncoveredItem {
  kind: UncoveredKind;
  /** The event source's service (the action's prefix) and the event name (the operation). */
  service: string;
  name: string;
  resource?: string;
  count: number;
  sources: SourceId[];
  why: string;
  todo: string;
}

const ORDER: UncoveredKind[] = ['denied', 'doubt', 'unmapped', 'placeholder'];

function split(action: string): { service: string; name: string } {
  const i = action.indexOf(':');
  return i < 0 ? { service: '', name: action } : { service: action.slice(0, i), name: action.slice(i + 1) };
}

function fromCall(c: ReplayedCall): UncoveredItem | undefined {
  const base = { ...split(c.action), count: c.count, sources: c.sources };
  const on = c.resource === undefined ? {} : { resource: c.resource };
  if (c.verdict === 'denied')
    return {
      ...base,
      ...on,
      kind: 'denied',
      why: `the policy does not allow it${c.resource === undefined ? '' : ` on ${c.resource}`}`,
      todo: 'in the review (esc): accept the action (a), or widen its resources (e)',
    };
  if (c.verdict === 'mapping-doubt') {
    const refused = c.arnChecks.filter((a) => a.verdict === 'denied').map((a) => a.arn);
    return {
      ...base,
      ...on,
      kind: 'doubt',
      why: `its record named ${refused.join(', ')}, which the policy does not allow (mapping doubt)`,
      todo: 'in the review (esc): check the resources (e); the derived ARN may be wrong',
    };
  }
  if (c.verdict === 'needs-placeholder')
    return {
      ...base,
      ...on,
      kind: 'placeholder',
      why: `waits on ${c.placeholders.join(', ') || 'a placeholder'}`,
      todo: 'fill the placeholders (p)',
    };
  return undefined;
}

/** Every call the replay headline does not count as allowed, worst first. */
export function uncoveredItems(r: ReplayResult): UncoveredItem[] {
  const calls = r.calls.flatMap((c) => fromCall(c) ?? []);
  const unmapped = uncoveredCalls(r).map((s): UncoveredItem => ({
    kind: 'unmapped',
    ...split(s.action),
    count: s.count,
    sources: [],
    why: 'maps to no IAM action: no policy can be shown to allow it',
    todo: "look it up in the service's IAM reference; if it needs a permission, add it to the saved policy",
  }));
  return [...calls, ...unmapped].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export interface UncoveredLine {
  text: string;
  kind: 'head' | 'why' | 'todo';
}

/** Word wrap to `width` after `prefix`, later lines indented as deep; long words (ARNs) cut. */
function wrap(prefix: string, text: string, width: number): string[] {
  const room = Math.max(10, width - prefix.length);
  const out: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter(Boolean)) {
    if (word.length <= room) {
      if (line && line.length + 1 + word.length > room) {
        out.push(line);
        line = '';
      }
      line = line ? `${line} ${word}` : word;
      continue;
    }
    // Longer than a line: continue it where the line stands, cut at the edge.
    while (word) {
      const avail = room - (line ? line.length + 1 : 0);
      if (line && avail < 8) {
        out.push(line);
        line = '';
        continue;
      }
      line = line ? `${line} ${word.slice(0, avail)}` : word.slice(0, avail);
      word = word.slice(avail);
      if (word) {
        out.push(line);
        line = '';
      }
    }
  }
  if (line || out.length === 0) out.push(line);
  const indent = ' '.repeat(prefix.length);
  return out.map((l, i) => `${i === 0 ? prefix : indent}${l}`);
}

/** The list as lines wrapped to `width` (what, why, what to do), text from files or AWS made inert. */
export function uncoveredLines(items: UncoveredItem[], width = 80): UncoveredLine[] {
  const w = Math.max(20, width);
  return items.flatMap((i) => {
    const badges = i.sources.map((s) => SOURCE_BADGES[s]).join('+');
    const head = [
      i.service || '(service?)',
      i.name,
      plural(i.count, 'call'),
      ...(badges ? [`(${badges})`] : []),
      ...(i.resource ? [`on ${i.resource}`] : []),
    ].join(' · ');
    const lines = (prefix: string, text: string, kind: UncoveredLine['kind']) =>
      wrap(prefix, safeLine(text), w).map((t) => ({ text: t, kind }));
    return [
      ...lines('', head, 'head'),
      ...lines('  why: ', i.why, 'why'),
      ...lines('  do:  ', i.todo, 'todo'),
    ];
  });
}
