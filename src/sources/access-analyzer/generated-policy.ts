// `aws accessanalyzer get-generated-policy` output → evidence. The policies are JSON
// strings; their `${...}` resource placeholders are kept as templates. Entries naming a
// service but no action (the service-level template: `svc:*` or `svc:${...}`; the exact
// shape AWS writes is unconfirmed) become serviceLevelOnly evidence the user must refine.
import { inputError } from '../../core/errors.js';
import { safeLine } from '../../core/sanitize.js';
import type { Evidence, EvidenceInput } from '../../core/types.js';
import { describeJson, isObject, readJsonFile } from '../iam/read-json.js';
import {
  isSameRole,
  isServiceLevel,
  isoOrUndefined,
  mapAction,
  serviceOf,
  readEachFile,
  type AccessAnalyzerReadOptions,
} from './common.js';

const EXPECTED =
  'the output of aws accessanalyzer get-generated-policy (a JSON object with generatedPolicyResult)';

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function statementsOf(policy: unknown, where: string): Record<string, unknown>[] {
  let doc = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch (e) {
      throw inputError(
        where,
        `holds a policy that is not valid JSON (${(e as Error).message})`,
        `Expected ${EXPECTED}.`,
      );
    }
  }
  if (!isObject(doc))
    throw inputError(where, 'holds a policy that is not a JSON object', `Expected ${EXPECTED}.`);
  const st = doc.Statement;
  return (Array.isArray(st) ? st : [st]).filter(isObject);
}

function evidenceOfStatement(st: Record<string, unknown>, jobId: string | undefined): EvidenceInput[] {
  if (st.Effect !== 'Allow') return [];
  const resources = strings(st.Resource);
  const samples = jobId ? [jobId] : [];
  const out: EvidenceInput[] = [];
  for (const action of strings(st.Action)) {
    if (isServiceLevel(action)) {
      out.push({
        source: 'access-analyzer',
        action: `${serviceOf(action)}:*`,
        count: 0,
        samples,
        serviceLevelOnly: true,
      });
      continue;
    }
    const mapped = mapAction(action);
    for (const resource of resources.length ? resources : ['*']) {
      // No call counts in a generated policy: 1 marks "seen in the window".
      out.push({ source: 'access-analyzer', ...mapped, resource, count: 1, samples });
    }
  }
  return out;
}

function overlaps(a: { start: string; end: string }, start?: string, end?: string): boolean {
  return !start || !end || (start <= a.end && end >= a.start);
}

/** The pure part: one parsed file → evidence. Other principals' results are skipped with a warning. */
export function evidenceFromGeneratedPolicy(
  value: unknown,
  where: string,
  opts: AccessAnalyzerReadOptions,
): EvidenceInput[] {
  const warn = (m: string) => opts.onWarning?.(safeLine(`${where}: ${m}`));
  const jobs = Array.isArray(value) ? value : [value];
  const out: EvidenceInput[] = [];
  for (const job of jobs) {
    if (!isObject(job) || !(isObject(job.generatedPolicyResult) || isObject(job.jobDetails))) {
      throw inputError(
        where,
        `is ${describeJson(value)}, not get-generated-policy output`,
        `Expected ${EXPECTED}.`,
      );
    }
    const details = isObject(job.jobDetails) ? job.jobDetails : {};
    const jobId = typeof details.jobId === 'string' ? details.jobId : undefined;
    if (details.status !== undefined && details.status !== 'SUCCEEDED') {
      const err = isObject(details.jobError)
        ? `: ${String(details.jobError.code)} ${String(details.jobError.message)}`
        : '';
      throw inputError(
        where,
        safeLine(`policy generation job ${jobId ?? ''} is ${String(details.status)}${err}`),
        'Wait until aws accessanalyzer get-generated-policy reports SUCCEEDED, then save its output again.',
      );
    }
    const result = isObject(job.generatedPolicyResult) ? job.generatedPolicyResult : undefined;
    if (!result) throw inputError(where, 'has no generatedPolicyResult', `Expected ${EXPECTED}.`);
    const props = isObject(result.properties) ? result.properties : {};
    const principal = typeof props.principalArn === 'string' ? props.principalArn : undefined;
    if (principal && !isSameRole(opts.role, principal)) {
      warn(`generated for ${principal}, not ${opts.role.arn}: skipped`);
      continue;
    }
    if (props.isComplete === false) {
      warn('Access Analyzer did not finish reading the trail (isComplete: false): actions may be missing');
    }
    const trail = isObject(props.cloudTrailProperties) ? props.cloudTrailProperties : {};
    if (
      opts.window &&
      !overlaps(opts.window, isoOrUndefined(trail.startTime), isoOrUndefined(trail.endTime))
    ) {
      warn('the generated policy covers another time window than the one asked for');
    }
    const policies = Array.isArray(result.generatedPolicies) ? result.generatedPolicies.filter(isObject) : [];
    for (const p of policies) {
      for (const st of statementsOf(p.policy, where)) out.push(...evidenceOfStatement(st, jobId));
    }
  }
  return out;
}

export async function readGeneratedPolicies(
  paths: string[],
  opts: AccessAnalyzerReadOptions,
): Promise<Evidence[]> {
  return readEachFile(
    paths,
    opts,
    { id: 'access-analyzer', label: 'Access Analyzer generated policy' },
    async (path) => evidenceFromGeneratedPolicy(await readJsonFile(path, EXPECTED), path, opts),
  );
}
