// Opening a role that has an unfinished session offers to resume it (the way `iam-refine
// resume ID` opens it, lock honoured) instead of silently starting a second session.
import { readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { SessionHandle } from '../../sessions/handle.js';
import { isUnfinished, unfinishedByRole } from '../../sessions/open-sessions.js';
import { lockPath } from '../../sessions/lock.js';
import { cleanup, render } from '../helpers/ink.js';
import { demoEngine, demoEvidence, tempDir } from './support.js';

afterEach(cleanup);

const demo = await demoEvidence('serverless-deployer');

/** A deployer session left on the review with two decisions. */
function leftOnReview(dir: string): SessionHandle {
  const h = SessionHandle.create(
    dir,
    {
      role: demo.role,
      roleDetail: demo.detail,
      window: { start: '2026-11-13T23:59:59Z', end: '2026-11-20T23:59:59Z', preset: '7d' },
      screen: 'review',
    },
    { write: { durable: false } },
  );
  h.dispatch({ type: 'setEvidence', evidence: demo.evidence, gatheredAt: '2026-11-20T23:59:59Z' });
  const actions = [...new Set(demo.evidence.map((e) => e.action))];
  h.dispatch({ type: 'decide', action: actions[0]!, decision: 'accepted' });
  h.dispatch({ type: 'decide', action: actions[1]!, decision: 'rejected' });
  h.dispatch({ type: 'setScreen', screen: 'review' });
  return h;
}

const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));

async function openDeployer(dir: string) {
  const r = render(<App engine={demoEngine()} sessionsDir={dir} cwd={tempDir()} color={false} />);
  await r.waitFor(/Choose a role[\s\S]*of \d+/);
  await r.type('deployer');
  const list = await r.waitFor('● a session in progress');
  await r.press('enter');
  return { r, list };
}

describe('a role with an unfinished session', () => {
  it('is marked in the role list and offers the session: id, window, decided, last saved', async () => {
    const dir = tempDir();
    const old = leftOnReview(dir).session;
    const { r, list } = await openDeployer(dir);
    expect(list.split('\n').find((l) => l.includes('serverless-deployer'))).toMatch(
      /^› ● \/serverless-deployer/,
    );
    const f = await r.waitFor('serverless-deployer has an unfinished session');
    const row = f.split('\n').find((l) => l.includes(old.id))!;
    expect(row).toMatch(/^› /);
    expect(row).toContain('7d to 2026-11-20');
    expect(row).toMatch(/ 2 of \d+ /);
    expect(row).toContain(`${old.updatedAt.slice(0, 16).replace('T', ' ')}Z`);
    expect(f).toMatch(/Left on the review: 1 accepted, 1 rejected, \d+ pending\./);
    expect(f).toContain(old.name);
    expect(f).toContain('start a new session');
    expect(f).toMatch(/enter choose.*n new session.*esc back.*q quit/);
  });

  it('enter resumes it on the review, with no second session', async () => {
    const dir = tempDir();
    const old = leftOnReview(dir).session;
    const { r } = await openDeployer(dir);
    await r.waitFor('has an unfinished session');
    await r.press('enter');
    const review = await r.waitFor(/✓ 1 accepted/);
    // Gathered longer ago than its 7-day window: the same offer `resume` makes.
    expect(review).toMatch(/Gathered \d+ days ago: g gathers/);
    expect(jsonFiles(dir)).toEqual([`${old.id}.json`]);
    // Resumed the way `iam-refine resume` opens it: under its lock.
    expect(readdirSync(dir)).toContain(`${old.id}.json.lock`);
  });

  it('n starts a new session beside it; esc goes back to the role list', async () => {
    const dir = tempDir();
    leftOnReview(dir);
    const { r } = await openDeployer(dir);
    await r.waitFor('has an unfinished session');
    await r.press('escape');
    // Back on the list with the filter as it was.
    await r.waitFor('filter or paste an ARN: deployer');
    expect(r.frame()).not.toContain('has an unfinished session');
    expect(jsonFiles(dir)).toHaveLength(1);
    await r.press('enter');
    await r.waitFor('has an unfinished session');
    await r.type('n');
    await r.waitFor('Time window');
    expect(jsonFiles(dir)).toHaveLength(2);
  });

  it('the "start a new session" row does the same as n', async () => {
    const dir = tempDir();
    leftOnReview(dir);
    const { r } = await openDeployer(dir);
    await r.waitFor('has an unfinished session');
    await r.press('down');
    await r.waitFor('› start a new session');
    expect(r.frame()).toContain('the unfinished one is kept');
    await r.press('enter');
    await r.waitFor('Time window');
    expect(jsonFiles(dir)).toHaveLength(2);
  });

  it('open in another live iam-refine: said up front, and it resumes read-only', async () => {
    const dir = tempDir();
    const old = leftOnReview(dir).session;
    // The parent process is alive and started before this lock: a live owner.
    const owner = { pid: process.ppid, host: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(lockPath(dir, old.id), `${JSON.stringify(owner)}\n`);
    const { r } = await openDeployer(dir);
    const f = await r.waitFor('resuming opens it read-only');
    expect(f).toContain(`process ${process.ppid} on ${hostname()}`);
    expect(f.split('\n').find((l) => l.includes(old.id))).toContain('open elsewhere');
    await r.press('enter');
    await r.waitFor('read-only: this session is open in another iam-refine');
    expect(jsonFiles(dir)).toHaveLength(1);
  });

  it('a role without one starts a session straight away, as before', async () => {
    const dir = tempDir();
    leftOnReview(dir);
    const r = render(<App engine={demoEngine()} sessionsDir={dir} cwd={tempDir()} color={false} />);
    await r.waitFor(/Choose a role[\s\S]*a session in progress/);
    await r.type('thumbnailer');
    await r.waitFor('›   /service-role/image-thumbnailer-role');
    await r.press('enter');
    await r.waitFor('Time window');
    expect(jsonFiles(dir)).toHaveLength(2);
  });

  it('--role on the command line asks first too (pendingRole)', async () => {
    const dir = tempDir();
    const old = leftOnReview(dir).session;
    const r = render(
      <App
        engine={demoEngine()}
        sessionsDir={dir}
        cwd={tempDir()}
        color={false}
        pendingRole={{ role: demo.role, roleDetail: demo.detail }}
      />,
    );
    await r.waitFor(old.id);
    await r.type('n');
    await r.waitFor('Time window');
    expect(jsonFiles(dir)).toHaveLength(2);
  });
});

describe('unfinished', () => {
  it('is a session with a role not saved as it stands', async () => {
    const dir = tempDir();
    const h = leftOnReview(dir);
    const out = path.join(tempDir(), 'p.tf');
    expect(isUnfinished(h.session)).toBe(true);
    h.dispatch({ type: 'setScreen', screen: 'preview' });
    h.dispatch({ type: 'setOutput', path: out });
    // A path typed but not written yet: still unfinished.
    expect(isUnfinished(h.session)).toBe(true);
    writeFileSync(out, 'saved');
    expect(isUnfinished(h.session)).toBe(false);
    expect((await unfinishedByRole(dir, new Date())).size).toBe(0);
    // Back to the review after the save: unfinished again.
    h.dispatch({ type: 'setScreen', screen: 'review' });
    expect((await unfinishedByRole(dir, new Date())).get(demo.role.arn)?.[0]?.summary.id).toBe(h.session.id);
    const noRole = SessionHandle.create(dir, {}, { write: { durable: false } });
    expect(isUnfinished(noRole.session)).toBe(false);
  });
});
