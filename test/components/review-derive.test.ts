// The review's pure parts: filter words, rows grouped by service, resource generalizations,
// placeholder suggestions, windows and roles.
import { describe, expect, it } from 'vitest';
import { mergeCandidates } from '../../src/core/merge.js';
import type { Candidate } from '../../src/core/types.js';
import { parseFilter, type FilterContext } from '../../components/review/filter.js';
import { groupByService, reviewRows } from '../../components/review/rows.js';
import { resourceOptions, chosenOption } from '../../components/review/resources.js';
import { suggest } from '../../components/review/placeholders.js';
import { detailLines } from '../../components/review/detail.js';
import {
  customWindow,
  limitWarnings,
  presetWindow,
  PRESETS,
  sourceLimits,
} from '../../components/screens/windows.js';
import { filterRoles, pastedArn } from '../../components/screens/roles.js';
import { editorFrom, editorReducer, editorText, type EditorOp } from '../../components/hooks/editorState.js';
import { evidence } from './support.js';

const candidates: Candidate[] = mergeCandidates([
  evidence('s3:GetObject', {
    resource: 'arn:aws:s3:::notes-app-attachments-prod/private/u1/a.txt',
    count: 3,
  }),
  evidence('s3:GetObject', {
    resource: 'arn:aws:s3:::notes-app-attachments-prod/private/u2/b.txt',
    count: 2,
  }),
  evidence('s3:PutObject', {
    source: 'cloudtrail',
    resource: 'arn:aws:s3:::notes-app-attachments-prod/private/u1/c.txt',
  }),
  evidence('dynamodb:Query', {
    resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes/index/userId-index',
  }),
  evidence('dynamodb:GetItem', { resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes' }),
  evidence('iam:CreatePolicy', { source: 'cloudtrail', count: 0, denied: 2 }),
]);
const byAction = (a: string) => candidates.find((c) => c.action === a)!;
const ctx = (decisions: Record<string, 'accepted' | 'rejected'>): FilterContext => ({
  status: (c) => decisions[c.action] ?? 'pending',
  isNew: (c) => c.action === 's3:PutObject',
});

describe('review filter', () => {
  const decisions = { 's3:GetObject': 'accepted' as const, 'dynamodb:Query': 'rejected' as const };
  it.each([
    ['get', ['dynamodb:GetItem', 's3:GetObject']],
    ['svc:s3', ['s3:GetObject', 's3:PutObject']],
    ['src:ct', ['iam:CreatePolicy', 's3:PutObject']],
    ['is:accepted', ['s3:GetObject']],
    ['is:rejected', ['dynamodb:Query']],
    ['is:pending svc:dynamodb', ['dynamodb:GetItem']],
    ['is:denied', ['iam:CreatePolicy']],
    ['is:new', ['s3:PutObject']],
    ['', candidates.map((c) => c.action)],
  ])('"%s" keeps %j', (text, expected) => {
    const f = parseFilter(text);
    const kept = candidates.filter((c) => f.test(c, ctx(decisions))).map((c) => c.action);
    expect(kept.sort()).toEqual([...expected].sort());
    expect(f.errors).toEqual([]);
  });

  it.each([['is:maybe'], ['src:zz']])('"%s" is reported, not ignored', (text) => {
    expect(parseFilter(text).errors[0]).toMatch(/unknown/);
  });
});

describe('review rows', () => {
  const groups = groupByService(candidates);
  it('groups by service with counts, and folded services hide their actions', () => {
    const rows = reviewRows(
      groups,
      { 's3:GetObject': 'accepted' },
      new Set(['dynamodb']),
      parseFilter(''),
      ctx({}),
    );
    expect(rows.map((r) => r.key)).toEqual([
      'service:dynamodb',
      'service:iam',
      'iam:CreatePolicy',
      'service:s3',
      's3:GetObject',
      's3:PutObject',
    ]);
    const s3 = rows.find((r) => r.key === 'service:s3');
    expect(s3?.kind === 'service' && s3.counts).toEqual({ accepted: 1, rejected: 0, pending: 1 });
  });

  it('a filter drops services with no match and keeps the whole-service counts', () => {
    const rows = reviewRows(groups, {}, new Set(), parseFilter('put'), ctx({}));
    expect(rows.map((r) => r.key)).toEqual(['service:s3', 's3:PutObject']);
    expect(rows[0]?.kind === 'service' && [rows[0].shown, rows[0].total]).toEqual([1, 2]);
  });
});

describe('resource choices', () => {
  it('offers the exact resources, then their common prefixes, most specific first', () => {
    const options = resourceOptions(byAction('s3:GetObject'));
    expect(options.map((o) => o.resources)).toEqual([
      [],
      ['arn:aws:s3:::notes-app-attachments-prod/private/*'],
      ['arn:aws:s3:::notes-app-attachments-prod/*'],
    ]);
    expect(chosenOption(options, ['arn:aws:s3:::notes-app-attachments-prod/*'])).toBe(2);
    expect(chosenOption(options, undefined)).toBe(0);
  });

  it('keeps a parent resource that was itself observed beside its wildcard', () => {
    const both = mergeCandidates([
      evidence('dynamodb:Query', { resource: 'arn:aws:dynamodb:us-east-1:1:table/notes' }),
      evidence('dynamodb:Query', { resource: 'arn:aws:dynamodb:us-east-1:1:table/notes/index/userId-index' }),
    ])[0]!;
    expect(resourceOptions(both)[1]?.resources).toEqual([
      'arn:aws:dynamodb:us-east-1:1:table/notes',
      'arn:aws:dynamodb:us-east-1:1:table/notes/*',
    ]);
  });

  it('has nothing to generalize for a single resource without a path', () => {
    const one = mergeCandidates([
      evidence('sqs:SendMessage', { resource: 'arn:aws:sqs:us-east-1:1:orders' }),
    ])[0]!;
    expect(resourceOptions(one)).toHaveLength(1);
  });
});

describe('placeholder suggestions', () => {
  const observed = candidates.flatMap((c) => c.resources.map((r) => r.arn));
  it.each([
    ['BucketName', 'arn:aws:s3:::${BucketName}', ['notes-app-attachments-prod']],
    [
      'ObjectName',
      'arn:aws:s3:::notes-app-attachments-prod/${ObjectName}',
      ['private/u1/a.txt', 'private/u1/c.txt', 'private/u2/b.txt'],
    ],
    ['TableName', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', ['notes']],
    ['Region', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', ['us-east-1']],
    ['QueueName', 'arn:aws:sqs:${Region}:${Account}:${QueueName}', []],
  ])('${%s} in %s → %j', (name, template, expected) => {
    expect(suggest(name, [template], observed)).toEqual(expected);
  });
});

describe('windows', () => {
  const now = new Date('2026-11-20T23:59:59Z');
  it('presets end now and keep their id', () => {
    expect(presetWindow(PRESETS[2], now)).toEqual({
      start: '2026-11-13T23:59:59.000Z',
      end: '2026-11-20T23:59:59.000Z',
      preset: '7d',
    });
  });
  it.each([
    ['2026-11-02', '2026-11-20', { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z' }],
    ['2026-11-02T10:00:00Z', '', { start: '2026-11-02T10:00:00.000Z', end: '2026-11-20T23:59:59.000Z' }],
    ['2026-11-20', '2026-11-02', { error: 'start must be before end' }],
    ['yesterday', '', { error: expect.stringMatching(/not a date/) }],
    ['2027-01-01', '2027-02-01', { error: 'start is in the future' }],
  ])('custom %s .. %s', (start, end, expected) => {
    expect(customWindow(start, end, now)).toEqual(expected);
  });
  it('warns when a live source cannot see the whole window', () => {
    const w = presetWindow(PRESETS[4], now);
    expect(limitWarnings(w, sourceLimits('live'), now)).toEqual(['X-Ray sees only the last 30 days']);
    expect(limitWarnings(w, sourceLimits('files'), now)).toEqual([]);
  });
});

describe('roles', () => {
  const roles = [
    { arn: 'arn:aws:iam::1:role/app/api-role', name: 'api-role', path: '/app/', policies: [] },
    { arn: 'arn:aws:iam::1:role/deployer', name: 'deployer', path: '/', policies: [] },
  ];
  it.each([
    ['app', ['api-role']],
    ['API /APP', ['api-role']],
    ['dep', ['deployer']],
    ['', ['api-role', 'deployer']],
  ])('filter %s', (text, names) => {
    expect(filterRoles(roles, text).map((r) => r.name)).toEqual(names);
  });
  it.each([
    [
      'arn:aws:iam::123456789012:role/x',
      { role: expect.objectContaining({ name: 'x', account: '123456789012' }) },
    ],
    ['arn:aws:s3:::bucket', { error: expect.stringMatching(/not an IAM role ARN/) }],
    ['deployer', undefined],
  ])('pasted %s', (text, expected) => {
    expect(pastedArn(text)).toEqual(expected);
  });
});

describe('detail lines', () => {
  it('draw evidence from files without control sequences', () => {
    const [c] = mergeCandidates([
      evidence('s3:GetObject', {
        samples: ['1-abc\u001b]0;owned\u0007\u001b[2J-def'],
        resource: 'arn:aws:s3:::b/\u001b[31mk',
      }),
    ]);
    const lines = detailLines({
      candidate: c!,
      status: 'pending',
      resources: ['arn:aws:s3:::b/\u001b[31mk'],
      chosen: false,
    });
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain('1-abc-def');
    expect(text).toContain('arn:aws:s3:::b/k');
    for (const l of lines) expect(l.text).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('editor state', () => {
  const run = (ops: EditorOp[], from = '') => editorText(ops.reduce(editorReducer, editorFrom(from)));
  it.each<[string, EditorOp[], string, string]>([
    ['types', [{ type: 'insert', text: 'ab' }], '', 'ab'],
    [
      'breaks lines',
      [{ type: 'insert', text: 'a' }, { type: 'newline' }, { type: 'insert', text: 'b' }],
      '',
      'a\nb',
    ],
    ['joins lines on backspace', [{ type: 'move', dir: 'home' }, { type: 'backspace' }], 'a\nb', 'ab'],
    ['keeps pasted CRLF lines', [{ type: 'insert', text: 'x\r\ny' }], '', 'x\ny'],
    ['drops control characters', [{ type: 'insert', text: 'a\u001b[31mb\u0007\tc' }], '', 'ab c'],
    [
      'inserts mid-line',
      [
        { type: 'move', dir: 'left' },
        { type: 'insert', text: 'X' },
      ],
      'ab',
      'aXb',
    ],
    [
      'moves up keeping the column',
      [
        { type: 'move', dir: 'up' },
        { type: 'insert', text: '!' },
      ],
      'abc\nd',
      'a!bc\nd',
    ],
  ])('%s', (_name, ops, from, expected) => {
    expect(run(ops, from)).toBe(expected);
  });
});
