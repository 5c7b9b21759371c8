// Issue 13: a statement rationale belongs to the actions it explains. Written with `c` on a
// statement of two actions, it stays with them when `e` moves one of them into another
// statement; the statement that now holds two texts says so, in the review and the preview.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { sessionModel } from '../../components/review/model.js';
import { sessionReview } from '../../sessions/summary.js';
import { SessionHandle } from '../../sessions/handle.js';
import { roleRefFromArn } from '../../src/core/arn.js';
import { cleanup, render } from '../helpers/ink.js';
import { evidence, fakeEngine, newHandle, tempDir } from './support.js';

afterEach(cleanup);

const ROLE = roleRefFromArn('arn:aws:iam::123456789012:role/notes-attachments')!;
const B = 'arn:aws:s3:::notes-attachments';
const READ_WRITE = 'Users upload and read their own attachments.';
const CLEANUP = 'The delete handler removes attachments under private/.';

/** GetObject and PutObject on one key (one statement); DeleteObject on private/* (another). */
function session(): SessionHandle {
  const h = newHandle({ role: ROLE, screen: 'review' });
  h.dispatch({ type: 'setSources', sources: [{ id: 'xray', label: 'X-Ray traces' }] });
  h.dispatch({ type: 'setSourceState', id: 'xray', state: 'done' });
  h.dispatch({
    type: 'setEvidence',
    gatheredAt: '2026-11-21T00:00:00.000Z',
    evidence: [
      evidence('s3:GetObject', { resource: `${B}/private/u-1/a.png`, count: 4 }),
      evidence('s3:PutObject', { resource: `${B}/private/u-1/a.png`, count: 2 }),
      evidence('s3:DeleteObject', { resource: `${B}/private/u-2/c.png`, count: 1 }),
    ],
  });
  h.dispatch({
    type: 'decideMany',
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    decision: 'accepted',
  });
  h.dispatch({ type: 'chooseResources', action: 's3:DeleteObject', resources: [`${B}/private/*`] });
  return h;
}

function mount(handle = session()) {
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    { columns: 220, rows: 44 },
  );
  return { r, handle };
}

/** Each statement's actions and rationale lines, as every output writes them. */
function statements(handle: SessionHandle) {
  const s = handle.session;
  return sessionModel(s, sessionReview(s).candidates)
    .statements.map((x) => ({
      actions: x.actions,
      resources: x.resources,
      rationale: x.rationale,
      merged: x.rationaleMerged,
    }))
    .sort((a, b) => a.actions[0]!.localeCompare(b.actions[0]!));
}

describe('rationale follows its actions when statements regroup', () => {
  it('c writes it on the statement; e moves one action and its text; the merge is announced', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ s3');
    // DeleteObject's statement.
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteObject/);
    await r.type('c');
    await r.waitFor('Rationale for statement');
    await r.type(CLEANUP);
    await r.press('ctrlS');
    await r.waitFor(`  ${CLEANUP}`);
    // GetObject and PutObject share one statement: one rationale for both.
    await r.press('down');
    await r.waitFor(/› +\[✓\] GetObject/);
    await r.type('c');
    await r.waitFor('(2 actions)');
    await r.type(READ_WRITE);
    await r.press('ctrlS');
    await r.waitFor(`  ${READ_WRITE}`);
    expect(handle.session.comments.rationaleByAction).toEqual({
      's3:DeleteObject': CLEANUP,
      's3:GetObject': READ_WRITE,
      's3:PutObject': READ_WRITE,
    });

    // e on PutObject: private/* puts it beside DeleteObject, its text with it.
    await r.press('down');
    await r.waitFor(/› +\[✓\] PutObject/);
    await r.type('e');
    await r.waitFor('Resources of s3:PutObject');
    await r.press('down', 'down');
    await r.waitFor(`› ( ) generalize: ${B}/private/*`);
    await r.press('enter');
    const f = await r.waitFor(/rationale merged: \S+ now holds 2 notes/);
    expect(f).toContain('merged from 2 notes (its actions were regrouped): c rewrites it as one');
    expect(f).toContain(`s3:DeleteObject: ${CLEANUP}`);
    expect(f).toContain(`s3:PutObject: ${READ_WRITE}`);
    // Nothing was rewritten: the texts stay on the actions they were written for.
    expect(handle.session.comments.rationaleByAction).toEqual({
      's3:DeleteObject': CLEANUP,
      's3:GetObject': READ_WRITE,
      's3:PutObject': READ_WRITE,
    });
    expect(statements(handle)).toEqual([
      {
        actions: ['s3:DeleteObject', 's3:PutObject'],
        resources: [`${B}/private/*`],
        rationale: [`s3:DeleteObject: ${CLEANUP}`, `s3:PutObject: ${READ_WRITE}`],
        merged: 2,
      },
      {
        actions: ['s3:GetObject'],
        resources: [`${B}/private/u-1/a.png`],
        rationale: [READ_WRITE],
        merged: undefined,
      },
    ]);

    // GetObject kept its own rationale, unmerged.
    await r.press('up');
    const g = await r.waitFor(/› +\[✓\] GetObject/);
    expect(g).toContain(`  ${READ_WRITE}`);
    expect(g).not.toContain('merged from');

    // The preview says it too.
    await r.type('v');
    await r.waitFor(/rationale merged from 2 notes in \S+ \(its actions were/);
  });

  it('c on a merged statement starts from the composed text; saving writes it on all its actions', async () => {
    const handle = session();
    handle.dispatch({ type: 'setRationale', actions: ['s3:DeleteObject'], text: CLEANUP });
    handle.dispatch({ type: 'setRationale', actions: ['s3:GetObject', 's3:PutObject'], text: READ_WRITE });
    handle.dispatch({ type: 'chooseResources', action: 's3:PutObject', resources: [`${B}/private/*`] });
    const before = statements(handle);
    expect(before[0]!.merged).toBe(2);
    const { r } = mount(handle);
    await r.waitFor('▾ s3');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteObject/);
    await r.waitFor('merged from 2 notes');
    await r.type('c');
    const editor = await r.waitFor('(2 actions): 2 notes merged');
    expect(editor).toContain(`s3:DeleteObject: ${CLEANUP}`);
    expect(editor).toContain(`s3:PutObject: ${READ_WRITE}`);
    await r.press('ctrlS');
    await r.waitFor((f) => f.includes('Rationale (statement') && !f.includes('merged from'));
    const composed = `s3:DeleteObject: ${CLEANUP}\ns3:PutObject: ${READ_WRITE}`;
    expect(handle.session.comments.rationaleByAction).toEqual({
      's3:DeleteObject': composed,
      's3:GetObject': READ_WRITE,
      's3:PutObject': composed,
    });
    // One text now, the same words in every output; u brings the two notes back.
    expect(statements(handle)).toEqual([{ ...before[0]!, merged: undefined }, before[1]]);
    await r.type('u');
    await r.waitFor('merged from 2 notes');
    expect(statements(handle)).toEqual(before);
  });

  it('a version-2 session resumes with each text on its statement; the unmatched Sid is named', async () => {
    const dir = tempDir('iam-refine-sessions-');
    copyFileSync(
      join(import.meta.dirname, '../fixtures/sessions/v2-notes-app-delete.json'),
      join(dir, '5e551a2b3c.json'),
    );
    const handle = await SessionHandle.open(dir, '5e551a2b3c', { write: { durable: false } });
    const { r } = mount(handle);
    await r.waitFor('▾ dynamodb');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteItem/);
    await r.waitFor('  DELETE /notes/{id} reads the note, then removes its row');
    await r.type('v');
    await r.waitFor('rationale from an older session for DynamoDBNotesTable matches no statement');
  });
});
