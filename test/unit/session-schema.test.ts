import { describe, expect, it } from 'vitest';
import { SessionSchema } from '../../sessions/schema.js';
import { serializeSession } from '../../sessions/serialize.js';
import { parseSessionText, SessionFileError } from '../../sessions/store.js';
import { demoSession } from './session-test-data.js';

describe('session schema', () => {
  it('a new session is valid and starts where its inputs put it', () => {
    const s = demoSession();
    expect(SessionSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({ schemaVersion: 3, ui: { screen: 'review' }, decisions: {}, history: [] });
    expect(s.name).toBe('notes-app-api-prod-delete-us-east-1-lambdaRole 2026-11-21');
  });

  it('serialize → parse gives back the same session, every field included', () => {
    const s = demoSession({
      decisions: { 'dynamodb:DeleteItem': 'accepted', 'dynamodb:GetItem': 'rejected' },
      resourceChoices: { 's3:DeleteObject': ['arn:aws:s3:::notes-app-attachments-prod/private/*'] },
      fills: { UserId: '*' },
      comments: {
        byAction: { 'dynamodb:DeleteItem': 'DELETE /notes/{id}' },
        rationaleByAction: { 's3:DeleteObject': 'attachments' },
        byStatement: { S3: 'older text' },
      },
      output: { format: 'json', path: 'policy.json' },
      ui: { screen: 'review', selectedAction: 's3:DeleteObject', scroll: 3, filter: 'dyn', pane: 'detail' },
      history: [
        {
          label: 'accept dynamodb:DeleteItem',
          changes: [{ slice: 'decisions', key: 'dynamodb:DeleteItem' }],
        },
      ],
      lastRegather: {
        at: 'x',
        window: { start: 'a', end: 'b' },
        newActions: ['s3:GetObject'],
        changedActions: [],
      },
      sources: [
        {
          id: 'xray',
          label: 'X-Ray traces',
          files: ['t.json'],
          settings: { xrayService: 'api' },
          state: 'done',
        },
      ],
    });
    const text = serializeSession(s);
    expect(parseSessionText(text, 'x.json')).toEqual(s);
    // Every schema key is written (a key missing from the writer's order would be lost).
    const written = Object.keys(JSON.parse(text) as object);
    const present = Object.keys(s).filter((k) => s[k as keyof typeof s] !== undefined);
    expect(written.sort()).toEqual(present.sort());
  });

  it('lays decisions out one per line, sorted, so a repository diff shows each decision', () => {
    const text = serializeSession(
      demoSession({ decisions: { 's3:DeleteObject': 'rejected', 'dynamodb:DeleteItem': 'accepted' } }),
    );
    expect(text).toContain(
      '"decisions": {\n    "dynamodb:DeleteItem": "accepted",\n    "s3:DeleteObject": "rejected"\n  }',
    );
    expect(text.split('\n').filter((l) => /^ {4}\{.*"source":/.test(l))).toHaveLength(4);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 2,', /not valid JSON/],
    ['an array', '[]', /no JSON object/],
    ['no version', '{"id":"abcdef0123"}', /schemaVersion/],
    [
      'a newer schema',
      '{"schemaVersion": 99}',
      /newer iam-refine \(session schema 99; this version reads up to 3\)/,
    ],
    [
      'a bad decision',
      JSON.stringify({ ...demoSession(), decisions: { 's3:GetObject': 'maybe' } }),
      /decisions\.s3:GetObject/,
    ],
    ['an unknown screen', JSON.stringify({ ...demoSession(), ui: { screen: 'lobby' } }), /ui\.screen/],
    [
      'a bad id',
      JSON.stringify({ ...demoSession(), id: '../../etc' }),
      /id: an id is 8 to 32 lowercase hex digits/,
    ],
  ])('rejects %s with the path and the problem', (_name, text, problem) => {
    let error: unknown;
    try {
      parseSessionText(text, '/sessions/abcdef0123.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionFileError);
    const e = error as SessionFileError;
    expect(e.path).toBe('/sessions/abcdef0123.json');
    expect(e.problem).toMatch(problem);
    expect(e.where).toBe('/sessions/abcdef0123.json');
  });
});
