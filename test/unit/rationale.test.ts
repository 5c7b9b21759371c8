// Statement rationales are stored per action and composed per statement: each text
// follows its actions when statements regroup, and a statement holding several says so.
import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel, type PolicyModelInput } from '../../src/core/policy-model.js';
import { composeRationale, normalizeRationale } from '../../src/core/rationale.js';
import { statementText } from '../../src/render/comments.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTerraform } from '../../src/render/terraform.js';
import type { EvidenceInput } from '../../src/core/types.js';

const ROLE = {
  arn: 'arn:aws:iam::123456789012:role/app',
  name: 'app',
  account: '123456789012',
  partition: 'aws',
};
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
const OTHER = 'arn:aws:dynamodb:us-east-1:123456789012:table/archive';

const EVIDENCE: EvidenceInput[] = [
  { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 3 },
  { source: 'xray', action: 'dynamodb:PutItem', resource: TABLE, count: 2 },
  { source: 'xray', action: 'dynamodb:DeleteItem', resource: OTHER, count: 1 },
];

function model(extra: Partial<PolicyModelInput> = {}) {
  const candidates = mergeCandidates(aggregateEvidence(EVIDENCE));
  return buildPolicyModel({
    role: ROLE,
    sources: ['X-Ray traces'],
    candidates,
    decisions: Object.fromEntries(candidates.map((c) => [c.action, 'accepted'])),
    generatedAt: '2026-11-21T00:00:00.000Z',
    ...extra,
  });
}

describe('composeRationale', () => {
  it.each([
    ['no text on any action', ['a:X', 'a:Y'], {}, { texts: 0 }],
    [
      'one text on every action: as written',
      ['a:X', 'a:Y'],
      { 'a:X': 'Why.', 'a:Y': 'Why.' },
      { text: 'Why.', texts: 1 },
    ],
    ['one text on some actions: as written', ['a:X', 'a:Y'], { 'a:Y': 'Why.' }, { text: 'Why.', texts: 1 }],
    [
      'the same words written twice (line ends, trailing spaces) count once',
      ['a:X', 'a:Y'],
      { 'a:X': 'Line one  \r\nline two\n', 'a:Y': 'Line one\nline two' },
      { text: 'Line one\nline two', texts: 1 },
    ],
    [
      'two texts: each headed by the actions that hold it, in the statement order',
      ['a:X', 'a:Y', 'a:Z'],
      { 'a:Z': 'Second.', 'a:X': 'First.', 'a:Y': 'Second.' },
      { text: 'a:X: First.\na:Y, a:Z: Second.', texts: 2 },
    ],
    [
      'the session casing of an action is found too',
      ['s3:GetObject'],
      { 's3:getobject': 'Reads.' },
      { text: 'Reads.', texts: 1 },
    ],
    ['a blank text is no text', ['a:X'], { 'a:X': '  \n ' }, { texts: 0 }],
  ])('%s', (_name, actions, texts, expected) => {
    expect(composeRationale(actions, texts)).toEqual(expected);
  });

  it('composing its own output again gives the same lines (a merged text saved back unchanged)', () => {
    const merged = composeRationale(['a:X', 'a:Y'], { 'a:X': 'First.', 'a:Y': 'Second.' });
    const saved = Object.fromEntries(['a:X', 'a:Y'].map((a) => [a, merged.text!]));
    expect(composeRationale(['a:X', 'a:Y'], saved)).toEqual({ text: merged.text, texts: 1 });
  });

  it('normalizes line ends and edges only', () => {
    expect(normalizeRationale('\n a\u2028b  \r\n')).toBe('a\nb');
  });
});

describe('buildPolicyModel: rationale from the actions', () => {
  it('gives each statement the texts of its own actions', () => {
    const m = model({
      comments: {
        rationaleByAction: {
          'dynamodb:GetItem': 'Notes are read and written by the API.',
          'dynamodb:PutItem': 'Notes are read and written by the API.',
          'dynamodb:DeleteItem': 'Old notes are archived.',
        },
      },
    });
    expect(m.statements.map((s) => [s.sid, s.rationale, s.rationaleMerged])).toEqual([
      ['DynamodbDeleteItemArchiveTable', ['Old notes are archived.'], undefined],
      ['DynamodbReadWriteNotesTable', ['Notes are read and written by the API.'], undefined],
    ]);
  });

  it('a resource edit that moves an action moves its text, and marks the statement that now holds two', () => {
    const m = model({
      resourceChoices: { 'dynamodb:DeleteItem': [TABLE] },
      comments: {
        rationaleByAction: {
          'dynamodb:GetItem': 'Notes are read and written by the API.',
          'dynamodb:PutItem': 'Notes are read and written by the API.',
          'dynamodb:DeleteItem': 'Old notes are archived.',
        },
        byAction: { 'dynamodb:PutItem': 'Only the owner.' },
      },
    });
    expect(m.statements).toHaveLength(1);
    const s = m.statements[0]!;
    expect(s.actions).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(s.rationale).toEqual([
      'dynamodb:DeleteItem: Old notes are archived.',
      'dynamodb:GetItem, dynamodb:PutItem: Notes are read and written by the API.',
      'dynamodb:PutItem: Only the owner.',
    ]);
    expect(s.rationaleMerged).toBe(2);
    const note =
      'Rationale merged from 2 notes: its actions were written for apart and now share this statement.';
    expect(renderMarkdown(m)).toContain(`> dynamodb:DeleteItem: Old notes are archived.  \n`);
    expect(renderMarkdown(m)).toContain(`_${note}_`);
    expect(statementText(s)).toContain(note);
    expect(renderTerraform(m)).toContain(`# ${note}`);
  });

  it('lists older texts keyed by a Sid no statement has apart, never as a statement rationale', () => {
    const m = model({ comments: { byStatement: { DynamoDBNotesTable: 'From an older session.\r\nKept.' } } });
    expect(m.statements.every((s) => s.rationale.length === 0)).toBe(true);
    expect(m.unattachedRationale).toEqual([
      { sid: 'DynamoDBNotesTable', text: 'From an older session.\nKept.' },
    ]);
    const md = renderMarkdown(m);
    expect(md).toContain('## Rationale matching no statement');
    expect(md).toContain('- `DynamoDBNotesTable`:\n  > From an older session.  \n  > Kept.');
    expect(renderTerraform(m)).toContain(
      '# Rationale matching no statement (older session, DynamoDBNotesTable): From an older session.\n# Kept.\n',
    );
    expect(model().unattachedRationale).toBeUndefined();
  });
});
