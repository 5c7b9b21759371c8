// KMS needs of S3 calls with SSE-KMS, and KMS calls AWS services made with the role's
// credentials (CloudTrail `invokedBy`), read from real-shaped records (test/fixtures/sse-kms).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../components/review/filter.js';
import { statusText } from '../../components/review/detail.js';
import { marksOf } from '../../components/widgets/ReviewRow.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { observedUse } from '../../src/core/auto-accept.js';
import { mergeCandidates } from '../../src/core/merge.js';
import type { EvidenceInput, RoleDetail, RoleRef } from '../../src/core/types.js';
import { athenaRowRecord } from '../../src/sources/cloudtrail/athena-rows.js';
import { prefilterFor } from '../../src/sources/cloudtrail/prefilter.js';
import { principalOf } from '../../src/sources/cloudtrail/principal.js';
import { evidenceFromRecord } from '../../src/sources/cloudtrail/record-evidence.js';
import type { CloudTrailRecord } from '../../src/sources/cloudtrail/record.js';
import { sseKmsNeeds } from '../../src/sources/cloudtrail/sse-kms.js';

const DIR = path.join(import.meta.dirname, '../fixtures/sse-kms');
const TRAIL = path.join(DIR, 'cloudtrail/111122223333_CloudTrail_us-west-2_20261103T1010Z_ssekms.json');
const RECORDS = (JSON.parse(readFileSync(TRAIL, 'utf8')) as { Records: CloudTrailRecord[] }).Records;
const ROLES = (
  JSON.parse(readFileSync(path.join(DIR, 'authorization-details.json'), 'utf8')) as {
    RoleDetailList: { RoleName: string; Arn: string }[];
  }
).RoleDetailList;
const K1 = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const K2 = 'arn:aws:kms:us-west-2:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';

function roleRef(name: string): RoleRef {
  const arn = ROLES.find((r) => r.RoleName === name)!.Arn;
  return { arn, name, account: '111122223333', partition: 'aws' };
}
const UPLOADS = roleRef('uploads-worker');
const byId = (id: string) => structuredClone(RECORDS.find((r) => r.eventID === id)!);
const PUT_UPLOADS = '7f1c2a10-0d4e-4c55-9a31-2b6f0e1d3a01';
const KMS_BY_S3 = 'c0a8e1f2-6b7d-4e0a-8f3c-1d2e3f4a5b01';
const KMS_AWS_MANAGED = 'c0a8e1f2-6b7d-4e0a-8f3c-1d2e3f4a5b03';

const SSE = 'x-amz-server-side-encryption';
const KEY = 'x-amz-server-side-encryption-aws-kms-key-id';

describe('which S3 calls need which KMS permission (S3 User Guide, UsingKMSEncryption; multipart upload permissions)', () => {
  it.each([
    ['PutObject', { [SSE]: 'aws:kms', [KEY]: K1 }, null, ['kms:GenerateDataKey']],
    ['PutObject', { [SSE]: 'aws:kms:dsse', [KEY]: K1 }, null, ['kms:GenerateDataKey']],
    ['CopyObject', {}, { [SSE]: 'aws:kms', [KEY]: K1 }, ['kms:GenerateDataKey']],
    ['CreateMultipartUpload', { [SSE]: 'aws:kms', [KEY]: K1 }, null, ['kms:GenerateDataKey', 'kms:Decrypt']],
    ['UploadPart', {}, { [SSE]: 'aws:kms', [KEY]: K1 }, ['kms:Decrypt']],
    ['UploadPartCopy', {}, { [SSE]: 'aws:kms', [KEY]: K1 }, ['kms:Decrypt']],
    ['GetObject', {}, { [SSE]: 'aws:kms', [KEY]: K1 }, ['kms:Decrypt']],
    // HeadObject reads no data; SSE-S3 and no encryption use no KMS key.
    ['HeadObject', {}, { [SSE]: 'aws:kms', [KEY]: K1 }, []],
    ['PutObject', { [SSE]: 'AES256' }, { [SSE]: 'AES256' }, []],
    ['PutObject', {}, null, []],
    ['DeleteObject', { [SSE]: 'aws:kms', [KEY]: K1 }, null, []],
  ])('%s %j → %j', (operation, request, response, actions) => {
    const needs = sseKmsNeeds(operation, { bucketName: 'uploads', ...request }, response);
    expect(needs.map((n) => n.action)).toEqual(actions);
  });

  it('takes the key S3 used (the response) over what the caller sent (an alias)', () => {
    const [need] = sseKmsNeeds(
      'PutObject',
      { bucketName: 'b', [SSE]: 'aws:kms', [KEY]: 'alias/up' },
      { [KEY]: K1 },
    );
    expect(need?.keyId).toBe(K1);
    expect(need?.fact).toContain(`s3:PutObject on bucket b used SSE-KMS key ${K1} (named in the response)`);
  });

  it.each([
    ['aws:kms without a key (S3 uses aws/s3)', { [SSE]: 'aws:kms' }],
    ['alias/aws/s3', { [SSE]: 'aws:kms', [KEY]: 'alias/aws/s3' }],
    ['its alias ARN', { [SSE]: 'aws:kms', [KEY]: 'arn:aws:kms:us-west-2:111122223333:alias/aws/s3' }],
  ])('the AWS managed key, %s: its key policy allows the account through S3, no IAM need', (_, request) => {
    expect(sseKmsNeeds('PutObject', { bucketName: 'b', ...request }, null)).toEqual([]);
  });
});

describe('SSE-KMS needs from CloudTrail records', () => {
  it('an upload with SSE-KMS: kms:GenerateDataKey on the key ARN the response names, no call of its own', () => {
    const found = evidenceFromRecord(byId(PUT_UPLOADS), UPLOADS);
    const need = found.find((e) => e.action === 'kms:GenerateDataKey');
    expect(need).toMatchObject({
      source: 'cloudtrail',
      resource: K1,
      count: 0,
      denied: 0,
      samples: [PUT_UPLOADS],
    });
    expect(need?.encryption).toMatch(
      /^s3:PutObject on bucket uploads used SSE-KMS key arn:aws:kms:.*\(named in the response\)/,
    );
    expect(found.find((e) => e.action === 's3:PutObject')?.count).toBe(1);
  });

  it('a key named only by its alias: a ${KeyId} pattern with the alias note, never key/alias/...', () => {
    const r = byId(PUT_UPLOADS);
    r.responseElements = null;
    const need = evidenceFromRecord(r, UPLOADS).find((e) => e.action === 'kms:GenerateDataKey');
    expect(need?.resource).toBe('arn:aws:kms:us-west-2:111122223333:key/${KeyId}');
    expect(need?.note).toContain('named the key by its alias (alias/uploads)');
  });

  it('a bare key id becomes the key ARN in the record region and account', () => {
    const r = byId(PUT_UPLOADS);
    r.responseElements = null;
    r.requestParameters![KEY] = '1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(evidenceFromRecord(r, UPLOADS).find((e) => e.action === 'kms:GenerateDataKey')?.resource).toBe(K1);
  });

  it('a refused upload implies nothing', () => {
    const r = byId(PUT_UPLOADS);
    r.errorCode = 'AccessDenied';
    r.errorMessage = 'Access Denied';
    expect(evidenceFromRecord(r, UPLOADS).some((e) => e.action.startsWith('kms:'))).toBe(false);
  });

  it('an Athena row, which keeps only the response ARNs, still gives the key S3 used', () => {
    const { record } = athenaRowRecord(
      {
        eventsource: 's3.amazonaws.com',
        eventname: 'PutObject',
        awsregion: 'us-west-2',
        recipientaccountid: '111122223333',
        requestparameters: JSON.stringify({ bucketName: 'reports', key: 'daily/a.csv' }),
        resource_arns: 'arn:aws:s3:::reports/daily/a.csv arn:aws:s3:::reports',
        response_arns: K2,
        calls: '3',
      },
      UPLOADS,
    );
    const need = evidenceFromRecord(record, UPLOADS).find((e) => e.action === 'kms:GenerateDataKey');
    expect(need).toMatchObject({ resource: K2, count: 0 });
  });

  it('SSE-S3 (AES256) implies no KMS permission', () => {
    const r = RECORDS.find((x) => x.requestParameters?.[SSE] === 'AES256')!;
    expect(evidenceFromRecord(r, UPLOADS).map((e) => e.action)).toEqual(['s3:PutObject']);
  });
});

describe('KMS calls S3 made with the role session (invokedBy)', () => {
  it('are the role evidence, with the service named, and pass the raw-bytes prefilter', () => {
    const r = byId(KMS_BY_S3);
    const [e, ...rest] = evidenceFromRecord(r, UPLOADS);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      action: 'kms:GenerateDataKey',
      resource: K1,
      count: 1,
      invokedBy: 's3.amazonaws.com',
    });
    expect(prefilterFor(principalOf(UPLOADS))(Buffer.from(JSON.stringify(r)))).toBe(true);
  });

  it('with the AWS managed key KMS logs S3 itself (AWSService): not the role', () => {
    expect(evidenceFromRecord(byId(KMS_AWS_MANAGED), UPLOADS)).toEqual([]);
  });
});

describe('an SSE-KMS need in the review', () => {
  const need = (resource: string): EvidenceInput => ({
    source: 'cloudtrail',
    action: 'kms:GenerateDataKey',
    resource,
    count: 0,
    denied: 0,
    samples: ['e1'],
    encryption: `s3:PutObject on bucket reports used SSE-KMS key ${resource} (named in the response)`,
  });
  const role = (statements: Record<string, unknown>[]): RoleDetail => ({
    arn: 'arn:aws:iam::111122223333:role/reports-writer',
    name: 'reports-writer',
    path: '/',
    policies: [{ kind: 'inline', name: 'p', document: { Version: '2012-10-17', Statement: statements } }],
  });
  const grant = { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: K2 };

  it('starts accepted when the current policy grants it (removing it would break the uploads)', () => {
    const [c] = mergeCandidates(aggregateEvidence([need(K2)]), role([grant]));
    expect(c?.encryption).toHaveLength(1);
    expect(c?.unused).toBe(false);
    expect(observedUse(c!)).toMatchObject({ used: true, why: expect.stringContaining('needed by SSE-KMS') });
    expect(marksOf({ kind: 'action', candidate: c! } as Parameters<typeof marksOf>[0], false)).toContain(
      'sse-kms',
    );
    expect(statusText(c!, 'accepted')).toContain('SSE-KMS: s3:PutObject on bucket reports');
    const ctx = { status: () => 'accepted' as const, isNew: () => false };
    expect(parseFilter('is:sse-kms').test(c!, ctx)).toBe(true);
  });

  it('is a pending suggestion when the policy does not grant it (the key policy allows it)', () => {
    const [c] = mergeCandidates(aggregateEvidence([need(K2)]), role([{ ...grant, Action: 's3:PutObject' }]));
    expect(observedUse(c!)).toMatchObject({ used: false, why: expect.stringContaining('not granted today') });
  });

  it('keeps its fact and key when folded with S3 own KMS call on the same key', () => {
    const call: EvidenceInput = {
      ...need(K1),
      count: 1,
      encryption: undefined,
      invokedBy: 's3.amazonaws.com',
    };
    const [e] = aggregateEvidence([call, need(K1)]);
    expect(e).toMatchObject({ count: 1, invokedBy: 's3.amazonaws.com' });
    expect(e?.encryption).toContain('SSE-KMS key');
    // Another key, seen only through the need, stays in the policy beside the observed one.
    const [c] = mergeCandidates(aggregateEvidence([call, need(K2)]), role([grant]));
    expect(c?.resources.map((r) => [r.arn, r.needed ?? false])).toEqual([
      [K2, true],
      [K1, false],
    ]);
  });
});
