// The decompressed bytes in flight, counted across every reader of one read (worker
// threads share the counter through a SharedArrayBuffer). A reader acquires a chunk's
// size before splitting it and releases it after; when the budget is spent it waits
// (back-pressure: its gunzip stream pauses, and it takes no next file meanwhile), so
// memory for decompressed data does not grow with the number of workers. Each reader
// holds one chunk at a time and a chunk alone is always let through, so no reader can
// wait forever. Readers size their streams from the budget (chunkBytesFor).

// Atomics.waitAsync is in Node 20 (V8 8.7+), not yet in TypeScript's ES2022 library.
type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const IN_USE = 0;
const PEAK = 1;
const LIMIT = 2;
const SLOTS = 3;

/** Decompressed bytes in flight across all readers of one read. */
export const IN_FLIGHT_BUDGET = 32 * 1024 * 1024;
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 256 * 1024;

/**
 * A reader's gunzip chunk and read size. A reader holds the chunk it splits and at most
 * one more its stream decompressed ahead, so the readers together stay within the
 * budget; and a chunk it is done with is freed only at its thread's next collection,
 * which comes after dozens of chunks (the reader allocates little else), so with many
 * readers the chunks shrink (256 kB up to 8 readers, 128 kB for 16): 14 worker threads
 * held ~500 MB with 256 kB chunks, ~410 MB with 128 kB. Fewer readers keep 256 kB, as
 * each chunk costs some fixed work (64 kB chunks cost one thread 1.3x the CPU).
 */
export function chunkBytesFor(readers: number, budget = IN_FLIGHT_BUDGET): number {
  const share = Math.floor(budget / (16 * Math.max(1, readers)));
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, share));
}

export class ByteBudget {
  private readonly cells: Int32Array;

  /** A new budget, or one shared from another thread (`shared`). */
  constructor(limitOrShared: number | SharedArrayBuffer) {
    if (typeof limitOrShared === 'number') {
      this.cells = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
      this.cells[LIMIT] = limitOrShared;
    } else {
      this.cells = new Int32Array(limitOrShared);
    }
  }

  /** What to send to a worker thread to share this budget. */
  get shared(): SharedArrayBuffer {
    return this.cells.buffer as SharedArrayBuffer;
  }

  get limit(): number {
    return this.cells[LIMIT]!;
  }

  /** The most bytes ever in flight at once. */
  get peak(): number {
    return Atomics.load(this.cells, PEAK);
  }

  async acquire(bytes: number): Promise<void> {
    const c = this.cells;
    for (;;) {
      const used = Atomics.load(c, IN_USE);
      // A chunk larger than the whole budget still goes through alone.
      if (used === 0 || used + bytes <= c[LIMIT]!) {
        if (Atomics.compareExchange(c, IN_USE, used, used + bytes) !== used) continue;
        for (let p = Atomics.load(c, PEAK); p < used + bytes; p = Atomics.load(c, PEAK)) {
          if (Atomics.compareExchange(c, PEAK, p, used + bytes) === p) break;
        }
        return;
      }
      const wait = waitAsync(c, IN_USE, used);
      if (wait.async) await wait.value;
    }
  }

  release(bytes: number): void {
    Atomics.sub(this.cells, IN_USE, bytes);
    Atomics.notify(this.cells, IN_USE);
  }
}
