// An aggregated Athena row back into what the record mapper reads: a CloudTrail-shaped
// record made by the role, plus the row's call count, first/last time and sample ids.
import type { EvidenceInput, RoleRef } from '../../core/types.js';
import type { AthenaColumn } from './athena-sql.js';
import type { CloudTrailRecord } from './record.js';

export type AthenaRow = Partial<Record<AthenaColumn, string>>;

export interface RowRecord {
  record: CloudTrailRecord;
  n: number;
  firstSeen?: string;
  lastSeen?: string;
  samples: string[];
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const words = (s: string | undefined) => (s ? s.split(' ').filter(Boolean) : []);

export function athenaRowRecord(row: AthenaRow, role: RoleRef): RowRecord {
  const account = row.recipientaccountid || role.account || undefined;
  // Response ARNs come back as a list; the mapper finds ARNs among an object's values.
  const responseArns = words(row.response_arns);
  const record: CloudTrailRecord = {
    eventSource: row.eventsource ?? '',
    eventName: row.eventname ?? '',
    errorCode: row.errorcode || undefined,
    errorMessage: row.errormessage || undefined,
    awsRegion: row.awsregion || undefined,
    recipientAccountId: account,
    readOnly: row.readonly === undefined ? undefined : row.readonly === 'true',
    requestParameters: parseObject(row.requestparameters) ?? null,
    responseElements: responseArns.length
      ? Object.fromEntries(responseArns.map((arn, i) => [`arn${i}`, arn]))
      : null,
    resources: words(row.resource_arns).map((ARN) => ({ ARN })),
    userIdentity: {
      type: 'AssumedRole',
      accountId: account,
      sessionContext: { sessionIssuer: { type: 'Role', arn: role.arn } },
    },
  };
  const n = Math.max(0, Number.parseInt(row.calls ?? '0', 10) || 0);
  return { record, n, firstSeen: row.first_seen, lastSeen: row.last_seen, samples: words(row.sample_ids) };
}

/** One record's evidence (count 1 or denied 1) scaled to the row's calls and times. */
export function scaleEvidence(
  e: EvidenceInput,
  n: number,
  firstSeen: string | undefined,
  lastSeen: string | undefined,
  samples: string[],
): EvidenceInput {
  return {
    ...e,
    count: e.count * n,
    denied: (e.denied ?? 0) * n,
    firstSeen,
    lastSeen,
    samples,
  };
}
