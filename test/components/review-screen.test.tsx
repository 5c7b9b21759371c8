// The review screen inside the App, on the demo's delete role plus a denied-only call.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { gatheredEvents } from '../../components/gathered.js';
import type { SessionHandle } from '../../sessions/handle.js';
import type { Evidence, RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEvidence, evidence, fakeEngine, newHandle, tempDir, withoutStreamReads } from './support.js';

afterEach(cleanup);

let demo: { role: RoleRef; detail?: RoleDetail; evidence: Evidence[] };
beforeAll(async () => {
  demo = await demoEvidence('notes-app-api-prod-delete-us-east-1-lambdaRole');
});

/** The demo's evidence; without the Lambda configuration unless `platform` (nothing then says the runtime logs and traces). */
function reviewSession(platform = false): SessionHandle {
  const h = newHandle({ role: demo.role, roleDetail: withoutStreamReads(demo.detail), screen: 'review' });
  const gathered = platform ? demo.evidence : demo.evidence.filter((e) => e.source !== 'lambda-config');
  const extra = evidence('iam:CreatePolicy', {
    source: 'cloudtrail',
    count: 0,
    denied: 3,
    samples: ['ev-1'],
  });
  const result = {
    evidence: [...gathered, extra],
    results: [{ id: 'xray' as const, label: 'X-Ray traces', state: 'done' as const, evidence: 2 }],
  };
  h.dispatch({ type: 'setSources', sources: [{ id: 'xray', label: 'X-Ray traces' }] });
  for (const e of gatheredEvents(h.session, result, new Date('2026-11-21T00:00:00Z'))) h.dispatch(e);
  return h;
}

function mount(handle = reviewSession(), size = { columns: 140, rows: 40 }) {
  const r = render(
    <App engine={fakeEngine({})} sessionsDir={handle.dir} session={handle} cwd={tempDir()} color={false} />,
    size,
  );
  const onDisk = () => JSON.parse(readFileSync(handle.path, 'utf8')) as { decisions: Record<string, string> };
  return { r, handle, onDisk };
}

/** A row of the list: the decision mark, then the action's name without its service prefix. */
/** A row of the list: the decision mark, then the action's name without its service prefix. */
const row = (action: string, mark: string) =>
  new RegExp(`\\[${mark}\\] ${action.replace(/^[^:]+:/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);

describe('review screen', () => {
  it('groups by service; observed actions start accepted, unused and denied-only ones pending', async () => {
    const { r } = mount();
    const f = await r.waitFor('▾ dynamodb');
    expect(f).toMatch(row('dynamodb:DeleteItem', '✓'));
    expect(f).toMatch(/\[ \] GetItem .*unused/);
    expect(f).toMatch(/\[ \] CreatePolicy .*denied/);
    // DeleteItem (X-Ray), DeleteObject (X-Ray, CloudTrail), CreateLogStream (CloudTrail), and
    // the three deliberate grants no source could see (PutLogEvents, xray:Put*), kept.
    expect(f).toMatch(/✓ 6 accepted {2}✗ 0 rejected {2}2 pending/);
    expect(f).toContain('▾ s3  1 action · 1 ✓ 0 ✗ 0 pending');
  });

  it('a, r, space and u change decisions, each on disk at once', async () => {
    const { r, onDisk } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down'); // dynamodb:DeleteItem
    await r.waitFor(/› +\[✓\] DeleteItem/);
    await r.type('r');
    await r.waitFor(row('dynamodb:DeleteItem', '✗'));
    expect(onDisk().decisions['dynamodb:DeleteItem']).toBe('rejected');
    // The cursor went on to the next action.
    await r.waitFor(/› +\[ \] GetItem/);
    await r.type(' ');
    await r.waitFor(row('dynamodb:GetItem', '✓'));
    await r.type('u');
    await r.waitFor('undid accept dynamodb:GetItem');
    expect(onDisk().decisions['dynamodb:GetItem']).toBeUndefined();
    await r.type('a');
    await r.waitFor(row('dynamodb:GetItem', '✓'));
    expect(r.frame()).toMatch(/✓ 6 accepted {2}✗ 1 rejected/);
  });

  it('a deliberate grant no gathered source could observe starts kept, marked unverified; D drops them', async () => {
    const { r, onDisk } = mount(undefined, { columns: 220, rows: 40 });
    const f = await r.waitFor('▾ logs');
    // X-Ray saw no logs calls and CloudTrail does not log PutLogEvents: nobody could see it.
    expect(f).toMatch(/\[✓\] PutLogEvents .* unverifi/);
    expect(f).toMatch(/\[✓\] PutTraceSegments .* unverifi/);
    expect(f).not.toMatch(/PutLogEvents .*unused/);
    expect(f).toMatch(/\[ \] GetItem .* unused/);
    await r.type('/');
    await r.type('is:unverified');
    await r.waitFor((x) => x.includes('] PutLogEvents') && !x.includes('] GetItem'));
    await r.press('enter');
    await r.press('down');
    const detail = await r.waitFor('to verify:');
    expect(detail).toContain('unverified: granted today, no source could see it: CloudTrail');
    expect(detail).toContain('X-Ray saw no calls to CloudWatch Logs');
    await r.type('D');
    await r.waitFor('dropped 3 unverified grants');
    expect(onDisk().decisions).toMatchObject({
      'logs:PutLogEvents': 'rejected',
      'xray:PutTraceSegments': 'rejected',
      'xray:PutTelemetryRecords': 'rejected',
    });
    await r.type('D');
    await r.waitFor('kept 3 unverified grants');
    expect(onDisk().decisions['logs:PutLogEvents']).toBe('accepted');
  });

  it('platform needs from the function configuration start accepted, marked platform, with the fact', async () => {
    const { r } = mount(reviewSession(true), { columns: 220, rows: 40 });
    const f = await r.waitFor('▾ logs');
    expect(f).toMatch(/\[✓\] CreateLogGroup .*FN .*platform/);
    expect(f).toMatch(/\[✓\] PutTraceSegments .*FN .*platform/);
    expect(f).not.toMatch(/unverified|unknown/);
    await r.type('/');
    await r.type('is:platform svc:xray');
    await r.waitFor((x) => x.includes('] PutTraceSegments') && !x.includes('] CreateLogGroup'));
    await r.press('enter');
    await r.press('down');
    const detail = await r.waitFor('platform need:');
    // The pane wraps the fact where its width says.
    expect(detail).toContain('platform need: function notes-app-api-prod-delete has');
    expect(detail).toContain('TracingConfig.Mode Active');
  });

  it('A and R decide a whole service', async () => {
    const { r, onDisk } = mount();
    await r.waitFor('▾ dynamodb');
    await r.type('A');
    await r.waitFor('accepted 2 dynamodb actions');
    expect(onDisk().decisions).toMatchObject({
      'dynamodb:DeleteItem': 'accepted',
      'dynamodb:GetItem': 'accepted',
    });
    await r.type('R');
    await r.waitFor('▾ dynamodb  2 actions · 0 ✓ 2 ✗ 0 pending');
  });

  it('/ filters by status, service or source; enter keeps it, esc clears it', async () => {
    const { r } = mount();
    await r.waitFor('▾ dynamodb');
    await r.type('/');
    await r.waitFor('enter apply');
    await r.type('is:pending');
    await r.waitFor((f) => !f.includes('DeleteItem') && f.includes('] CreatePolicy'));
    await r.press('enter');
    await r.waitFor('filter: is:pending');
    await r.type('/');
    await r.press('escape');
    await r.waitFor((f) => f.includes('/ to filter') && f.includes('DeleteItem'));
  });

  it('folds a service and opens it again', async () => {
    const { r } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('enter');
    await r.waitFor('▸ dynamodb');
    expect(r.frame()).not.toContain('DeleteItem');
    await r.press('right');
    await r.waitFor('DeleteItem');
  });

  it('the detail pane shows resources, evidence samples, status and rationale', async () => {
    const { r } = mount(undefined, { columns: 220, rows: 40 });
    await r.waitFor('▾ dynamodb');
    await r.press('down', 'down');
    const f = await r.waitFor('unused-access findings (UF): reported unused');
    // Why unused, in compare's words (the pane wraps the line).
    expect(f).toContain('granted today, unused: unused-access finding');
    expect(f).toContain("X-Ray traced this role's dynamodb calls: never this action");
    expect(f).toContain('arn:aws:dynamodb:us-east-1:123456789012:table/notes');
    expect(f).toContain('8c2e4f61-93ab-4d7e-b1f5-0e6a9c3d7b24');
    expect(f).toContain('accept the action to give its statement a rationale');
    await r.press('tab');
    await r.waitFor('tab/esc list');
  });

  it('c writes the statement rationale, C a note on the action; both shown and kept', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteItem/);
    await r.type('c');
    await r.waitFor('Rationale for statement DynamodbDeleteItemNotesTable');
    await r.type('Deletes a note.');
    await r.press('ctrlS');
    await r.waitFor('  Deletes a note.');
    expect(handle.session.comments.rationaleByAction).toEqual({ 'dynamodb:DeleteItem': 'Deletes a note.' });
    expect(handle.session.comments.byStatement).toEqual({});
    await r.type('C');
    await r.waitFor('Note on dynamodb:DeleteItem');
    await r.type('Only the owner');
    await r.press('ctrlS');
    await r.waitFor('Note on this action');
    expect(handle.session.comments.byAction).toEqual({ 'dynamodb:DeleteItem': 'Only the owner' });
  });

  it('c on a pending action explains that a rationale needs an accepted action', async () => {
    const { r } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down', 'down');
    await r.waitFor(/› +\[ \] GetItem/);
    await r.type('c');
    await r.waitFor('Accept the action first');
  });

  it('observed object keys start generalized as scan does; e brings back the exact objects', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ s3');
    // The gather generalized the generated names, as one undoable step.
    expect(handle.session.resourceChoices).toMatchObject({
      's3:DeleteObject': ['arn:aws:s3:::notes-app-attachments-prod/private/*'],
    });
    expect(handle.session.resourceChoices['logs:CreateLogStream']?.[0]).toMatch(/:log-stream:\*$/);
    await r.type('/');
    await r.type('svc:s3');
    await r.press('enter');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteObject/);
    await r.type('e');
    await r.waitFor('Resources of s3:DeleteObject');
    expect(r.frame()).toMatch(/\(•\) generalize: arn:aws:s3:::notes-app-attachments-prod\/private\/\*/);
    await r.press('up');
    await r.waitFor(/› \( \) exact/);
    await r.press('enter');
    await r.waitFor((f) => !f.includes('Resources of s3:DeleteObject'));
    expect(handle.session.resourceChoices['s3:DeleteObject']).toBeUndefined();
    expect(r.frame()).toMatch(/arn:aws:s3:::notes-app-attachments-prod\/private\/[^*\s]+/);
    await r.type('e');
    await r.waitFor(/\(•\) exact: the \d+ resources observed/);
    await r.press('down');
    await r.press('enter');
    await r.waitFor('Resources (your choice)');
    expect(handle.session.resourceChoices['s3:DeleteObject']).toEqual([
      'arn:aws:s3:::notes-app-attachments-prod/private/*',
    ]);
  });

  it('the cursor is written to the session when it rests, so a resume lands on the same row', async () => {
    const { r, handle } = mount();
    await r.waitFor('▾ dynamodb');
    await r.press('down', 'down');
    await r.waitFor(/› +\[ \] GetItem/);
    await r.waitFor(() => handle.session.ui.selectedAction === 'dynamodb:GetItem');
  });

  it('below 80 columns the detail pane gives way to the list, tab shows it', async () => {
    const { r } = mount(undefined, { columns: 70, rows: 30 });
    await r.waitFor('▾ dynamodb');
    await r.press('down');
    await r.waitFor(/› +\[✓\] DeleteItem/);
    expect(r.frame()).not.toContain('Evidence');
    await r.press('tab');
    await r.waitFor('Evidence');
    expect(r.frame()).not.toContain('▾ dynamodb');
    r.resize(140, 40);
    await r.waitFor((f) => f.includes('Evidence') && f.includes('▾ dynamodb'));
  });
});
