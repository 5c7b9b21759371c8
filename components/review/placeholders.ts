// Every `${Name}` left in an accepted resource, one row per occurrence (the same name in two
// ARNs is two rows, each with its own value), with values taken from resources the sources
// actually observed that fit the rest of that ARN (src/core/placeholders.ts).
import type { Evidence, PolicyModel } from '../../src/core/types.js';
import {
  observedArns,
  placeholderOccurrences,
  type PlaceholderOccurrence,
} from '../../src/core/placeholders.js';
import type { Session } from '../../sessions/schema.js';

export { suggest } from '../../src/core/placeholders.js';
export type PlaceholderInfo = PlaceholderOccurrence;

/** From the policy built without fills (so filled ones are listed too, to edit). */
export function findPlaceholders(
  unfilledModel: PolicyModel,
  evidence: readonly Evidence[],
  session: Pick<Session, 'fills' | 'fillsByArn'>,
): PlaceholderInfo[] {
  return placeholderOccurrences(
    unfilledModel.statements,
    observedArns(evidence),
    session.fills,
    session.fillsByArn,
  );
}
