// The fixture data a fake account serves: plain objects in (nearly) the real API
// shapes, so a test reads like the account it describes.
import type { FakeAthenaSettings } from './services/athena.js';
import type { FakeLogsSettings } from './services/logs.js';
import type { FakeLakeSettings } from './services/cloudtrail-lake.js';
import type { FakeProofSettings } from './services/proof.js';

export interface FakeRole {
  RoleName: string;
  Path?: string;
  RoleId?: string;
  CreateDate?: string;
  Description?: string;
  /** GetRole only, like AWS. */
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
  AssumeRolePolicyDocument?: object;
  /** GetRole only, like AWS. */
  Tags?: { Key: string; Value: string }[];
  attached?: { PolicyName: string; PolicyArn: string }[];
  /** Inline policies by name: the decoded documents (the fake URL-encodes them). */
  inline?: Record<string, object>;
}

export interface FakeManagedPolicy {
  PolicyName: string;
  DefaultVersionId?: string;
  document: object;
}

/** One entry of GetServiceLastAccessedDetails (ServicesLastAccessed[]). */
export interface FakeServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  TrackedActionsLastAccessed?: {
    ActionName: string;
    LastAccessedTime?: string;
    LastAccessedRegion?: string;
  }[];
}

export interface FakeLambdaFunction {
  FunctionName: string;
  FunctionArn: string;
  Role: string;
  Runtime?: string;
  /** ListFunctions' TracingConfig (default PassThrough, like AWS). */
  TracingConfig?: { Mode: 'Active' | 'PassThrough' };
  LoggingConfig?: { LogFormat?: string; LogGroup?: string };
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; VpcId: string };
  DeadLetterConfig?: { TargetArn: string };
  KMSKeyArn?: string;
  /** `$LATEST`, or a published version's number (its FunctionArn then ends in `:N`). */
  Version?: string;
}

/** An alias: GetFunctionConfiguration on it answers with the version it points to. */
export interface FakeLambdaAlias {
  AliasArn: string;
  FunctionVersion: string;
}

/** `ListEventSourceMappings` entries. */
export interface FakeEventSourceMapping {
  UUID: string;
  FunctionArn: string;
  EventSourceArn: string;
  State: string;
}

/** A trace: its segment documents as objects (the fake serialises `Document` as a JSON string). */
export interface FakeTrace {
  Id: string;
  segments: Record<string, unknown>[];
}

export interface FakeTrail {
  Name: string;
  TrailARN: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  HomeRegion?: string;
  CloudWatchLogsLogGroupArn?: string;
  /** GetTrailStatus (default true). */
  IsLogging?: boolean;
  /** GetEventSelectors: basic or advanced selectors (default: all management events). */
  EventSelectors?: Record<string, unknown>[];
  AdvancedEventSelectors?: Record<string, unknown>[];
  /** An organization trail seen from a member account: status and selectors are not found. */
  memberView?: boolean;
}

export interface FakeAnalyzer {
  arn: string;
  name: string;
  type: 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS' | 'ORGANIZATION_UNUSED_ACCESS';
  status?: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
}

export interface FakeFinding {
  analyzerArn: string;
  id: string;
  resource: string;
  resourceType?: string;
  findingType: 'UnusedPermission' | 'UnusedIAMRole' | 'UnusedIAMUserAccessKey' | 'UnusedIAMUserPassword';
  status?: 'ACTIVE' | 'ARCHIVED' | 'RESOLVED';
  findingDetails: Record<string, unknown>[];
}

/** What GetGeneratedPolicy returns for a principal once its job succeeds. */
export interface FakeGeneratedPolicy {
  /** Policy documents with `${...}` placeholders, as AWS writes them with includeResourcePlaceholders. */
  policies: object[];
  /** Extra statements added only with includeServiceLevelTemplate. */
  serviceLevelStatements?: object[];
  isComplete?: boolean;
}

export interface FakePolicyGenerationJob {
  jobId: string;
  principalArn: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';
  startedOn: string;
  completedOn?: string;
  window?: { startTime: string; endTime: string };
  trails?: { cloudTrailArn: string; allRegions?: boolean; regions?: string[] }[];
  /** GetGeneratedPolicy calls that still answer IN_PROGRESS. */
  pollsLeft?: number;
}

export interface Scenario {
  account: string;
  partition?: string;
  /** The identity GetCallerIdentity returns. */
  caller?: { arn: string; userId: string };
  /** Actions the caller's policy does not allow: SimulatePrincipalPolicy answers implicitDeny. */
  callerDenied?: string[];
  roles?: FakeRole[];
  managedPolicies?: Record<string, FakeManagedPolicy>;
  /** Access Advisor data by role ARN. */
  accessAdvisor?: Record<string, FakeServiceLastAccessed[]>;
  /** GetServiceLastAccessedDetails answers IN_PROGRESS this many times per job. */
  accessAdvisorPolls?: number;
  lambdaFunctions?: FakeLambdaFunction[];
  eventSourceMappings?: FakeEventSourceMapping[];
  /** Published versions (qualified FunctionArn), which ListFunctions leaves out by default. */
  lambdaVersions?: FakeLambdaFunction[];
  lambdaAliases?: FakeLambdaAlias[];
  traces?: FakeTrace[];
  /** CloudTrail records (the objects LookupEvents serialises into CloudTrailEvent). */
  events?: Record<string, unknown>[];
  trails?: FakeTrail[];
  /** S3 objects: bucket → key → bytes. */
  buckets?: Record<string, Record<string, Buffer>>;
  analyzers?: FakeAnalyzer[];
  findings?: FakeFinding[];
  generatedPolicies?: Record<string, FakeGeneratedPolicy>;
  policyGenerations?: FakePolicyGenerationJob[];
  /** GetGeneratedPolicy answers IN_PROGRESS this many times for a new job. */
  policyGenerationPolls?: number;
  /** Server-side page sizes (AWS's own, where the API has no MaxResults). */
  pageSizes?: { traceSummaries?: number };
  /** GetTraceSummaries rejects longer windows, like X-Ray's own limit. */
  maxTraceWindowHours?: number;
  /** Throttle LookupEvents beyond 2 calls in any second, like CloudTrail. */
  enforceLookupEventsRate?: boolean;
  /** SimulateCustomPolicy / ValidatePolicy / CheckNoNewAccess answers that differ from the defaults. */
  proof?: FakeProofSettings;
  /** Athena over `events` (services/athena.ts): polls before SUCCEEDED, or a failure. */
  athena?: FakeAthenaSettings;
  /** A CloudTrail Lake event data store over `events` (services/cloudtrail-lake.ts). */
  lake?: FakeLakeSettings;
  /** CloudTrail delivered to a CloudWatch Logs group, read with Logs Insights (services/logs.ts). */
  logs?: FakeLogsSettings;
  /**
   * Member accounts (services/organizations.ts): AssumeRole into one of them returns
   * credentials whose access key id encodes the account, and every later call signed with
   * them is answered from that account's scenario.
   */
  members?: Scenario[];
  /** ListAccounts: the organization's accounts (default: this account and the members, ACTIVE). */
  organizationAccounts?: { Id: string; Name: string; State?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' }[];
  /** AssumeRole into this account needs this external id (the role's trust condition). */
  externalId?: string;
}

export function partitionOf(s: Scenario): string {
  return s.partition ?? 'aws';
}

export function callerOf(s: Scenario): { arn: string; userId: string } {
  return (
    s.caller ?? {
      arn: `arn:${partitionOf(s)}:sts::${s.account}:assumed-role/iam-refine-operator/tester`,
      userId: 'AROAFAKEOPERATOR:tester',
    }
  );
}

/** `ASIA` + the 12-digit account + `FAKE`: the account an assumed session belongs to. */
export function memberAccessKeyId(account: string): string {
  return `ASIA${account}FAKE`;
}

/** The scenario that answers a request signed with this access key id. */
export function scenarioForKey(root: Scenario, accessKeyId: string): Scenario {
  const account = /^ASIA(\d{12})FAKE$/.exec(accessKeyId)?.[1];
  if (!account) return root;
  return (root.members ?? []).find((m) => m.account === account) ?? root;
}

export function roleArn(s: Scenario, role: FakeRole): string {
  return `arn:${partitionOf(s)}:iam::${s.account}:role${role.Path ?? '/'}${role.RoleName}`;
}
