// Builders for CloudTrail records in the exact shape real trails deliver (field order,
// userIdentity with sessionContext, tlsDetails, S3 data-event additionalEventData),
// copied from the invictus-ir dataset's records (test/fixtures/invictus-ir+aws_dataset).
// A seeded generator makes every id, so the demo and the bench are the same on every run.

/** mulberry32: small, fast, good enough for ids. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.chars(n, '0123456789abcdef');
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;

export interface Caller {
  account: string;
  /** An assumed-role session, an IAM user, or an AWS service acting on its own. */
  kind: 'role' | 'user' | 'service';
  roleName?: string;
  rolePath?: string;
  roleId?: string;
  session?: string;
  sessionStart?: string;
  mfa?: boolean;
  userName?: string;
  userId?: string;
  accessKeyId?: string;
  /** The service for `kind: 'service'` (cloudtrail.amazonaws.com ...). */
  service?: string;
  sourceIp: string;
  userAgent: string;
}

export interface Call {
  time: string;
  source: string;
  name: string;
  params?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  readOnly: boolean;
  /** S3 object-level call (a data event). */
  data?: boolean;
  resources?: { type: string; ARN: string; accountId?: string }[];
  error?: { code: string; message: string };
  /** Made by a service with the caller's session (CloudFormation creating stack resources). */
  invokedBy?: string;
  region?: string;
  additional?: Record<string, unknown>;
  /** AwsApiCall unless given (AwsConsoleSignIn for sign-ins). */
  eventType?: string;
}

export function userIdentity(c: Caller, invokedBy?: string): Record<string, unknown> {
  if (c.kind === 'service') return { type: 'AWSService', invokedBy: c.service };
  if (c.kind === 'user') {
    return {
      type: 'IAMUser',
      principalId: c.userId,
      arn: `arn:aws:iam::${c.account}:user/${c.userName}`,
      accountId: c.account,
      accessKeyId: c.accessKeyId,
      userName: c.userName,
      ...(invokedBy ? { invokedBy } : {}),
    };
  }
  return {
    type: 'AssumedRole',
    principalId: `${c.roleId}:${c.session}`,
    arn: `arn:aws:sts::${c.account}:assumed-role/${c.roleName}/${c.session}`,
    accountId: c.account,
    accessKeyId: c.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: c.roleId,
        arn: `arn:aws:iam::${c.account}:role${c.rolePath ?? '/'}${c.roleName}`,
        accountId: c.account,
        userName: c.roleName,
      },
      webIdFederationData: {},
      attributes: { creationDate: c.sessionStart, mfaAuthenticated: c.mfa ? 'true' : 'false' },
    },
    ...(invokedBy ? { invokedBy } : {}),
  };
}

function host(source: string, region: string, params: Record<string, unknown> | null | undefined): string {
  const service = source.replace('.amazonaws.com', '');
  if (service === 's3') {
    const bucket = typeof params?.bucketName === 'string' ? `${params.bucketName}.` : '';
    return `${bucket}s3.${region}.amazonaws.com`;
  }
  return ['iam', 'sts', 'organizations'].includes(service)
    ? `${service}.amazonaws.com`
    : `${service}.${region}.amazonaws.com`;
}

/** One record, keys in the order CloudTrail writes them. */
export function record(caller: Caller, call: Call, rng: Rng): Record<string, unknown> {
  const region = call.region ?? 'us-east-1';
  const via = call.invokedBy;
  const s3 = call.source === 's3.amazonaws.com';
  const params = call.params === undefined ? null : call.params;
  const r: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: userIdentity(caller, via),
    eventTime: call.time,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: region,
    sourceIPAddress: via ?? (caller.kind === 'service' ? caller.service : caller.sourceIp),
    userAgent: via ?? (caller.kind === 'service' ? caller.service : caller.userAgent),
  };
  if (call.error) {
    r.errorCode = call.error.code;
    r.errorMessage = call.error.message;
  }
  r.requestParameters = s3 && params ? { ...params, Host: host(call.source, region, params) } : params;
  r.responseElements = call.response === undefined ? null : call.response;
  if (s3) {
    r.additionalEventData = {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: call.additional?.bytesTransferredIn ?? 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${rng.chars(74, B64)}=`,
      bytesTransferredOut: call.additional?.bytesTransferredOut ?? 0,
    };
  } else if (call.additional) {
    r.additionalEventData = call.additional;
  }
  r.requestID = s3 ? rng.chars(16, UPPER) : rng.uuid();
  r.eventID = rng.uuid();
  r.readOnly = call.readOnly;
  if (call.resources) r.resources = call.resources;
  r.eventType = call.eventType ?? 'AwsApiCall';
  r.managementEvent = !call.data;
  r.recipientAccountId = caller.account;
  if (caller.kind === 'service') r.sharedEventID = rng.uuid();
  r.eventCategory = call.data ? 'Data' : 'Management';
  if (!via && caller.kind !== 'service') {
    r.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: host(call.source, region, params),
    };
  }
  return r;
}

/** S3 object and bucket ARNs of a data event, as CloudTrail lists them. */
export function s3Resources(account: string, bucket: string, key?: string): Call['resources'] {
  const bucketRes = { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` };
  return key ? [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` }, bucketRes] : [bucketRes];
}

export function accessKey(rng: Rng, temporary = true): string {
  return `${temporary ? 'ASIA' : 'AKIA'}R3${rng.chars(14, UPPER)}`;
}

export function uniqueSuffix(rng: Rng): string {
  return rng.chars(16, ALNUM);
}
