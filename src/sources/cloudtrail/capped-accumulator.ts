// An evidence accumulator that keeps at most MAX_RESOURCES_PER_ACTION distinct
// resources per action: S3 data events can name a new object key on every call, and
// memory must grow with what the policy needs, not with the calls. Calls beyond the
// cap still count, under the action without a resource (the review shows a template).
import { EvidenceAccumulator } from '../../core/aggregate.js';
import type { Evidence, EvidenceInput } from '../../core/types.js';

export const MAX_RESOURCES_PER_ACTION = 500;

export class CappedAccumulator {
  private readonly acc = new EvidenceAccumulator();
  private readonly resources = new Map<string, Set<string>>();

  constructor(private readonly cap = MAX_RESOURCES_PER_ACTION) {}

  add(e: EvidenceInput): void {
    if (e.resource !== undefined) {
      let seen = this.resources.get(e.action);
      if (!seen) this.resources.set(e.action, (seen = new Set()));
      if (!seen.has(e.resource)) {
        if (seen.size >= this.cap) e = { ...e, resource: undefined };
        else seen.add(e.resource);
      }
    }
    this.acc.add(e);
  }

  addAll(items: Iterable<EvidenceInput>): void {
    for (const e of items) this.add(e);
  }

  result(): Evidence[] {
    return this.acc.result();
  }
}
