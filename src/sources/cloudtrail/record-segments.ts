// The fast path of the splitter over an S3 log file (`{"Records":[{...},{...}]}` as
// CloudTrail writes it: compact, every record opening with its `eventVersion` key). The
// records between two chunk borders are found without looking at every byte: each one
// starts at a `{"eventVersion":`, so the next such key (searched natively, like the
// prefilter's needles) ends the one before. Only a record the prefilter lets through is
// walked byte by byte, to check it is exactly one JSON object; the rest are counted.
//
// Why no record is missed: a record by the principal names it in its own userIdentity,
// so the prefilter hits inside the record's own text. The segment holding that hit
// starts at a `{"eventVersion":` (an object start: that byte run cannot lie inside a
// JSON string) and must close exactly where the next segment starts; a segment that is
// not the whole record either closes early (it is an object nested in it) or not at
// all (the record goes on). Such a segment, and one followed by an `"eventVersion":`
// key not placed as a record's first one (`},{` before it: a nested key, another key
// order, the next `{"Records":[` of a multi-member gzip), goes to the exact scan from
// its start, which walks that record byte by byte and hands the next ones back. If the
// exact scan then finds the structure broken, the split may have gone wrong earlier:
// the splitter throws FastSplitLost and the file is read again byte by byte, which gives
// the exact error, count and records.
import { COMMA, OPEN_OBJ, CLOSE_OBJ, QUOTE, BACKSLASH, OPEN_ARR, CLOSE_ARR } from './json-bytes.js';

/** The byte run that opens every record CloudTrail writes. */
export const RECORD_START = Buffer.from('{"eventVersion":');
const KEY = RECORD_START.subarray(1);

/** After the fast path ran, the file turned out broken: read it again exactly, for the exact error. */
export class FastSplitLost extends Error {
  constructor(readonly reason: string) {
    super(`fast record split lost: ${reason}`);
    this.name = 'FastSplitLost';
  }
}

/** Is `buf[start, end)` one JSON object, from its `{` to its matching `}` at end - 1? */
export function isOneObject(buf: Buffer, start: number, end: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (inString) {
      if (b === QUOTE) inString = false;
      else if (b === BACKSLASH) i++;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
    else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
      if (--depth === 0) return i === end - 1 && b === CLOSE_OBJ;
      if (depth < 0) return false;
    }
  }
  return false;
}

export interface Segments {
  /** Asked about each record's bytes, in increasing order within the chunk. */
  hitIn(chunk: Buffer, start: number, end: number): boolean;
  /** A record that passed: bytes, index and chunk position. */
  keep(bytes: Buffer, index: number, at: number): void;
}

/**
 * The whole records of `chunk` from `from` (a RECORD_START), numbered from `index`:
 * returns where the first record not ended within the chunk starts, and how many ended.
 */
export function splitRecords(
  chunk: Buffer,
  from: number,
  index: number,
  seg: Segments,
): { next: number; count: number } {
  let start = from;
  let count = 0;
  for (;;) {
    const key = chunk.indexOf(KEY, start + RECORD_START.length);
    if (key === -1) return { next: start, count };
    // The next record's start is `},{"eventVersion":`; anything else: the exact scan.
    if (chunk[key - 1] !== OPEN_OBJ || chunk[key - 2] !== COMMA || chunk[key - 3] !== CLOSE_OBJ) {
      return { next: start, count };
    }
    const end = key - 2;
    if (seg.hitIn(chunk, start, end)) {
      if (!isOneObject(chunk, start, end)) return { next: start, count };
      seg.keep(chunk.subarray(start, end), index + count, start);
    }
    count++;
    start = key - 1;
  }
}
