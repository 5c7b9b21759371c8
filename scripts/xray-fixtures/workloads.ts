// What the traced functions do: realistic handlers over real SDK v3 commands. Each
// workload is a list of invocations; `fail` makes the fixture server refuse the next
// call, so denials, throttles and faults are recorded exactly as the SDK records them.
import * as ddb from '@aws-sdk/client-dynamodb';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as s3 from '@aws-sdk/client-s3';
import * as sm from '@aws-sdk/client-secrets-manager';
import * as sns from '@aws-sdk/client-sns';
import * as sqs from '@aws-sdk/client-sqs';
import * as sts from '@aws-sdk/client-sts';
import type { Failure } from './fake-aws.js';

export interface Clients {
  ddb: ddb.DynamoDBClient;
  s3: s3.S3Client;
  sqs: sqs.SQSClient;
  sns: sns.SNSClient;
  lambda: lambda.LambdaClient;
  sts: sts.STSClient;
  sm: sm.SecretsManagerClient;
  kms: kms.KMSClient;
}

export interface Ctx {
  c: Clients;
  /** The next call fails like this; the handler catches the error as application code would. */
  fail: (f: Failure) => void;
  /** An application subsegment around some calls (nesting, as `captureAsyncFunc` makes it). */
  traced: <T>(name: string, body: () => Promise<T>) => Promise<T>;
}

export type Handler = (ctx: Ctx, i: number) => Promise<void>;

const swallow = async (p: Promise<unknown>) => {
  await p.catch(() => undefined);
};
const S = (s: string) => ({ S: s });
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/fixture-jobs';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:fixture-events';
const DENIED_S3: Failure = { status: 403, code: 'AccessDenied', message: 'Access Denied' };
const DENIED_JSON: Failure = {
  status: 400,
  code: 'AccessDeniedException',
  message: 'User is not authorized to perform this action',
};

/** S3: every rule of the S3 operation table, plus denials and a 503. */
export const mediaProcessor: Handler[] = [
  async ({ c }) => {
    await c.s3.send(new s3.HeadObjectCommand({ Bucket: 'media-in', Key: 'uploads/cat.png' }));
    await c.s3.send(new s3.GetObjectCommand({ Bucket: 'media-in', Key: 'uploads/cat.png' }));
    await c.s3.send(new s3.PutObjectCommand({ Bucket: 'media-out', Key: 'thumbs/cat.png', Body: 'png' }));
    await c.s3.send(
      new s3.CopyObjectCommand({
        Bucket: 'media-archive',
        Key: '2026/cat.png',
        CopySource: 'media-in/uploads/cat.png',
      }),
    );
    await c.s3.send(
      new s3.DeleteObjectsCommand({ Bucket: 'media-in', Delete: { Objects: [{ Key: 'uploads/cat.png' }] } }),
    );
    await c.s3.send(new s3.ListObjectsV2Command({ Bucket: 'media-in', Prefix: 'uploads/' }));
    await c.s3.send(new s3.ListObjectsCommand({ Bucket: 'media-in' }));
    await c.s3.send(new s3.HeadBucketCommand({ Bucket: 'media-out' }));
    await c.s3.send(new s3.ListBucketsCommand({}));
  },
  async ({ c, traced }) => {
    await traced('## uploadVideo', async () => {
      const up = { Bucket: 'media-out', Key: 'videos/clip.mp4' };
      const { UploadId } = await c.s3.send(new s3.CreateMultipartUploadCommand(up));
      await c.s3.send(new s3.UploadPartCommand({ ...up, UploadId, PartNumber: 1, Body: 'part' }));
      await c.s3.send(
        new s3.UploadPartCopyCommand({
          ...up,
          UploadId,
          PartNumber: 2,
          CopySource: 'media-in/uploads/clip.mp4?versionId=3',
        }),
      );
      await c.s3.send(
        new s3.CompleteMultipartUploadCommand({
          ...up,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e"' }] },
        }),
      );
    });
    await c.s3.send(
      new s3.AbortMultipartUploadCommand({ Bucket: 'media-out', Key: 'videos/broken.mp4', UploadId: 'u-2' }),
    );
    await c.s3.send(
      new s3.HeadObjectCommand({ Bucket: 'media-in', Key: 'uploads/cat.png', VersionId: 'v7' }),
    );
    await c.s3.send(new s3.GetObjectCommand({ Bucket: 'media-in', Key: 'uploads/cat.png', VersionId: 'v7' }));
    await c.s3.send(new s3.DeleteObjectCommand({ Bucket: 'media-in', Key: 'uploads/old.png' }));
  },
  async ({ c, fail }) => {
    fail(DENIED_S3);
    await swallow(c.s3.send(new s3.GetObjectCommand({ Bucket: 'media-private', Key: 'secret.txt' })));
    fail(DENIED_S3); // HEAD: no body, the SDK only sees the 403
    await swallow(c.s3.send(new s3.HeadObjectCommand({ Bucket: 'media-private', Key: 'secret.txt' })));
    fail({ status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' });
    await swallow(
      c.s3.send(new s3.PutObjectCommand({ Bucket: 'media-out', Key: 'thumbs/dog.png', Body: 'png' })),
    );
    await c.s3.send(new s3.ListObjectsV2Command({ Bucket: 'media-out' }));
  },
];

/** DynamoDB: item, batch (several tables), index, transaction and PartiQL calls. */
export const ordersApi: Handler[] = [
  async ({ c }) => {
    const Key = { orderId: S('o-1') };
    await c.ddb.send(new ddb.GetItemCommand({ TableName: 'orders', Key }));
    await c.ddb.send(new ddb.PutItemCommand({ TableName: 'orders', Item: { ...Key, total: { N: '12' } } }));
    await c.ddb.send(
      new ddb.UpdateItemCommand({
        TableName: 'orders',
        Key,
        UpdateExpression: 'SET paid = :t',
        ExpressionAttributeValues: { ':t': { BOOL: true } },
      }),
    );
    await c.ddb.send(new ddb.DeleteItemCommand({ TableName: 'orders', Key }));
    await c.ddb.send(
      new ddb.QueryCommand({
        TableName: 'orders',
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': S('c-1') },
      }),
    );
    await c.ddb.send(new ddb.ScanCommand({ TableName: 'orders', Limit: 10 }));
    await c.ddb.send(
      new ddb.BatchWriteItemCommand({
        RequestItems: {
          orders: [{ PutRequest: { Item: Key } }],
          'order-lines': [{ DeleteRequest: { Key: { lineId: S('l-1') } } }],
        },
      }),
    );
    await c.ddb.send(
      new ddb.BatchGetItemCommand({
        RequestItems: { orders: { Keys: [Key] }, customers: { Keys: [{ customerId: S('c-1') }] } },
      }),
    );
  },
  async ({ c }) => {
    await c.ddb.send(
      new ddb.TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { orderId: S('o-2') } } },
          {
            ConditionCheck: {
              TableName: 'customers',
              Key: { customerId: S('c-1') },
              ConditionExpression: 'attribute_exists(customerId)',
            },
          },
        ],
      }),
    );
    await c.ddb.send(
      new ddb.TransactGetItemsCommand({
        TransactItems: [{ Get: { TableName: 'orders', Key: { orderId: S('o-2') } } }],
      }),
    );
    await c.ddb.send(
      new ddb.ExecuteStatementCommand({
        Statement: 'SELECT * FROM "orders" WHERE orderId = ?',
        Parameters: [S('o-2')],
      }),
    );
    await c.ddb.send(new ddb.DescribeEndpointsCommand({}));
  },
  async ({ c, fail, traced }) => {
    fail({
      status: 400,
      code: 'ProvisionedThroughputExceededException',
      message: 'The level of configured provisioned throughput for the table was exceeded.',
    });
    await swallow(c.ddb.send(new ddb.PutItemCommand({ TableName: 'orders', Item: { orderId: S('o-3') } })));
    fail(DENIED_JSON);
    await swallow(c.ddb.send(new ddb.DeleteItemCommand({ TableName: 'audit', Key: { id: S('a-1') } })));
    fail({ status: 500, code: 'InternalServerError', message: 'Internal server error' });
    await swallow(
      c.ddb.send(
        new ddb.QueryCommand({
          TableName: 'orders',
          KeyConditionExpression: 'orderId = :o',
          ExpressionAttributeValues: { ':o': S('o-1') },
        }),
      ),
    );
    await traced('## loadOrder', () =>
      traced('## cache miss', () =>
        c.ddb.send(new ddb.GetItemCommand({ TableName: 'orders', Key: { orderId: S('o-1') } })),
      ),
    );
  },
];

/** SQS and SNS batches, Lambda invocations, a denial and a throttle. */
export const fanout: Handler[] = [
  async ({ c }) => {
    await c.sqs.send(new sqs.GetQueueUrlCommand({ QueueName: 'fixture-jobs' }));
    await c.sqs.send(new sqs.SendMessageCommand({ QueueUrl: QUEUE, MessageBody: 'job-1' }));
    await c.sqs.send(
      new sqs.SendMessageBatchCommand({
        QueueUrl: QUEUE,
        Entries: [
          { Id: 'a', MessageBody: 'job-2' },
          { Id: 'b', MessageBody: 'job-3' },
        ],
      }),
    );
    await c.sqs.send(new sqs.ReceiveMessageCommand({ QueueUrl: QUEUE, MaxNumberOfMessages: 1 }));
    await c.sqs.send(new sqs.DeleteMessageCommand({ QueueUrl: QUEUE, ReceiptHandle: 'rh-1' }));
    await c.sqs.send(
      new sqs.DeleteMessageBatchCommand({ QueueUrl: QUEUE, Entries: [{ Id: 'a', ReceiptHandle: 'rh-2' }] }),
    );
    await c.sqs.send(
      new sqs.ChangeMessageVisibilityBatchCommand({
        QueueUrl: QUEUE,
        Entries: [{ Id: 'a', ReceiptHandle: 'rh-3', VisibilityTimeout: 30 }],
      }),
    );
  },
  async ({ c, fail }) => {
    await c.sns.send(new sns.PublishCommand({ TopicArn: TOPIC, Message: 'order placed' }));
    await c.sns.send(
      new sns.PublishBatchCommand({
        TopicArn: TOPIC,
        PublishBatchRequestEntries: [
          { Id: '1', Message: 'a' },
          { Id: '2', Message: 'b' },
        ],
      }),
    );
    fail({
      status: 403,
      code: 'AuthorizationError',
      message: 'User is not authorized to perform: SNS:Publish',
    });
    await swallow(
      c.sns.send(
        new sns.PublishCommand({
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:fixture-admin-alerts',
          Message: 'x',
        }),
      ),
    );
  },
  async ({ c, fail }) => {
    await c.lambda.send(
      new lambda.InvokeCommand({
        FunctionName: 'fixture-worker',
        Qualifier: 'live',
        Payload: Buffer.from('{}'),
      }),
    );
    await c.lambda.send(
      new lambda.InvokeAsyncCommand({ FunctionName: 'fixture-worker', InvokeArgs: Buffer.from('{}') }),
    );
    fail({ status: 429, code: 'TooManyRequestsException', message: 'Rate Exceeded.' });
    await swallow(
      c.lambda.send(new lambda.InvokeCommand({ FunctionName: 'fixture-worker', InvocationType: 'Event' })),
    );
    fail({
      status: 403,
      code: 'AccessDeniedException',
      message: 'not authorized to perform: lambda:InvokeFunction',
    });
    await swallow(
      c.lambda.send(
        new lambda.InvokeCommand({
          FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:fixture-billing',
        }),
      ),
    );
  },
];

/** Services whose calls carry no resource in X-Ray: STS, Secrets Manager, KMS. */
export const secrets: Handler[] = [
  async ({ c, fail }) => {
    await c.sts.send(new sts.GetCallerIdentityCommand({}));
    await c.sm.send(new sm.GetSecretValueCommand({ SecretId: 'prod/notes/db' }));
    const blob = Buffer.from('fixture-ciphertext');
    await c.kms.send(new kms.DecryptCommand({ CiphertextBlob: blob }));
    await c.kms.send(new kms.ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: 'alias/app' }));
    await c.kms.send(new kms.GenerateDataKeyCommand({ KeyId: 'alias/app', KeySpec: 'AES_256' }));
    fail(DENIED_JSON);
    await swallow(c.kms.send(new kms.DecryptCommand({ CiphertextBlob: blob, KeyId: 'alias/other-team' })));
  },
];

/** A container service (not Lambda): polls a queue and writes orders. */
export const ordersWorker: Handler[] = [
  async ({ c }) => {
    await c.sqs.send(new sqs.ReceiveMessageCommand({ QueueUrl: QUEUE, WaitTimeSeconds: 1 }));
    await c.ddb.send(new ddb.PutItemCommand({ TableName: 'orders', Item: { orderId: S('o-9') } }));
    await c.sqs.send(new sqs.DeleteMessageCommand({ QueueUrl: QUEUE, ReceiptHandle: 'rh-9' }));
  },
];

// The bundled demo's notes app (TEAM.md "Demo account"): one handler per function.
const notesKey = (i: number) => ({ userId: S(`u-${(i % 3) + 1}`), noteId: S(`n-${i + 1}`) });
const attachment = (i: number) => `private/u-${(i % 3) + 1}/note-${i + 1}.png`;
const BUCKET = 'notes-app-attachments-prod';

export const notesApp: Record<string, Handler> = {
  create: async ({ c, fail, traced }, i) => {
    await traced('## createNote', async () => {
      if (i === 5) {
        fail({
          status: 400,
          code: 'ProvisionedThroughputExceededException',
          message: 'Throughput exceeds the current capacity of your table or index.',
        });
        await swallow(c.ddb.send(new ddb.PutItemCommand({ TableName: 'notes', Item: notesKey(i) })));
      }
      await c.ddb.send(
        new ddb.PutItemCommand({ TableName: 'notes', Item: { ...notesKey(i), content: S('hello') } }),
      );
      await c.s3.send(new s3.PutObjectCommand({ Bucket: BUCKET, Key: attachment(i), Body: 'png' }));
    });
  },
  get: async ({ c }, i) => {
    await c.ddb.send(new ddb.GetItemCommand({ TableName: 'notes', Key: notesKey(i) }));
    await c.s3.send(new s3.HeadObjectCommand({ Bucket: BUCKET, Key: attachment(i) }));
    await c.s3.send(new s3.GetObjectCommand({ Bucket: BUCKET, Key: attachment(i) }));
  },
  list: async ({ c }, i) => {
    await c.ddb.send(
      new ddb.QueryCommand({
        TableName: 'notes',
        IndexName: 'userId-index',
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': S(`u-${(i % 3) + 1}`) },
      }),
    );
  },
  update: async ({ c }, i) => {
    await c.ddb.send(
      new ddb.UpdateItemCommand({
        TableName: 'notes',
        Key: notesKey(i),
        UpdateExpression: 'SET content = :c',
        ExpressionAttributeValues: { ':c': S('edited') },
      }),
    );
    await c.s3.send(new s3.PutObjectCommand({ Bucket: BUCKET, Key: attachment(i), Body: 'png' }));
  },
  delete: async ({ c }, i) => {
    await c.ddb.send(new ddb.DeleteItemCommand({ TableName: 'notes', Key: notesKey(i) }));
    await c.s3.send(new s3.DeleteObjectCommand({ Bucket: BUCKET, Key: attachment(i) }));
  },
};
