// The evidence file `iam-refine record` writes and `--csm-events` reads: the SDK calls of
// one recorded command, folded per (service, api, region, access key, outcome). Who called
// is the access key id alone; never the secret or the session token.
import { z } from 'zod';
import type { CsmAttempt, CsmEvent } from './datagram.js';

export const CSM_FORMAT = 'iam-refine-csm-events';

export const CsmCallRecordSchema = z.object({
  service: z.string(),
  api: z.string(),
  region: z.string().optional(),
  accessKeyId: z.string().optional(),
  /** The exception the call ended with (`AccessDenied`, `ThrottlingException`...), if any. */
  exception: z.string().optional(),
  httpStatus: z.number().optional(),
  count: z.number().int().positive(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type CsmCallRecord = z.infer<typeof CsmCallRecordSchema>;

export const CsmRecordingSchema = z.object({
  format: z.literal(CSM_FORMAT),
  version: z.literal(1),
  command: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string(),
  exitCode: z.number().nullable(),
  calls: z.array(CsmCallRecordSchema),
});
export type CsmRecording = z.infer<typeof CsmRecordingSchema>;

/** Folds datagrams as they arrive; attempts lend their access key to the call they belong to. */
export class CsmFolder {
  private readonly attempts = new Map<string, CsmAttempt>();
  private readonly calls = new Map<string, CsmCallRecord>();
  datagrams = 0;
  ignored = 0;

  add(event: CsmEvent | undefined): void {
    if (!event) {
      this.ignored++;
      return;
    }
    this.datagrams++;
    const key = `${event.clientId}\u0000${event.service}\u0000${event.api}`;
    if (event.type === 'ApiCallAttempt') {
      this.attempts.set(key, event);
      return;
    }
    const attempt = this.attempts.get(key);
    this.attempts.delete(key);
    const region = event.region ?? attempt?.region;
    const accessKeyId = attempt?.accessKey;
    const exception = event.finalAwsException;
    const id = [event.service, event.api, region, accessKeyId, exception].join('\u0000');
    const at = new Date(event.timestamp).toISOString();
    const seen = this.calls.get(id);
    if (seen) {
      seen.count++;
      if (at < seen.firstSeen) seen.firstSeen = at;
      if (at > seen.lastSeen) seen.lastSeen = at;
      return;
    }
    this.calls.set(id, {
      service: event.service,
      api: event.api,
      ...(region ? { region } : {}),
      ...(accessKeyId ? { accessKeyId } : {}),
      ...(exception ? { exception } : {}),
      ...(event.finalHttpStatusCode !== undefined ? { httpStatus: event.finalHttpStatusCode } : {}),
      count: 1,
      firstSeen: at,
      lastSeen: at,
    });
  }

  /** The calls in a stable order (service, api, region, key, outcome). */
  records(): CsmCallRecord[] {
    const sortKey = (c: CsmCallRecord) =>
      [c.service, c.api, c.region ?? '', c.accessKeyId ?? '', c.exception ?? ''].join('\u0000');
    return [...this.calls.values()].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }
}
