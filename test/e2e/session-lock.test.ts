// Two TUIs on one session, and a role change, through the built CLI in a pseudo-terminal:
// the second TUI opens read-only and says how to take over; --take-over makes the first
// read-only; a killed owner's lock is stale; another role starts another session and the
// first keeps its decisions and its backup. Needs `npm run build` (npm test does it).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_ARGS, ROOT } from '../helpers/cli-process.js';
import { KEY, openReview, ptyEnv, PtyCli } from '../helpers/pty.js';

interface StoredSession {
  id: string;
  role?: { name: string };
  decisions: Record<string, string>;
}

/** A frame with its wrapped lines joined, for messages longer than a line. */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

const sessionIds = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^[0-9a-f]+\.json$/.test(f))
    .map((f) => f.slice(0, -5));
const stored = (dir: string, id: string, ext = '.json') =>
  JSON.parse(readFileSync(join(dir, `${id}${ext}`), 'utf8')) as StoredSession;

function setup() {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
  const env = ptyEnv();
  const dir = mkdtempSync(join(tmpdir(), 'iam-refine-e2e-sessions-'));
  const term = (args: string[]) =>
    new PtyCli(NODE_ARGS, [...args, '--sessions-dir', dir], { cwd: ROOT, env });
  return { dir, term };
}

/** Reject the row under the cursor; wait until the file holds a rejection. */
async function rejectOne(t: PtyCli, dir: string, id: string): Promise<string> {
  const before = Object.keys(stored(dir, id).decisions).filter(
    (a) => stored(dir, id).decisions[a] === 'rejected',
  );
  // Down until the cursor is on an action that is not rejected yet.
  const cursorRow = (f: string) => /^\s*›.*$/m.exec(f)?.[0] ?? '';
  for (let i = 0; ; i++) {
    expect(i, 'an undecided or accepted row').toBeLessThan(12);
    const before = cursorRow(t.frame() ?? '');
    const at = t.press(KEY.down);
    const f = await t.waitFor('the cursor to move', (f) => cursorRow(f) !== before, at);
    if (/›\s+\[[✓ ]\]/.test(cursorRow(f))) break;
  }
  const from = t.press('r');
  await t.waitFor('the rejection', (f) => f.includes('✗ ') && /✗ [1-9]\d* rejected/.test(f), from);
  const after = stored(dir, id).decisions;
  const added = Object.keys(after).find((a) => after[a] === 'rejected' && !before.includes(a));
  expect(added, 'a rejection on disk').toBeDefined();
  return added!;
}

describe('one writer per session (pty, built CLI)', () => {
  it('a second TUI is read-only; --take-over moves the writer; a killed owner leaves a stale lock', async () => {
    const { dir, term } = setup();
    const first = term(['--demo']);
    await openReview(first, 'prod-delete');
    const [id] = sessionIds(dir);
    const rejected = await rejectOne(first, dir, id!);

    // The second TUI: read-only from its first frame, with the command to take over.
    const second = term(['resume', id!]);
    let frame = await second.see('read-only');
    expect(flat(frame)).toContain(`iam-refine resume ${id} --take-over`);
    const onDisk = readFileSync(join(dir, `${id}.json`), 'utf8');
    // Undo of the first TUI's rejection: a change, refused.
    let at = second.press('u');
    await second.waitFor('the refusal', (f) => flat(f).includes('Changes are not saved here'), at);
    expect(readFileSync(join(dir, `${id}.json`), 'utf8')).toBe(onDisk);
    at = second.press('q');
    await second.waitForExit();
    expect(second.exit?.exitCode).toBe(0);
    expect(second.textSince(at)).toContain(`Session ${id} was open read-only`);
    expect(second.textSince(at)).not.toContain('is saved');

    // A third takes over: it writes; the first is refused from then on and says why.
    const third = term(['resume', id!, '--take-over']);
    frame = await third.waitFor('the review', (f) => f.includes('Review') && f.includes('›'));
    expect(frame).not.toContain('read-only');
    const byThird = await rejectOne(third, dir, id!);
    at = first.press('u');
    await first.waitFor(
      'the take-over',
      (f) => flat(f).includes('another iam-refine took this session over'),
      at,
    );
    expect(stored(dir, id!).decisions[byThird]).toBe('rejected');
    expect(stored(dir, id!).decisions[rejected]).toBe('rejected'); // the undo was refused
    at = first.press('q');
    await first.waitForExit();
    expect(first.textSince(at)).toContain(`Session ${id} was taken over by process`);

    // The writer is killed: its lock is stale, the next resume writes without asking.
    third.kill('SIGKILL');
    await third.waitForExit();
    expect(existsSync(join(dir, `${id}.json.lock`))).toBe(true);
    const fourth = term(['resume', id!]);
    frame = await fourth.waitFor('the review', (f) => f.includes('Review') && f.includes('›'));
    expect(frame).not.toContain('read-only');
    at = fourth.press('q');
    await fourth.waitForExit();
    expect(fourth.textSince(at)).toContain(`Session ${id} is saved`);
    expect(existsSync(join(dir, `${id}.json.lock`))).toBe(false);
  }, 120_000);

  it('another role from the role screen starts a new session; the first keeps decisions and backup', async () => {
    const { dir, term } = setup();
    const t = term(['--demo']);
    await openReview(t, 'prod-delete');
    const [firstId] = sessionIds(dir);
    const rejected = await rejectOne(t, dir, firstId!);

    // Esc back to the role screen: review → sources → window → role.
    let at = t.press(KEY.escape);
    await t.see('Sources of evidence', at);
    at = t.press(KEY.escape);
    await t.see('Time window', at);
    at = t.press(KEY.escape);
    await t.see('Choose a role', at);
    await openReview(t, 'prod-create', at);

    const ids = sessionIds(dir);
    expect(ids).toHaveLength(2);
    const secondId = ids.find((i) => i !== firstId)!;
    expect(stored(dir, secondId).role?.name).toBe('notes-app-api-prod-create-us-east-1-lambdaRole');
    const first = stored(dir, firstId!);
    expect(first.role?.name).toBe('notes-app-api-prod-delete-us-east-1-lambdaRole');
    expect(first.decisions[rejected]).toBe('rejected');
    expect(stored(dir, firstId!, '.json.bak').decisions[rejected]).toBe('rejected');
    // Its lock was let go when the new session started.
    expect(existsSync(join(dir, `${firstId}.json.lock`))).toBe(false);

    at = t.press('q');
    await t.waitForExit();
    expect(t.exit?.exitCode).toBe(0);
    expect(t.textSince(at)).toContain(`Session ${secondId} is saved`);
  }, 60_000);
});
