// Which tool actions the caller may use: iam:SimulatePrincipalPolicy on the caller's own
// role (or user) with the actions of docs/tool-policy.json, statement by statement. A
// statement whose resource is a placeholder is simulated on the real resource when known
// (the trail bucket, the access role, the event data store), else left out.
import { GetRoleCommand, paginateSimulatePrincipalPolicy, type ContextEntry } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { classifyAwsError, describeAwsError, isAbortError } from '../aws/errors.js';
import { parseArn } from '../core/arn.js';
import { safeLine } from '../core/sanitize.js';
import { DOCTOR_SID, toolStatements, type ToolStatement } from './tool-policy.js';

export interface StatementResult {
  sid: string;
  allowed: string[];
  denied: string[];
  /** The resource simulated ('*' when the statement's own). */
  resource: string;
}

export interface PermissionsResult {
  state: 'ok' | 'denied' | 'skipped' | 'error';
  /** The principal simulated, or why none was. */
  principal?: string;
  detail: string;
  fix?: string;
  statements: StatementResult[];
  /** Statements left out: their resource is a placeholder nothing here names. */
  notSimulated?: string[];
}

/** Resources for the statements whose Resource is a placeholder. */
export interface KnownResources {
  trailBucket?: string;
  logsPrefix?: string;
  accessRole?: string;
  eventDataStoreArn?: string;
}

/** The IAM principal behind the caller: a role (path resolved with GetRole) or a user. */
export async function principalOf(
  clients: AwsClients,
  callerArn: string,
): Promise<{ arn?: string; why?: string }> {
  const p = parseArn(callerArn);
  if (!p) return { why: `caller ${safeLine(callerArn)} is not an ARN` };
  if (p.service === 'iam' && p.resource === 'root') return { why: 'the root user may call every action' };
  if (p.service === 'iam' && p.resource.startsWith('user/')) return { arn: callerArn };
  if (p.service === 'sts' && p.resource.startsWith('assumed-role/')) {
    const name = p.resource.split('/')[1] ?? '';
    try {
      const out = await clients.iam.send(new GetRoleCommand({ RoleName: name }));
      return { arn: out.Role?.Arn ?? `arn:${p.partition}:iam::${p.account}:role/${name}` };
    } catch (err) {
      if (isAbortError(err)) throw err;
      // Without GetRole the path is unknown: roles at / are the common case.
      return { arn: `arn:${p.partition}:iam::${p.account}:role/${name}` };
    }
  }
  return { why: `${safeLine(callerArn)} is not a role or user the simulator can evaluate` };
}

function resourceFor(st: ToolStatement, known: KnownResources, partition: string): string | undefined {
  const r = Array.isArray(st.Resource) ? st.Resource[0] : st.Resource;
  if (r === '*') return '*';
  if (st.Action.includes('iam:PassRole')) return known.accessRole;
  if (st.Action.every((a) => a.startsWith('s3:')) && known.trailBucket)
    return r?.endsWith('/*')
      ? `arn:${partition}:s3:::${known.trailBucket}/${known.logsPrefix ?? 'AWSLogs/'}`
      : `arn:${partition}:s3:::${known.trailBucket}`;
  if (r?.includes(':eventdatastore/')) return known.eventDataStoreArn;
  return undefined;
}

function contextFor(st: ToolStatement): ContextEntry[] | undefined {
  const eq = st.Condition?.StringEquals;
  if (!eq) return undefined;
  return Object.entries(eq).map(([ContextKeyName, v]) => ({
    ContextKeyName,
    ContextKeyValues: [v],
    ContextKeyType: 'string',
  }));
}

export async function simulateToolPolicy(
  clients: AwsClients,
  principalArn: string,
  known: KnownResources,
): Promise<PermissionsResult> {
  const partition = parseArn(principalArn)?.partition ?? 'aws';
  const results: StatementResult[] = [];
  const notSimulated: string[] = [];
  try {
    for (const st of toolStatements()) {
      const resource = resourceFor(st, known, partition);
      if (!resource) {
        notSimulated.push(st.Sid);
        continue;
      }
      const decisions = new Map<string, boolean>();
      for await (const page of paginateSimulatePrincipalPolicy(
        { client: clients.iam },
        {
          PolicySourceArn: principalArn,
          ActionNames: st.Action,
          ResourceArns: resource === '*' ? undefined : [resource],
          ContextEntries: contextFor(st),
        },
      ))
        for (const r of page.EvaluationResults ?? [])
          if (r.EvalActionName) decisions.set(r.EvalActionName, r.EvalDecision === 'allowed');
      results.push({
        sid: st.Sid,
        resource,
        allowed: st.Action.filter((a) => decisions.get(a) === true),
        denied: st.Action.filter((a) => decisions.get(a) !== true),
      });
    }
  } catch (err) {
    if (isAbortError(err)) throw err;
    const action = 'iam:SimulatePrincipalPolicy';
    if (classifyAwsError(err) === 'access-denied')
      return {
        state: 'denied',
        principal: principalArn,
        detail: `the tool may not call ${action} on ${safeLine(principalArn)}, so its permissions were not simulated`,
        fix: `Add to the caller's policy: ${JSON.stringify({ Sid: DOCTOR_SID, Effect: 'Allow', Action: [action], Resource: principalArn })}`,
        statements: [],
      };
    const { message, hint } = describeAwsError(err, { action, profile: clients.settings.profile });
    return { state: 'error', principal: principalArn, detail: message, fix: hint, statements: [] };
  }
  const denied = results.filter((r) => r.denied.length > 0);
  return {
    state: denied.length ? 'denied' : 'ok',
    principal: principalArn,
    detail: denied.length
      ? `${denied.length} of ${results.length} statements are not fully allowed`
      : `all ${results.length} statements allowed`,
    statements: results,
    notSimulated,
  };
}
