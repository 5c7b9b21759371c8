// The platform-needs source: the role's Lambda function configurations (`aws lambda
// list-functions` output, lambda-functions.json in an account folder) and event source
// mappings (`aws lambda list-event-source-mappings` output, event-source-mappings.json),
// turned into the needs they imply (src/core/platform-needs.ts).
import { readFile } from 'node:fs/promises';
import { inputError } from '../core/errors.js';
import { platformNeeds, type EventSourceMapping, type LambdaConfig } from '../core/platform-needs.js';
import type { Evidence, RoleRef } from '../core/types.js';
import { isSameRole } from './xray/lambda-functions.js';

const FUNCTIONS =
  'Expected `aws lambda list-functions` output: {"Functions": [{"FunctionName", "FunctionArn", "Role", ...}]}.';
const MAPPINGS =
  'Expected `aws lambda list-event-source-mappings` output: {"EventSourceMappings": [{"FunctionArn", "EventSourceArn", ...}]}.';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readJson(path: string, expected: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw inputError(path, 'cannot be read.', expected, e);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw inputError(path, `is not valid JSON (${(e as Error).message}).`, expected, e);
  }
}

function listOf(data: unknown, key: string): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  return isRecord(data) && Array.isArray(data[key]) ? data[key] : undefined;
}

export function parseFunctionConfigs(where: string, data: unknown): LambdaConfig[] {
  const list = listOf(data, 'Functions');
  if (!list) throw inputError(where, 'is not a list of Lambda functions.', FUNCTIONS);
  return list.map((f, i) => {
    if (
      !isRecord(f) ||
      typeof f.FunctionName !== 'string' ||
      typeof f.FunctionArn !== 'string' ||
      typeof f.Role !== 'string'
    )
      throw inputError(where, `function #${i + 1} lacks FunctionName, FunctionArn or Role.`, FUNCTIONS);
    return f as unknown as LambdaConfig;
  });
}

export function parseEventSourceMappings(where: string, data: unknown): EventSourceMapping[] {
  const list = listOf(data, 'EventSourceMappings');
  if (!list) throw inputError(where, 'is not a list of event source mappings.', MAPPINGS);
  return list.map((m, i) => {
    if (!isRecord(m) || typeof m.FunctionArn !== 'string')
      throw inputError(where, `mapping #${i + 1} lacks FunctionArn.`, MAPPINGS);
    return m as unknown as EventSourceMapping;
  });
}

export async function readPlatformNeeds(
  files: { functions: string; mappings?: string },
  role: RoleRef,
): Promise<Evidence[]> {
  const functions = parseFunctionConfigs(files.functions, await readJson(files.functions, FUNCTIONS));
  const mappings = files.mappings
    ? parseEventSourceMappings(files.mappings, await readJson(files.mappings, MAPPINGS))
    : [];
  return platformNeeds(functions, mappings, (arn) => isSameRole(arn, role.arn));
}
