// A failed check call → its line: denied (with the statement to add) or could-not-check.
import { classifyAwsError, describeAwsError, isAbortError } from '../aws/errors.js';
import { policyFix } from './tool-policy.js';
import type { CheckLine, DoctorSource } from './types.js';

export function failedCall(
  source: DoctorSource,
  label: string,
  action: string,
  err: unknown,
  profile?: string,
): CheckLine {
  if (isAbortError(err)) throw err;
  if (classifyAwsError(err) === 'access-denied')
    return {
      source,
      label,
      state: 'denied',
      detail: `the tool may not call ${action}`,
      fix: policyFix([action]),
    };
  const { message, hint } = describeAwsError(err, { action, profile });
  return { source, label, state: 'error', detail: `could not check: ${message}`, fix: hint };
}

/** Run one check call; a failure becomes the line to show instead. */
export async function attempt<T>(
  fail: (action: string, err: unknown) => CheckLine,
  action: string,
  fn: () => Promise<T>,
): Promise<{ value: T } | { line: CheckLine }> {
  try {
    return { value: await fn() };
  } catch (err) {
    return { line: fail(action, err) };
  }
}
