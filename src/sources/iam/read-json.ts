// Reading the JSON files the AWS CLI exports, with errors that name the file and say
// what it should have held (and, when we can tell, what it holds instead).
import { inputError } from '../../core/errors.js';
import { inputName, readError, readInputText } from '../input-stream.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Top-level keys that give away which command produced a file.
const KINDS: [(o: Record<string, unknown>) => boolean, string][] = [
  [(o) => Array.isArray(o.RoleDetailList), 'aws iam get-account-authorization-details output'],
  [(o) => Array.isArray(o.Roles), 'aws iam list-roles output'],
  [(o) => Array.isArray(o.Records), 'a CloudTrail log file'],
  [(o) => Array.isArray(o.Events), 'aws cloudtrail lookup-events output'],
  [(o) => Array.isArray(o.Traces), 'aws xray batch-get-traces output'],
  [(o) => Array.isArray(o.TraceSummaries), 'aws xray get-trace-summaries output'],
  [
    (o) => 'generatedPolicyResult' in o || 'jobDetails' in o,
    'aws accessanalyzer get-generated-policy output',
  ],
  [(o) => Array.isArray(o.findingDetails), 'aws accessanalyzer get-finding-v2 output'],
  [(o) => Array.isArray(o.findings), 'aws accessanalyzer list-findings-v2 output'],
  [(o) => Array.isArray(o.Functions), 'aws lambda list-functions output'],
  [(o) => 'Statement' in o, 'an IAM policy document'],
  [(o) => 'trace_id' in o, 'an X-Ray segment document'],
];

/** What kind of AWS export `value` looks like, for "this is X, expected Y" messages. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    return value.length === 0 ? 'an empty JSON array' : `a JSON array of ${describeJson(first)}`;
  }
  if (!isObject(value)) return `a JSON ${value === null ? 'null' : typeof value}`;
  return KINDS.find(([test]) => test(value))?.[1] ?? 'a JSON object of an unknown kind';
}

async function readText(path: string, expected: string): Promise<string> {
  let text: string;
  try {
    // A stream, so `-` (stdin), a pipe or a FIFO reads like a file.
    text = await readInputText(path);
  } catch (e) {
    throw readError(path, e, `Expected ${expected}.`);
  }
  if (text.trim() === '') throw inputError(inputName(path), 'the file is empty', `Expected ${expected}.`);
  return text;
}

/** One JSON document. */
export async function readJsonFile(path: string, expected: string): Promise<unknown> {
  const text = await readText(path, expected);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw inputError(
      inputName(path),
      `is not valid JSON (${(e as Error).message})`,
      `Expected ${expected}.`,
      e,
    );
  }
}

/**
 * One JSON document, a JSON array, or JSON lines (one document per line), as a list
 * of documents. A bad line is reported with its number.
 */
export async function readJsonDocuments(path: string, expected: string): Promise<unknown[]> {
  const text = await readText(path, expected);
  try {
    const whole = JSON.parse(text) as unknown;
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // not one document: try JSON lines
  }
  const docs: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      docs.push(JSON.parse(line));
    } catch (e) {
      throw inputError(
        `${inputName(path)}:${i + 1}`,
        `is not valid JSON, nor JSON lines (${(e as Error).message})`,
        `Expected ${expected}.`,
        e,
      );
    }
  }
  return docs;
}

export { isObject };
