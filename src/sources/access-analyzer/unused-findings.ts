// Access Analyzer unused-access findings (`aws accessanalyzer get-finding-v2` output:
// one object, a JSON array of them, or JSON lines) → evidence that marks actions
// unused. A finding without an action list means the whole service went unused.
import { inputError } from '../../core/errors.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, EvidenceInput } from '../../core/types.js';
import { describeJson, isObject, readJsonDocuments } from '../iam/read-json.js';
import {
  isSameRole,
  isoOrUndefined,
  mapAction,
  readEachFile,
  type AccessAnalyzerReadOptions,
} from './common.js';

const EXPECTED =
  'aws accessanalyzer get-finding-v2 output (an object with findingDetails), a JSON array of them, or JSON lines';

/** Action names may come bare (`GetItem`) or prefixed (`dynamodb:GetItem`). */
function qualified(namespace: string, action: string): string {
  return action.includes(':') ? action : `${namespace}:${action}`;
}

function evidenceOfDetail(detail: Record<string, unknown>, id: string | undefined): EvidenceInput[] {
  const d = isObject(detail.unusedPermissionDetails) ? detail.unusedPermissionDetails : undefined;
  if (!d || typeof d.serviceNamespace !== 'string') return [];
  const ns = d.serviceNamespace.toLowerCase();
  const samples = id ? [id] : [];
  const actions = Array.isArray(d.actions) ? d.actions.filter(isObject) : [];
  if (actions.length === 0) {
    const lastAccessed = isoOrUndefined(d.lastAccessed);
    return [{ source: 'unused-findings', action: `${ns}:*`, count: 0, unused: true, samples, lastAccessed }];
  }
  return actions
    .filter((a) => typeof a.action === 'string')
    .map((a) => ({
      source: 'unused-findings' as const,
      ...mapAction(qualified(ns, a.action as string)),
      count: 0,
      unused: true,
      samples,
      lastAccessed: isoOrUndefined(a.lastAccessed),
    }));
}

/** The pure part: parsed findings → evidence for the role; the rest is counted in warnings. */
export function evidenceFromFindings(
  docs: unknown[],
  where: string,
  opts: AccessAnalyzerReadOptions,
): EvidenceInput[] {
  const out: EvidenceInput[] = [];
  let otherPrincipals = 0;
  let closed = 0;
  for (const doc of docs) {
    if (isObject(doc) && Array.isArray(doc.findings)) {
      throw inputError(
        where,
        'is list-findings-v2 output, which names findings but holds no details',
        'Run aws accessanalyzer get-finding-v2 --analyzer-arn ARN --id ID for each finding and pass that output.',
      );
    }
    if (!isObject(doc) || !Array.isArray(doc.findingDetails)) {
      throw inputError(
        where,
        `holds ${describeJson(doc)}, not get-finding-v2 output`,
        `Expected ${EXPECTED}.`,
      );
    }
    const resource = typeof doc.resource === 'string' ? doc.resource : undefined;
    if (!isSameRole(opts.role, resource)) {
      otherPrincipals++;
      continue;
    }
    if (doc.status === 'ARCHIVED' || doc.status === 'RESOLVED') {
      closed++;
      continue;
    }
    const id = typeof doc.id === 'string' ? doc.id : undefined;
    if (doc.findingType === 'UnusedIAMRole') {
      const last = doc.findingDetails
        .filter(isObject)
        .map((d) => d.unusedIamRoleDetails)
        .find(isObject);
      const when = isoOrUndefined(last?.lastAccessed);
      opts.onWarning?.(
        safeLine(`${where}: the role itself is reported unused${when ? ` (last used ${when})` : ''}`),
      );
      continue;
    }
    for (const detail of doc.findingDetails.filter(isObject)) out.push(...evidenceOfDetail(detail, id));
  }
  if (otherPrincipals)
    opts.onWarning?.(`${where}: ${otherPrincipals} finding(s) for other resources skipped`);
  if (closed) opts.onWarning?.(`${where}: ${closed} archived or resolved finding(s) skipped`);
  return out;
}

export async function readUnusedFindings(
  paths: string[],
  opts: AccessAnalyzerReadOptions,
): Promise<Evidence[]> {
  return readEachFile(
    paths,
    opts,
    { id: 'unused-findings', label: 'Access Analyzer unused-access findings' },
    async (path) => evidenceFromFindings(await readJsonDocuments(path, EXPECTED), path, opts),
  );
}
