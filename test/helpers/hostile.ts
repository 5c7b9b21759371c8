// Hostile input for the hostile-input tests: CloudTrail records of the demo's delete
// role whose S3 object keys and user agents carry markup, bidi overrides, zero-width
// characters, C1 controls and escape sequences.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DELETE_ROLE = 'notes-app-api-prod-delete-us-east-1-lambdaRole';
export const ACCOUNT = '123456789012';
export const BUCKET = 'notes-app-attachments-prod';

/** Every kind of hidden or active text, and the markup an object key may hold. */
export const HIDDEN = {
  bidi: '\u202e',
  isolate: '\u2066',
  zeroWidth: '\u200b',
  bom: '\ufeff',
  c1: '\u0085',
  csi: '\u001b[31m',
  c1csi: '\u009b2J',
};
export const MARKUP_KEY = '<img src=x>| ** [x](y) _u_';

export function tmpDir(prefix = 'hostile-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function s3Record(eventName: string, key: string, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAR3NOTESDELETE4HJ6:notes-app-api-prod-delete',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${DELETE_ROLE}/notes-app-api-prod-delete`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAR3NOTESDELETE4HJ6',
          arn: `arn:aws:iam::${ACCOUNT}:role/${DELETE_ROLE}`,
          accountId: ACCOUNT,
          userName: DELETE_ROLE,
        },
      },
    },
    eventTime: '2026-11-03T18:00:49Z',
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '3.84.112.9',
    userAgent: `aws-sdk-js/3.699.0${HIDDEN.csi}${HIDDEN.bidi}`,
    requestParameters: { bucketName: BUCKET, key },
    responseElements: null,
    requestID: 'BCK6X77SLL375PSO',
    eventID: `id-${eventName}-${key.length}`,
    readOnly: eventName.startsWith('Get'),
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${BUCKET}/${key}` }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Data',
    ...extra,
  };
}

/** A CloudTrail log file holding the records; returns its path. */
export function writeTrail(dir: string, records: unknown[], name = 'trail.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}
