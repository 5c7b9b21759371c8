// One file → its evidence for one principal, folded in a small accumulator of its own.
// The unit of work of both readers: the in-process one folds these per-file results in
// file order, and each worker thread returns them to the main thread, which folds them
// in the same order, so both give the same evidence and samples.
import type { Evidence, RoleRef } from '../../core/types.js';
import type { ByteBudget } from './byte-budget.js';
import { CappedAccumulator } from './capped-accumulator.js';
import { isStreamOnly } from '../input-stream.js';
import { scanCloudTrailFile } from './file-reader.js';
import { prefilterFor, type Prefilter } from './prefilter.js';
import { principalOf, type Principal } from './principal.js';
import { FastSplitLost } from './record-segments.js';
import { MappingMemo } from './mapping-memo.js';

/** What every file of one read shares: who to look for, where, and when. */
export interface FileTask {
  who: Principal;
  partition: string;
  prefilter: Prefilter;
  /** Each distinct call mapped once, across the files this thread reads. */
  memo: MappingMemo;
  window?: { start: number; end: number };
}

export interface FileEvidence {
  evidence: Evidence[];
  /** Items (records) read in the file. */
  items: number;
  /** Records by the principal (inside the window). */
  matched: number;
  /** Records skipped for a wrong-typed field, and the first one's place and reason. */
  skipped: number;
  firstSkipped?: string;
}

export function fileTaskFor(role: RoleRef, window?: { start: string; end: string }): FileTask {
  const who = principalOf(role);
  const partition = role.partition || 'aws';
  return {
    who,
    partition,
    prefilter: prefilterFor(who),
    memo: new MappingMemo(who, partition),
    window: window ? { start: Date.parse(window.start), end: Date.parse(window.end) } : undefined,
  };
}

type ReadOptions = {
  signal?: AbortSignal;
  onItems?: (items: number, matched: number) => void;
  budget?: ByteBudget;
  chunkBytes?: number;
};

export async function readFileEvidence(
  file: string,
  task: FileTask,
  opts: ReadOptions = {},
): Promise<FileEvidence> {
  // S3 log files split natively; one found broken after that is read again byte by byte
  // (from a fresh accumulator). A pipe or stdin reads once: byte by byte from the start.
  if (isStreamOnly(file)) return readOnce(file, task, opts, false);
  try {
    return await readOnce(file, task, opts, true);
  } catch (e) {
    if (!(e instanceof FastSplitLost)) throw e;
    return readOnce(file, task, opts, false);
  }
}

async function readOnce(
  file: string,
  task: FileTask,
  opts: ReadOptions,
  fast: boolean,
): Promise<FileEvidence> {
  const { memo, window } = task;
  const acc = new CappedAccumulator();
  let matched = 0;
  let firstSkipped: string | undefined;
  const read = await scanCloudTrailFile(file, {
    signal: opts.signal,
    budget: opts.budget,
    chunkBytes: opts.chunkBytes,
    prefilter: task.prefilter,
    fast,
    onRecord: (record) => {
      if (window && record.eventTime) {
        const t = Date.parse(record.eventTime);
        if (t < window.start || t > window.end) return;
      }
      const found = memo.evidence(record);
      if (found.length > 0) matched++;
      for (const e of found) acc.add(e);
    },
    onBadRecord: (bad) => {
      firstSkipped ??= `record ${bad.index} (byte ${bad.offset}): ${bad.message}`;
    },
    onItems: opts.onItems && ((items) => opts.onItems!(items, matched)),
  });
  return {
    evidence: acc.result(),
    items: read.items,
    matched,
    skipped: read.skipped,
    ...(firstSkipped ? { firstSkipped } : {}),
  };
}
