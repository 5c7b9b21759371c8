// Serverless Framework (v3/v4): the `provider.iam.role.statements` block of serverless.yml,
// commented like Terraform. Serverless reads every `${...}` in the file as one of its own
// variables, so a literal `${` (a placeholder, an IAM policy variable) is split across
// `Fn::Join` pieces; with --portable the role's account, region and stage become
// `${aws:accountId}`, `${aws:region}` and `${sls:stage}`.
import type { PolicyModel } from '../core/types.js';
import { headerText } from './comments.js';
import { checkPolicySize, INLINE_POLICIES_LIMIT } from './json.js';
import { portableSegments, type PortableRef, type PortableRefs, type Segment } from './portable.js';
import { yamlComment, yamlStatement, yamlString } from './yaml-syntax.js';

export const SERVERLESS_REFS: Record<PortableRef, string> = {
  account: '${aws:accountId}',
  region: '${aws:region}',
  stage: '${sls:stage}',
};

/** The strings whose concatenation is the value, none holding a literal `${`. */
export function serverlessPieces(segments: Segment[]): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const s of segments) {
    if (typeof s !== 'string') {
      current += SERVERLESS_REFS[s.ref];
      continue;
    }
    const [first = '', ...rest] = s.split('${');
    current += first;
    for (const r of rest) {
      pieces.push(`${current}$`);
      current = `{${r}`;
    }
  }
  pieces.push(current);
  return pieces;
}

function resource(value: string, indent: string, refs: PortableRefs | undefined): string[] {
  const pieces = serverlessPieces(portableSegments(value, refs));
  if (pieces.length === 1) return [`${indent}- ${yamlString(pieces[0]!)}`];
  return [
    `${indent}- Fn::Join:`,
    `${indent}    - ""`,
    ...pieces.map((p, i) => `${indent}    ${i === 0 ? '- - ' : '  - '}${yamlString(p)}`),
  ];
}

export function renderServerless(model: PolicyModel, opts: { portable?: PortableRefs } = {}): string {
  // The statements become one inline policy of the role Serverless creates.
  const header = headerText(model, 1, INLINE_POLICIES_LIMIT).flatMap((t) => yamlComment(t, ''));
  const size = checkPolicySize(model, INLINE_POLICIES_LIMIT);
  const over = size.over
    ? yamlComment(
        'Over the inline quota: move part of it into a managed policy (provider.iam.role.managedPolicies) or generalize resources.',
        '',
      )
    : [];
  const lines = [
    ...header,
    ...over,
    ...yamlComment('Merge into serverless.yml (Serverless Framework v3 and v4).', ''),
    'provider:',
    '  iam:',
    '    role:',
    '      statements:',
    ...model.statements.flatMap((s) =>
      yamlStatement(s, '        ', (r, at) => resource(r, at, opts.portable)),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
