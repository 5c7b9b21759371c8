// X-Ray segment documents as plain data, and a walker over their subsegment trees.
// Documents come from files, the live API (Document is a JSON string) or the SDK; the
// engine never trusts their shape, so every field is read through these helpers.

export type SegmentDoc = Record<string, unknown>;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** A document given as an object or as the JSON string BatchGetTraces returns; undefined if neither. */
export function asSegmentDoc(v: unknown): SegmentDoc | undefined {
  if (isRecord(v)) return v;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export interface WalkedNode {
  node: SegmentDoc;
  /** 0 for the document itself, 1 for its subsegments, and so on. */
  depth: number;
  /** The top-level document the node belongs to. */
  document: SegmentDoc;
}

/**
 * Every node of a document, the document first, subsegments depth-first in order.
 * Iterative, so a deeply nested (or hostile) document cannot overflow the stack.
 */
export function* walkSegment(document: SegmentDoc): Generator<WalkedNode> {
  const stack: { node: SegmentDoc; depth: number }[] = [{ node: document, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    yield { node, depth, document };
    const subs = Array.isArray(node.subsegments) ? node.subsegments.filter(isRecord) : [];
    for (let i = subs.length - 1; i >= 0; i--) stack.push({ node: subs[i]!, depth: depth + 1 });
  }
}

/** `1.5e9` epoch seconds → ISO string. */
export function isoFromEpochSeconds(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const d = new Date(Math.round(seconds * 1000));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
