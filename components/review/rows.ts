// The review list: one row per service (collapsible) followed by its actions' rows,
// after the filter. Pure, so the 5,000-action bench measures only what it must.
import type { Candidate } from '../../src/core/types.js';
import type { Session } from '../../sessions/schema.js';
import type { FilterContext, ParsedFilter } from './filter.js';
import { statusOf, type Status } from './status.js';

export interface ServiceGroup {
  service: string;
  candidates: Candidate[];
}

export type ReviewRow =
  | {
      kind: 'service';
      key: string;
      service: string;
      collapsed: boolean;
      shown: number;
      total: number;
      counts: Record<Status, number>;
    }
  | { kind: 'action'; key: string; service: string; candidate: Candidate; status: Status };

export function groupByService(candidates: readonly Candidate[]): ServiceGroup[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = groups.get(c.service);
    if (list) list.push(c);
    else groups.set(c.service, [c]);
  }
  return [...groups].map(([service, list]) => ({ service, candidates: list }));
}

export const serviceKey = (service: string): string => `service:${service}`;

export function reviewRows(
  groups: readonly ServiceGroup[],
  decisions: Session['decisions'],
  collapsed: ReadonlySet<string>,
  filter: ParsedFilter,
  ctx: FilterContext,
): ReviewRow[] {
  const rows: ReviewRow[] = [];
  for (const g of groups) {
    const matching = filter.empty ? g.candidates : g.candidates.filter((c) => filter.test(c, ctx));
    if (matching.length === 0) continue;
    const counts = { accepted: 0, rejected: 0, pending: 0 };
    for (const c of g.candidates) counts[statusOf(decisions, c.action)]++;
    const isCollapsed = collapsed.has(g.service);
    rows.push({
      kind: 'service',
      key: serviceKey(g.service),
      service: g.service,
      collapsed: isCollapsed,
      shown: matching.length,
      total: g.candidates.length,
      counts,
    });
    if (isCollapsed) continue;
    for (const c of matching) {
      rows.push({
        kind: 'action',
        key: c.action,
        service: g.service,
        candidate: c,
        status: statusOf(decisions, c.action),
      });
    }
  }
  return rows;
}

/** The actions `A`/`R` apply to: the service's, narrowed by the filter when one is set. */
export function serviceActions(
  group: ServiceGroup | undefined,
  filter: ParsedFilter,
  ctx: FilterContext,
): string[] {
  if (!group) return [];
  return group.candidates.filter((c) => filter.empty || filter.test(c, ctx)).map((c) => c.action);
}
