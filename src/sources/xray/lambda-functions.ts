// Which Lambda functions run as which role: `aws lambda list-functions` output
// (Functions[].FunctionName/FunctionArn/Role). X-Ray traces name the function, not the
// role, so this is how traces are tied to a role.
import { roleRefFromArn } from '../../core/arn.js';
import { inputError } from '../../core/errors.js';
import { inputName, readError, readInputText } from '../input-stream.js';
import { isRecord, str } from './segments.js';

export interface LambdaFunctionInfo {
  name: string;
  arn: string;
  /** Execution role ARN. */
  role: string;
}

const EXPECTED =
  'Expected `aws lambda list-functions` output: {"Functions": [{"FunctionName", "FunctionArn", "Role"}, ...]}.';

/** Parse list-functions output (or a bare array of its Functions entries). */
export function parseLambdaFunctions(where: string, data: unknown): LambdaFunctionInfo[] {
  const list = Array.isArray(data) ? data : isRecord(data) ? data.Functions : undefined;
  if (!Array.isArray(list)) throw inputError(where, 'is not a list of Lambda functions.', EXPECTED);
  return list.map((f, i) => {
    const name = isRecord(f) ? str(f.FunctionName) : undefined;
    const arn = isRecord(f) ? str(f.FunctionArn) : undefined;
    const role = isRecord(f) ? str(f.Role) : undefined;
    if (!name || !arn || !role) {
      throw inputError(where, `function #${i + 1} lacks FunctionName, FunctionArn or Role.`, EXPECTED);
    }
    return { name, arn, role };
  });
}

export async function readLambdaFunctions(path: string): Promise<LambdaFunctionInfo[]> {
  let text: string;
  try {
    text = await readInputText(path);
  } catch (e) {
    throw readError(path, e, EXPECTED);
  }
  const where = inputName(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw inputError(where, `is not valid JSON (${(e as Error).message}).`, EXPECTED, e);
  }
  return parseLambdaFunctions(where, data);
}

/** Same role: account and name agree (list-functions includes the role's path, a role ref may not). */
export function isSameRole(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = roleRefFromArn(a);
  const rb = roleRefFromArn(b);
  return !!ra && !!rb && ra.account === rb.account && ra.name === rb.name && ra.partition === rb.partition;
}

export function functionsOfRole(functions: LambdaFunctionInfo[], roleArn: string): LambdaFunctionInfo[] {
  return functions.filter((f) => isSameRole(f.role, roleArn));
}
