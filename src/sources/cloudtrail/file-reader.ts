// Streams one CloudTrail file: gunzip when it starts with the gzip magic (whatever its
// name), split the JSON into items without parsing, parse only the items the prefilter
// lets through, and turn every problem into a UserError that names the file and, when
// it can, the record and byte offset.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { inputError, isUserError, type UserError } from '../../core/errors.js';
import { inputName, openInput } from '../input-stream.js';
import { NotARecord, recordFromItem, recordProblem, wrongKind, type CloudTrailRecord } from './record.js';
import type { ByteBudget } from './byte-budget.js';
import type { Prefilter } from './prefilter.js';
import { FastSplitLost } from './record-segments.js';
import { JsonItemSplitter, SplitError, type RawItem } from './splitter.js';

export interface ScanOptions {
  signal?: AbortSignal;
  /** Items whose raw bytes fail this test are counted but never copied or parsed. */
  prefilter?: Prefilter;
  onRecord: (record: CloudTrailRecord) => void;
  /** A record with a wrong-typed field: skipped, never read in part. */
  onBadRecord?: (bad: { index: number; offset: number; message: string }) => void;
  /** Called now and then with the number of items read so far in this file. */
  onItems?: (items: number) => void;
  /** Shared by the readers of one read: each decompressed chunk is held within it. */
  budget?: ByteBudget;
  /** Read and gunzip chunk size (default 256 kB), from the budget's share. */
  chunkBytes?: number;
  /**
   * Split S3 log files natively (record-segments.ts; needs a prefilter). The scan then
   * throws FastSplitLost for a file found broken: read it again without, for the exact error.
   */
  fast?: boolean;
}

export interface ScanResult {
  items: number;
  parsed: number;
  /** Records skipped for a wrong-typed field. */
  skipped: number;
  bytes: number;
}

const CHUNK = 256 * 1024;
const PROGRESS_EVERY = 20_000;
const HINT =
  'Give CloudTrail log files (.json, .json.gz), a folder of them, or `aws cloudtrail lookup-events` output.';

function fail(file: string, message: string, hint = HINT, cause?: unknown): UserError {
  return inputError(inputName(file), message, hint, cause);
}

function zlibError(file: string, e: NodeJS.ErrnoException): UserError {
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) {
    return fail(file, 'the gzip data ends early: the file is truncated', 'Download the file again.', e);
  }
  return fail(file, `is not valid gzip data (${e.message})`, 'Download the file again.', e);
}

function parseItem(file: string, item: RawItem): unknown {
  try {
    return JSON.parse(item.bytes.toString('utf8'));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw fail(file, `record ${item.index} (byte ${item.offset}) is not valid JSON: ${why}`, HINT, e);
  }
}

/**
 * The input as a stream, and whether it is gzip (by its first two bytes). The bytes are
 * read from the one stream and put back in front, never by a second open or a seek, so
 * a pipe, a FIFO or stdin reads like a file.
 */
async function openPeeked(
  file: string,
  highWaterMark = CHUNK,
): Promise<{ gzip: boolean; raw: Readable } | undefined> {
  const input = openInput(file, { highWaterMark });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  try {
    while (head.length < 2) {
      const next = await chunks.next();
      if (next.done) break;
      head = Buffer.concat([head, next.value]);
    }
  } catch (e) {
    input.destroy();
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR'
        ? 'is a folder'
        : code === 'ENOENT'
          ? 'not found'
          : `cannot be read (${code ?? String(e)})`;
    throw fail(file, why, HINT, e);
  }
  if (head.length === 0) return undefined;
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    } finally {
      input.destroy(); // stopped early (a bad record, cancel): close the file now
    }
  }
  return { gzip: head[0] === 0x1f && head[1] === 0x8b, raw: Readable.from(rest(), { objectMode: false }) };
}

export async function scanCloudTrailFile(file: string, opts: ScanOptions): Promise<ScanResult> {
  const chunkSize = opts.chunkBytes ?? CHUNK;
  const opened = await openPeeked(file, chunkSize);
  if (!opened) throw fail(file, 'is empty');
  const { gzip, raw } = opened;
  const source = gzip ? raw.pipe(createGunzip({ chunkSize })) : raw;
  if (gzip) raw.on('error', (e) => source.destroy(e));
  const splitter = new JsonItemSplitter({ filter: opts.prefilter?.forFile(), fast: opts.fast });
  const result: ScanResult = { items: 0, parsed: 0, skipped: 0, bytes: 0 };
  let nextProgress = PROGRESS_EVERY;
  let held = 0;
  const release = () => {
    opts.budget?.release(held);
    held = 0;
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      opts.signal?.throwIfAborted();
      // Wait for room in the shared budget; the stream stays paused meanwhile.
      if (opts.budget) await opts.budget.acquire((held = chunk.length));
      // The splitter drops the items the prefilter rejects; the first always comes out,
      // so a file of the wrong kind is named, never skipped.
      for (const item of splitter.push(chunk)) {
        const single = splitter.kind === 'single';
        result.parsed++;
        const value = parseItem(file, item);
        let record: CloudTrailRecord;
        try {
          record = recordFromItem(value);
        } catch (e) {
          if (!(e instanceof NotARecord)) throw e;
          const where = single ? '' : `record ${item.index} (byte ${item.offset}) `;
          throw fail(file, `${where}${e.message}`, e.hint ?? HINT);
        }
        const problem = recordProblem(record);
        if (problem) {
          result.skipped++;
          opts.onBadRecord?.({ index: item.index, offset: item.offset, message: problem });
          continue;
        }
        opts.onRecord(record);
      }
      result.items = splitter.itemCount;
      if (result.items >= nextProgress) {
        opts.onItems?.(result.items);
        nextProgress = result.items + PROGRESS_EVERY;
      }
      release();
    }
    splitter.end();
  } catch (e) {
    release();
    source.destroy();
    raw.destroy();
    // Once records were split natively, a bad item may be a split gone wrong: the
    // exact read decides (and names the problem as it would have).
    if (splitter.usedFast && (e instanceof SplitError || isUserError(e))) {
      throw e instanceof FastSplitLost ? e : new FastSplitLost(String(e));
    }
    if (e instanceof SplitError) {
      if (/no JSON value/.test(e.message)) {
        throw fail(file, gzip ? 'is empty once decompressed' : 'is empty');
      }
      if (/no "Records" or "Events" array/.test(e.message)) {
        const kind = wrongKind(splitter.keys);
        throw fail(file, kind.message, kind.hint ?? HINT, e);
      }
      const record = e.itemIndex !== undefined ? `record ${e.itemIndex}, ` : '';
      throw fail(file, `is not valid CloudTrail JSON (${record}byte ${e.offset}): ${e.message}`, HINT, e);
    }
    if (
      e &&
      typeof e === 'object' &&
      'code' in e &&
      String((e as NodeJS.ErrnoException).code).startsWith('Z_')
    ) {
      throw zlibError(file, e as NodeJS.ErrnoException);
    }
    throw e;
  }
  result.bytes = splitter.bytesRead;
  return result;
}
