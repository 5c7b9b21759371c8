// A loopback HTTP server that answers just enough of the DynamoDB, S3, SQS, SNS,
// Lambda, STS, Secrets Manager and KMS wire protocols for the real SDK v3 clients to
// parse the replies. The service is read from the SigV4 credential scope. A workload
// can make the next call fail (`failNext`) to record denials, throttles and faults.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Failure {
  status: number;
  /** Error code (`AccessDeniedException`, `AccessDenied`, `ThrottlingException`...). */
  code: string;
  message?: string;
}

interface Request {
  service: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  target?: string;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export class FakeAws {
  private server?: Server;
  private failures: Failure[] = [];
  private counter = 0;
  /** Requests answered, for the generator's own sanity checks. */
  readonly log: { service: string; operation: string; status: number }[] = [];

  /** Make the next request fail with this error. */
  failNext(f: Failure): void {
    this.failures.push(f);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private requestId(): string {
    this.counter++;
    return createHash('sha1').update(`req-${this.counter}`).digest('hex').slice(0, 32).toUpperCase();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = req.headers.authorization ?? '';
    const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
    const r: Request = {
      service,
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      target: (req.headers['x-amz-target'] as string | undefined)?.split('.').pop(),
    };
    const requestId = this.requestId();
    const failure = this.failures.shift();
    const reply = failure ? errorReply(r, failure) : answer(r);
    const status = reply.status ?? 200;
    this.log.push({ service, operation: operationOf(r), status });
    res.writeHead(status, {
      'x-amzn-requestid': requestId,
      'x-amz-request-id': requestId,
      'x-amz-id-2': `id2-${requestId}`,
      ...reply.headers,
    });
    res.end(r.method === 'HEAD' ? undefined : (reply.body ?? ''));
  }
}

function operationOf(r: Request): string {
  return r.target ?? new URLSearchParams(r.body).get('Action') ?? `${r.method} ${r.path}`;
}

const json = (body: unknown, contentType = 'application/x-amz-json-1.0'): Reply => ({
  headers: { 'content-type': contentType },
  body: JSON.stringify(body),
});
const xml = (body: string): Reply => ({ headers: { 'content-type': 'text/xml' }, body });
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function errorReply(r: Request, f: Failure): Reply {
  const message = f.message ?? `${f.code} from the fixture server`;
  if (r.service === 's3') {
    if (r.method === 'HEAD') return { status: f.status };
    return { status: f.status, ...xml(`<Error><Code>${f.code}</Code><Message>${message}</Message></Error>`) };
  }
  if (r.service === 'sns' || r.service === 'sts') {
    const type = f.status >= 500 ? 'Receiver' : 'Sender';
    return {
      status: f.status,
      ...xml(
        `<ErrorResponse><Error><Type>${type}</Type><Code>${f.code}</Code><Message>${message}</Message></Error></ErrorResponse>`,
      ),
    };
  }
  if (r.service === 'lambda') {
    return {
      status: f.status,
      headers: { 'x-amzn-errortype': f.code, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    };
  }
  const ct =
    r.service === 'dynamodb' || r.service === 'sqs'
      ? 'application/x-amz-json-1.0'
      : 'application/x-amz-json-1.1';
  return { status: f.status, ...json({ __type: `com.amazonaws.${r.service}#${f.code}`, message }, ct) };
}

function answer(r: Request): Reply {
  switch (r.service) {
    case 'dynamodb':
      return dynamodb(r);
    case 'sqs':
      return sqs(r);
    case 's3':
      return s3(r);
    case 'sns':
      return sns(r);
    case 'sts':
      return sts(r);
    case 'lambda':
      return lambda(r);
    case 'secretsmanager':
      return json(
        {
          ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/notes/db-AbCdEf',
          Name: 'prod/notes/db',
          SecretString: '{"password":"not-a-real-one"}',
          VersionId: 'v1',
          CreatedDate: 1794614400,
        },
        'application/x-amz-json-1.1',
      );
    case 'kms':
      return kms(r);
    default:
      return { status: 400, body: 'unknown service' };
  }
}

const item = { noteId: { S: 'n-1' }, userId: { S: 'u-1' }, content: { S: 'hello' } };

function dynamodb(r: Request): Reply {
  const body = JSON.parse(r.body || '{}') as Record<string, unknown>;
  switch (r.target) {
    case 'GetItem':
      return json({ Item: item });
    case 'Query':
    case 'Scan':
      return json({ Items: [item], Count: 1, ScannedCount: 1 });
    case 'BatchGetItem':
      return json({
        Responses: Object.fromEntries(Object.keys(body.RequestItems as object).map((t) => [t, [item]])),
        UnprocessedKeys: {},
      });
    case 'BatchWriteItem':
      return json({ UnprocessedItems: {} });
    case 'TransactGetItems':
      return json({ Responses: [{ Item: item }] });
    case 'ExecuteStatement':
      return json({ Items: [item] });
    case 'DescribeEndpoints':
      return json({
        Endpoints: [{ Address: 'dynamodb.us-east-1.amazonaws.com', CachePeriodInMinutes: 1440 }],
      });
    default:
      return json({});
  }
}

function sqs(r: Request): Reply {
  const body = JSON.parse(r.body || '{}') as {
    MessageBody?: string;
    Entries?: { Id: string; MessageBody?: string }[];
    QueueName?: string;
  };
  switch (r.target) {
    case 'SendMessage':
      return json({ MessageId: 'm-1', MD5OfMessageBody: md5(body.MessageBody ?? '') });
    case 'SendMessageBatch':
      return json({
        Successful: (body.Entries ?? []).map((e, i) => ({
          Id: e.Id,
          MessageId: `m-${i}`,
          MD5OfMessageBody: md5(e.MessageBody ?? ''),
        })),
        Failed: [],
      });
    case 'ReceiveMessage':
      return json({
        Messages: [{ MessageId: 'm-1', ReceiptHandle: 'rh-1', Body: 'work', MD5OfBody: md5('work') }],
      });
    case 'DeleteMessageBatch':
    case 'ChangeMessageVisibilityBatch':
      return json({ Successful: (body.Entries ?? []).map((e) => ({ Id: e.Id })), Failed: [] });
    case 'GetQueueUrl':
      return json({ QueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${body.QueueName}` });
    default:
      return json({});
  }
}

function sns(r: Request): Reply {
  const action = new URLSearchParams(r.body).get('Action');
  if (action === 'PublishBatch') {
    const ids = [...new URLSearchParams(r.body)]
      .filter(([k]) => /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(k))
      .map(([, v]) => v);
    const members = ids
      .map((id) => `<member><Id>${id}</Id><MessageId>mid-${id}</MessageId></member>`)
      .join('');
    return xml(
      `<PublishBatchResponse><PublishBatchResult><Successful>${members}</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>`,
    );
  }
  return xml(
    `<PublishResponse><PublishResult><MessageId>mid-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
  );
}

function sts(r: Request): Reply {
  const action = new URLSearchParams(r.body).get('Action') ?? 'GetCallerIdentity';
  return xml(
    `<${action}Response><${action}Result><Arn>arn:aws:sts::123456789012:assumed-role/fixture-role/fixture</Arn><UserId>AROAFIXTURE:fixture</UserId><Account>123456789012</Account></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function lambda(r: Request): Reply {
  if (r.path.includes('/invoke-async')) return { status: 202, ...json({ Status: 202 }, 'application/json') };
  return {
    headers: { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' },
    body: '{"ok":true}',
  };
}

function kms(r: Request): Reply {
  const blob = Buffer.from('fixture-ciphertext').toString('base64');
  const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  if (r.target === 'Decrypt')
    return json(
      { KeyId: key, Plaintext: Buffer.from('plain').toString('base64') },
      'application/x-amz-json-1.1',
    );
  if (r.target === 'ReEncrypt')
    return json({ KeyId: key, SourceKeyId: key, CiphertextBlob: blob }, 'application/x-amz-json-1.1');
  return json(
    { KeyId: key, CiphertextBlob: blob, Plaintext: Buffer.from('plain').toString('base64') },
    'application/x-amz-json-1.1',
  );
}

/** S3 REST (path-style): enough of each reply for the SDK's XML parsers. */
function s3(r: Request): Reply {
  const [, bucket = '', ...keyParts] = r.path.split('/');
  const key = keyParts.join('/');
  const q = r.query;
  const etag = { etag: '"0123456789abcdef0123456789abcdef"' };
  if (!bucket)
    return xml(
      `<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>notes-app-attachments-prod</Name><CreationDate>2026-11-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
    );
  if (r.method === 'HEAD')
    return {
      headers: {
        ...etag,
        'content-length': '5',
        'content-type': 'text/plain',
        'last-modified': 'Mon, 02 Nov 2026 00:00:00 GMT',
      },
    };
  if (r.method === 'GET' && !key) {
    if (q.has('versions'))
      return xml(
        `<ListVersionsResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated></ListVersionsResult>`,
      );
    return xml(
      `<ListBucketResult><Name>${bucket}</Name><Prefix>${q.get('prefix') ?? ''}</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>private/u-1/a.txt</Key><Size>5</Size><ETag>"e"</ETag></Contents></ListBucketResult>`,
    );
  }
  if (r.method === 'GET')
    return { headers: { ...etag, 'content-type': 'text/plain', 'content-length': '5' }, body: 'hello' };
  if (r.method === 'POST' && q.has('delete'))
    return xml(`<DeleteResult><Deleted><Key>k</Key></Deleted></DeleteResult>`);
  if (r.method === 'POST' && q.has('uploads'))
    return xml(
      `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>`,
    );
  if (r.method === 'POST' && q.has('uploadId'))
    return xml(
      `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>`,
    );
  if (r.method === 'PUT' && r.headers['x-amz-copy-source'] && q.has('partNumber'))
    return xml(
      `<CopyPartResult><ETag>"e"</ETag><LastModified>2026-11-02T00:00:00.000Z</LastModified></CopyPartResult>`,
    );
  if (r.method === 'PUT' && r.headers['x-amz-copy-source'])
    return xml(
      `<CopyObjectResult><ETag>"e"</ETag><LastModified>2026-11-02T00:00:00.000Z</LastModified></CopyObjectResult>`,
    );
  if (r.method === 'DELETE') return { status: 204 };
  return { headers: etag };
}
