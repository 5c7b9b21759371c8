// Policy JSON that IAM accepts as is: Version + Statement[] with Sid, Effect, Action,
// Resource and nothing else. Plus the size quota check and a split that never truncates.
import type { PolicyModel, PolicyStatementModel } from '../core/types.js';

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** A managed policy holds at most 6,144 characters, white space not counted. */
export const MANAGED_POLICY_LIMIT = 6144;
/** A role's inline policies together hold at most 10,240 characters. */
export const INLINE_POLICIES_LIMIT = 10240;

function statementJson(s: PolicyStatementModel): IamStatement {
  return { Sid: s.sid, Effect: s.effect, Action: [...s.actions], Resource: [...s.resources] };
}

export function policyDocument(model: PolicyModel): IamPolicyDocument {
  return { Version: '2012-10-17', Statement: model.statements.map(statementJson) };
}

export function renderPolicyJson(model: PolicyModel): string {
  return `${JSON.stringify(policyDocument(model), null, 2)}\n`;
}

/** Size as IAM counts it: the JSON without any white space. */
export function policySize(doc: IamPolicyDocument): number {
  return JSON.stringify(doc).replace(/\s/g, '').length;
}

export interface SizeReport {
  size: number;
  limit: number;
  over: boolean;
}

export function checkPolicySize(model: PolicyModel, limit = MANAGED_POLICY_LIMIT): SizeReport {
  const size = policySize(policyDocument(model));
  return { size, limit, over: size > limit };
}

function sizeOf(statements: PolicyStatementModel[]): number {
  return policySize({ Version: '2012-10-17', Statement: statements.map(statementJson) });
}

/** Halve a statement that alone is over the limit: by actions, then by resources. */
function splitStatement(s: PolicyStatementModel, limit: number): PolicyStatementModel[] {
  if (sizeOf([s]) <= limit) return [s];
  const byActions = s.actions.length > 1;
  const list = byActions ? s.actions : s.resources;
  if (list.length < 2) {
    throw new RangeError(`statement ${s.sid} is ${sizeOf([s])} characters with one action and one resource`);
  }
  const half = Math.ceil(list.length / 2);
  const parts = [list.slice(0, half), list.slice(half)].map((part) =>
    byActions ? { ...s, actions: part } : { ...s, resources: part },
  );
  return parts.flatMap((p) => splitStatement(p, limit));
}

/**
 * Several policies, each within `limit`, holding every statement (a statement too big
 * alone is split and its parts get `Part1`, `Part2`... Sids). One policy when it fits.
 */
export function splitPolicyModel(model: PolicyModel, limit = MANAGED_POLICY_LIMIT): PolicyModel[] {
  if (!checkPolicySize(model, limit).over) return [model];
  const statements = model.statements.flatMap((s) => {
    const parts = splitStatement(s, limit);
    return parts.length === 1 ? parts : parts.map((p, i) => ({ ...p, sid: `${s.sid}Part${i + 1}` }));
  });
  // In order, so the statements read the same across the parts.
  const policies: PolicyStatementModel[][] = [];
  for (const s of statements) {
    const last = policies.at(-1);
    if (last && sizeOf([...last, s]) <= limit) last.push(s);
    else policies.push([s]);
  }
  return policies.map((statements) => ({ ...model, statements }));
}
