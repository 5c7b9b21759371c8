// The built CLI in a real pseudo-terminal: start a review on the demo, decide, kill the
// process with SIGKILL right after the last keystroke shows, resume, and find every
// decision and the same screen and row. Needs `npm run build` (npm test does it).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type IPty } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// IAM_REFINE_E2E_CLI runs a TypeScript entry with tsx instead of the build (local debugging).
const SOURCE_CLI = process.env.IAM_REFINE_E2E_CLI;
const CLI = SOURCE_CLI ?? join(ROOT, 'dist/iam-refine.mjs');
const NODE_ARGS = SOURCE_CLI ? ['--import', 'tsx', SOURCE_CLI] : [CLI];
// Skipped until src/commands/tui.ts mounts the Ink app (it is a stub that exits with 1 before that).
const TUI_WIRED =
  Boolean(SOURCE_CLI) ||
  /['"]\.\.\/\.\.\/components\//.test(readFileSync(join(ROOT, 'src/commands/tui.ts'), 'utf8'));

const KEY = { down: '\u001b[B', enter: '\r' };
// Ink wraps every frame in a synchronized update: a frame is complete at its end marker.
const FRAME_START = '\u001b[?2026h';
const FRAME_END = '\u001b[?2026l';
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

/** A CLI process in a pty; waits are on complete frames, never on time. */
class Term {
  private raw = '';
  private waiters: (() => void)[] = [];
  exit?: { exitCode: number; signal?: number };
  private readonly pty: IPty;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.pty = spawn(process.execPath, [...NODE_ARGS, ...args], {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      cwd: ROOT,
      env,
    });
    this.pty.onData((d) => {
      this.raw += d;
      this.notify();
    });
    this.pty.onExit((e) => {
      this.exit = e;
      this.notify();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The last complete frame written after offset `from`, as plain text. */
  frame(from = 0): string | undefined {
    const end = this.raw.lastIndexOf(FRAME_END);
    if (end < from) return undefined;
    const start = this.raw.lastIndexOf(FRAME_START, end);
    return this.raw.slice(Math.max(start, from), end).replace(ANSI, '').replace(/\r/g, '');
  }

  /** Resolves once `test` accepts the latest complete frame written after `from`. */
  waitFor<T>(
    what: string,
    test: (frame: string) => T | undefined | false,
    from = 0,
    ms = 20_000,
  ): Promise<T> {
    return new Promise((done, fail) => {
      const finish = (error?: Error, value?: T) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        if (error) fail(error);
        else done(value!);
      };
      const check = () => {
        const frame = this.frame(from);
        const found = frame === undefined ? undefined : test(frame);
        if (found) finish(undefined, found);
        else if (this.exit)
          finish(new Error(`exited (${JSON.stringify(this.exit)}) before ${what}:\n${this.tail()}`));
      };
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}:\n${this.tail()}`)), ms);
      this.waiters.push(check);
      check();
    });
  }

  see(text: string, from = 0): Promise<string> {
    return this.waitFor(JSON.stringify(text), (f) => f.includes(text) && f, from);
  }

  /** Type, and return the offset the answer will come after. */
  press(keys: string): number {
    const at = this.raw.length;
    this.pty.write(keys);
    return at;
  }

  kill(signal: string): Promise<unknown> {
    this.pty.kill(signal);
    return this.waitForExit();
  }

  waitForExit(ms = 20_000): Promise<unknown> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no exit:\n${this.tail()}`)), ms);
      const check = () => {
        if (!this.exit) return;
        clearTimeout(timer);
        done(this.exit);
      };
      this.waiters.push(check);
      check();
    });
  }

  private tail(): string {
    return this.raw.replace(ANSI, '').slice(-3000);
  }
}

// Rows name the action without its service; the service is the group heading above them.
const HEADING = /^\s*›?\s*[▾▸]\s+([a-z0-9-]+)\s+\d+ actions?\b/;
const ROW = /^\s*(›)?\s+(\[[✓✗ ]\])\s+([A-Za-z0-9*]+)\s/;

/** Review rows of a frame: action → mark, and the row under the cursor. */
function reviewRows(frame: string): { marks: Map<string, string>; selected?: string } {
  const marks = new Map<string, string>();
  let selected: string | undefined;
  let service: string | undefined;
  for (const line of frame.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) service = heading[1];
    const m = ROW.exec(line);
    if (!m || !service) continue;
    const action = `${service}:${m[3]}`;
    marks.set(action, m[2]!);
    if (m[1]) selected = action;
  }
  return { marks, selected };
}

const DECISION_OF_MARK: Record<string, string | undefined> = {
  '[✓]': 'accepted',
  '[✗]': 'rejected',
  '[ ]': undefined,
};

function cleanEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'iam-refine-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1', TERM: 'xterm-256color' };
  for (const k of Object.keys(env))
    if (k.startsWith('AWS_') || k === 'CI' || k === 'FORCE_COLOR') delete env[k];
  env.IAM_REFINE_CONFIG_DIR = join(home, 'config');
  return env;
}

describe.skipIf(!TUI_WIRED)('resume after SIGKILL (pty, built CLI)', () => {
  it('keeps every decision up to the last keystroke and reopens on the same screen and resting row', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const env = cleanEnv();
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-e2e-sessions-'));
    const t = new Term(['--demo', '--sessions-dir', dir], env);

    // Type the filter once the roles are listed; choose when only that role is left.
    await t.see('notes-app-api-prod-create-us-east-1-lambdaRole');
    let at = t.press('prod-delete');
    await t.waitFor(
      'the filtered role list',
      (f) => f.includes('prod-delete-us-east-1') && !f.includes('prod-create'),
      at,
    );
    at = t.press(KEY.enter);
    await t.see('Time window', at);
    at = t.press(KEY.enter);
    await t.see('Sources of evidence', at);
    at = t.press(KEY.enter);
    await t.see('Press enter to review', at);
    at = t.press(KEY.enter);
    let frame = await t.see('Review', at);
    expect(frame).toContain('role notes-app-api-prod-delete-us-east-1-lambdaRole');

    const sessionFile = () => {
      const names = readdirSync(dir).filter((f) => /^[0-9a-f]+\.json$/.test(f));
      return JSON.parse(readFileSync(join(dir, names[0]!), 'utf8')) as {
        decisions: Record<string, string>;
        ui: { selectedAction?: string };
      };
    };
    const waitUntil = async (ok: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error('timed out waiting for the session file');
        await new Promise((res) => setTimeout(res, 25));
      }
    };

    // Decide three rows: reject, reject, toggle. After each key, wait for the frame that
    // shows the decision (the cursor may move on by itself), then go to an undecided row.
    const decided = new Map<string, string | undefined>();
    const toFreshRow = async (): Promise<string> => {
      for (let i = 0; i < 15; i++) {
        const { selected } = reviewRows(frame);
        if (selected && !decided.has(selected)) return selected;
        const from = t.press(KEY.down);
        frame = await t.waitFor('the cursor to move', (f) => reviewRows(f).selected !== selected && f, from);
      }
      throw new Error(`no undecided action row left:\n${frame}`);
    };
    for (const key of ['r', 'r', ' ']) {
      const action = await toFreshRow();
      const before = reviewRows(frame).marks.get(action);
      const from = t.press(key);
      frame = await t.waitFor(
        `"${key}" on ${action}`,
        (f) => {
          const mark = reviewRows(f).marks.get(action);
          return mark !== before && (key !== 'r' || mark === '[✗]') && f;
        },
        from,
      );
      decided.set(action, DECISION_OF_MARK[reviewRows(frame).marks.get(action)!]);
      // A decision is on disk before the screen shows it: read the file at this very frame.
      expect(sessionFile().decisions[action], `${action} on disk when shown`).toBe(decided.get(action));
    }
    // Cursor moves are written once the cursor rests (not on every arrow, to keep the list
    // fast with thousands of rows): move, wait for the resting cursor to reach the file, kill.
    const last = await toFreshRow();
    await waitUntil(() => sessionFile().ui.selectedAction === last, 5_000);
    await t.kill('SIGKILL');
    expect(t.exit?.signal).toBe(9);

    const files = readdirSync(dir).filter((f) => /^[0-9a-f]+\.json$/.test(f));
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as {
      decisions: Record<string, string>;
      ui: { screen: string; selectedAction?: string };
    };
    for (const [action, decision] of decided) expect(saved.decisions[action], action).toBe(decision);
    expect(saved.ui).toMatchObject({ screen: 'review', selectedAction: last });

    // Resume with nothing but the folder: the review, the same row, every decision.
    const r = new Term(['resume', '--sessions-dir', dir], env);
    const reopened = await r.waitFor(
      'the review',
      (f) => f.includes('Review') && reviewRows(f).selected && f,
    );
    const rows = reviewRows(reopened);
    expect(rows.selected).toBe(last);
    for (const [action, decision] of decided) {
      expect(DECISION_OF_MARK[rows.marks.get(action) ?? 'missing'], action).toBe(decision);
    }
    r.press('q');
    await r.waitForExit();
    expect(r.exit?.exitCode).toBe(0);
  }, 120_000);
});
