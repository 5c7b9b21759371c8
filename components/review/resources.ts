// Resource choices per action: the exact observed ARNs (the default) or a generalization
// of them by path prefix (bucket/private/* , table/notes/*). Never `*` unless observed.
import type { Candidate } from '../../src/core/types.js';
import { defaultResourceChoices } from '../../src/core/generalize.js';
import type { Session } from '../../sessions/schema.js';

/**
 * The user picked this action's resources (e), as opposed to the gather's generalization:
 * the newest undo entry that set them says which; past the undo history, a choice other
 * than the generalization is the user's.
 */
export function userChoseResources(session: Session, c: Candidate): boolean {
  const choice = session.resourceChoices[c.action];
  if (choice === undefined) return false;
  for (let i = session.history.length - 1; i >= 0; i--) {
    const entry = session.history[i]!;
    if (entry.changes.some((ch) => ch.slice === 'resourceChoices' && ch.key === c.action))
      return entry.label === `resources of ${c.action}`;
  }
  return !isDefaultChoice(c, choice);
}

/** The choice is the gather's generalization, not one the user made (the detail says so). */
export function isDefaultChoice(c: Candidate, choice: readonly string[] | undefined): boolean {
  const byDefault = defaultResourceChoices([c], new Set([c.action])).choices[c.action];
  return (
    choice !== undefined &&
    byDefault !== undefined &&
    choice.length === byDefault.length &&
    choice.every((arn, i) => arn === byDefault[i])
  );
}

export interface ResourceOption {
  label: string;
  /** Empty: the default, every resource the sources gave. */
  resources: string[];
}

function commonPrefix(lists: string[][]): string[] {
  const first = lists[0] ?? [];
  let n = first.length;
  for (const l of lists) {
    let i = 0;
    while (i < n && i < l.length && l[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

/** ARN → [head with the first path part, more parts...]: `arn:aws:s3:::b/k/x` → [`arn:aws:s3:::b`, `k`, `x`]. */
function segments(arn: string): string[] {
  return arn.split('/');
}

/** The generalizations of one group of ARNs sharing their first segment, deepest first. */
function prefixesOf(arns: string[]): string[][] {
  const segs = arns.map(segments);
  const common = commonPrefix(segs);
  const out: string[][] = [];
  for (let depth = common.length; depth >= 1; depth--) {
    const prefix = common.slice(0, depth).join('/');
    // The prefix itself stays when it is one of the ARNs (table/notes beside table/notes/index/x).
    const exact = arns.includes(prefix) ? [prefix] : [];
    if (exact.length === 1 && arns.length === 1) continue;
    out.push([...exact, `${prefix}/*`]);
  }
  return out;
}

export function resourceOptions(c: Candidate): ResourceOption[] {
  const observed = c.resources.filter((r) => r.kind === 'observed').map((r) => r.arn);
  const others = c.resources.filter((r) => r.kind !== 'observed').map((r) => r.arn);
  const options: ResourceOption[] = [
    {
      label: `exact: the ${c.resources.length} resource${c.resources.length === 1 ? '' : 's'} observed`,
      resources: [],
    },
  ];
  const byHead = new Map<string, string[]>();
  for (const arn of observed) {
    const head = segments(arn)[0]!;
    byHead.set(head, [...(byHead.get(head) ?? []), arn]);
  }
  const groups = [...byHead.values()].map((arns) => ({ arns, levels: prefixesOf(arns) }));
  const levels = Math.max(0, ...groups.map((g) => g.levels.length));
  const seen = new Set<string>();
  for (let level = 0; level < levels; level++) {
    // Each group at this level, its most general form when it has fewer levels, or as it is.
    const pick = (g: (typeof groups)[number]) =>
      g.levels.length ? g.levels[Math.min(level, g.levels.length - 1)]! : g.arns;
    const resources = [...groups.flatMap(pick), ...others];
    const key = resources.join('\n');
    if (resources.length === 0 || seen.has(key)) continue;
    seen.add(key);
    options.push({ label: `generalize: ${resources.join(', ')}`, resources });
  }
  return options;
}

/** The index of the option matching the current choice (0 = exact). */
export function chosenOption(options: ResourceOption[], chosen: string[] | undefined): number {
  if (!chosen || chosen.length === 0) return 0;
  const key = chosen.join('\n');
  const i = options.findIndex((o) => o.resources.join('\n') === key);
  return i < 0 ? 0 : i;
}

/**
 * The chooser's options and the current one. A choice no option matches (the gather's
 * generalization, or an older session's) is offered as it is, second, so opening the
 * chooser never shows "exact" for a policy that is not.
 */
export function choiceOptions(
  c: Candidate,
  chosen: string[] | undefined,
): { options: ResourceOption[]; current: number } {
  const options = resourceOptions(c);
  if (!chosen || chosen.length === 0) return { options, current: 0 };
  const current = chosenOption(options, chosen);
  if (current > 0) return { options, current };
  const kept = { label: `as chosen: ${chosen.join(', ')}`, resources: chosen };
  return { options: [options[0]!, kept, ...options.slice(1)], current: 1 };
}
