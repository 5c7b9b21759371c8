// The one policy-document parser (src/core/policy-document.ts), table-driven from the IAM
// JSON policy grammar (IAM User Guide, reference_policies_grammar.html, and the element
// pages it links), then the three readers (evaluator, compare's expansion, the review's
// grant marks) checked to agree on every edge case.
import { describe, expect, it } from 'vitest';
import { evaluatePolicies, parsePolicies } from '../../src/core/evaluate.js';
import { expandPolicies } from '../../src/core/expand-policy.js';
import { grantStatements, isGranted } from '../../src/core/merge-grants.js';
import { parsePolicyDocument } from '../../src/core/policy-document.js';
import type { PolicyDocument, RoleDetail } from '../../src/core/types.js';
import { decodePolicyDocument } from '../../src/sources/iam/policy-document.js';

const OBJ = 'arn:aws:s3:::b/k';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

type Case = [string, unknown, { statements: object[]; problems: (string | RegExp)[] }];

const ok = (...statements: object[]) => ({ statements, problems: [] });
const bad = (message: string | RegExp) => ({ statements: [], problems: [message] });

const CASES: Case[] = [
  // <statement_block> = "Statement" : [ <statement>, ... ] — one object is accepted as well.
  [
    'Statement as one object',
    { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: OBJ } },
    ok({ index: 0, effect: 'Allow', actions: ['s3:GetObject'], resources: [OBJ] }),
  ],
  [
    'Statement as a list; Action as a list, Resource as a string',
    doc({ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }),
    ok({ index: 0, sid: 'Read', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['*'] }),
  ],
  ['an empty Statement list grants nothing, no problem', doc(), ok()],
  ['no Statement at all', { Version: '2012-10-17' }, bad('not a policy document (an object with Statement)')],
  ['not an object', ['Statement'], bad('not a policy document (an object with Statement)')],
  ['JSON text', JSON.stringify(doc({ Effect: 'Deny', Action: '*', Resource: '*' })), ok({ effect: 'Deny' })],
  ['broken JSON text', '{"Statement": [', bad('not valid JSON')],
  // "The Effect value is case sensitive" (reference_policies_elements_effect.html).
  ['Effect in lower case', doc({ Effect: 'allow', Action: '*', Resource: '*' }), bad(/Effect "allow"/)],
  ['no Effect', doc({ Action: '*', Resource: '*' }), bad('statement has no Effect: skipped')],
  // <action_block> = ("Action" | "NotAction") : ("*" | [<action_string>, ...]): one of them.
  [
    'NotAction',
    doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    ok({ actions: ['iam:*'], notAction: true, notResource: false }),
  ],
  [
    'both Action and NotAction',
    doc({ Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' }),
    bad(/both Action and NotAction/),
  ],
  [
    'neither Action nor NotAction',
    doc({ Effect: 'Allow', Resource: '*' }),
    bad(/neither Action nor NotAction/),
  ],
  [
    'an empty Action list',
    doc({ Effect: 'Allow', Action: [], Resource: '*' }),
    bad(/Action is an empty list/),
  ],
  ['an empty Action string', doc({ Effect: 'Allow', Action: '', Resource: '*' }), bad(/Action is empty/)],
  [
    'a non-string Action entry',
    doc({ Effect: 'Allow', Action: ['s3:GetObject', 7], Resource: '*' }),
    bad(/Action holds an entry/),
  ],
  ['Action as an object', doc({ Effect: 'Allow', Action: { a: 1 }, Resource: '*' }), bad(/neither a string/)],
  // <resource_block> = ("Resource" | "NotResource") : ...: an identity policy needs one; never read as `*`.
  [
    'a missing Resource',
    doc({ Effect: 'Allow', Action: 's3:GetObject' }),
    bad(/neither Resource nor NotResource/),
  ],
  [
    'NotResource',
    doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: OBJ }),
    ok({ resources: [OBJ], notResource: true }),
  ],
  [
    'both Resource and NotResource',
    doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', NotResource: OBJ }),
    bad(/both Resource and NotResource/),
  ],
  [
    'an empty Resource list',
    doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: [] }),
    bad(/Resource is an empty list/),
  ],
  // <condition_block>: an object; `{}` is no condition (reference_policies_elements_condition.html).
  [
    'a Condition',
    doc({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    }),
    ok({ conditional: true }),
  ],
  [
    'an empty Condition',
    doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: {} }),
    ok({ conditional: false }),
  ],
  [
    'a Condition that is a string',
    doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: 'x' }),
    bad(/Condition/),
  ],
  ['a statement that is a string', doc('Allow everything'), bad('statement is not an object: skipped')],
  [
    'a Sid that is not a string is dropped',
    doc({ Sid: 3, Effect: 'Allow', Action: '*', Resource: '*' }),
    ok({ index: 0, effect: 'Allow' }),
  ],
];

describe('parsePolicyDocument: the edge rules of the IAM policy grammar', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    const r = parsePolicyDocument(input);
    expect(r.statements).toEqual(expected.statements.map((s) => expect.objectContaining(s)));
    expect(r.problems.map((p) => p.message)).toEqual(
      expected.problems.map((m) => (typeof m === 'string' ? m : expect.stringMatching(m))),
    );
    expected.statements.forEach((e, i) => {
      if (!('sid' in e)) expect(r.statements[i]?.sid).toBeUndefined();
    });
  });

  it('keeps the position of each statement and reports the bad ones by position', () => {
    const r = parsePolicyDocument(
      doc(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: OBJ },
        { Effect: 'Allow', Action: [], Resource: OBJ },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: OBJ },
      ),
    );
    expect(r.statements.map((s) => [s.index, s.effect])).toEqual([
      [0, 'Allow'],
      [2, 'Deny'],
    ]);
    expect(r.problems).toEqual([{ index: 1, message: 'statement Action is an empty list: skipped' }]);
  });
});

// The three readers over the same documents: what one grants the others grant too.
function role(document: unknown): RoleDetail {
  return {
    arn: 'arn:aws:iam::123456789012:role/r',
    name: 'r',
    path: '/',
    policies: [{ kind: 'inline', name: 'p', document: document as PolicyDocument }],
  };
}

function verdicts(document: unknown) {
  const evaluator = evaluatePolicies([{ name: 'p', document }], { action: 's3:GetObject', resource: OBJ });
  const expansion = expandPolicies(role(document).policies);
  const marks = grantStatements(role(document));
  return {
    evaluator: evaluator.decision === 'allowed',
    compare: expansion.grants.some((g) => g.action === 's3:GetObject'),
    review: isGranted(marks, 's3:GetObject', [OBJ]),
    evaluatorProblems: parsePolicies([{ name: 'p', document }]).problems.length,
    compareNotes: expansion.notes.length,
  };
}

describe('the evaluator, compare and the review agree on every edge case', () => {
  const granting = CASES.filter(([name]) =>
    ['Statement as one object', 'Statement as a list; Action as a list, Resource as a string'].includes(name),
  );
  it.each(granting)('%s: granted by all three', (_name, input) => {
    expect(verdicts(input)).toMatchObject({ evaluator: true, compare: true, review: true });
  });

  const malformed = CASES.filter(
    ([, , expected]) => expected.problems.length > 0 && typeof expected !== 'string',
  );
  it.each(
    malformed.filter(
      ([, input]) =>
        typeof input === 'object' && input !== null && !Array.isArray(input) && 'Statement' in input,
    ),
  )('%s: granted by none, reported by the evaluator and compare', (_name, input) => {
    // Beside the malformed statement, nothing else: each reader must skip it the same way.
    expect(verdicts(input)).toEqual({
      evaluator: false,
      compare: false,
      review: false,
      evaluatorProblems: 1,
      compareNotes: 1,
    });
  });

  it('a malformed Deny is skipped by all three alike (the Allow beside it stands)', () => {
    const document = doc(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:GetObject' },
    );
    expect(verdicts(document)).toEqual({
      evaluator: true,
      compare: true,
      review: true,
      evaluatorProblems: 1,
      compareNotes: 1,
    });
  });

  it('a statement with no Resource is not read as `*` by the review any more', () => {
    expect(grantStatements(role(doc({ Effect: 'Allow', Action: 's3:GetObject' })))).toEqual([]);
  });
});

describe('decodePolicyDocument (IAM exports) says what is wrong with the shape', () => {
  it.each([
    [{ Version: '2012-10-17' }, 'the document has no Statement'],
    [{ Statement: ['Allow'] }, 'its Statement is neither a statement object nor a list of statement objects'],
    [{ Statement: 'Allow' }, 'its Statement is neither a statement object nor a list of statement objects'],
  ])('%j', (document, reason) => {
    expect(decodePolicyDocument(document)).toEqual({ ok: false, reason });
  });

  it('a readable shape goes to the parser, which judges each statement', () => {
    const decoded = decodePolicyDocument(encodeURIComponent(JSON.stringify(doc({ Effect: 'allow' }))));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(parsePolicyDocument(decoded.document).problems).toHaveLength(1);
  });
});
