// The sweep's CloudTrail source for one role: its evidence split from the sweep's one
// organization query (src/sources/cloudtrail/athena-org.ts), never a query per role.
import type { Evidence, RoleRef } from '../core/types.js';
import { SOURCE_LABELS } from '../sources/config.js';
import type { SourcePlan } from '../sources/gather.js';

export interface SweepCloudTrail {
  /** The trail holds logs of this account in the window (else its roles are compared without). */
  covers(account: string): boolean;
  evidenceFor(role: RoleRef): Promise<Evidence[]>;
}

/** No plan without the query; unavailable (skipped, not in the report's sources) for an account without logs. */
export function cloudTrailPlans(ct: SweepCloudTrail | undefined, account: string): SourcePlan[] {
  if (!ct) return [];
  return [
    {
      id: 'cloudtrail',
      label: SOURCE_LABELS.cloudtrail,
      available: ct.covers(account),
      why: 'the organization trail holds no logs of this account in the window',
      run: (ctx) => ct.evidenceFor(ctx.role),
    },
  ];
}
