// Pure: how much excess a role carries, as one number the sweep ranks roles by.
// Each excess action counts once, weighted by its access level (what it could do if the
// role were misused) and doubled when a risk rule flags it (escalation, exposure...).
import type { CompareReport } from '../core/compare-types.js';
import { actionRisks } from '../core/risk.js';

export const LEVEL_WEIGHTS: readonly [level: string, weight: number][] = [
  ['Permissions management', 8],
  ['Write', 4],
  ['Tagging', 2],
  ['Read', 1],
  ['List', 1],
];

/** The heaviest level an entry's access level names ("Permissions management, Write" → the first). */
export function mainLevel(accessLevel: string): string {
  for (const [level] of LEVEL_WEIGHTS) if (accessLevel.includes(level)) return level;
  return 'Unknown';
}

export function levelWeight(accessLevel: string): number {
  return LEVEL_WEIGHTS.find(([l]) => l === mainLevel(accessLevel))?.[1] ?? 1;
}

export interface RoleScore {
  /** Weighted sum used for ranking. */
  score: number;
  /** Distinct excess actions (unused or over-broad). */
  excessActions: number;
  unusedActions: number;
  overBroadActions: number;
  /** Excess actions at each access level. */
  byLevel: Record<string, number>;
  /** Excess actions a risk rule flags (privilege escalation, resource exposure ...). */
  riskyActions: number;
  /** The heaviest actions first (at most 5), for the summary. */
  top: string[];
}

/** An over-broad grant was used: only its extra resources are excess, so it weighs half. */
const OVER_BROAD_FACTOR = 0.5;
const RISK_FACTOR = 2;

export function scoreReport(report: Pick<CompareReport, 'excess'>): RoleScore {
  const byAction = new Map<
    string,
    { action: string; weight: number; unused: boolean; level: string; risky: boolean }
  >();
  for (const e of report.excess) {
    if (e.status === 'unknown') continue;
    const risky = actionRisks({ action: e.action, resources: [e.resource] }).some(
      (f) => f.code !== 'wildcard-resource',
    );
    const weight =
      levelWeight(e.accessLevel) *
      (e.status === 'over-broad' ? OVER_BROAD_FACTOR : 1) *
      (risky ? RISK_FACTOR : 1);
    const key = e.action.toLowerCase();
    const had = byAction.get(key);
    if (!had || weight > had.weight)
      byAction.set(key, {
        action: e.action,
        weight,
        unused: (had?.unused ?? false) || e.status === 'unused',
        level: mainLevel(e.accessLevel),
        risky: (had?.risky ?? false) || risky,
      });
  }
  const byLevel: Record<string, number> = {};
  let score = 0;
  let unused = 0;
  let risky = 0;
  for (const a of byAction.values()) {
    score += a.weight;
    if (a.unused) unused++;
    if (a.risky) risky++;
    byLevel[a.level] = (byLevel[a.level] ?? 0) + 1;
  }
  const top = [...byAction.values()]
    .sort((x, y) => y.weight - x.weight || x.action.localeCompare(y.action))
    .slice(0, 5)
    .map((a) => a.action);
  return {
    score: Math.round(score * 10) / 10,
    excessActions: byAction.size,
    unusedActions: unused,
    overBroadActions: byAction.size - unused,
    byLevel,
    riskyActions: risky,
    top,
  };
}
