// Nothing lost: one writer per session (the lock), writes that never follow a planted
// symlink, private folders, damaged entries skipped, the content guard, and "saved" only
// after a write that worked.
import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IO } from '../../src/commands/io.js';
import { runSessions } from '../../src/commands/sessions.js';
import { reportExit } from '../../src/commands/tui.js';
import { tempPathFor } from '../../sessions/atomic.js';
import { SessionLossError } from '../../sessions/guard.js';
import { ReadOnlyError, SessionHandle } from '../../sessions/handle.js';
import { lockPath, SessionLock, type LockOwner } from '../../sessions/lock.js';
import { Preferences } from '../../sessions/preferences.js';
import { reduceSession } from '../../sessions/reducer.js';
import type { Session } from '../../sessions/schema.js';
import { readSessionFile, sessionPath, writeSessionFile } from '../../sessions/store.js';
import { demoSession, tempDir } from './session-test-data.js';

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

const decided = (patch: Partial<Session> = {}): Session =>
  demoSession({
    decisions: { 'dynamodb:DeleteItem': 'accepted', 's3:DeleteObject': 'rejected' },
    comments: {
      byAction: { 'dynamodb:DeleteItem': 'why' },
      rationaleByAction: { 'dynamodb:DeleteItem': 'because' },
      byStatement: { Stmt: 'kept' },
    },
    fills: { UserId: '*' },
    ...patch,
  });

// A live process that is not this one: its pid holds a lock as a second TUI would.
const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});

function plantLock(dir: string, id: string, owner: Partial<LockOwner>): void {
  const full: LockOwner = {
    pid: sleeper.pid!,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...owner,
  };
  writeFileSync(lockPath(dir, id), JSON.stringify(full));
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

describe('one writer per session', () => {
  it('a session locked by a live process opens read-only: looks around, refuses changes, names the way out', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    plantLock(dir, 'abcdef0123', {});
    const before = readFileSync(sessionPath(dir, 'abcdef0123'), 'utf8');
    const h = await SessionHandle.open(dir, 'abcdef0123', { locked: true });
    expect(h.readOnly?.message).toMatch(
      new RegExp(
        `open in another iam-refine \\(process ${sleeper.pid} on .*iam-refine resume abcdef0123 --take-over`,
      ),
    );
    h.dispatch({ type: 'select', action: 's3:DeleteObject' }); // moving is fine, in memory
    expect(h.session.ui.selectedAction).toBe('s3:DeleteObject');
    expect(() => h.dispatch({ type: 'decide', action: 'dynamodb:GetItem', decision: 'accepted' })).toThrow(
      ReadOnlyError,
    );
    expect(readFileSync(sessionPath(dir, 'abcdef0123'), 'utf8')).toBe(before);
    // The other process's lock is left alone.
    expect(JSON.parse(readFileSync(lockPath(dir, 'abcdef0123'), 'utf8'))).toMatchObject({ pid: sleeper.pid });
  });

  it('--take-over moves the lock here; the other handle then refuses, saying it was taken over', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    const first = await SessionHandle.open(dir, 'abcdef0123', { locked: true });
    expect(first.readOnly).toBeUndefined();
    first.dispatch({ type: 'decide', action: 'dynamodb:GetItem', decision: 'accepted' });
    // Another process takes over (its lock replaces ours).
    plantLock(dir, 'abcdef0123', {});
    expect(() =>
      first.dispatch({ type: 'decide', action: 'logs:PutLogEvents', decision: 'accepted' }),
    ).toThrow(/another iam-refine took this session over \(process \d+/);
    expect(readSessionFile(sessionPath(dir, 'abcdef0123')).decisions['logs:PutLogEvents']).toBeUndefined();
    first.close();
    expect(existsSync(lockPath(dir, 'abcdef0123'))).toBe(true); // not ours any more: kept

    const taker = await SessionHandle.open(dir, 'abcdef0123', { locked: true, takeOver: true });
    expect(taker.readOnly).toBeUndefined();
    taker.dispatch({ type: 'decide', action: 'logs:PutLogEvents', decision: 'accepted' });
    expect(readSessionFile(sessionPath(dir, 'abcdef0123')).decisions['logs:PutLogEvents']).toBe('accepted');
    expect(JSON.parse(readFileSync(lockPath(dir, 'abcdef0123'), 'utf8'))).toMatchObject({ pid: process.pid });
    taker.close();
    expect(existsSync(lockPath(dir, 'abcdef0123'))).toBe(false);
  });

  it.each<[string, () => Promise<Partial<LockOwner>>]>([
    ['a dead pid on this host', async () => ({ pid: await deadPid() })],
    [
      'a pid reused by a process started after the lock',
      async () => ({ startedAt: '2000-01-01T00:00:00.000Z' }),
    ],
  ])('a stale lock (%s) is taken without asking', async (_name, owner) => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    plantLock(dir, 'abcdef0123', await owner());
    const h = await SessionHandle.open(dir, 'abcdef0123', { locked: true });
    expect(h.readOnly).toBeUndefined();
    h.dispatch({ type: 'decide', action: 'dynamodb:GetItem', decision: 'accepted' });
    h.close();
  });

  it('a lock from another host, or a torn lock being written, is respected', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    plantLock(dir, 'abcdef0123', { host: 'other-host.example', pid: 1 });
    expect((await SessionHandle.open(dir, 'abcdef0123', { locked: true })).readOnly?.message).toContain(
      'on other-host.example',
    );
    writeFileSync(lockPath(dir, 'abcdef0123'), '');
    expect((await SessionHandle.open(dir, 'abcdef0123', { locked: true })).readOnly).toBeDefined();
  });

  it('sessions delete refuses a session open in a live iam-refine', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    plantLock(dir, 'abcdef0123', {});
    const { io } = fakeIO(dir);
    await expect(runSessions({ action: 'delete', ref: 'abcdef0123' }, io)).rejects.toThrow(
      /session abcdef0123 is open in iam-refine \(process/,
    );
    expect(existsSync(sessionPath(dir, 'abcdef0123'))).toBe(true);
  });

  it('the lock file itself is created exclusively and never through a symlink', () => {
    const dir = tempDir();
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, lockPath(dir, 'abcdef0123'));
    // A planted symlink is not a lock this process can read: it is replaced, not written through.
    const got = SessionLock.acquire(dir, 'abcdef0123', { takeOver: true });
    expect('held' in got).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    if ('held' in got) got.held.release();
  });
});

describe('writes never follow a planted symlink; folders are private', () => {
  it('a symlink planted at the temp file name is not written through', () => {
    const dir = tempDir();
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, tempPathFor(sessionPath(dir, 'abcdef0123')));
    writeSessionFile(dir, decided());
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readSessionFile(sessionPath(dir, 'abcdef0123')).decisions['dynamodb:DeleteItem']).toBe('accepted');
  });

  it('the sessions folder and the config folder are made 0700; a 0755 one of ours is closed', () => {
    const base = tempDir();
    const sessions = join(base, 'data', 'iam-refine', 'sessions');
    writeSessionFile(sessions, decided());
    expect(statSync(sessions).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, 'data', 'iam-refine')).mode & 0o777).toBe(0o700);
    expect(statSync(sessionPath(sessions, 'abcdef0123')).mode & 0o777).toBe(0o600);

    const config = join(base, 'config', 'iam-refine');
    Preferences.open({ cwd: config }).set({ region: 'eu-west-1' });
    expect(statSync(config).mode & 0o777).toBe(0o700);

    const loose = join(base, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    writeSessionFile(loose, decided());
    expect(statSync(loose).mode & 0o777).toBe(0o700);
  });
});

describe('damaged entries in the sessions folder', () => {
  it('a folder, a FIFO, a 600 MB file and corrupt JSON are listed as damaged and skipped, never read', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    mkdirSync(join(dir, 'dddd000004.json'));
    execFileSync('mkfifo', [join(dir, 'eeee000005.json')]);
    const huge = join(dir, 'ffff000006.json');
    writeFileSync(huge, '');
    truncateSync(huge, 600 * 1024 * 1024); // sparse: no disk used
    writeFileSync(join(dir, 'cccc000003.json'), '{"schemaVersion": 2, "id": ');

    const { io, out } = fakeIO(dir);
    expect(await runSessions({ action: 'list' }, io)).toBe(0);
    expect(out.stdout).toMatch(/^abcdef0123 /m);
    expect(out.stderr).toContain(`${join(dir, 'dddd000004.json')}: damaged, skipped: it is a folder`);
    expect(out.stderr).toContain(`${join(dir, 'eeee000005.json')}: damaged, skipped: it is a FIFO`);
    expect(out.stderr).toContain(`${huge}: damaged, skipped: it is 600 MB, more than a session can be`);
    expect(out.stderr).toContain(`${join(dir, 'cccc000003.json')}: damaged, skipped: it is not valid JSON`);

    const json = fakeIO(dir);
    await runSessions({ action: 'list', json: true }, json.io);
    const data = JSON.parse(json.out.stdout) as { sessions: unknown[]; problems: { id: string }[] };
    expect(data.sessions).toHaveLength(1);
    expect(data.problems.map((p) => p.id).sort()).toEqual([
      'cccc000003',
      'dddd000004',
      'eeee000005',
      'ffff000006',
    ]);
    // Opening one by id names its problem instead of hanging or crashing.
    await expect(SessionHandle.open(dir, 'eeee000005')).rejects.toThrow(/it is a FIFO/);
  });
});

describe('the loss guard compares content', () => {
  it.each<[string, (s: Session) => Session, RegExp]>([
    [
      'a note emptied',
      (s) => ({ ...s, comments: { ...s.comments, byAction: { 'dynamodb:DeleteItem': '' } } }),
      /commentsByAction dynamodb:DeleteItem/,
    ],
    ['a fill emptied', (s) => ({ ...s, fills: { UserId: ' ' } }), /fills UserId/],
    [
      'a decision turned back to pending',
      (s) => ({ ...s, decisions: { ...s.decisions, 's3:DeleteObject': 'pending' as never } }),
      /decisions s3:DeleteObject/,
    ],
    [
      'evidence with fewer calls',
      (s) => ({ ...s, evidence: s.evidence.map((e, i) => (i === 0 ? { ...e, count: 1 } : e)) }),
      /evidence xray dynamodb:DeleteItem .*\(42 calls → 1\)/,
    ],
    [
      'another role emptying the session',
      (s) => reduceSession(s, { type: 'setRole', role: { ...s.role!, arn: `${s.role!.arn}-2` } }),
      /decisions dynamodb:DeleteItem/,
    ],
  ])('refuses %s', (_name, corrupt, lost) => {
    const dir = tempDir();
    const h = new SessionHandle(dir, decided(), { reduce: (s, e) => (e.type === 'select' ? corrupt(s) : s) });
    expect(() => h.dispatch({ type: 'select', action: 'x' })).toThrow(lost);
  });

  it('refuses to overwrite a file that holds more than this handle, written behind its back', async () => {
    const dir = tempDir();
    writeSessionFile(dir, decided());
    const h = await SessionHandle.open(dir, 'abcdef0123');
    h.dispatch({ type: 'decide', action: 'dynamodb:GetItem', decision: 'accepted' });
    // Another writer adds a note (no lock: a tool, a hand edit).
    const other = reduceSession(readSessionFile(h.path), {
      type: 'setComment',
      target: 'action',
      key: 's3:DeleteObject',
      text: 'kept',
    });
    writeSessionFile(dir, other);
    expect(() => h.dispatch({ type: 'decide', action: 'logs:PutLogEvents', decision: 'accepted' })).toThrow(
      SessionLossError,
    );
    expect(readSessionFile(h.path).comments.byAction['s3:DeleteObject']).toBe('kept');
  });
});

describe('"saved" only after a successful write', () => {
  it('says saved after a good last write, and what was kept after a failed one (exit 1)', () => {
    const dir = tempDir();
    let fail = false;
    const h = new SessionHandle(dir, decided(), {
      write: {
        beforeRename: () => {
          if (fail) throw new Error('ENOSPC: no space left on device');
        },
      },
    });
    h.dispatch({ type: 'decide', action: 'dynamodb:GetItem', decision: 'accepted' });
    let r = fakeIO(dir);
    expect(reportExit(h, r.io)).toBe(0);
    // No iam-refine on PATH (a clone after npm install): the command that works there.
    expect(r.out.stderr).toBe(
      'Session abcdef0123 is saved. Pick it up with: npx iam-refine resume abcdef0123\n',
    );

    fail = true;
    expect(() => h.dispatch({ type: 'decide', action: 'logs:PutLogEvents', decision: 'accepted' })).toThrow(
      /ENOSPC/,
    );
    r = fakeIO(dir);
    expect(reportExit(h, r.io)).toBe(1);
    expect(r.out.stderr).not.toContain('is saved');
    expect(r.out.stderr).toContain('the last change could not be saved (ENOSPC: no space left on device)');
  });
});
