// An organization trail for the sweep tests, held by the management account: its records
// (the Athena table's rows), its log files in S3 under AWSLogs/o-ORGID/ACCOUNT/CloudTrail/
// REGION/yyyy/MM/dd/ (what the estimate lists), and the table's metadata as Athena gives it
// for the projected table in the README ("The Athena organization table").
import type { Scenario } from './scenario.js';

export const ORG_ID = 'o-a1b2c3d4e5';
export const TRAIL_BUCKET = 'org-trail-logs';
export const ORG_TABLE = 'cloudtrail_logs.org_trail';
/** Bytes of each log file in the window; the file outside it is much bigger (never counted). */
export const FILE_BYTES = 2048;

const day = 86_400_000;
const at = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function session(account: string, role: string) {
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/i-0abc`,
    accountId: account,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${role}` } },
  };
}

function call(account: string, role: string, eventName: string, ms: number, id: string, bucket = 'orders') {
  const isList = eventName === 'ListBucket' || eventName === 'ListObjects';
  return {
    eventVersion: '1.09',
    eventTime: at(ms),
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: account,
    eventType: 'AwsApiCall',
    readOnly: isList,
    eventID: id,
    userIdentity: session(account, role),
    requestParameters: isList ? { bucketName: bucket } : { bucketName: bucket, key: 'o/1.json' },
    resources: [{ ARN: isList ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/o/1.json` }],
  };
}

export interface OrgTrailFiles {
  scenario: Partial<Scenario>;
  /** Bytes of the files in the window for these accounts (what the estimate must say). */
  bytesInWindow: number;
}

/**
 * `withLogs`: accounts whose app-orders wrote (s3:PutObject, 3 calls) in the window and whose
 * app-reports listed the bucket; each gets two log files in the window and one 200 days old.
 */
export function orgTrail(withLogs: string[], other = '888888888888'): OrgTrailFiles {
  const events: Record<string, unknown>[] = [];
  const objects: Record<string, Buffer> = {};
  const file = (account: string, ms: number, bytes: number) => {
    const d = new Date(Date.now() - ms).toISOString();
    const [y, m, dd] = d.slice(0, 10).split('-');
    const stamp = d.slice(0, 16).replace(/[-:]/g, '');
    const key = `AWSLogs/${ORG_ID}/${account}/CloudTrail/us-east-1/${y}/${m}/${dd}/${account}_CloudTrail_us-east-1_${stamp}Z_x.json.gz`;
    objects[key] = Buffer.alloc(bytes);
  };
  let n = 0;
  const id = () => `e${String(++n).padStart(4, '0')}-0000-4000-8000-000000000000`;
  for (const account of withLogs) {
    events.push(
      call(account, 'app-orders', 'PutObject', 2 * day, id()),
      call(account, 'app-orders', 'PutObject', 3 * day, id()),
      call(account, 'app-orders', 'PutObject', 3 * day + 60_000, id()),
      call(account, 'app-reports', 'ListBucket', 5 * day, id()),
      // Outside the 90-day window: neither read nor counted.
      call(account, 'app-orders', 'DeleteObject', 200 * day, id()),
    );
    file(account, 2 * day, FILE_BYTES);
    file(account, 5 * day, FILE_BYTES);
    file(account, 200 * day, 50 * FILE_BYTES);
    objects[`AWSLogs/${ORG_ID}/${account}/CloudTrail-Digest/us-east-1/2026/01/01/digest.json.gz`] =
      Buffer.alloc(7 * FILE_BYTES);
  }
  // An account the sweep does not cover: its partition is never read, its calls never returned.
  events.push(call(other, 'app-orders', 'DeleteObject', 2 * day, id()));
  file(other, 2 * day, 100 * FILE_BYTES);
  return {
    bytesInWindow: withLogs.length * 2 * FILE_BYTES,
    scenario: {
      events,
      buckets: { [TRAIL_BUCKET]: objects },
      athena: {
        polls: 1,
        tableMetadata: {
          [ORG_TABLE]: {
            partitionKeys: ['account', 'region', 'timestamp'],
            parameters: {
              location: `s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/`,
              'projection.enabled': 'true',
              'storage.location.template': `s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/\${account}/CloudTrail/\${region}/\${timestamp}`,
            },
          },
        },
      },
    },
  };
}
