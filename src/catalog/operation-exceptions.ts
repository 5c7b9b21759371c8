// API operations whose IAM action is not `prefix:Operation` (AWS-REFERENCE.md, "From
// API calls to IAM actions"). Data, not code: one row per operation, keyed by IAM
// prefix and the operation in lowercase. Everything not listed maps to itself when
// the catalogue has that action.

/** Which of a call's resources an action applies to. */
export type ActionTarget = 'target' | 'copySource';

export interface ExceptionAction {
  action: string;
  on?: ActionTarget;
}

export interface ExceptionRule {
  actions: (string | ExceptionAction)[];
  note?: string;
  /** The call needs no IAM permission at all. */
  noPermissionNeeded?: boolean;
  /** DynamoDB PartiQL: the action depends on the statement verb. */
  partiql?: boolean;
}

const TRANSACT_WRITE_NOTE =
  'TransactWriteItems: X-Ray and CloudTrail do not say which item operations the transaction held, so this is the superset PutItem, UpdateItem, DeleteItem, ConditionCheckItem: reject the ones the code does not use.';

export const PARTIQL_UNKNOWN_NOTE =
  'PartiQL statement not recorded: all four PartiQL actions are listed; keep only the verbs the code runs.';

/** PartiQL statement verb → action. */
export const PARTIQL_ACTIONS: Record<string, string> = {
  select: 'dynamodb:PartiQLSelect',
  insert: 'dynamodb:PartiQLInsert',
  update: 'dynamodb:PartiQLUpdate',
  delete: 'dynamodb:PartiQLDelete',
};

const s3 = (action: string): ExceptionRule => ({ actions: [`s3:${action}`] });
const copy: ExceptionRule = {
  actions: ['s3:PutObject', { action: 's3:GetObject', on: 'copySource' }],
};
const none = (note: string): ExceptionRule => ({ actions: [], noPermissionNeeded: true, note });

export const OPERATION_EXCEPTIONS: Record<string, Record<string, ExceptionRule>> = {
  s3: {
    headobject: s3('GetObject'),
    selectobjectcontent: s3('GetObject'),
    headbucket: s3('ListBucket'),
    listobjects: s3('ListBucket'),
    listobjectsv2: s3('ListBucket'),
    listbuckets: s3('ListAllMyBuckets'),
    listobjectversions: s3('ListBucketVersions'),
    listmultipartuploads: s3('ListBucketMultipartUploads'),
    listparts: s3('ListMultipartUploadParts'),
    copyobject: copy,
    uploadpartcopy: copy,
    createmultipartupload: s3('PutObject'),
    uploadpart: s3('PutObject'),
    completemultipartupload: s3('PutObject'),
    deleteobjects: s3('DeleteObject'),
    setobjecttagging: s3('PutObjectTagging'), // Java v1 name
    getbucketlifecycle: s3('GetLifecycleConfiguration'),
    getbucketlifecycleconfiguration: s3('GetLifecycleConfiguration'),
    putbucketlifecycle: s3('PutLifecycleConfiguration'),
    putbucketlifecycleconfiguration: s3('PutLifecycleConfiguration'),
    deletebucketlifecycle: s3('PutLifecycleConfiguration'),
    getbucketnotificationconfiguration: s3('GetBucketNotification'),
    putbucketnotificationconfiguration: s3('PutBucketNotification'),
    getbucketencryption: s3('GetEncryptionConfiguration'),
    putbucketencryption: s3('PutEncryptionConfiguration'),
    deletebucketencryption: s3('PutEncryptionConfiguration'),
    deletebuckettagging: s3('PutBucketTagging'),
    deletebucketcors: s3('PutBucketCORS'),
    getbucketreplication: s3('GetReplicationConfiguration'),
    putbucketreplication: s3('PutReplicationConfiguration'),
    deletebucketreplication: s3('PutReplicationConfiguration'),
    getbucketanalyticsconfiguration: s3('GetAnalyticsConfiguration'),
    listbucketanalyticsconfigurations: s3('GetAnalyticsConfiguration'),
    putbucketanalyticsconfiguration: s3('PutAnalyticsConfiguration'),
    deletebucketanalyticsconfiguration: s3('PutAnalyticsConfiguration'),
    getbucketinventoryconfiguration: s3('GetInventoryConfiguration'),
    listbucketinventoryconfigurations: s3('GetInventoryConfiguration'),
    putbucketinventoryconfiguration: s3('PutInventoryConfiguration'),
    deletebucketinventoryconfiguration: s3('PutInventoryConfiguration'),
    getbucketmetricsconfiguration: s3('GetMetricsConfiguration'),
    listbucketmetricsconfigurations: s3('GetMetricsConfiguration'),
    putbucketmetricsconfiguration: s3('PutMetricsConfiguration'),
    deletebucketmetricsconfiguration: s3('PutMetricsConfiguration'),
    getbucketintelligenttieringconfiguration: s3('GetIntelligentTieringConfiguration'),
    listbucketintelligenttieringconfigurations: s3('GetIntelligentTieringConfiguration'),
    putbucketintelligenttieringconfiguration: s3('PutIntelligentTieringConfiguration'),
    deletebucketintelligenttieringconfiguration: s3('PutIntelligentTieringConfiguration'),
    getbucketaccelerateconfiguration: s3('GetAccelerateConfiguration'),
    putbucketaccelerateconfiguration: s3('PutAccelerateConfiguration'),
    getpublicaccessblock: s3('GetBucketPublicAccessBlock'),
    putpublicaccessblock: s3('PutBucketPublicAccessBlock'),
    deletepublicaccessblock: s3('PutBucketPublicAccessBlock'),
    deletebucketownershipcontrols: s3('PutBucketOwnershipControls'),
    getobjectlockconfiguration: s3('GetBucketObjectLockConfiguration'),
    putobjectlockconfiguration: s3('PutBucketObjectLockConfiguration'),
  },
  sqs: {
    sendmessagebatch: { actions: ['sqs:SendMessage'] },
    deletemessagebatch: { actions: ['sqs:DeleteMessage'] },
    changemessagevisibilitybatch: { actions: ['sqs:ChangeMessageVisibility'] },
  },
  sns: {
    publishbatch: { actions: ['sns:Publish'] },
  },
  lambda: {
    invoke: { actions: ['lambda:InvokeFunction'] },
    invokeasync: { actions: ['lambda:InvokeFunction'] },
    invokewithresponsestream: { actions: ['lambda:InvokeFunction'] },
  },
  dynamodb: {
    transactwriteitems: {
      actions: [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ],
      note: TRANSACT_WRITE_NOTE,
    },
    transactgetitems: { actions: ['dynamodb:GetItem'] },
    executestatement: { actions: [], partiql: true },
    batchexecutestatement: { actions: [], partiql: true },
    executetransaction: { actions: [], partiql: true },
    describeendpoints: none('DynamoDB endpoint discovery needs no IAM permission.'),
  },
  kms: {
    reencrypt: { actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
  },
  sts: {
    getcalleridentity: none('sts:GetCallerIdentity needs no IAM permission and cannot be denied.'),
    getsessiontoken: none('sts:GetSessionToken needs no IAM permission.'),
  },
};

/**
 * With a version id, these object actions are checked as their `...Version...`
 * counterpart (GetObject with VersionId needs s3:GetObjectVersion).
 */
export const VERSIONED_ACTIONS: Record<string, string> = {
  's3:GetObject': 's3:GetObjectVersion',
  's3:DeleteObject': 's3:DeleteObjectVersion',
  's3:GetObjectAcl': 's3:GetObjectVersionAcl',
  's3:PutObjectAcl': 's3:PutObjectVersionAcl',
  's3:GetObjectTagging': 's3:GetObjectVersionTagging',
  's3:PutObjectTagging': 's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging': 's3:DeleteObjectVersionTagging',
  's3:GetObjectAttributes': 's3:GetObjectVersionAttributes',
  's3:GetObjectTorrent': 's3:GetObjectVersionTorrent',
};
