// Errors a user can cause are values with a message meant for that user: the CLI
// prints `message` (and `hint`) without a stack trace. Programming errors throw plain Errors.

import { safeLine, stripControl } from './sanitize.js';

export type UserErrorKind = 'usage' | 'input' | 'aws' | 'session';

export class UserError extends Error {
  readonly kind: UserErrorKind;
  readonly hint?: string;
  /** File (and position) the problem is in, when there is one. */
  readonly where?: string;

  constructor(
    kind: UserErrorKind,
    message: string,
    opts: { hint?: string; where?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'UserError';
    this.kind = kind;
    this.hint = opts.hint;
    this.where = opts.where;
  }

  /** Exit code per the command line contract: 2 for usage, 1 for everything else. */
  get exitCode(): number {
    return this.kind === 'usage' ? 2 : 1;
  }
}

export function usageError(message: string, hint?: string): UserError {
  return new UserError('usage', message, { hint });
}

export function inputError(where: string, message: string, hint?: string, cause?: unknown): UserError {
  return new UserError('input', message, { where, hint, cause });
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** One paragraph for stderr: where, what, and what to do. */
export function formatUserError(e: UserError): string {
  // Paths and messages may carry text from files or AWS: never let it drive the terminal.
  const where = e.where ? `${safeLine(e.where)}: ` : '';
  const hint = e.hint ? `\n${stripControl(e.hint)}` : '';
  return `iam-refine: ${where}${stripControl(e.message)}${hint}`;
}
