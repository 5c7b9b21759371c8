// AWS CDK (TypeScript): a function per policy returning `new iam.PolicyStatement(...)` for
// each statement, each with its evidence and rationale as `//` comments. Valid TypeScript
// against aws-cdk-lib's types (a test compiles it). With --portable the role's account
// and region come from `Stack.of(scope)` and the stage is a parameter.
import type { PolicyModel, PolicyStatementModel } from '../core/types.js';
import { headerText, lineComments, statementText } from './comments.js';
import { MANAGED_POLICY_LIMIT, splitPolicyModel } from './json.js';
import { portableSegments, usesRef, type PortableRefs, type Segment } from './portable.js';
import { pascalName } from './yaml-syntax.js';

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '`': '\\`', '\n': '\\n', '\r': '\\r' };

function escapeChars(text: string, quote: "'" | '`'): string {
  const special = quote === "'" ? /[\\'\n\r]/g : /[\\`\n\r]/g;
  return text
    .replace(special, (c) => ESCAPES[c]!)
    .replace(
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/** A TypeScript string literal holding exactly `value`. */
export function tsString(value: string): string {
  return `'${escapeChars(value, "'")}'`;
}

/** A string literal, or a template literal when the value holds references. */
export function tsValue(segments: Segment[]): string {
  if (segments.every((s) => typeof s === 'string')) return tsString(segments.join(''));
  const body = segments.map((s) =>
    typeof s === 'string' ? escapeChars(s, '`').replaceAll('${', '\\${') : `\${${s.ref}}`,
  );
  return `\`${body.join('')}\``;
}

function list(items: string[], indent: string): string {
  const one = `[${items.join(', ')}]`;
  if (one.length + indent.length < 90) return one;
  return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
}

function statement(s: PolicyStatementModel, refs: PortableRefs | undefined): string[] {
  const i = '    ';
  return [
    ...statementText(s).flatMap((t) => lineComments(t, i, '//')),
    `${i}new iam.PolicyStatement({`,
    `${i}  sid: ${tsString(s.sid)},`,
    `${i}  effect: iam.Effect.ALLOW,`,
    `${i}  actions: ${list(s.actions.map(tsString), `${i}  `)},`,
    `${i}  resources: ${list(
      s.resources.map((r) => tsValue(portableSegments(r, refs))),
      `${i}  `,
    )},`,
    `${i}}),`,
  ];
}

function policyFunction(part: PolicyModel, name: string, refs: PortableRefs | undefined): string[] {
  const account = usesRef(part, refs, 'account');
  const region = usesRef(part, refs, 'region');
  const stage = refs?.stage && usesRef(part, refs, 'stage');
  const params = [
    ...(account || region ? ['scope: Construct'] : []),
    ...(stage ? [`stage = ${tsString(refs.stage!)}`] : []),
  ];
  const used = [...(account ? ['account'] : []), ...(region ? ['region'] : [])];
  return [
    `export function ${name}(${params.join(', ')}): iam.PolicyStatement[] {`,
    ...(used.length ? [`  const { ${used.join(', ')} } = Stack.of(scope);`] : []),
    '  return [',
    ...part.statements.flatMap((s) => statement(s, refs)),
    '  ];',
    '}',
  ];
}

export function renderCdk(model: PolicyModel, opts: { portable?: PortableRefs } = {}): string {
  const refs = opts.portable;
  const parts = splitPolicyModel(model, MANAGED_POLICY_LIMIT);
  const base = pascalName(model.role.name);
  const fn = base.charAt(0).toLowerCase() + base.slice(1);
  const needsStack = usesRef(model, refs, 'account') || usesRef(model, refs, 'region');
  const sections: string[][] = [
    headerText(model, parts.length).flatMap((t) => lineComments(t, '', '//')),
    [
      ...(needsStack ? ["import { Stack } from 'aws-cdk-lib';"] : []),
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      ...(needsStack ? ["import type { Construct } from 'constructs';"] : []),
    ],
  ];
  parts.forEach((part, i) => {
    const name = parts.length > 1 ? `${fn}Statements${i + 1}` : `${fn}Statements`;
    const doc =
      parts.length > 1
        ? `Part ${i + 1} of ${parts.length}: attach each part as its own managed policy (6,144 characters each).`
        : `Statements for ${model.role.name}: attach them to the role (role.addToPolicy) or a managed policy.`;
    sections.push([...lineComments(doc, '', '//'), ...policyFunction(part, name, refs)]);
  });
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
