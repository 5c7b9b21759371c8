// The data model shared by every stage (DESIGN.md, "Data model"). Zod schemas are
// the source of truth so sessions can validate what they load.
import type { SourceStatus } from './source-status.js';
import { z } from 'zod';
import type { Evaluation, PolicyProblem } from './evaluate.js';

export const SOURCE_IDS = [
  'xray',
  'cloudtrail',
  'access-analyzer',
  'unused-findings',
  'access-advisor',
  'current-policy',
  'csm',
  'iamlive',
  'lambda-config',
] as const;
export const SourceIdSchema = z.enum(SOURCE_IDS);
export type SourceId = z.infer<typeof SourceIdSchema>;

/** Short badges shown in the review list and reports. */
export const SOURCE_BADGES: Record<SourceId, string> = {
  xray: 'XR',
  cloudtrail: 'CT',
  'access-analyzer': 'AA',
  'unused-findings': 'UF',
  'access-advisor': 'AD',
  'current-policy': 'IAM',
  csm: 'CSM',
  iamlive: 'IL',
  'lambda-config': 'FN',
};

/**
 * One observation of an action by one source. Readers emit these (one per call or
 * already aggregated); `aggregateEvidence` folds them per (source, action, resource).
 */
export const EvidenceSchema = z.object({
  source: SourceIdSchema,
  /** `service:Action` in catalogue casing; for unmapped calls the raw `service:Operation`. */
  action: z.string(),
  /** True when the call maps to no catalogue action: shown as unmapped, never emitted. */
  unmapped: z.boolean().optional(),
  /** The raw service and operation as the source named them (X-Ray/CloudTrail). */
  raw: z.object({ service: z.string(), operation: z.string() }).optional(),
  /** A concrete ARN, an ARN template with `${Placeholder}`s, or `*`. */
  resource: z.string().optional(),
  region: z.string().optional(),
  account: z.string().optional(),
  /** Calls that were authorized (succeeded, or failed for a reason other than access). */
  count: z.number().int().nonnegative(),
  /** Calls refused with AccessDenied / UnauthorizedOperation. */
  denied: z.number().int().nonnegative().default(0),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  /** A few trace ids / event ids / finding ids, for the paper trail. */
  samples: z.array(z.string()).default([]),
  /** The call needs no IAM permission (sts:GetCallerIdentity...). */
  noPermissionNeeded: z.boolean().optional(),
  /** Reported unused by this source (unused-access findings, Access Advisor). */
  unused: z.boolean().optional(),
  lastAccessed: z.string().optional(),
  /** A platform need: the function configuration fact that implies it (platform-needs.ts). */
  platform: z.string().optional(),
  /** Not observed but needed (iam:PassRole inferred from CreateFunction ...): why. */
  inferredReason: z.string().optional(),
  /** A KMS need of an S3 call with SSE-KMS: which call, bucket and key imply it (sse-kms.ts). */
  encryption: z.string().optional(),
  /** The AWS service that made the call with the role's credentials (CloudTrail `invokedBy`). */
  invokedBy: z.string().optional(),
  /** Access Analyzer service-level template: the user must choose actions. */
  serviceLevelOnly: z.boolean().optional(),
  /** Why the mapping is not one-to-one (TransactWriteItems superset, PartiQL verb unknown). */
  note: z.string().optional(),
  /**
   * ARNs the record itself named for this action (CloudTrail `resources[]`, request and
   * response ARNs; X-Ray ARNs), exactly as recorded, a few, sorted: the replay checks the
   * policy against them too, so a wrong derivation of `resource` shows (evidence-arns.ts).
   */
  arns: z.array(z.string()).optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
export type EvidenceInput = z.input<typeof EvidenceSchema>;

export const WindowSchema = z.object({ start: z.string(), end: z.string() });
export type TimeWindow = z.infer<typeof WindowSchema>;

export const RoleRefSchema = z.object({
  arn: z.string(),
  name: z.string(),
  account: z.string(),
  partition: z.string(),
});
export type RoleRef = z.infer<typeof RoleRefSchema>;

/** A policy attached to or embedded in a role, with its document already decoded. */
export const PolicyDocumentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]),
});
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

export const RolePolicySchema = z.object({
  kind: z.enum(['managed', 'inline']),
  name: z.string(),
  arn: z.string().optional(),
  document: PolicyDocumentSchema,
});
export type RolePolicy = z.infer<typeof RolePolicySchema>;

export const RoleDetailSchema = z.object({
  arn: z.string(),
  name: z.string(),
  path: z.string().default('/'),
  createDate: z.string().optional(),
  lastUsed: z.string().optional(),
  lastUsedRegion: z.string().optional(),
  policies: z.array(RolePolicySchema).default([]),
  /** Managed policies that are attached but whose documents we could not read. */
  attachedCount: z.number().int().nonnegative().optional(),
  /** Listed only (ListRoles): last use and policies are not known until the role is read. */
  listedOnly: z.boolean().optional(),
});
export type RoleDetail = z.infer<typeof RoleDetailSchema>;

export type ResourceKind = 'observed' | 'template' | 'wildcard';

export interface CandidateResource {
  arn: string;
  kind: ResourceKind;
  sources: SourceId[];
  count: number;
  denied: number;
  /** Named by a need of calls that were seen (SSE-KMS): kept like an observed resource. */
  needed?: boolean;
}

export interface EvidenceSummary {
  count: number;
  denied: number;
  firstSeen?: string;
  lastSeen?: string;
  samples: string[];
  unused?: boolean;
  lastAccessed?: string;
}

export interface RiskFlag {
  code: string;
  reason: string;
}

/** One row of the review: an action with everything known about it. */
export interface Candidate {
  action: string;
  service: string;
  accessLevel: string;
  unmapped: boolean;
  raw?: { service: string; operation: string }[];
  resources: CandidateResource[];
  evidence: Partial<Record<SourceId, EvidenceSummary>>;
  /** The role's current policies allow it. */
  granted: boolean;
  /** Seen only as AccessDenied: a suggestion, never pre-accepted. */
  deniedOnly: boolean;
  /** Granted but no source saw it used (for the record). */
  unused: boolean;
  /** The current grant judged as `compare` does (the review sets it; see grant-status.ts). */
  grant?: { status: 'used' | 'unused' | 'unknown'; reason: string; resourceExcess: boolean };
  /** Granted deliberately, no gathered source could see it: kept unless dropped (unverified.ts). */
  unverified?: { reason: string; verify: string; grantedBy: string[] };
  noPermissionNeeded: boolean;
  /** Platform needs: the configuration facts that imply it (badged `platform`, accepted). */
  platform?: string[];
  /** Inferred, not observed (iam:PassRole ...): the reason. */
  inferredReason?: string;
  /** KMS needs of S3 calls with SSE-KMS (badged `sse-kms`): which call and key imply it. */
  encryption?: string[];
  /** AWS services that made the calls with the role's credentials (CloudTrail `invokedBy`). */
  invokedBy?: string[];
  /** Why the mapping is what it is (a companion permission, a superset, a KMS alias): from the evidence. */
  notes?: string[];
  serviceLevelOnly: boolean;
  totalCount: number;
  totalDenied: number;
  lastSeen?: string;
  risks: RiskFlag[];
}

export interface PolicyStatementModel {
  sid: string;
  effect: 'Allow';
  actions: string[];
  resources: string[];
  service: string;
  /** What the user wrote for this statement (and per action), kept in every output. */
  rationale: string[];
  /** Different rationale texts its actions hold (2+): a regroup put them in one statement. */
  rationaleMerged?: number;
  /** One line: which sources saw these actions, how often, when. */
  evidenceSummary: string;
  placeholders: string[];
  risks: RiskFlag[];
}

export interface PolicyModel {
  role: RoleRef;
  window?: TimeWindow;
  sources: string[];
  statements: PolicyStatementModel[];
  generatedAt: string;
  toolVersion: string;
  /** Accepted actions left out of the policy (unmapped operations), with why. */
  skipped?: { action: string; reason: string }[];
  /** Statement rationales from an older session whose Sid matches no statement: kept, listed. */
  unattachedRationale?: { sid: string; text: string }[];
  /** The change against the role's current policies (when they are known). */
  change?: PolicyChange;
  /** Granted deliberately, seen by no source: kept (or dropped on purpose), and the `*` shares. */
  unverified?: UnverifiedSummary;
  /** Replay of the evidence and the AWS checks (src/core/replay.ts, src/aws/proof.ts), when run. */
  proof?: Proof;
  /** How each requested source ended (scan records it; partial runs are marked in every output). */
  sourceStatus?: SourceStatus[];
  /** Resources filled from placeholders: the replay checks them against the ARNs the records named. */
  filled?: FilledArn[];
  /** Suggestions still pending in the review (SSE-KMS, inferred, denied-only): listed, not granted. */
  suggested?: SuggestedAction[];
}

/** An action the tool suggests that the policy does not hold: why, and the evidence. */
export interface SuggestedAction {
  action: string;
  kind: 'sse-kms' | 'inferred' | 'denied-only';
  reason: string;
}

/** A resource whose `${Placeholders}` the user filled, and the accepted actions it serves. */
export interface FilledArn {
  template: string;
  arn: string;
  actions: string[];
}

// What the replay (src/core/replay.ts) and the online checks (src/aws/proof.ts) found: plain
// data here, so the policy model carries a Proof without importing the code that makes one.

/** One distinct (action, resource) the role was seen calling successfully. */
/** One distinct (action, resource) the role was seen calling successfully. */
export interface ObservedCall {
  action: string;
  resource?: string;
  sources: SourceId[];
  /** Successful requests, all sources together. */
  count: number;
  samples: string[];
  firstSeen?: string;
  lastSeen?: string;
  /** ARNs the evidence itself named for the call (evidence-arns.ts), checked as well. */
  arns: string[];
}

/**
 * `mapping-doubt`: the ARN the tool derived is allowed (or open), but an ARN the record
 * itself named is not: the derivation, and so the policy, may be wrong. Never counted as allowed.
 */
export type ReplayVerdict = 'allowed' | 'denied' | 'needs-placeholder' | 'mapping-doubt';

/** One ARN the evidence named, replayed as the literal ARN it is. */
export interface ArnCheck {
  arn: string;
  verdict: ReplayVerdict;
}

export interface ReplayedCall extends ObservedCall {
  verdict: ReplayVerdict;
  evaluation: Evaluation;
  /** `${...}` names that keep the answer open (the call's or the policy's). */
  placeholders: string[];
  /** The evidence's own ARNs and what the policy says on each. */
  arnChecks: ArnCheck[];
}

export interface ReplayGroup {
  action: string;
  calls: ReplayedCall[];
  count: number;
  sources: SourceId[];
}

export interface SkippedCall {
  action: string;
  reason: string;
  count: number;
}

export interface ReplayResult {
  /** Distinct (action, resource) calls replayed. */
  total: number;
  allowed: number;
  denied: number;
  needsPlaceholder: number;
  /** Calls whose own ARN (as the evidence named it) the policy does not allow. */
  doubts: number;
  /** Allowed only through statements with a Condition (not evaluated). */
  conditional: number;
  /** Successful requests behind the calls (the sum of their counts). */
  requests: number;
  calls: ReplayedCall[];
  /** The calls the policy would now deny, by action, with the evidence that saw them. */
  deniedGroups: ReplayGroup[];
  placeholderGroups: ReplayGroup[];
  doubtGroups: ReplayGroup[];
  /** Observed calls left out of the replay, with why (no permission needed, unmapped). */
  skipped: SkippedCall[];
  /** Parts of the policy the evaluator could not read. */
  problems: PolicyProblem[];
  /** Filled ARNs that match none of the resources the records named for an action (filled-check.ts). */
  filledMismatches?: FilledMismatch[];
}

/** A filled ARN the records contradict: they named other resources of its kind for `action`. */
export interface FilledMismatch {
  arn: string;
  template: string;
  /** The accepted actions on the filled ARN that the records contradict. */
  actions: string[];
  /** `action`: named for these actions; `role`: their records named none, so any call's. */
  namedFor: 'action' | 'role';
  /** The resource type (`stack`), '' when the ARN is a bare name. */
  kind: string;
  /** What the records named for the action, of that kind. */
  observed: string[];
}

/** An online check that ran, or why it did not. */
export type OnlineCheck<T> =
  | { state: 'done'; result: T }
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

export type AwsDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** iam:SimulateCustomPolicy over the same calls (placeholder calls are not sent). */
export interface SimulationResult {
  simulated: number;
  allowed: number;
  /** Calls AWS does not allow. */
  denied: { action: string; resource?: string; decision: AwsDecision }[];
  /** Calls where AWS and the local evaluator disagree. */
  disagreements: { action: string; resource?: string; local: ReplayVerdict; aws: AwsDecision }[];
  /** Context keys AWS needed and did not get (conditions). */
  missingContext: string[];
}

export type ValidationFindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** One Access Analyzer ValidatePolicy finding, its locations mapped to statements. */
export interface ValidationFinding {
  type: ValidationFindingType;
  issueCode: string;
  details: string;
  learnMoreLink?: string;
  /** 0-based statement indexes in the policy sent, and their Sids. */
  statements: number[];
  sids: string[];
}

export interface NoNewAccessResult {
  result: 'PASS' | 'FAIL';
  message?: string;
  reasons: { description: string; statementIndex?: number; sid?: string }[];
}

export interface OnlineProof {
  simulation: OnlineCheck<SimulationResult>;
  validation: OnlineCheck<ValidationFinding[]>;
  noNewAccess: OnlineCheck<NoNewAccessResult>;
}

/** Everything shown before save and written into the Markdown and Terraform outputs. */
export interface Proof {
  replay: ReplayResult;
  /** Absent when the run was offline. */
  online?: OnlineProof;
}

/** A grant no gathered source could observe, in the outputs (src/core/unverified.ts). */
export interface UnverifiedEntry {
  action: string;
  reason: string;
  verify: string;
  grantedBy: string[];
}

export interface UnverifiedSummary {
  /** Kept in the policy, marked unverified. */
  kept: UnverifiedEntry[];
  /** Not kept: rejected in the review or `--drop-unverified` (or left pending). */
  dropped: UnverifiedEntry[];
  /** Per service, the unknown actions only a bare `*` or a NotAction grants. */
  shares: { service: string; count: number; reason: string; verify: string; kept: boolean }[];
}

/** An action the new policy leaves out (or the user rejected), with the paper trail. */
export interface RemovedAction {
  action: string;
  /** The current policies that grant it (empty: not granted today). */
  grantedBy: string[];
  /** The evidence in one line, or why there is none. */
  evidence: string;
  /** The user's note on the action. */
  note?: string;
}

export interface PolicyChange {
  /** Granted today and in the new policy. */
  kept: string[];
  /** Granted today (by name, pattern or `*`), not in the new policy. */
  removed: RemovedAction[];
  /** In the new policy, not granted today (inferred, platform, accepted after a denial). */
  added: { action: string; why: string }[];
  /** Every action the user rejected, granted today or not. */
  rejected: RemovedAction[];
}
