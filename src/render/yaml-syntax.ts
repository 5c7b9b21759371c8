// YAML pieces that cannot be broken by what they hold: double-quoted scalars (JSON's
// escapes, plus the line separators YAML 1.1 readers break on) and `#` comment lines.
import type { PolicyStatementModel } from '../core/types.js';
import { lineComments, statementText } from './comments.js';

/** A double-quoted YAML scalar whose value is exactly `value`. */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function yamlComment(text: string, indent: string): string[] {
  return lineComments(text, indent, '#');
}

/** `notes-app-api-prod-lambdaRole` → `NotesAppApiProdLambdaRole` (CloudFormation logical ids, TS names). */
export function pascalName(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `Policy${name}`;
}

/**
 * One IAM statement as a YAML list item, its comments above it (CloudFormation and
 * Serverless alike); `resource` writes one resource's list item at the indent given.
 */
export function yamlStatement(
  s: PolicyStatementModel,
  indent: string,
  resource: (value: string, indent: string) => string[],
): string[] {
  const inner = `${indent}  `;
  return [
    ...statementText(s).flatMap((t) => yamlComment(t, indent)),
    `${indent}- Sid: ${yamlString(s.sid)}`,
    `${inner}Effect: ${s.effect}`,
    `${inner}Action:`,
    ...s.actions.map((a) => `${inner}  - ${yamlString(a)}`),
    `${inner}Resource:`,
    ...s.resources.flatMap((r) => resource(r, `${inner}  `)),
  ];
}
