// What both Access Analyzer readers share: options, principal matching, action names.
import { canonicalAction } from '../../catalog/catalog.js';
import { aggregateEvidence } from '../../core/aggregate.js';
import { roleRefFromArn } from '../../core/arn.js';
import type { ReadContext } from '../../core/progress.js';
import type { Evidence, EvidenceInput, RoleRef, SourceId } from '../../core/types.js';

export interface AccessAnalyzerReadOptions extends ReadContext {
  role: RoleRef;
  /** Things the user should know that do not stop the read (another principal's file, incomplete job). */
  onWarning?: (message: string) => void;
}

/**
 * Whether `arn` names the role. Access Analyzer writes the role ARN with its path,
 * `--role` may have been given without one: compare account and name.
 */
export function isSameRole(role: RoleRef, arn: string | undefined): boolean {
  if (!arn) return false;
  if (arn === role.arn) return true;
  const other = roleRefFromArn(arn);
  if (!other || other.name !== role.name) return false;
  return !role.account || !other.account || other.account === role.account;
}

/** `dynamodb:getitem` → catalogue casing, or the raw text flagged unmapped. */
export function mapAction(action: string): { action: string; unmapped?: true } {
  const known = canonicalAction(action);
  return known ? { action: known } : { action, unmapped: true };
}

/** `ec2:*`, `ec2:${Action}`: an entry naming a service but no action. */
export function isServiceLevel(action: string): boolean {
  const name = action.slice(action.indexOf(':') + 1);
  return action.includes(':') && (name === '*' || name.includes('${'));
}

export function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

export function isoOrUndefined(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const t = new Date(v).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Read each file in turn (stopping when cancelled), report files done, fold the evidence. */
export async function readEachFile(
  paths: string[],
  opts: AccessAnalyzerReadOptions,
  source: { id: SourceId; label: string },
  read: (path: string) => Promise<EvidenceInput[]>,
): Promise<Evidence[]> {
  const all: EvidenceInput[] = [];
  for (const [i, path] of paths.entries()) {
    if (opts.signal?.aborted) break;
    all.push(...(await read(path)));
    opts.onProgress?.({
      source: source.id,
      label: source.label,
      state: 'running',
      done: i + 1,
      total: paths.length,
      unit: 'files',
    });
  }
  return aggregateEvidence(all);
}
