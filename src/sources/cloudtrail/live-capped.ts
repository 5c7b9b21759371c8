// The file reader's resource cap, for the live paths: an action keeps at most
// MAX_RESOURCES_PER_ACTION distinct resources (S3 keys), beyond which calls still count.
import { EvidenceAccumulator } from '../../core/aggregate.js';
import type { Evidence, EvidenceInput } from '../../core/types.js';
import { MAX_RESOURCES_PER_ACTION } from './reader.js';

export class LiveCappedAccumulator {
  private readonly acc = new EvidenceAccumulator();
  private readonly resources = new Map<string, Set<string>>();

  add(e: EvidenceInput): void {
    if (e.resource !== undefined) {
      let seen = this.resources.get(e.action);
      if (!seen) this.resources.set(e.action, (seen = new Set()));
      if (!seen.has(e.resource)) {
        if (seen.size >= MAX_RESOURCES_PER_ACTION) e = { ...e, resource: undefined };
        else seen.add(e.resource);
      }
    }
    this.acc.add(e);
  }

  result(): Evidence[] {
    return this.acc.result();
  }
}
