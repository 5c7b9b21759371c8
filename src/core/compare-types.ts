// The compare report model: what `compareRole` returns and the JSON report holds.
import type { SourceStatusKind } from './source-status.js';
import type { ObservabilityHints } from './compare-observe.js';
import type { MissingEntry } from './compare-missing.js';
import type { PolicyExpansion } from './expand-policy.js';
import type { Evidence, RolePolicy, SourceId, TimeWindow } from './types.js';

export type FailOn = 'any' | 'write';

export interface CompareOptions {
  window?: TimeWindow;
  /** Sources that were gathered, including those that found nothing for this role. */
  sources?: SourceId[];
  hints?: ObservabilityHints;
  /** `write`: only excess at Write or Permissions management level fails the run. */
  failOn?: FailOn;
  /** Action patterns (`logs:*`, `xray:Put*`) of accepted exceptions. */
  ignore?: string[];
  /** Unknown grants count as excess too. */
  strict?: boolean;
  generatedAt?: string;
}

export interface CompareInput {
  role: { arn: string; name: string };
  /** The role's policies, or their expansion when the caller already has it. */
  policies?: RolePolicy[];
  expansion?: PolicyExpansion;
  evidence: Evidence[];
}

/** Where a grant comes from, as the report prints it. */
export interface GrantLocation {
  action: string;
  resource: string;
  notResource?: string[];
  policy: string;
  policyArn?: string;
  sid: string | null;
  statement: number;
  accessLevel: string;
  /** The statement has a Condition (not evaluated). */
  conditional?: true;
}

export interface ExcessEntry extends GrantLocation {
  /** unused: nobody used it (here); over-broad: used, on fewer resources; unknown: only with strict. */
  status: 'unused' | 'over-broad' | 'unknown';
  reason: string;
  sources: SourceId[];
  lastAccessed?: string;
  /** Where the action was used (resource-level entries). */
  usedResources?: string[];
  /** Counts toward exit code 3 (after --fail-on and --strict). */
  failing: boolean;
}

/**
 * Grants no source could observe, grouped by statement, resource and reason (an admin
 * role has tens of thousands; they are not excess, so they need not be one per line).
 */
export interface UnknownEntry extends Omit<GrantLocation, 'action' | 'accessLevel'> {
  actions: string[];
  reason: string;
}

export interface UsedEntry {
  action: string;
  accessLevel: string;
  sources: SourceId[];
  count: number;
  denied: number;
  lastSeen?: string;
  reason: string;
}

export interface ReportSource {
  source: SourceId;
  observations: number;
  covers: string;
  /** The same id, and how the source ended (recorded by the compare command; skipped: a sweep's, with why). */
  id?: SourceId;
  status?: SourceStatusKind | 'skipped';
  reason?: string;
  fix?: string;
}

export interface CompareSummary {
  grantedActions: number;
  used: number;
  unused: number;
  unknown: number;
  /** Excess entries (one per action and grant) and the distinct actions among them. */
  excess: number;
  excessActions: number;
  overBroad: number;
  failing: number;
  missing: number;
  ignored: number;
  /** Grants removed whole by a Deny statement. */
  deniedGrants: number;
  failOn: FailOn;
  strict: boolean;
  exitCode: 0 | 3;
}

export interface CompareReport {
  role: string;
  roleName: string;
  window: TimeWindow | null;
  generatedAt?: string;
  sources: ReportSource[];
  /** partial: a requested source was not ok and the report was written with --allow-partial. */
  status?: 'ok' | 'partial';
  excess: ExcessEntry[];
  unknown: UnknownEntry[];
  missing: MissingEntry[];
  ignored: ExcessEntry[];
  used: UsedEntry[];
  deniedBy: { policy: string; sid: string | null; statement: number; grants: number }[];
  notes: string[];
  summary: CompareSummary;
}
