// Reviewed overrides for the operation-parameter table: what name matching cannot
// decide. Each entry cites the documentation it follows. A path is a camelCase member
// path as CloudTrail logs it (`entries[].eventBusName`); `=value` is a constant used
// when the call names nothing else.

export interface ParamOverride {
  /** IAM prefix. */
  service: string;
  /** API operation name. */
  operation: string;
  /** ARN template variable (`TrailName`, `Account`). */
  variable: string;
  paths: string[];
}

export const OVERRIDES: ParamOverride[] = [
  // Systems Manager: GetParametersByPath is authorised on the parameter ARN of the path
  // (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html).
  {
    service: 'ssm',
    operation: 'GetParametersByPath',
    variable: 'ParameterNameWithoutLeadingSlash',
    paths: ['path'],
  },
  // EventBridge PutEvents: an entry without EventBusName goes to the account's `default`
  // bus (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
  {
    service: 'events',
    operation: 'PutEvents',
    variable: 'EventBusName',
    paths: ['entries[].eventBusName', '=default'],
  },
  // Rules on the default bus when EventBusName is omitted (API_PutRule.html: "If you omit
  // this, the default event bus is used"); the rule ARN then has no bus segment.
  // SES v1 SendEmail / SendRawEmail are authorised on the identity of `Source`
  // (https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html).
  { service: 'ses', operation: 'SendEmail', variable: 'IdentityName', paths: ['source'] },
  { service: 'ses', operation: 'SendRawEmail', variable: 'IdentityName', paths: ['source'] },
  { service: 'ses', operation: 'SendTemplatedEmail', variable: 'IdentityName', paths: ['source'] },
  { service: 'ses', operation: 'SendBulkTemplatedEmail', variable: 'IdentityName', paths: ['source'] },
  // SES v2 SendEmail: the identity of `FromEmailAddress`
  // (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html).
  { service: 'ses', operation: 'SendEmail', variable: 'IdentityName', paths: ['fromEmailAddress'] },
  // EC2's query protocol logs security groups as `groupId` / `groupSet.items[].groupId`
  // and key pairs as `keyName` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html).
  {
    service: 'ec2',
    operation: 'RunInstances',
    variable: 'SecurityGroupId',
    paths: ['groupSet.items[].groupId', 'networkInterfaceSet.items[].groupSet.items[].groupId'],
  },
  { service: 'ec2', operation: 'RunInstances', variable: 'ImageId', paths: ['instancesSet.items[].imageId'] },
  {
    service: 'ec2',
    operation: 'RunInstances',
    variable: 'SubnetId',
    paths: ['networkInterfaceSet.items[].subnetId'],
  },
  {
    service: 'ec2',
    operation: 'RunInstances',
    variable: 'KeyPairName',
    paths: ['keyName', 'instancesSet.items[].keyName'],
  },
  {
    service: 'ec2',
    operation: 'CreateNetworkInterface',
    variable: 'SecurityGroupId',
    paths: ['groupSet.items[].groupId'],
  },
  // KMS alias calls name the alias by `AliasName` (`alias/x`) and its key by `TargetKeyId`
  // (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html: both the
  // alias and the key are authorised).
  { service: 'kms', operation: 'CreateAlias', variable: 'Alias', paths: ['aliasName'] },
  { service: 'kms', operation: 'CreateAlias', variable: 'KeyId', paths: ['targetKeyId'] },
  { service: 'kms', operation: 'UpdateAlias', variable: 'Alias', paths: ['aliasName'] },
  { service: 'kms', operation: 'UpdateAlias', variable: 'KeyId', paths: ['targetKeyId'] },
  { service: 'kms', operation: 'DeleteAlias', variable: 'Alias', paths: ['aliasName'] },
  // Bedrock runtime: `modelId` is the model (a foundation model id, or the ARN of a profile,
  // provisioned or imported model; https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html).
  ...['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'].map((operation) => ({
    service: 'bedrock',
    operation,
    variable: 'ResourceId',
    paths: ['modelId'],
  })),
  // Secrets Manager CreateSecret names the new secret by `Name`; its ARN is NAME-?????? (the
  // six random characters are made by the call; API_CreateSecret.html, "Name").
  { service: 'secretsmanager', operation: 'CreateSecret', variable: 'SecretId', paths: ['name'] },
  // ECR: `registryId` is the account that owns the repository
  // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
  // SQS GetQueueUrl: `QueueOwnerAWSAccountId` names the queue's account
  // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html).
  { service: 'sqs', operation: 'GetQueueUrl', variable: 'Account', paths: ['queueOwnerAWSAccountId'] },
  // CloudFormation stack ARNs end in a generated id; DescribeStacks and friends name the
  // stack by `stackName` (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
];

/** Member names that name the account owning the resource, for the `Account` variable. */
export const ACCOUNT_MEMBERS = ['registryId', 'queueOwnerAWSAccountId', 'catalogId', 'awsAccountId'];
