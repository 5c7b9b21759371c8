// A version-2 session kept statement rationales by Sid; loading it moves each text onto
// the actions its statement covered in that session, keeps a Sid that matches no
// statement, and converts the undo history. Checked on a real v2 file through the store,
// `sessions show`, `export` and a resume that edits and saves it again.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { v2ToV3 } from '../../sessions/migrations.js';
import { reduceSession } from '../../sessions/reducer.js';
import { SCHEMA_VERSION } from '../../sessions/schema.js';
import { serializeSession } from '../../sessions/serialize.js';
import { parseSessionText, readSessionFile } from '../../sessions/store.js';
import { sessionReview } from '../../sessions/summary.js';
import { sessionModel } from '../../components/review/model.js';
import { runExport } from '../../src/commands/export.js';
import type { IO } from '../../src/commands/io.js';
import { loadSessionForResume } from '../../src/commands/resume.js';
import { runSessions } from '../../src/commands/sessions.js';
import { tempDir } from './session-test-data.js';

const V2 = join(import.meta.dirname, '../fixtures/sessions/v2-notes-app-delete.json');
const ID = '5e551a2b3c';
const DDB = 'DELETE /notes/{id} reads the note, then removes its row';
const S3 = 'Attachments of the deleted note';
const OLD = 'Written for a statement an older version named';
const load = () => parseSessionText(readFileSync(V2, 'utf8'), V2);

function folder(): string {
  const dir = tempDir();
  copyFileSync(V2, join(dir, `${ID}.json`));
  return dir;
}

function fakeIO(dir: string) {
  const out = { stdout: '', stderr: '' };
  const io: IO = {
    stdout: { write: (t: string) => (out.stdout += t), isTTY: false },
    stderr: { write: (t: string) => (out.stderr += t), isTTY: false },
    stdinIsTTY: false,
    env: { IAM_REFINE_SESSIONS_DIR: dir },
  };
  return { io, out };
}

describe('session schema 2 → 3: rationale onto the actions', () => {
  it('the raw step adds the per-action map and keeps every Sid text for the load to place', () => {
    const raw = JSON.parse(readFileSync(V2, 'utf8')) as Record<string, unknown>;
    const v3 = v2ToV3(raw);
    expect(v3.schemaVersion).toBe(3);
    expect(v3.comments).toEqual({ ...(raw.comments as object), rationaleByAction: {} });
  });

  it('moves each Sid text onto the actions its statement covered, keeps the unmatched one', () => {
    const s = load();
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.comments.rationaleByAction).toEqual({
      'dynamodb:DeleteItem': DDB,
      'dynamodb:GetItem': DDB,
      's3:DeleteObject': S3,
      's3:GetObject': S3,
    });
    expect(s.comments.byStatement).toEqual({ DynamoDBNotesTable: OLD });
    expect(s.comments.byAction).toEqual({ 'dynamodb:GetItem': 'Reads the note to find its attachments' });
    // The same file gives the same session every time, and a saved v3 file loads as it was saved.
    expect(load()).toEqual(s);
    expect(parseSessionText(serializeSession(s), V2)).toEqual(s);
  });

  it('a version-3 file is loaded as saved: a Sid text left there is not moved again', () => {
    const s = load();
    const kept = { ...s, comments: { ...s.comments, byStatement: { DynamodbReadWriteNotesTable: 'left' } } };
    expect(parseSessionText(serializeSession(kept), V2).comments.byStatement).toEqual({
      DynamodbReadWriteNotesTable: 'left',
    });
    // The same text in a version-2 file moves.
    const raw = JSON.parse(readFileSync(V2, 'utf8')) as { comments: { byStatement: object } };
    raw.comments.byStatement = { DynamodbReadWriteNotesTable: 'left' };
    const moved = parseSessionText(JSON.stringify(raw), V2).comments;
    expect(moved.byStatement).toEqual({});
    expect(moved.rationaleByAction['dynamodb:GetItem']).toBe('left');
  });

  it('the policy says what the v2 session said, and lists the unmatched text apart', () => {
    const s = load();
    const m = sessionModel(s, sessionReview(s).candidates);
    expect(m.statements.map((x) => [x.sid, x.rationale])).toEqual([
      ['DynamodbReadWriteNotesTable', [DDB, 'dynamodb:GetItem: Reads the note to find its attachments']],
      ['S3ReadWriteNotesAppAttachmentsProdPrivateU1NPngObject', [S3]],
    ]);
    expect(m.unattachedRationale).toEqual([{ sid: 'DynamoDBNotesTable', text: OLD }]);
  });

  it('old statement edits undo on the actions, the unmatched one on its Sid', () => {
    let s = load();
    expect(s.history.map((h) => h.changes)).toEqual([
      expect.any(Array),
      [
        { slice: 'rationaleByAction', key: 'dynamodb:DeleteItem' },
        { slice: 'rationaleByAction', key: 'dynamodb:GetItem' },
      ],
      [
        { slice: 'rationaleByAction', key: 'dynamodb:DeleteItem', prev: 'First draft' },
        { slice: 'rationaleByAction', key: 'dynamodb:GetItem', prev: 'First draft' },
      ],
      [
        { slice: 'rationaleByAction', key: 's3:DeleteObject' },
        { slice: 'rationaleByAction', key: 's3:GetObject' },
      ],
      [{ slice: 'commentsByStatement', key: 'DynamoDBNotesTable' }],
      [{ slice: 'commentsByAction', key: 'dynamodb:GetItem' }],
    ]);
    for (let i = 0; i < 4; i++) s = reduceSession(s, { type: 'undo' });
    expect(s.comments).toEqual({
      byAction: {},
      rationaleByAction: { 'dynamodb:DeleteItem': 'First draft', 'dynamodb:GetItem': 'First draft' },
      byStatement: {},
    });
  });

  it('after the move, e on one action takes its text along: each statement keeps its own', () => {
    const s = reduceSession(load(), {
      type: 'chooseResources',
      action: 'dynamodb:GetItem',
      resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/*'],
    });
    const m = sessionModel(s, sessionReview(s).candidates);
    const ddb = m.statements.filter((x) => x.service === 'dynamodb');
    expect(ddb.map((x) => [x.actions, x.rationale[0]])).toEqual([
      [['dynamodb:DeleteItem'], DDB],
      [['dynamodb:GetItem'], DDB],
    ]);
  });

  it('sessions show prints the rationale counts and the unmatched text in full', async () => {
    const { io, out } = fakeIO(folder());
    expect(
      await runSessions({ action: 'show', ref: ID, now: new Date('2026-11-21T12:00:00.000Z') }, io),
    ).toBe(0);
    expect(out.stdout).toMatch(
      /Comments +1 note on actions, rationale on 4 actions, 1 matching no statement/,
    );
    expect(out.stdout).toContain(`Rationale matching no statement`);
    expect(out.stdout).toContain(`  DynamoDBNotesTable:\n    ${OLD}`);
    expect(out.stdout).toContain('session schema 3');
  });

  it('export writes the moved rationales and the unmatched one in the Markdown', async () => {
    const dir = folder();
    const { io } = fakeIO(dir);
    const out = join(dir, 'policy.json');
    expect(await runExport({ ref: ID, format: 'json', out }, io)).toBe(0);
    const md = readFileSync(join(dir, 'policy.md'), 'utf8');
    expect(md).toContain(`## DynamodbReadWriteNotesTable`);
    expect(md).toContain(`> ${'DELETE /notes/{id} reads the note, then removes its row'}`);
    expect(md).toContain(`> ${S3}`);
    expect(md).toContain('## Rationale matching no statement');
    expect(md).toContain(OLD);
  });

  it('a resume edits it and saves version 3 with nothing lost', async () => {
    const dir = folder();
    const r = await loadSessionForResume(ID, dir, { now: new Date('2026-11-21T12:00:00.000Z') });
    expect(r.session.comments.rationaleByAction['s3:GetObject']).toBe(S3);
    r.handle.dispatch({ type: 'decide', action: 's3:GetObject', decision: 'rejected' });
    const saved = readSessionFile(join(dir, `${ID}.json`));
    expect(JSON.parse(readFileSync(join(dir, `${ID}.json`), 'utf8')).schemaVersion).toBe(3);
    expect(saved.comments).toEqual(r.handle.session.comments);
    expect(saved.comments.byStatement).toEqual({ DynamoDBNotesTable: OLD });
    r.handle.close();
  });
});
