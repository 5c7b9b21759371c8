// Maps each distinct call once: a role repeats the same few calls (DescribeStacks on the
// same stacks, GetParameter on the same names) thousands of times, and mapping one call
// to actions and resources costs ~100 µs, far more than parsing it. Two records that
// differ only in fields that say when, from where and in which session the call was made
// map to the same evidence but for its time and sample, so the mapping is kept under the
// record without those fields and each record gets a copy stamped with its own.
import type { EvidenceInput } from '../../core/types.js';
import type { Principal } from './principal.js';
import { evidenceForPrincipal, isApiCall, recordIsBy } from './record-evidence.js';
import { isRecord, recordProblem } from './record.js';

/**
 * Per-event fields the mapping never reads (it reads the time and id into `firstSeen`,
 * `lastSeen` and `samples` only, which each record stamps on its copy).
 */
const PER_EVENT = new Set([
  'eventTime',
  'eventID',
  'requestID',
  'sourceIPAddress',
  'userAgent',
  'tlsDetails',
  'sessionCredentialFromConsole',
]);
/** The same inside userIdentity: the session's name, key and start. */
const PER_SESSION = new Set(['principalId', 'arn', 'accessKeyId']);

/**
 * Distinct calls kept; past it the memo starts afresh (S3 keys may never repeat). With
 * the key limit below, a memo holds at most ~2 MB in each of up to 14 threads.
 */
const MAX_ENTRIES = 500;
/** Larger records are mapped directly: their key would cost more memory than it saves. */
const MAX_KEY_CHARS = 4096;

function keyOf(record: Record<string, unknown>): string {
  return JSON.stringify(record, function (this: unknown, name: string, value: unknown) {
    if (this === record) return PER_EVENT.has(name) ? undefined : value;
    if (this === record.userIdentity) {
      if (PER_SESSION.has(name)) return undefined;
      // The session's start and MFA flag: sessionContext.attributes.
      if (name === 'sessionContext' && value && typeof value === 'object') {
        const { attributes: _attributes, ...rest } = value as Record<string, unknown>;
        return rest;
      }
    }
    return value;
  });
}

function stamped(found: EvidenceInput[], record: { eventTime?: string; eventID?: string }): EvidenceInput[] {
  return found.map((e) => ({
    ...e,
    firstSeen: record.eventTime,
    lastSeen: record.eventTime,
    samples: record.eventID ? [record.eventID] : [],
  }));
}

export class MappingMemo {
  private readonly byCall = new Map<string, EvidenceInput[]>();
  hits = 0;

  constructor(
    private readonly who: Principal,
    private readonly partition: string,
  ) {}

  /** evidenceForPrincipal(record, who, partition), mapping each distinct call once. */
  evidence(record: unknown): EvidenceInput[] {
    const { who, partition } = this;
    // Whether the record is the principal's reads the session ARN the key leaves out.
    if (!isRecord(record) || recordProblem(record) || !isApiCall(record) || !recordIsBy(record, who))
      return [];
    const key = keyOf(record as unknown as Record<string, unknown>);
    if (key.length > MAX_KEY_CHARS) return evidenceForPrincipal(record, who, partition);
    const known = this.byCall.get(key);
    if (known) {
      this.hits++;
      return stamped(known, record);
    }
    const found = evidenceForPrincipal(record, who, partition);
    if (this.byCall.size >= MAX_ENTRIES) this.byCall.clear();
    this.byCall.set(key, found);
    return stamped(found, record);
  }
}
