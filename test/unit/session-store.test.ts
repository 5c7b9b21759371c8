import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemps } from '../../sessions/atomic.js';
import { SessionHandle } from '../../sessions/handle.js';
import { serializeSession } from '../../sessions/serialize.js';
import {
  backupPath,
  deleteSessionFiles,
  findSession,
  matchSession,
  readSessionFile,
  resolveSessionsDir,
  scanSessions,
  SessionFileError,
  sessionPath,
  writeSessionFile,
} from '../../sessions/store.js';
import { demoSession, NOW, tempDir } from './session-test-data.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe('session store: writing', () => {
  it('creates the folder and writes the file owner-only; the previous version becomes the backup', () => {
    const dir = join(tempDir(), 'nested', 'sessions');
    const first = demoSession();
    const path = writeSessionFile(dir, first);
    expect(path).toBe(sessionPath(dir, first.id));
    if (posix) {
      expect(mode(path)).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
    }
    expect(existsSync(backupPath(dir, first.id))).toBe(false);
    const second = { ...first, decisions: { 'dynamodb:DeleteItem': 'accepted' as const } };
    writeSessionFile(dir, second);
    expect(readSessionFile(path)).toEqual(second);
    expect(readSessionFile(backupPath(dir, first.id))).toEqual(first);
    if (posix) expect(mode(backupPath(dir, first.id))).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([`${first.id}.json`, `${first.id}.json.bak`]);
  });

  it('keeps mode 0600 even when an old temp file with other rights is in the way', () => {
    if (!posix) return;
    const dir = tempDir();
    const s = demoSession();
    const stale = join(dir, `.${s.id}.json.${process.pid}.tmp`);
    writeFileSync(stale, 'junk');
    chmodSync(stale, 0o644);
    writeSessionFile(dir, s);
    expect(mode(sessionPath(dir, s.id))).toBe(0o600);
  });

  it('a write that fails between the temp file and the rename leaves the old session intact', () => {
    const dir = tempDir();
    const old = demoSession({ decisions: { 'dynamodb:DeleteItem': 'accepted' } });
    writeSessionFile(dir, old);
    const next = { ...old, decisions: {} };
    expect(() =>
      writeSessionFile(dir, next, {
        beforeRename: () => {
          throw new Error('interrupted');
        },
      }),
    ).toThrow('interrupted');
    expect(readSessionFile(sessionPath(dir, old.id))).toEqual(old);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a process killed (SIGKILL) between the temp file and the rename leaves the old session intact', async () => {
    const dir = tempDir();
    const old = demoSession({ decisions: { 'dynamodb:DeleteItem': 'accepted' } });
    writeSessionFile(dir, old);
    const script = join(dir, 'crash.ts');
    const store = resolve(import.meta.dirname, '../../sessions/store.ts');
    writeFileSync(
      script,
      `import { readSessionFile, sessionPath, writeSessionFile } from ${JSON.stringify(store)};
       const s = readSessionFile(sessionPath(${JSON.stringify(dir)}, ${JSON.stringify(old.id)}));
       writeSessionFile(${JSON.stringify(dir)}, { ...s, decisions: { 'dynamodb:DeleteItem': 'rejected' } },
         { beforeRename: () => process.kill(process.pid, 'SIGKILL') });`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    // The complete new version is in the temp file, but the session is the old one ...
    const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    expect(readSessionFile(sessionPath(dir, old.id))).toEqual(old);
    // ... and the leftover neither shows up as a session nor blocks the next write;
    // opening the session removes it (its writer is dead).
    const scan = await scanSessions(dir);
    expect(scan.sessions.map((e) => e.session.id)).toEqual([old.id]);
    expect(scan.problems).toEqual([]);
    await SessionHandle.open(dir, old.id);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeSessionFile(dir, { ...old, fills: { UserId: '*' } });
    expect(readSessionFile(sessionPath(dir, old.id)).fills).toEqual({ UserId: '*' });
  });
});

describe('stale temp files', () => {
  it("removes a dead writer's temp files, never a live writer's or another session's", () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    const files = [
      `.abcdef0123.json.${deadPid}.tmp`,
      `abcdef0123.json.bak.${deadPid}.tmp`,
      `.abcdef0123.json.${process.ppid}.tmp`,
      `.ffffff0000.json.${deadPid}.tmp`,
    ];
    for (const f of files) writeFileSync(join(dir, f), 'x');
    expect(removeStaleTemps(sessionPath(dir, 'abcdef0123')).sort()).toEqual(files.slice(0, 2).sort());
    expect(readdirSync(dir).sort()).toEqual(files.slice(2).sort());
  });
});

describe('session store: reading a folder', () => {
  function folder() {
    const dir = tempDir();
    const older = demoSession({ id: 'aaaa000001', name: 'deployer', updatedAt: '2026-11-20T00:00:00.000Z' });
    const newer = demoSession({
      id: 'aaaa000002',
      name: 'delete role',
      updatedAt: '2026-11-21T00:00:00.000Z',
    });
    const third = demoSession({
      id: 'bbbb000003',
      name: 'Delete Role',
      updatedAt: '2026-11-19T00:00:00.000Z',
    });
    for (const s of [older, newer, third]) writeSessionFile(dir, s);
    writeFileSync(join(dir, 'cccc000004.json'), '{"schemaVersion": 2, "id": "cccc000004", "decisions": {');
    writeFileSync(join(dir, 'iam.json'), '{"Version":"2012-10-17","Statement":[]}'); // a team's policy beside them
    writeFileSync(join(dir, 'dddd000005.json'), serializeSession({ ...older, id: 'eeee000006' }));
    return { dir, older, newer, third };
  }

  it('lists every readable session newest first and reports each damaged file with its path and problem', async () => {
    const { dir } = folder();
    const before = readFileSync(join(dir, 'cccc000004.json'), 'utf8');
    const scan = await scanSessions(dir);
    expect(scan.sessions.map((e) => e.session.id)).toEqual(['aaaa000002', 'aaaa000001', 'bbbb000003']);
    expect(scan.problems).toEqual([
      {
        id: 'cccc000004',
        path: join(dir, 'cccc000004.json'),
        problem: expect.stringMatching(/^it is not valid JSON/),
      },
      {
        id: 'dddd000005',
        path: join(dir, 'dddd000005.json'),
        problem: 'the file is named dddd000005 but holds session eeee000006',
      },
    ]);
    expect(readFileSync(join(dir, 'cccc000004.json'), 'utf8')).toBe(before); // left untouched
  });

  it('a missing folder is an empty list', async () => {
    expect(await scanSessions(join(tempDir(), 'none'))).toEqual({ sessions: [], problems: [] });
  });

  it.each([
    [undefined, 'aaaa000002'],
    ['aaaa000001', 'aaaa000001'],
    ['bbbb', 'bbbb000003'],
    ['BBBB0', 'bbbb000003'],
    ['deployer', 'aaaa000001'],
    ['DEPLOYER', 'aaaa000001'],
    ['deploy', 'aaaa000001'],
  ])('finds %s → %s', async (ref, id) => {
    const { dir } = folder();
    expect((await findSession(dir, ref)).session.id).toBe(id);
  });

  it.each([
    ['aaaa', /"aaaa" matches 2 sessions: aaaa000001, aaaa000002/],
    ['delete role', /"delete role" matches 2 sessions/],
    ['del', /"del" matches 2 sessions/],
    ['zzzz', /no session matches "zzzz"/],
    ['cccc', /cannot open this session: it is not valid JSON/],
  ])('%s gives a clear error', async (ref, message) => {
    const { dir } = folder();
    await expect(findSession(dir, ref)).rejects.toThrow(message);
  });

  it('a damaged file found by id names its path', async () => {
    const { dir } = folder();
    const error = await findSession(dir, 'cccc000004').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionFileError);
    expect((error as SessionFileError).where).toBe(join(dir, 'cccc000004.json'));
  });

  it('an empty folder says how to start', async () => {
    await expect(findSession(tempDir())).rejects.toThrow(/no sessions yet/);
  });

  it('deletes a session and its backup, also a damaged one', async () => {
    const { dir, older } = folder();
    writeSessionFile(dir, { ...older, fills: { A: 'b' } });
    expect(await deleteSessionFiles(dir, older.id)).toEqual([
      sessionPath(dir, older.id),
      backupPath(dir, older.id),
    ]);
    expect((await matchSession(dir, 'cccc')).problem).toBeDefined();
    expect(await deleteSessionFiles(dir, 'cccc000004')).toEqual([join(dir, 'cccc000004.json')]);
    const scan = await scanSessions(dir);
    expect(scan.sessions.map((e) => e.session.id)).toEqual(['aaaa000002', 'bbbb000003']);
  });
});

describe('sessions folder', () => {
  it.each([
    [{ flag: '/f', env: { IAM_REFINE_SESSIONS_DIR: '/e' }, preference: '/p' }, '/f'],
    [{ env: { IAM_REFINE_SESSIONS_DIR: '/e' }, preference: '/p' }, '/e'],
    [{ env: {}, preference: '/p' }, '/p'],
  ])('%j → %s', (opts, dir) => {
    expect(resolveSessionsDir(opts)).toBe(dir);
  });

  it("defaults to the app's data folder", () => {
    expect(resolveSessionsDir({ env: {} })).toMatch(/iam-refine[/\\]sessions$/);
  });
});

describe('session handle', () => {
  it('every change is on disk when dispatch returns; cursor moves too', () => {
    const dir = tempDir();
    let clock = NOW.getTime();
    const h = SessionHandle.create(
      dir,
      { role: demoSession().role, screen: 'review' },
      { now: () => new Date((clock += 1000)) },
    );
    const seen: number[] = [];
    h.subscribe(() => seen.push(h.session.history.length));
    const onDisk = () => readSessionFile(h.path);
    h.dispatch({ type: 'decide', action: 'dynamodb:DeleteItem', decision: 'accepted' });
    expect(onDisk()).toEqual(h.session);
    h.dispatch({ type: 'select', action: 's3:DeleteObject' });
    expect(onDisk().ui.selectedAction).toBe('s3:DeleteObject');
    const before = h.session;
    expect(h.dispatch({ type: 'select', action: 's3:DeleteObject' })).toBe(before); // nothing changed, nothing written
    expect(seen).toEqual([1, 1]);
    expect(onDisk().updatedAt).toBe(new Date(NOW.getTime() + 3000).toISOString());
  });

  it('opens by prefix and carries on where the file left off', async () => {
    const dir = tempDir();
    const h = SessionHandle.create(dir, { name: 'deployer review' }, { id: 'feed000001' });
    h.dispatch({ type: 'setScreen', screen: 'window' });
    const again = await SessionHandle.open(dir, 'feed');
    expect(again.session).toEqual(h.session);
    again.dispatch({ type: 'fillPlaceholder', name: 'Bucket', value: 'notes' });
    expect(readSessionFile(h.path).fills).toEqual({ Bucket: 'notes' });
  });

  it('a failed write leaves the in-memory state as it was on disk', () => {
    const dir = tempDir();
    const h = SessionHandle.create(dir, {});
    mkdirSync(join(dir, `.${h.session.id}.json.${process.pid}.tmp`)); // the temp file cannot be created
    expect(() => h.dispatch({ type: 'rename', name: 'renamed' })).toThrow(/EISDIR/);
    expect(h.session.name).not.toBe('renamed');
    expect(readSessionFile(h.path)).toEqual(h.session);
  });
});
