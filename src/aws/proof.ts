// The online half of the proof, through the SDK clients of src/aws/clients.ts: the IAM
// policy simulator replays the observed calls with AWS's own engine, Access Analyzer
// validates the policy and checks it grants nothing the current policies do not. Each
// check that cannot run (no permission, throttled, offline) says why; the local replay
// stands on its own.
import {
  CheckNoNewAccessCommand,
  ValidatePolicyCommand,
  type ValidatePolicyFinding,
} from '@aws-sdk/client-accessanalyzer';
import { SimulateCustomPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import { parsePolicies } from '../core/evaluate.js';
import type {
  AwsDecision,
  NoNewAccessResult,
  OnlineCheck,
  OnlineProof,
  ReplayedCall,
  ReplayResult,
  SimulationResult,
  ValidationFinding,
  ValidationFindingType,
} from '../core/replay.js';
import { safeLine } from '../core/sanitize.js';
import type { RoleDetail } from '../core/types.js';
import { createAwsClients, type AwsClients, type AwsSettings } from './clients.js';
import { describeAwsError, isAbortError } from './errors.js';

/** Actions per SimulateCustomPolicy call: each is evaluated against each resource sent. */
export const SIMULATE_ACTIONS_PER_CALL = 50;

export interface OnlineProofInput {
  /** The refined policy exactly as it will be saved (renderPolicyJson). */
  policyJson: string;
  /** The local replay: its calls are the ones simulated. */
  replay: ReplayResult;
  /** The role's current policies, for CheckNoNewAccess. */
  current?: RoleDetail;
  signal?: AbortSignal;
}

async function check<T>(action: string, run: () => Promise<T>, profile?: string): Promise<OnlineCheck<T>> {
  try {
    return { state: 'done', result: await run() };
  } catch (err) {
    if (isAbortError(err)) throw err;
    const { message } = describeAwsError(err, { action, profile });
    return { state: 'unavailable', reason: safeLine(message) };
  }
}

/** Calls AWS can simulate: concrete resources (or none), nothing waiting on a placeholder or in doubt. */
function simulable(calls: ReplayedCall[]): ReplayedCall[] {
  return calls.filter(
    (c) =>
      c.verdict !== 'needs-placeholder' &&
      c.verdict !== 'mapping-doubt' &&
      !(c.resource ?? '').includes('${'),
  );
}

/** One request per resource (all its actions); calls without a resource share AWS's default `*`. */
function batches(calls: ReplayedCall[]): { resource?: string; actions: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const c of calls) {
    const key = c.resource === undefined || c.resource === '*' ? '' : c.resource;
    by.set(key, (by.get(key) ?? new Set()).add(c.action));
  }
  return [...by.entries()].flatMap(([resource, set]) => {
    const actions = [...set].sort();
    const out: { resource?: string; actions: string[] }[] = [];
    for (let i = 0; i < actions.length; i += SIMULATE_ACTIONS_PER_CALL)
      out.push({
        ...(resource ? { resource } : {}),
        actions: actions.slice(i, i + SIMULATE_ACTIONS_PER_CALL),
      });
    return out;
  });
}

const key = (action: string, resource: string | undefined) =>
  `${action.toLowerCase()}\u0000${resource === undefined || resource === '*' ? '*' : resource}`;

/** iam:SimulateCustomPolicy over the replayed calls, paged, compared with the local verdicts. */
export async function simulateCalls(
  clients: AwsClients,
  policyJson: string,
  calls: ReplayedCall[],
  signal?: AbortSignal,
): Promise<SimulationResult> {
  const sent = simulable(calls);
  const results: EvaluationResult[] = [];
  for (const b of batches(sent)) {
    let marker: string | undefined;
    do {
      const out = await clients.iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [policyJson],
          ActionNames: b.actions,
          ...(b.resource ? { ResourceArns: [b.resource] } : {}),
          ...(marker ? { Marker: marker } : {}),
        }),
        { abortSignal: signal },
      );
      results.push(...(out.EvaluationResults ?? []));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
  }
  const aws = new Map(results.map((r) => [key(r.EvalActionName ?? '', r.EvalResourceName), r] as const));
  const result: SimulationResult = {
    simulated: 0,
    allowed: 0,
    denied: [],
    disagreements: [],
    missingContext: [],
  };
  const missing = new Set<string>();
  for (const c of sent) {
    const r = aws.get(key(c.action, c.resource));
    if (!r?.EvalDecision) continue;
    const decision = r.EvalDecision as AwsDecision;
    result.simulated++;
    for (const k of r.MissingContextValues ?? []) missing.add(safeLine(k));
    const at = c.resource === undefined ? {} : { resource: c.resource };
    if (decision === 'allowed') result.allowed++;
    else result.denied.push({ action: c.action, ...at, decision });
    if ((decision === 'allowed') !== (c.verdict === 'allowed'))
      result.disagreements.push({ action: c.action, ...at, local: c.verdict, aws: decision });
  }
  result.missingContext = [...missing].sort();
  return result;
}

const FINDING_TYPES: readonly string[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

/** The statement a finding's location points at: the index after the `Statement` path element. */
function statementIndexes(f: ValidatePolicyFinding): number[] {
  const out = new Set<number>();
  for (const loc of f.locations ?? []) {
    const path = loc.path ?? [];
    const at = path.findIndex((p) => p.value === 'Statement' || p.key === 'Statement');
    const next = at >= 0 ? path[at + 1] : undefined;
    if (next?.index !== undefined) out.add(next.index);
  }
  return [...out].sort((a, b) => a - b);
}

/** Sid by statement position, as Access Analyzer counts them. */
function sidsOf(policyJson: string): (string | undefined)[] {
  const sids: (string | undefined)[] = [];
  for (const st of parsePolicies([{ name: 'policy', document: policyJson }]).statements)
    sids[st.index] = st.sid;
  return sids;
}

/** access-analyzer:ValidatePolicy, all pages, each finding mapped to its statements' Sids. */
export async function validatePolicy(
  clients: AwsClients,
  policyJson: string,
  signal?: AbortSignal,
): Promise<ValidationFinding[]> {
  const sids = sidsOf(policyJson);
  const findings: ValidationFinding[] = [];
  let nextToken: string | undefined;
  do {
    const out = await clients.accessAnalyzer.send(
      new ValidatePolicyCommand({
        policyDocument: policyJson,
        policyType: 'IDENTITY_POLICY',
        ...(nextToken ? { nextToken } : {}),
      }),
      { abortSignal: signal },
    );
    for (const f of out.findings ?? []) {
      const statements = statementIndexes(f);
      findings.push({
        type: (FINDING_TYPES.includes(f.findingType ?? '')
          ? f.findingType
          : 'WARNING') as ValidationFindingType,
        issueCode: safeLine(f.issueCode ?? ''),
        details: safeLine(f.findingDetails ?? ''),
        ...(f.learnMoreLink ? { learnMoreLink: safeLine(f.learnMoreLink) } : {}),
        statements,
        sids: statements.flatMap((i) => (sids[i] ? [sids[i]] : [])),
      });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  const order = (t: string) => FINDING_TYPES.indexOf(t);
  return findings.sort((a, b) => order(a.type) - order(b.type));
}

/**
 * The role's current policies as one document (statements only, Sids dropped so they
 * cannot collide): in one identity policy Allow and Deny combine as across several.
 */
export function currentPolicyDocument(role: RoleDetail | undefined): string | undefined {
  const statements = (role?.policies ?? []).flatMap((p) => {
    const raw = p.document.Statement;
    return (Array.isArray(raw) ? raw : [raw]).map(({ Sid: _sid, ...rest }) => rest);
  });
  if (statements.length === 0) return undefined;
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** access-analyzer:CheckNoNewAccess of the refined policy against the current one. */
export async function checkNoNewAccess(
  clients: AwsClients,
  policyJson: string,
  existingJson: string,
  signal?: AbortSignal,
): Promise<NoNewAccessResult> {
  const sids = sidsOf(policyJson);
  const out = await clients.accessAnalyzer.send(
    new CheckNoNewAccessCommand({
      newPolicyDocument: policyJson,
      existingPolicyDocument: existingJson,
      policyType: 'IDENTITY_POLICY',
    }),
    { abortSignal: signal },
  );
  return {
    result: out.result === 'PASS' ? 'PASS' : 'FAIL',
    ...(out.message ? { message: safeLine(out.message) } : {}),
    reasons: (out.reasons ?? []).map((r) => {
      const sid = r.statementId ?? (r.statementIndex === undefined ? undefined : sids[r.statementIndex]);
      return {
        description: safeLine(r.description ?? ''),
        ...(r.statementIndex === undefined ? {} : { statementIndex: r.statementIndex }),
        ...(sid ? { sid: safeLine(sid) } : {}),
      };
    }),
  };
}

/** The three checks, each on its own: one failing leaves the others (and the local replay) standing. */
export async function runOnlineProof(clients: AwsClients, input: OnlineProofInput): Promise<OnlineProof> {
  const { policyJson, signal } = input;
  const profile = clients.settings.profile;
  const existing = currentPolicyDocument(input.current);
  const [simulation, validation, noNewAccess] = await Promise.all([
    check(
      'iam:SimulateCustomPolicy',
      () => simulateCalls(clients, policyJson, input.replay.calls, signal),
      profile,
    ),
    check('access-analyzer:ValidatePolicy', () => validatePolicy(clients, policyJson, signal), profile),
    existing
      ? check(
          'access-analyzer:CheckNoNewAccess',
          () => checkNoNewAccess(clients, policyJson, existing, signal),
          profile,
        )
      : Promise.resolve<OnlineCheck<NoNewAccessResult>>({
          state: 'skipped',
          reason: "the role's current policies are not known",
        }),
  ]);
  return { simulation, validation, noNewAccess };
}

/** runOnlineProof with clients made for the occasion (scan's `--profile` run), closed after. */
export async function runOnlineProofWith(
  settings: AwsSettings,
  input: OnlineProofInput,
): Promise<OnlineProof> {
  const clients = createAwsClients(settings);
  try {
    return await runOnlineProof(clients, input);
  } finally {
    clients.destroy();
  }
}
