import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../sessions/events.js';
import { reduceSession, undoLabel } from '../../sessions/reducer.js';
import type { Session } from '../../sessions/schema.js';
import { serializeSession } from '../../sessions/serialize.js';
import { parseSessionText } from '../../sessions/store.js';
import { demoSession, DELETE_ROLE, ev } from './session-test-data.js';

const run = (events: SessionEvent[], from: Session = demoSession()): Session =>
  events.reduce(reduceSession, from);

describe('session reducer: edits', () => {
  it.each<[string, SessionEvent[], Partial<Session>]>([
    [
      'accept',
      [{ type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' }],
      { decisions: { 'dynamodb:DeleteItem': 'accepted' } },
    ],
    [
      'accept then clear',
      [
        { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' },
        { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'pending' },
      ],
      { decisions: {} },
    ],
    [
      'a whole service',
      [
        {
          type: 'decideMany',
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
          decision: 'rejected',
          label: 'dynamodb',
        },
      ],
      { decisions: { 'dynamodb:DeleteItem': 'rejected', 'dynamodb:GetItem': 'rejected' } },
    ],
    [
      'toggle from pending accepts',
      [{ type: 'toggle', action: 's3:DeleteObject' }],
      { decisions: { 's3:DeleteObject': 'accepted' } },
    ],
    [
      'toggle twice rejects',
      [
        { type: 'toggle', action: 's3:DeleteObject' },
        { type: 'toggle', action: 's3:DeleteObject' },
      ],
      { decisions: { 's3:DeleteObject': 'rejected' } },
    ],
    [
      'toggle three times accepts again',
      [
        { type: 'toggle', action: 's3:DeleteObject' },
        { type: 'toggle', action: 's3:DeleteObject' },
        { type: 'toggle', action: 's3:DeleteObject' },
      ],
      { decisions: { 's3:DeleteObject': 'accepted' } },
    ],
    [
      'comments per action and per statement; empty text removes',
      [
        { type: 'setComment', target: 'action', key: 'dynamodb:DeleteItem', text: 'DELETE /notes/{id}' },
        { type: 'setComment', target: 'statement', key: 'S3Attachments', text: 'user files' },
        { type: 'setComment', target: 'statement', key: 'S3Attachments', text: '  ' },
      ],
      {
        comments: {
          byAction: { 'dynamodb:DeleteItem': 'DELETE /notes/{id}' },
          rationaleByAction: {},
          byStatement: {},
        },
      },
    ],
    [
      'placeholder fills; empty removes',
      [
        { type: 'fillPlaceholder', name: 'UserId', value: '*' },
        { type: 'fillPlaceholder', name: 'Region', value: 'us-east-1' },
        { type: 'fillPlaceholder', name: 'Region', value: '' },
      ],
      { fills: { UserId: '*' } },
    ],
    [
      'per-ARN fills: each occurrence its own value; empty removes',
      [
        {
          type: 'fillPlaceholder',
          name: 'Id',
          value: 'a-1',
          arn: 'arn:aws:cloudformation:r:1:stack/a/${Id}',
        },
        {
          type: 'fillPlaceholder',
          name: 'Id',
          value: 'b-2',
          arn: 'arn:aws:cloudformation:r:1:stack/b/${Id}',
        },
        { type: 'fillPlaceholder', name: 'Id', value: '', arn: 'arn:aws:cloudformation:r:1:stack/b/${Id}' },
      ],
      { fillsByArn: { 'Id@arn:aws:cloudformation:r:1:stack/a/${Id}': 'a-1' } },
    ],
    [
      'a value everywhere replaces the per-ARN values of that name only',
      [
        {
          type: 'fillPlaceholder',
          name: 'Id',
          value: 'a-1',
          arn: 'arn:aws:cloudformation:r:1:stack/a/${Id}',
        },
        { type: 'fillPlaceholder', name: 'Key', value: 'k', arn: 'arn:aws:s3:::b/${Key}' },
        { type: 'fillPlaceholder', name: 'Id', value: 'same' },
      ],
      { fills: { Id: 'same' }, fillsByArn: { 'Key@arn:aws:s3:::b/${Key}': 'k' } },
    ],
    [
      'resource choices; empty list goes back to the default',
      [
        {
          type: 'chooseResources',
          action: 's3:DeleteObject',
          resources: ['arn:aws:s3:::notes-app-attachments-prod/*'],
        },
        { type: 'chooseResources', action: 'dynamodb:DeleteItem', resources: ['x'] },
        { type: 'chooseResources', action: 'dynamodb:DeleteItem', resources: [] },
      ],
      { resourceChoices: { 's3:DeleteObject': ['arn:aws:s3:::notes-app-attachments-prod/*'] } },
    ],
    [
      'output settings',
      [{ type: 'setOutput', format: 'json', path: 'out/policy.json' }],
      { output: { format: 'json', path: 'out/policy.json' } },
    ],
    [
      'rename',
      [{ type: 'rename', name: '  delete role, second pass ' }],
      { name: 'delete role, second pass' },
    ],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toMatchObject(expected);
  });

  it('per-ARN fills: exact keys, and undo of a value everywhere brings the per-ARN ones back', () => {
    const a = 'arn:aws:cloudformation:r:1:stack/a/${Id}';
    const b = 'arn:aws:cloudformation:r:1:stack/b/${Id}';
    const perArn = run([
      { type: 'fillPlaceholder', name: 'Id', value: 'a-1', arn: a },
      { type: 'fillPlaceholder', name: 'Id', value: 'b-2', arn: b },
      { type: 'fillPlaceholder', name: 'Id', value: ' ', arn: b },
    ]);
    expect(perArn.fillsByArn).toEqual({ [`Id@${a}`]: 'a-1' });
    expect(perArn.fills).toEqual({});
    // Saved and read back as they are; a session without them keeps its old shape.
    expect(parseSessionText(serializeSession(perArn), 'abcdef0123.json').fillsByArn).toEqual(
      perArn.fillsByArn,
    );
    expect(serializeSession(demoSession())).not.toContain('fillsByArn');
    const everywhere = reduceSession(perArn, { type: 'fillPlaceholder', name: 'Id', value: 'x' });
    expect(everywhere.fills).toEqual({ Id: 'x' });
    expect(everywhere.fillsByArn).toBeUndefined();
    expect(undoLabel(everywhere)).toBe('fill ${Id} everywhere');
    const undone = reduceSession(everywhere, { type: 'undo' });
    expect(undone.fills).toEqual({});
    expect(undone.fillsByArn).toEqual({ [`Id@${a}`]: 'a-1' });
  });

  it.each<[string, SessionEvent[], Session['ui']]>([
    ['screen', [{ type: 'setScreen', screen: 'placeholders' }], { screen: 'placeholders' }],
    [
      'row and scroll; a later select without scroll keeps it',
      [
        { type: 'select', action: 's3:DeleteObject', scroll: 4 },
        { type: 'select', action: 'dynamodb:GetItem' },
      ],
      { screen: 'review', selectedAction: 'dynamodb:GetItem', scroll: 4 },
    ],
    [
      'filter set and cleared, pane',
      [
        { type: 'setFilter', filter: 'dynamo' },
        { type: 'setFilter', filter: '' },
        { type: 'setPane', pane: 'detail' },
      ],
      { screen: 'review', pane: 'detail' },
    ],
  ])('UI position: %s', (_name, events, ui) => {
    expect(run(events).ui).toEqual(ui);
  });

  it.each<SessionEvent>([
    { type: 'decide', action: 'x:Y', decision: 'pending' },
    { type: 'setComment', target: 'action', key: 'x:Y', text: '' },
    { type: 'setScreen', screen: 'review' },
    { type: 'setOutput', format: 'terraform' },
    { type: 'setFilter' },
    { type: 'undo' },
  ])('$type that changes nothing returns the same object (no write, no history)', (event) => {
    const s = demoSession();
    expect(reduceSession(s, event)).toBe(s);
  });

  it('never mutates its input', () => {
    const s = demoSession({ decisions: { 'a:B': 'accepted' } });
    const before = JSON.stringify(s);
    run(
      [
        { type: 'decide', action: 'a:B', decision: 'rejected' },
        { type: 'fillPlaceholder', name: 'X', value: '1' },
        { type: 'undo' },
      ],
      s,
    );
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('session reducer: undo', () => {
  const edits: SessionEvent[] = [
    { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' },
    {
      type: 'decideMany',
      actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
      decision: 'rejected',
      label: 'dynamodb',
    },
    { type: 'setComment', target: 'action', key: 'dynamodb:GetItem', text: 'unused' },
    { type: 'fillPlaceholder', name: 'UserId', value: '*' },
    { type: 'chooseResources', action: 's3:DeleteObject', resources: ['arn:aws:s3:::b/*'] },
    {
      type: 'chooseResourcesMany',
      choices: { 's3:PutObject': ['arn:aws:s3:::b/private/*'], 's3:DeleteObject': ['arn:aws:s3:::b/p/*'] },
      label: 'generalize the resources of 2 actions',
    },
    { type: 'toggle', action: 'dynamodb:DeleteItem' },
    {
      type: 'setRationale',
      actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
      text: 'Notes rows',
      statement: 'DynamodbReadWriteNotesTable',
    },
    { type: 'setRationale', actions: ['dynamodb:GetItem', 's3:DeleteObject'], text: 'Merged anew' },
    { type: 'setRationale', actions: ['dynamodb:DeleteItem'], text: '' },
  ];

  it('walks back every edit, one event at a time, to the start', () => {
    const states = [demoSession()];
    for (const e of edits) states.push(reduceSession(states.at(-1)!, e));
    let s = states.at(-1)!;
    for (let i = edits.length - 1; i >= 0; i--) {
      s = reduceSession(s, { type: 'undo' });
      const { history: _h, ...got } = s;
      const { history: _w, ...want } = states[i]!;
      expect(got).toEqual(want);
    }
    expect(s.history).toEqual([]);
  });

  it('a statement rationale is written on each of its actions, and undone as one step', () => {
    const s = run(edits.slice(0, 9));
    expect(s.comments.rationaleByAction).toEqual({
      'dynamodb:DeleteItem': 'Notes rows',
      'dynamodb:GetItem': 'Merged anew',
      's3:DeleteObject': 'Merged anew',
    });
    expect(undoLabel(run(edits.slice(0, 8)))).toBe('rationale of DynamodbReadWriteNotesTable');
    expect(undoLabel(s)).toBe('rationale of dynamodb:GetItem, s3:DeleteObject');
    expect(run([{ type: 'undo' }], s).comments.rationaleByAction).toEqual({
      'dynamodb:DeleteItem': 'Notes rows',
      'dynamodb:GetItem': 'Notes rows',
    });
    // The same text again changes nothing: no undo step.
    expect(run([edits[8]!], s)).toBe(s);
    expect(run(edits).comments.rationaleByAction).toEqual({
      'dynamodb:GetItem': 'Merged anew',
      's3:DeleteObject': 'Merged anew',
    });
  });

  it('labels what it would revert', () => {
    expect(undoLabel(run(edits.slice(0, 2)))).toBe('reject dynamodb');
    expect(undoLabel(run(edits.slice(0, 4)))).toBe('fill ${UserId} everywhere');
    expect(undoLabel(run(edits.slice(0, 6)))).toBe('generalize the resources of 2 actions');
    expect(undoLabel(demoSession())).toBeUndefined();
  });

  it('survives a save and a resume', () => {
    const saved = serializeSession(run(edits.slice(0, 3)));
    const resumed = parseSessionText(saved, 'abcdef0123.json');
    const undone = run([{ type: 'undo' }, { type: 'undo' }], resumed);
    expect(undone.decisions).toEqual({ 'dynamodb:DeleteItem': 'accepted' });
    expect(undone.comments.byAction).toEqual({});
  });

  it('UI moves are not undone (undo is for decisions, not the cursor)', () => {
    const s = run([
      { type: 'decide', action: 'a:B', decision: 'accepted' },
      { type: 'select', action: 'c:D' },
      { type: 'undo' },
    ]);
    expect(s.decisions).toEqual({});
    expect(s.ui.selectedAction).toBe('c:D');
  });
});

describe('session reducer: role, sources, evidence', () => {
  it('setSources drops anything that looks like a credential', () => {
    const s = run([
      {
        type: 'setSources',
        sources: [
          {
            id: 'cloudtrail',
            label: 'CloudTrail',
            settings: {
              profile: 'audit',
              region: 'us-east-1',
              aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
              sessionToken: 'FwoGZXIvYXdzE...',
              accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              note: 'AKIAIOSFODNN7EXAMPLE',
              env: 'AWS_PROFILE=audit',
              paths: ['logs/', 'ASIAIOSFODNN7EXAMPLE'],
            },
          },
        ],
      },
    ]);
    expect(s.sources).toEqual([
      {
        id: 'cloudtrail',
        label: 'CloudTrail',
        settings: { profile: 'audit', region: 'us-east-1', paths: ['logs/'] },
        state: 'pending',
      },
    ]);
    expect(serializeSession(s)).not.toMatch(/AKIA|ASIA|wJalr|FwoG/);
  });

  it('setSourceState records a source outcome', () => {
    const s = run([
      { type: 'setSources', sources: [{ id: 'xray', label: 'X-Ray traces' }] },
      { type: 'setSourceState', id: 'xray', state: 'failed', message: 'AccessDenied: xray:BatchGetTraces' },
    ]);
    expect(s.sources[0]).toMatchObject({ state: 'failed', message: 'AccessDenied: xray:BatchGetTraces' });
  });

  it('setEvidence replaces the evidence and keeps decisions', () => {
    const s = run([
      { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' },
      {
        type: 'setEvidence',
        evidence: [ev({ source: 'cloudtrail', action: 'dynamodb:DeleteItem' })],
        gatheredAt: 'T2',
      },
    ]);
    expect(s.evidence).toHaveLength(1);
    expect(s.decisions).toEqual({ 'dynamodb:DeleteItem': 'accepted' });
    expect(s.gatheredAt).toBe('T2');
  });

  it('choosing another role clears what belonged to the old one; the same role keeps it', () => {
    const decided = run([{ type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' }]);
    expect(reduceSession(decided, { type: 'setRole', role: DELETE_ROLE })).toBe(decided);
    const other = reduceSession(decided, {
      type: 'setRole',
      role: {
        ...DELETE_ROLE,
        arn: 'arn:aws:iam::123456789012:role/serverless-deployer',
        name: 'serverless-deployer',
      },
    });
    expect(other).toMatchObject({
      evidence: [],
      decisions: {},
      history: [],
      role: { name: 'serverless-deployer' },
    });
  });

  it('mergeEvidence keeps decisions and comments, adds counts, marks new actions', () => {
    const before = run([
      { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' },
      { type: 'setComment', target: 'action', key: 'dynamodb:DeleteItem', text: 'DELETE /notes/{id}' },
    ]);
    const s = reduceSession(before, {
      type: 'mergeEvidence',
      window: { start: '2026-11-20T00:00:00.000Z', end: '2026-11-28T00:00:00.000Z' },
      gatheredAt: '2026-11-28T00:00:00.000Z',
      evidence: [
        ev({
          source: 'xray',
          action: 'dynamodb:DeleteItem',
          resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes',
          count: 8,
        }),
        ev({
          source: 'xray',
          action: 'dynamodb:Query',
          resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes',
          count: 3,
        }),
      ],
    });
    expect(s.decisions).toEqual(before.decisions);
    expect(s.comments).toEqual(before.comments);
    expect(s.evidence.find((e) => e.action === 'dynamodb:DeleteItem')?.count).toBe(50);
    expect(s.evidence).toHaveLength(before.evidence.length + 1);
    expect(s.window).toEqual({
      start: '2026-11-13T00:00:00.000Z',
      end: '2026-11-28T00:00:00.000Z',
      preset: '7d',
    });
    expect(s.lastRegather).toEqual({
      at: '2026-11-28T00:00:00.000Z',
      window: { start: '2026-11-20T00:00:00.000Z', end: '2026-11-28T00:00:00.000Z' },
      newActions: ['dynamodb:Query'],
      changedActions: ['dynamodb:DeleteItem'],
    });
  });
});
