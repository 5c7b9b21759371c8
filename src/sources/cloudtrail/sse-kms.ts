// KMS permissions an S3 call with SSE-KMS needs (AWS-REFERENCE.md, "SSE-KMS"). S3 calls KMS
// with the caller's credentials, so the role needs the KMS action on the object's key even
// though its code never calls KMS. Per the S3 User Guide (UsingKMSEncryption, "Multipart
// upload API and permissions") and the knowledge-center article s3-large-file-encryption-kms-key:
// an upload needs kms:GenerateDataKey, a download kms:Decrypt; a multipart upload needs
// kms:GenerateDataKey to start it and kms:Decrypt for its parts (UploadPart, UploadPartCopy).
// HeadObject reads no data and needs no KMS permission. CloudTrail names the key in
// `requestParameters` (what the caller sent: key id, alias or ARN) and `responseElements`
// (the key S3 used, as an ARN); the response wins. Only S3 operations of the table are
// looked at, and a record without the headers costs a few property reads.
// X-Ray cannot show SSE-KMS: aws-xray-sdk-core records only the bucket and key of S3 calls
// (its whitelist names no encryption header), and S3 calls KMS server-side.

/** By S3 operation: the KMS actions the call needs on the object's key, and why. */
const NEEDS = new Map<string, { actions: string[]; purpose: string }>(
  Object.entries({
    PutObject: { actions: ['kms:GenerateDataKey'], purpose: 'for the upload' },
    // The destination's key: the copy is encrypted under it. The source's key is not logged.
    CopyObject: { actions: ['kms:GenerateDataKey'], purpose: 'for the copy' },
    CreateMultipartUpload: {
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      purpose: 'for a multipart upload (GenerateDataKey to start it, Decrypt for its parts)',
    },
    UploadPart: { actions: ['kms:Decrypt'], purpose: 'for a part of a multipart upload' },
    UploadPartCopy: { actions: ['kms:Decrypt'], purpose: 'for a part of a multipart upload' },
    GetObject: { actions: ['kms:Decrypt'], purpose: 'for the download' },
  }),
);

const KEY_ID = 'x-amz-server-side-encryption-aws-kms-key-id';

export interface SseKmsNeed {
  action: string;
  /** The key as the record named it (ARN, key id or alias). */
  keyId: string;
  /** What implied it, for the paper trail. */
  fact: string;
}

type Params = Record<string, unknown> | null | undefined;

/** Returned for every call without SSE-KMS: the hot path allocates nothing for them. */
const NONE: readonly SseKmsNeed[] = Object.freeze([]);

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

function keyOf(p: Params): string | undefined {
  return p ? str(p[KEY_ID]) : undefined;
}

const KMS_KEY_ARN = /^arn:[a-z-]+:kms:[^:]*:[^:]*:key\//;

/**
 * The key the response names: its header, or (Athena and CloudTrail Lake rows keep only
 * the response's ARNs, under other names) a KMS key ARN among its values. No allocation.
 */
function responseKey(p: Params): string | undefined {
  if (!p) return undefined;
  const header = str(p[KEY_ID]);
  if (header) return header;
  for (const k in p) {
    const v = p[k];
    if (typeof v === 'string' && KMS_KEY_ARN.test(v)) return v;
  }
  return undefined;
}

const AWS_MANAGED = /(^|:)alias\/aws\/s3$/;

/** The KMS needs of one S3 call (its IAM-less operation name), [] when it used no KMS key. */
export function sseKmsNeeds(operation: string, request: Params, response: Params): readonly SseKmsNeed[] {
  const need = NEEDS.get(operation);
  if (!need) return NONE;
  const fromResponse = responseKey(response);
  const keyId = fromResponse ?? keyOf(request);
  // `aws:kms` without a key is the AWS managed key aws/s3 (PutObject API reference), whose key
  // policy allows every principal of the account through S3: the role needs no IAM permission.
  if (!keyId || AWS_MANAGED.test(keyId)) return NONE;
  const bucket = str(request?.bucketName) ?? 'a bucket';
  const key = `SSE-KMS key ${keyId} (named in the ${fromResponse ? 'response' : 'request'})`;
  return need.actions.map((action) => ({
    action,
    keyId,
    fact: `s3:${operation} on bucket ${bucket} used ${key}: S3 calls ${action} ${need.purpose} with the role's credentials`,
  }));
}
