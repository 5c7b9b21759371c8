// An incremental splitter over a decompressed JSON byte stream: it finds the items
// of a CloudTrail container (`{"Records":[...]}`, `{"Events":[...]}` from
// lookup-events, a top-level array) without parsing them, so a multi-gigabyte file
// streams through in constant memory and only the items the caller wants get
// JSON.parse'd. A top-level object without such an array (one record, an EventBridge
// envelope, or a file of the wrong kind) comes out whole, as one item. Several
// top-level values in a row (JSON Lines) are read one after another. With `fast`, the
// records of an S3 log file between chunk borders are split natively instead
// (record-segments.ts); the bytes around each border still go through the exact scan.
import { FastSplitLost, RECORD_START, splitRecords, type Segments } from './record-segments.js';
import { QUOTE, BACKSLASH, OPEN_OBJ, CLOSE_OBJ, OPEN_ARR, CLOSE_ARR, COLON, COMMA } from './json-bytes.js';

/** One item: the bytes of a JSON object, its index in the container, its byte offset. */
export interface RawItem {
  bytes: Buffer;
  index: number;
  offset: number;
}

export type ContainerKind = 'records' | 'events' | 'array' | 'single';

/** A structural problem; the reader adds the file name. */
export class SplitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly itemIndex?: number,
  ) {
    super(message);
    this.name = 'SplitError';
  }
}

const BOM = [0xef, 0xbb, 0xbf];

const CONTAINER_KEYS = new Map<string, ContainerKind>([
  ['Records', 'records'],
  ['Events', 'events'],
]);

const MAX_DEPTH = 1024;

/** Byte classes for the item scan: only these bytes can change its state. */
const C_QUOTE = 1;
const C_BACKSLASH = 2;
const C_OPEN = 3;
const C_CLOSE = 4;
const CLASS = new Uint8Array(256);
CLASS[QUOTE] = C_QUOTE;
CLASS[BACKSLASH] = C_BACKSLASH;
CLASS[OPEN_OBJ] = CLASS[OPEN_ARR] = C_OPEN;
CLASS[CLOSE_OBJ] = CLASS[CLOSE_ARR] = C_CLOSE;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Which items to keep: asked about each item after the first, on its raw bytes. */
export interface ItemFilter {
  (bytes: Buffer): boolean;
  /** The same for `chunk[start, end)`; items of a chunk come in increasing order. */
  hitIn(chunk: Buffer, start: number, end: number): boolean;
}

export interface SplitterOptions {
  /** Largest item kept in memory (a CloudTrail record is at most a few hundred kB). */
  maxItemBytes?: number;
  /**
   * Items after the first that fail it are counted (`itemCount`) but never copied or
   * returned. The first is always returned, so a file of the wrong kind is named.
   */
  filter?: ItemFilter;
  /**
   * Split the records of a `{"Records":[...]}` file natively, walking only the ones the
   * filter passes (records laid out otherwise go through the exact scan). When the file
   * turns out broken, push and end throw FastSplitLost: read it again without `fast`.
   */
  fast?: boolean;
}

export class JsonItemSplitter {
  private readonly maxItemBytes: number;
  private readonly filter: ItemFilter | undefined;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  private depth = 0;
  private inString = false;
  private escapePending = false;
  /** Bytes consumed before the current chunk. */
  private base = 0;
  private started = false;
  private bom = 0;

  /** Depth inside which items sit (1 for a top-level array, 2 for `{"Records":[`); 0 = none yet. */
  private itemDepth = 0;
  /** Probing a top-level object for its container key; the whole object is captured meanwhile. */
  private probing = false;
  private probeKey = '';
  private pendingKey: string | undefined;
  private keyStart = -1;
  private afterColon = false;
  /** The container array closed: skip the rest of the top-level value. */
  private skipping = false;

  private capturing = false;
  private captureStart = 0;
  private captureParts: Buffer[] = [];
  private captureLen = 0;
  private captureOffset = 0;

  private nextIndex = 0;
  private _kind: ContainerKind | undefined;
  private readonly _keys: string[] = [];
  private items: RawItem[] = [];
  private readonly fast: boolean;
  /** The fast path has split records of this file: a structural error may be its mistake. */
  private fastUsed = false;
  private readonly segments: Segments;

  constructor(opts: SplitterOptions = {}) {
    this.maxItemBytes = opts.maxItemBytes ?? 64 * 1024 * 1024;
    this.filter = opts.filter;
    this.fast = !!opts.fast && !!opts.filter;
    const filter = this.filter;
    this.segments = {
      hitIn: (chunk, start, end) => filter!.hitIn(chunk, start, end),
      keep: (bytes, index, at) => this.items.push({ bytes, index, offset: this.base + at }),
    };
  }

  /** Items seen so far, the filtered-out ones included. */
  get itemCount(): number {
    return this.nextIndex;
  }

  /** What the (last) top-level value turned out to be. */
  get kind(): ContainerKind | undefined {
    return this._kind;
  }

  /** Keys of the top-level object seen while probing (for "wrong kind of file" messages). */
  get keys(): readonly string[] {
    return this._keys;
  }

  get bytesRead(): number {
    return this.base;
  }

  push(chunk: Buffer): RawItem[] {
    if (!this.fastUsed) return this.pushChunk(chunk);
    try {
      return this.pushChunk(chunk);
    } catch (e) {
      throw e instanceof SplitError ? new FastSplitLost(e.message) : e;
    }
  }

  /** Between two records of a `{"Records":[` array, the next one right after this comma? */
  private recordsFollow(chunk: Buffer, i: number): boolean {
    return (
      this.fast &&
      this._kind === 'records' &&
      this.nextIndex > 0 &&
      this.depth === this.itemDepth &&
      !this.skipping &&
      !this.capturing &&
      chunk[i] === COMMA &&
      i + 1 + RECORD_START.length <= chunk.length &&
      chunk.compare(RECORD_START, 0, RECORD_START.length, i + 1, i + 1 + RECORD_START.length) === 0
    );
  }

  private pushChunk(chunk: Buffer): RawItem[] {
    this.items = [];
    let i = 0;
    const n = chunk.length;
    if (n > 0) this.started = true;
    // A UTF-8 byte order mark (EF BB BF), possibly split across the first chunks.
    while (this.bom < 3 && i < n) {
      if (chunk[i] !== BOM[this.bom]) {
        this.bom = 3;
        break;
      }
      this.bom++;
      i++;
    }
    while (i < n) {
      if (this.depth > this.itemDepth && this.itemDepth > 0 && !this.skipping) {
        i = this.scanItem(chunk, i);
        continue;
      }
      if (this.inString) {
        i = this.scanString(chunk, i);
        continue;
      }
      const b = chunk[i]!;
      if (b === COMMA && this.recordsFollow(chunk, i)) {
        const split = splitRecords(chunk, i + 1, this.nextIndex, this.segments);
        this.fastUsed = true;
        this.nextIndex += split.count;
        // The record the chunk ends in goes through the exact scan, from its `{`.
        i = split.next;
        continue;
      }
      if (b === QUOTE) {
        this.openString(i);
        i++;
        continue;
      }
      if (b === OPEN_OBJ || b === OPEN_ARR) {
        this.open(i, b);
      } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        this.close(chunk, i, b);
      } else if (!isSpace(b)) {
        this.other(i, b);
      }
      i++;
    }
    if (this.capturing) this.saveCapture(chunk, n);
    if (this.inString && this.keyStart >= 0) {
      this.pendingKey = (this.pendingKey ?? '') + chunk.toString('utf8', this.keyStart, n);
      this.keyStart = 0;
    }
    this.base += n;
    return this.items;
  }

  /** The stream ended: anything still open means the file was cut short. */
  end(): void {
    if (!this.fastUsed) return this.endStream();
    try {
      this.endStream();
    } catch (e) {
      throw e instanceof SplitError ? new FastSplitLost(e.message) : e;
    }
  }

  /** The fast path split records of this stream (errors after it are its own to double-check). */
  get usedFast(): boolean {
    return this.fastUsed;
  }

  private endStream(): void {
    if (this.depth > 0 || this.inString) {
      throw new SplitError(
        `the JSON ends in the middle of ${this.itemDepth > 0 && this.depth > this.itemDepth ? `item ${this.nextIndex}` : 'a value'} (the file looks truncated)`,
        this.base,
        this.itemDepth > 0 && this.depth > this.itemDepth ? this.nextIndex : undefined,
      );
    }
    if (!this.started || this._kind === undefined) {
      throw new SplitError('the file holds no JSON value', this.base);
    }
  }

  /**
   * Inside an item of the container (the bulk of a file): one tight loop with the state
   * in locals, no call per byte, until the item closes (captured or filtered out) or the
   * chunk ends.
   */
  private scanItem(chunk: Buffer, from: number): number {
    const stack = this.stack;
    const stop = this.itemDepth;
    const n = chunk.length;
    let d = this.depth;
    let inString = this.inString;
    let i = from;
    if (this.escapePending) {
      this.escapePending = false;
      i++;
    }
    for (; i < n; i++) {
      const c = CLASS[chunk[i]!]!;
      if (c === 0) continue;
      if (inString) {
        if (c === C_QUOTE) inString = false;
        else if (c === C_BACKSLASH) i++; // the escaped byte is never structural
        continue;
      }
      if (c === C_QUOTE) {
        inString = true;
      } else if (c === C_OPEN) {
        if (d >= MAX_DEPTH)
          throw new SplitError(`JSON nested deeper than ${MAX_DEPTH} levels`, this.base + i);
        stack[d++] = chunk[i]!;
      } else if (c === C_CLOSE) {
        const b = chunk[i]!;
        if (stack[d - 1] !== (b === CLOSE_OBJ ? OPEN_OBJ : OPEN_ARR)) {
          throw new SplitError(`unexpected "${String.fromCharCode(b)}"`, this.base + i, this.nextIndex);
        }
        if (--d === stop) {
          this.depth = d;
          this.inString = false;
          this.afterColon = false;
          this.finishCapture(chunk, i + 1);
          return i + 1;
        }
      }
    }
    // A backslash at the very end escapes the first byte of the next chunk.
    this.escapePending = i > n;
    this.depth = d;
    this.inString = inString;
    return n;
  }

  private scanString(chunk: Buffer, from: number): number {
    let i = from;
    const n = chunk.length;
    if (this.escapePending) {
      this.escapePending = false;
      i++;
    }
    while (i < n) {
      const q = chunk.indexOf(QUOTE, i);
      if (q === -1) {
        let run = 0;
        for (let j = n - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
        this.escapePending = run % 2 === 1;
        return n;
      }
      let run = 0;
      for (let j = q - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
      if (run % 2 === 1) {
        i = q + 1;
        continue;
      }
      this.inString = false;
      this.closeString(chunk, q);
      return q + 1;
    }
    return i;
  }

  private openString(i: number): void {
    this.inString = true;
    if (this.depth === 0) this.badTopLevel(i, QUOTE);
    if (this.itemDepth > 0 && this.depth === this.itemDepth && !this.skipping) this.notAnObject(i);
    if (this.probing && this.depth === 1) {
      this.keyStart = i + 1;
      this.pendingKey = undefined;
    }
    this.afterColon = false;
  }

  private closeString(chunk: Buffer, q: number): void {
    if (this.keyStart >= 0) {
      const text = (this.pendingKey ?? '') + chunk.toString('utf8', this.keyStart, q);
      this.probeKey = text.length > 200 ? text.slice(0, 200) : text;
      this.keyStart = -1;
      this.pendingKey = undefined;
    }
  }

  private open(i: number, b: number): void {
    const d = this.depth;
    if (d >= MAX_DEPTH) throw new SplitError(`JSON nested deeper than ${MAX_DEPTH} levels`, this.base + i);
    if (d === 0) {
      this.startTopLevel(i, b);
    } else if (this.probing && d === 1 && this.afterColon && b === OPEN_ARR) {
      const kind = CONTAINER_KEYS.get(this.probeKey);
      if (kind) {
        // The container array: stop capturing the top object, stream its items instead.
        this.probing = false;
        this.dropCapture();
        this._kind = kind;
        this.itemDepth = 2;
      }
    } else if (this.itemDepth > 0 && d === this.itemDepth && !this.skipping) {
      if (b !== OPEN_OBJ) this.notAnObject(i);
      this.startCapture(i);
    }
    this.afterColon = false;
    this.stack[d] = b;
    this.depth = d + 1;
  }

  private close(chunk: Buffer, i: number, b: number): void {
    const d = this.depth;
    const want = b === CLOSE_OBJ ? OPEN_OBJ : OPEN_ARR;
    if (d === 0 || this.stack[d - 1] !== want) {
      throw new SplitError(`unexpected "${String.fromCharCode(b)}"`, this.base + i, this.currentIndex());
    }
    this.depth = d - 1;
    this.afterColon = false;
    if (this.capturing && this.depth === (this.probing ? 0 : this.itemDepth)) {
      this.finishCapture(chunk, i + 1);
    }
    if (this.itemDepth > 0 && this.depth === this.itemDepth - 1) this.skipping = true;
    if (this.depth === 0) {
      this.probing = false;
      this.itemDepth = 0;
      this.skipping = false;
    }
  }

  private other(i: number, b: number): void {
    if (this.depth === 0) this.badTopLevel(i, b);
    if (this.probing && this.depth === 1) {
      this.afterColon = b === COLON;
      if (b === COLON && this._keys.length < 20) this._keys.push(this.probeKey);
      return;
    }
    if (this.itemDepth > 0 && this.depth === this.itemDepth && !this.skipping && b !== COMMA) {
      this.notAnObject(i);
    }
  }

  private startTopLevel(i: number, b: number): void {
    this.skipping = false;
    if (b === OPEN_ARR) {
      this._kind = 'array';
      this.itemDepth = 1;
      return;
    }
    this._kind = 'single';
    this.probing = true;
    this.probeKey = '';
    this.startCapture(i);
  }

  private badTopLevel(i: number, b: number): never {
    const shown = b >= 0x20 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16)}`;
    throw new SplitError(`expected a JSON object or array, found ${shown}`, this.base + i);
  }

  private notAnObject(i: number): never {
    throw new SplitError(`item ${this.nextIndex} is not a JSON object`, this.base + i, this.nextIndex);
  }

  private currentIndex(): number | undefined {
    return this.capturing && !this.probing ? this.nextIndex : undefined;
  }

  private startCapture(i: number): void {
    this.capturing = true;
    this.captureStart = i;
    this.captureParts = [];
    this.captureLen = 0;
    this.captureOffset = this.base + i;
  }

  private saveCapture(chunk: Buffer, end: number): void {
    const part = chunk.subarray(this.captureStart, end);
    this.captureParts.push(part);
    this.captureLen += part.length;
    this.captureStart = 0;
    if (this.captureLen > this.maxItemBytes) {
      const what = this.probing
        ? `the top-level object has no "Records" or "Events" array within its first ${this.maxItemBytes} bytes`
        : `item ${this.nextIndex} is larger than ${this.maxItemBytes} bytes`;
      throw new SplitError(what, this.captureOffset, this.probing ? undefined : this.nextIndex);
    }
  }

  private dropCapture(): void {
    this.capturing = false;
    this.captureParts = [];
    this.captureLen = 0;
  }

  private finishCapture(chunk: Buffer, end: number): void {
    const index = this.nextIndex++;
    const whole = this.captureParts.length === 0;
    // Most items sit inside one chunk and fail the filter: nothing is copied for them.
    if (whole && index > 0 && this.filter && !this.filter.hitIn(chunk, this.captureStart, end)) {
      this.capturing = false;
      return;
    }
    const last = chunk.subarray(this.captureStart, end);
    const bytes = whole ? last : Buffer.concat([...this.captureParts, last], this.captureLen + last.length);
    this.dropCapture();
    if (!whole && index > 0 && this.filter && !this.filter(bytes)) return;
    this.items.push({ bytes, index, offset: this.captureOffset });
  }
}
