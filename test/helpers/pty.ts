// The CLI in a pseudo-terminal for the end-to-end tests: waits are on complete Ink
// frames (synchronized-update markers), never on time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type IPty } from '@lydell/node-pty';

const FRAME_START = '\u001b[?2026h';
const FRAME_END = '\u001b[?2026l';
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

export class PtyCli {
  private raw = '';
  private waiters: (() => void)[] = [];
  exit?: { exitCode: number; signal?: number };
  private readonly pty: IPty;

  private readonly waitMs: number;

  constructor(
    nodeArgs: string[],
    args: string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv; waitMs?: number },
  ) {
    const { waitMs = 25_000, ...spawnOpts } = opts;
    this.waitMs = waitMs;
    this.pty = spawn(process.execPath, [...nodeArgs, ...args], {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      ...spawnOpts,
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

  /** The last complete frame written after `from`, as plain text. */
  frame(from = 0): string | undefined {
    const end = this.raw.lastIndexOf(FRAME_END);
    if (end < from) return undefined;
    const start = this.raw.lastIndexOf(FRAME_START, end);
    return this.raw.slice(Math.max(start, from), end).replace(ANSI, '').replace(/\r/g, '');
  }

  waitFor(what: string, test: (frame: string) => boolean, from = 0, ms = this.waitMs): Promise<string> {
    return new Promise((done, fail) => {
      const finish = (error?: Error, frame?: string) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        if (error) fail(error);
        else done(frame!);
      };
      const check = () => {
        const frame = this.frame(from);
        if (frame !== undefined && test(frame)) finish(undefined, frame);
        else if (this.exit)
          finish(new Error(`exited (${JSON.stringify(this.exit)}) before ${what}:\n${this.tail()}`));
      };
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}:\n${this.tail()}`)), ms);
      this.waiters.push(check);
      check();
    });
  }

  see(text: string, from = 0): Promise<string> {
    return this.waitFor(JSON.stringify(text), (f) => f.includes(text), from);
  }

  /** Everything written after `from`, as plain text (for screens taller than the terminal). */
  textSince(from = 0): string {
    // Footers space their keys with no-break spaces.
    return this.raw
      .slice(from)
      .replace(ANSI, '')
      .replace(/\r/g, '')
      .replace(/\u00a0/g, ' ');
  }

  /** Waits until one of `texts` has been written after `from`, in any frame; returns it. */
  written(texts: string | string[], from = 0, ms = this.waitMs): Promise<string> {
    const wanted = ([] as string[]).concat(texts);
    const text = wanted.join(' or ');
    return new Promise((done, fail) => {
      const check = () => {
        const t = this.textSince(from);
        const found = wanted.find((w) => t.includes(w));
        if (found) finish(undefined, found);
        else if (this.exit) finish(new Error(`exited before ${JSON.stringify(text)}:\n${this.tail()}`));
      };
      const finish = (error?: Error, found?: string) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        if (error) fail(error);
        else done(found!);
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${JSON.stringify(text)}:\n${this.tail()}`)),
        ms,
      );
      this.waiters.push(check);
      check();
    });
  }

  /** Type; returns the offset the answer comes after. */
  press(keys: string): number {
    const at = this.raw.length;
    this.pty.write(keys);
    return at;
  }

  waitForExit(ms = 20_000): Promise<{ exitCode: number; signal?: number }> {
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

  kill(signal = 'SIGKILL'): void {
    if (!this.exit) this.pty.kill(signal);
  }

  tail(): string {
    return this.raw.replace(ANSI, '').slice(-3000);
  }
}

/** The keys the end-to-end tests press. */
export const KEY = { down: '\u001b[B', enter: '\r', escape: '\u001b' };

/** A clean environment for the TUI: its own HOME and config, no AWS_* of the developer's, no colour. */
export function ptyEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'iam-refine-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1', TERM: 'xterm-256color' };
  for (const k of Object.keys(env))
    if (k.startsWith('AWS_') || k === 'CI' || k === 'FORCE_COLOR') delete env[k];
  env.IAM_REFINE_CONFIG_DIR = join(home, 'config');
  return env;
}

/** From the demo's role list to the review of the role matching `filter`; returns the review frame. */
export async function openReview(t: PtyCli, filter: string, from = 0): Promise<string> {
  await t.see('notes-app-api-prod-create-us-east-1-lambdaRole', from);
  let at = t.press(filter);
  await t.waitFor(
    'the filtered role list',
    (f) => f.includes(`${filter}-us-east-1`) && f.split('›').length === 2,
    at,
  );
  at = t.press(KEY.enter);
  await t.see('Time window', at);
  at = t.press(KEY.enter);
  await t.see('Sources of evidence', at);
  at = t.press(KEY.enter);
  await t.see('Press enter to review', at);
  at = t.press(KEY.enter);
  return t.see('Review', at);
}
