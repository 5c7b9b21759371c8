// Messages between the main thread and a CloudTrail worker thread. Errors cross as
// plain data (structured clone keeps neither the class nor the fields of a UserError)
// and are rebuilt on the main thread, so a bad file reads exactly as in one thread.
import { UserError, type UserErrorKind } from '../../core/errors.js';
import type { Evidence, RoleRef } from '../../core/types.js';

export interface WorkerSetup {
  role: RoleRef;
  window?: { start: string; end: string };
  /** The read's ByteBudget, shared by every worker. */
  budget: SharedArrayBuffer;
  /** This worker's read and gunzip chunk size, its share of the budget. */
  chunkBytes: number;
}

/** Main → worker: read this file. */
export interface FileJob {
  index: number;
  file: string;
}

/** Worker → main. Counts are deltas since the worker's last message. */
export type WorkerReply =
  | { kind: 'items'; items: number; matched: number }
  | {
      kind: 'done';
      index: number;
      evidence: Evidence[];
      items: number;
      matched: number;
      /** Records skipped for a wrong-typed field, and the first one. */
      skipped: number;
      firstSkipped?: string;
    }
  | { kind: 'failed'; index: number; error: SentError };

interface SentCause {
  name: string;
  message: string;
  code?: string;
}

export type SentError =
  | {
      user: true;
      kind: UserErrorKind;
      message: string;
      hint?: string;
      where?: string;
      cause?: SentCause;
    }
  | { user: false; name: string; message: string; stack?: string };

function sendCause(cause: unknown): SentCause | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as NodeJS.ErrnoException).code;
  return { name: cause.name, message: cause.message, ...(code ? { code } : {}) };
}

export function sendError(e: unknown): SentError {
  if (e instanceof UserError) {
    return {
      user: true,
      kind: e.kind,
      message: e.message,
      hint: e.hint,
      where: e.where,
      cause: sendCause(e.cause),
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { user: false, name: err.name, message: err.message, stack: err.stack };
}

export function receiveError(sent: SentError): Error {
  if (sent.user) {
    let cause: Error | undefined;
    if (sent.cause) {
      cause = Object.assign(new Error(sent.cause.message), { name: sent.cause.name });
      if (sent.cause.code) Object.assign(cause, { code: sent.cause.code });
    }
    return new UserError(sent.kind, sent.message, { hint: sent.hint, where: sent.where, cause });
  }
  const err = new Error(sent.message);
  err.name = sent.name;
  if (sent.stack) err.stack = sent.stack;
  return err;
}
