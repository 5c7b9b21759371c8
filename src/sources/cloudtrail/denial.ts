// Which errors are IAM denials. Only those say the role lacked a permission; any other
// error (throttling, NoSuchBucket, validation) came after authorization, so the call
// still proves the permission was used.
import { canonicalAction } from '../../catalog/catalog.js';

/** Error codes of the AccessDenied family, as services spell them (compared case-insensitively). */
export const DENIAL_CODES: readonly string[] = [
  'AccessDenied',
  'AccessDeniedException',
  'Client.AccessDenied',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'AccessDeniedFault',
];

const CODES = new Set(DENIAL_CODES.map((c) => c.toLowerCase()));

/** IAM's own wording, present in the message of most denials whatever the code. */
const NOT_AUTHORIZED =
  /is not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)(?:\s+on resource:?\s+(\S+))?/;

export function isDenied(errorCode?: string, errorMessage?: string): boolean {
  if (errorCode && CODES.has(errorCode.toLowerCase())) return true;
  return !!errorCode && !!errorMessage && NOT_AUTHORIZED.test(errorMessage);
}

/**
 * The action (and resource) the denial message names, when it names one the catalogue
 * knows: `lambda:CreateFunction` can fail on `iam:PassRole`.
 */
export function deniedActionFromMessage(message?: string): { action: string; resource?: string } | undefined {
  if (!message) return undefined;
  const m = NOT_AUTHORIZED.exec(message);
  const action = m?.[1] ? canonicalAction(m[1]) : undefined;
  if (!action) return undefined;
  const raw = m?.[2]?.replace(/^["']|["',.;]+$/g, '');
  const resource = raw?.startsWith('arn:') || raw === '*' ? raw : undefined;
  return { action, resource };
}
