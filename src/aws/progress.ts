// Progress events for the live sources, in the shape the gathering screen renders.
import type { ReadContext, SourceProgress } from '../core/progress.js';
import type { SourceId } from '../core/types.js';

export type Report = (
  p: Partial<Pick<SourceProgress, 'state' | 'done' | 'total' | 'message' | 'unit'>>,
) => void;

export function reporter(ctx: ReadContext, source: SourceId, label: string, unit: string): Report {
  return (p) => ctx.onProgress?.({ source, label, unit, state: 'running', done: 0, ...p });
}

/** Split [start, end] into consecutive chunks of at most `chunkMs` (newest first, like the APIs answer). */
export function splitWindow(
  window: { start: string; end: string },
  chunkMs: number,
): { start: Date; end: Date }[] {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const out: { start: Date; end: Date }[] = [];
  for (let hi = end; hi > start; hi -= chunkMs)
    out.push({ start: new Date(Math.max(start, hi - chunkMs)), end: new Date(hi) });
  return out;
}
