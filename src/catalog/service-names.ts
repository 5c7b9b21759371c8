// Service names as X-Ray subsegments (and other sources) spell them → IAM prefixes.
// Node v3 writes the client name minus "Client" (`DynamoDB`, `SecretsManager`), Node v2
// the service identifier (`dynamodb`), Python the botocore endpoint prefix (`monitoring`,
// `email`), Java and OpenTelemetry-converted documents their own spellings (`DynamoDb`,
// `AmazonSQS`). Matching is case-insensitive and ignores punctuation.
import { serviceExists } from './catalog.js';

/**
 * Squashed name (lowercase, letters and digits only, `amazon`/`aws` prefix and
 * `client`/`service` suffix removed) → IAM prefix, for names that differ from the prefix.
 */
const ALIASES: Record<string, string> = {
  // Node v3 client names / SDK service ids
  eventbridge: 'events',
  cloudwatchevents: 'events',
  cloudwatchlogs: 'logs',
  sfn: 'states',
  stepfunctions: 'states',
  sesv2: 'ses',
  cognitoidentityprovider: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  cognitosync: 'cognito-sync',
  apigatewaymanagementapi: 'execute-api',
  apigatewayv2: 'apigateway',
  elasticloadbalancingv2: 'elasticloadbalancing',
  efs: 'elasticfilesystem',
  emr: 'elasticmapreduce',
  rdsdata: 'rds-data',
  dynamodbstreams: 'dynamodb',
  dynamodbv2: 'dynamodb',
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  sagemakerruntime: 'sagemaker',
  iotdataplane: 'iot',
  appconfigdata: 'appconfig',
  kinesisvideomedia: 'kinesisvideo',
  kinesisvideoarchivedmedia: 'kinesisvideo',
  lexruntimev2: 'lex',
  lexruntime: 'lex',
  lexmodelsv2: 'lex',
  pinpoint: 'mobiletargeting',
  marketplacemetering: 'aws-marketplace',
  costexplorer: 'ce',
  // botocore endpoint prefixes / CloudTrail event sources (AWS-REFERENCE.md)
  monitoring: 'cloudwatch',
  email: 'ses',
  amazonmq: 'mq',
  mq: 'mq',
  pricelist: 'pricing',
  migrationhub: 'mgh',
  qconnect: 'wisdom',
  opensearchservice: 'es',
  opensearch: 'es',
  elasticsearch: 'es',
  cloudcontrolapi: 'cloudformation',
  cloudcontrol: 'cloudformation',
  tagging: 'tag',
  resourcegroupstaggingapi: 'tag',
  streamsdynamodb: 'dynamodb',
  runtimesagemaker: 'sagemaker',
  dataiot: 'iot',
  modelslex: 'lex',
  runtimelex: 'lex',
  mturkrequester: 'mechanicalturk',
  appstream2: 'appstream',
  billingconsole: 'billing',
  contactlens: 'connect',
  participantconnect: 'connect',
  servicecatalogappregistry: 'servicecatalog',
  transcribestreaming: 'transcribe',
  // OpenTelemetry / Java v2 spellings that squash to something else
  secretsmanager: 'secretsmanager',
  xray: 'xray',
};

function squash(name: string): string {
  let s = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  s = s.replace(/^(amazon|aws)(?=.)/, '');
  s = s.replace(/(client|service)$/, '');
  return s;
}

/**
 * The IAM prefix for a service name as an X-Ray subsegment, SDK or endpoint spells it
 * (`DynamoDB`, `dynamodb`, `monitoring`, `AmazonSQS`, `EventBridge`), or undefined
 * when the name is no AWS service the catalogue knows.
 */
export function normaliseXrayService(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return undefined;
  const lower = trimmed.toLowerCase();
  // Exact IAM prefixes first: `rds-data`, `execute-api`, `cognito-idp` keep their dashes.
  if (serviceExists(lower)) return lower;
  // `dynamodb.amazonaws.com` (CloudTrail) or `s3.us-east-1.amazonaws.com` style hosts
  const host = /^([a-z0-9.-]+?)(?:\.[a-z]{2}(?:-gov)?-[a-z]+-\d)?\.amazonaws\.com(?:\.cn)?$/.exec(lower);
  if (host?.[1] && host[1] !== lower) return normaliseXrayService(host[1]);
  const key = squash(trimmed);
  const alias = ALIASES[key];
  if (alias) return alias;
  return serviceExists(key) ? key : undefined;
}
