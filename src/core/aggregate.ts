// Folds a stream of evidence into one record per (source, action, resource): counts
// add up, times widen, samples stay few. Used by every reader, so memory grows with
// the number of distinct actions and resources, not with the number of calls.
import { mergeArns } from './evidence-arns.js';
import type { Evidence, EvidenceInput } from './types.js';

export const MAX_SAMPLES = 5;

function keyOf(e: EvidenceInput): string {
  return [e.source, e.action, e.resource ?? '', e.unmapped ? 'u' : '', e.inferredReason ? 'i' : ''].join(
    '\u0000',
  );
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}

export class EvidenceAccumulator {
  private readonly byKey = new Map<string, Evidence>();

  add(input: EvidenceInput): void {
    const key = keyOf(input);
    const have = this.byKey.get(key);
    if (!have) {
      this.byKey.set(key, {
        ...input,
        denied: input.denied ?? 0,
        samples: (input.samples ?? []).slice(0, MAX_SAMPLES),
        ...(input.arns?.length ? { arns: mergeArns(undefined, input.arns) } : {}),
      });
      return;
    }
    have.count += input.count;
    have.denied += input.denied ?? 0;
    have.firstSeen = earlier(have.firstSeen, input.firstSeen);
    have.lastSeen = later(have.lastSeen, input.lastSeen);
    have.lastAccessed = later(have.lastAccessed, input.lastAccessed);
    for (const s of input.samples ?? []) {
      if (have.samples.length >= MAX_SAMPLES) break;
      if (!have.samples.includes(s)) have.samples.push(s);
    }
    const arns = mergeArns(have.arns, input.arns);
    if (arns) have.arns = arns;
    if (input.unused) have.unused = true;
    if (input.noPermissionNeeded) have.noPermissionNeeded = true;
    // A need's fact and the invoking service survive a fold with plain calls (first one kept).
    if (input.encryption && !have.encryption) have.encryption = input.encryption;
    if (input.invokedBy && !have.invokedBy) have.invokedBy = input.invokedBy;
  }

  addAll(items: Iterable<EvidenceInput>): void {
    for (const e of items) this.add(e);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Deterministic order: source, action, resource. */
  result(): Evidence[] {
    return [...this.byKey.values()].sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        a.action.localeCompare(b.action) ||
        (a.resource ?? '').localeCompare(b.resource ?? ''),
    );
  }
}

export function aggregateEvidence(items: Iterable<EvidenceInput>): Evidence[] {
  const acc = new EvidenceAccumulator();
  acc.addAll(items);
  return acc.result();
}
