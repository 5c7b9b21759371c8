// Streams one CloudTrail file: gunzip when it starts with the gzip magic (whatever its
// name), split the JSON into items without parsing, parse only the items the prefilter
// lets through, and turn every problem into a UserError that names the file and, when
// it can, the record and byte offset.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { inputError, type UserError } from '../../core/errors.js';
import { NotARecord, recordFromItem, recordProblem, wrongKind, type CloudTrailRecord } from './record.js';
import { JsonItemSplitter, SplitError, type RawItem } from './splitter.js';

export interface ScanOptions {
  signal?: AbortSignal;
  /** Items whose raw bytes fail this test are counted but never parsed. */
  prefilter?: (bytes: Buffer) => boolean;
  onRecord: (record: CloudTrailRecord) => void;
  /** A record with a wrong-typed field: skipped, never read in part. */
  onBadRecord?: (bad: { index: number; offset: number; message: string }) => void;
  /** Called now and then with the number of items read so far in this file. */
  onItems?: (items: number) => void;
}

export interface ScanResult {
  items: number;
  parsed: number;
  /** Records skipped for a wrong-typed field. */
  skipped: number;
  bytes: number;
}

const READ_CHUNK = 1 << 20;
const PROGRESS_EVERY = 20_000;
const HINT =
  'Give CloudTrail log files (.json, .json.gz), a folder of them, or `aws cloudtrail lookup-events` output.';

function fail(file: string, message: string, hint = HINT, cause?: unknown): UserError {
  return inputError(file, message, hint, cause);
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

async function isGzip(file: string): Promise<{ gzip: boolean; size: number }> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(file, code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? String(e)})`, HINT, e);
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return { gzip: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b, size };
  } finally {
    await fh.close();
  }
}

export async function scanCloudTrailFile(file: string, opts: ScanOptions): Promise<ScanResult> {
  const { gzip, size } = await isGzip(file);
  if (size === 0) throw fail(file, 'is empty');
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK });
  const source = gzip ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  if (gzip) raw.on('error', (e) => source.destroy(e));
  const splitter = new JsonItemSplitter();
  const result: ScanResult = { items: 0, parsed: 0, skipped: 0, bytes: 0 };
  let nextProgress = PROGRESS_EVERY;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      opts.signal?.throwIfAborted();
      for (const item of splitter.push(chunk)) {
        result.items++;
        // The first item is always parsed, so a file of the wrong kind is named, never skipped.
        if (item.index > 0 && opts.prefilter && !opts.prefilter(item.bytes)) continue;
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
      if (result.items >= nextProgress) {
        opts.onItems?.(result.items);
        nextProgress = result.items + PROGRESS_EVERY;
      }
    }
    splitter.end();
  } catch (e) {
    source.destroy();
    raw.destroy();
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
