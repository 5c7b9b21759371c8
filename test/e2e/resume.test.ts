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
const CLI = SOURCE_CLI ?? join(ROOT, 'dist/src/cli.js');
const NODE_ARGS = SOURCE_CLI ? ['--import', 'tsx', SOURCE_CLI] : [CLI];
// Skipped until src/commands/tui.ts mounts the Ink app (it is a stub that exits with 1 before that).
const TUI_WIRED =
  Boolean(SOURCE_CLI) ||
  /['"]\.\.\/\.\.\/components\//.test(readFileSync(join(ROOT, 'src/commands/tui.ts'), 'utf8'));

const KEY = { down: '\u001b[B', enter: '\r', escape: '\u001b' };
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

/** A CLI process in a pty; waits are on the output, never on time. */
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
    for (const w of this.waiters) w();
  }

  /** Where the next wait starts reading: output from now on. */
  mark(): number {
    return this.raw.length;
  }

  text(from = 0): string {
    return this.raw.slice(from).replace(ANSI, '').replace(/\r/g, '');
  }

  /** Resolves with the output since `from` once `test` accepts it. */
  waitFor<T>(what: string, test: (text: string) => T | undefined | false, from = 0, ms = 20_000): Promise<T> {
    return new Promise((done, fail) => {
      const check = () => {
        const found = test(this.text(from));
        if (found) {
          cleanup();
          done(found);
        } else if (this.exit) {
          cleanup();
          fail(
            new Error(
              `exited (${JSON.stringify(this.exit)}) before ${what}:\n${this.text(from).slice(-3000)}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`timed out waiting for ${what}:\n${this.text(from).slice(-3000)}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  see(text: string, from = 0): Promise<true> {
    return this.waitFor(JSON.stringify(text), (t) => t.includes(text) || undefined, from);
  }

  press(keys: string): number {
    const at = this.mark();
    this.pty.write(keys);
    return at;
  }

  kill(signal: string): Promise<void> {
    this.pty.kill(signal);
    return this.waitFor('the exit', () => this.exit !== undefined).then(() => undefined);
  }
}

/** The selected review row: `› [✓] service:Action ...` → mark and action. */
function selectedAction(text: string): { mark: string; action: string } | undefined {
  const rows = [...text.matchAll(/› (\[[✓✗ ]\]) ([a-z0-9-]+:[A-Za-z0-9*]+)/g)];
  const last = rows.at(-1);
  return last ? { mark: last[1]!, action: last[2]! } : undefined;
}

const MARK_DECISION: Record<string, string | undefined> = {
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
  it('keeps every decision up to the last keystroke and reopens on the same screen and row', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const env = cleanEnv();
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-e2e-sessions-'));
    const t = new Term(['--demo', '--sessions-dir', dir], env);

    await t.see('Choose a role');
    let at = t.press('prod-delete');
    await t.see('notes-app-api-prod-delete-us-east-1-lambdaRole', at);
    at = t.press(KEY.enter);
    await t.see('Time window', at);
    at = t.press(KEY.enter);
    await t.see('Sources of evidence', at);
    at = t.press(KEY.enter);
    await t.see('Press enter to review', at);
    at = t.press(KEY.enter);
    await t.see('Review', at);

    // Walk down to action rows and decide: reject, reject, then toggle a third.
    const decided = new Map<string, string | undefined>();
    const moveToNextAction = async (seen: Set<string>) => {
      for (let i = 0; i < 12; i++) {
        const from = t.press(KEY.down);
        const row = await t.waitFor('the cursor to move', (s) => selectedAction(s) ?? /› /.test(s), from);
        if (typeof row === 'object' && !seen.has(row.action)) return row;
      }
      throw new Error(`no further action row:\n${t.text().slice(-3000)}`);
    };
    const seen = new Set<string>();
    for (const key of ['r', 'r', ' ']) {
      const row = await moveToNextAction(seen);
      seen.add(row.action);
      const from = t.press(key);
      const after = await t.waitFor(
        `"${key}" on ${row.action}`,
        (s) => {
          const sel = selectedAction(s);
          return sel && sel.action === row.action && (key !== 'r' || sel.mark === '[✗]') ? sel : undefined;
        },
        from,
      );
      decided.set(after.action, MARK_DECISION[after.mark]);
    }
    // The last keystroke moves the cursor; the instant the screen shows it, kill.
    const last = await moveToNextAction(seen);
    await t.kill('SIGKILL');
    expect(t.exit?.signal).toBe(9);

    const files = readdirSync(dir).filter((f) => /^[0-9a-f]+\.json$/.test(f));
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as {
      decisions: Record<string, string>;
      ui: { screen: string; selectedAction?: string };
    };
    for (const [action, decision] of decided) expect(saved.decisions[action], action).toBe(decision);
    expect(saved.ui).toMatchObject({ screen: 'review', selectedAction: last.action });

    // Resume: no flags but the folder; the review opens with the cursor on the same row.
    const r = new Term(['resume', '--sessions-dir', dir], env);
    const reopened = await r.waitFor(
      'the review with the cursor row',
      (s) => s.includes('Review') && selectedAction(s),
    );
    expect(reopened.action).toBe(last.action);
    const screen = r.text();
    for (const [action, decision] of decided) {
      const mark = Object.entries(MARK_DECISION).find(([, d]) => d === decision)![0];
      expect(screen, action).toContain(`${mark} ${action}`);
    }
    at = r.press('q');
    await r.waitFor('a clean exit', () => r.exit, at);
    expect(r.exit?.exitCode).toBe(0);
  });
});
