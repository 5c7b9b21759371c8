// Which candidates count as "successfully used": what scan accepts and what the TUI
// offers to accept in bulk. Access Analyzer's generated policy includes calls that were
// denied, so on its own it is trusted only when CloudTrail does not say otherwise.
import type { Candidate } from './types.js';

export type UseVerdict = { used: true; why: string } | { used: false; why: string };

export function observedUse(c: Candidate): UseVerdict {
  if (c.unmapped) return { used: false, why: 'the operation maps to no IAM action' };
  if (c.noPermissionNeeded) return { used: false, why: 'the call needs no permission' };
  if (c.serviceLevelOnly)
    return { used: false, why: 'Access Analyzer named only the service: choose actions' };
  if (c.platform?.length) return { used: true, why: `platform need: ${c.platform.join('; ')}` };
  if (c.inferredReason) return { used: false, why: `inferred, not observed: ${c.inferredReason}` };
  const xray = c.evidence.xray?.count ?? 0;
  const trail = c.evidence.cloudtrail;
  if (xray > 0 || (trail?.count ?? 0) > 0) return { used: true, why: 'successful calls observed' };
  // A KMS need of S3 calls with SSE-KMS: those calls succeeded, so the role had it, through its
  // policy or the key's. Granted today, it is kept (removing it would break the calls); not
  // granted, the key policy allows it and adding it is the user's choice: a suggestion.
  if (c.encryption?.length) {
    const facts = c.encryption.join('; ');
    return c.granted
      ? { used: true, why: `needed by SSE-KMS: ${facts}` }
      : { used: false, why: `suggested, not granted today (the key policy allows it): ${facts}` };
  }
  // A recorded local run (CSM, iamlive) saw the calls succeed: the role is what runs it.
  if ((c.evidence.csm?.count ?? 0) > 0) return { used: true, why: 'successful calls recorded (CSM)' };
  if ((c.evidence.iamlive?.count ?? 0) > 0) return { used: true, why: 'in the policy iamlive recorded' };
  const generated = c.evidence['access-analyzer']?.count ?? 0;
  if (generated > 0) {
    if (trail && trail.denied > 0) {
      return { used: false, why: 'Access Analyzer lists it, but CloudTrail saw it only denied' };
    }
    return { used: true, why: 'in the Access Analyzer generated policy' };
  }
  if (c.deniedOnly) return { used: false, why: 'seen only as AccessDenied' };
  return { used: false, why: 'no source saw it used' };
}

export function acceptsAutomatically(c: Candidate): boolean {
  return observedUse(c).used;
}
