// End to end: the built CLI in a pseudo-terminal, driven by keys from the role choice to a
// saved Terraform file, like a person at a terminal. Needs `npm run build` (npm test does it).
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type IPty } from '@lydell/node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stripControl } from '../../src/core/sanitize.js';

const require = createRequire(import.meta.url);
const hcl = require('hcl2-parser') as { parseToObject: (text: string) => [unknown, unknown] };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/iam-refine.mjs');
const WAIT_MS = 15_000;

const KEYS = { enter: '\r', down: '\u001b[B', escape: '\u001b', ctrlS: '\u0013' } as const;

/** A running CLI: what it printed (raw and as text) and condition waits on it. */
class Terminal {
  raw = '';
  private exited?: { exitCode: number };
  private readonly pty: IPty;
  private mark = 0;

  constructor(
    args: string[],
    readonly dir: string,
  ) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      IAM_REFINE_SESSIONS_DIR: path.join(dir, 'sessions'),
      IAM_REFINE_CONFIG_DIR: path.join(dir, 'config'),
      NO_COLOR: '1',
      TERM: 'xterm-256color',
    };
    delete env.CI;
    delete env.FORCE_COLOR;
    this.pty = spawn(process.execPath, [CLI, ...args], { cols: 120, rows: 40, cwd: dir, env });
    this.pty.onData((d) => (this.raw += d));
    this.pty.onExit((e) => (this.exited = e));
  }

  /** Text printed since the last key (Ink redraws whole frames, so new frames show here). */
  recent(): string {
    return stripControl(this.raw.slice(this.mark)).replace(/\u00a0/g, ' ');
  }

  async waitFor(cond: string | RegExp, timeoutMs = WAIT_MS): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const text = this.recent();
      if (typeof cond === 'string' ? text.includes(cond) : cond.test(text)) return text;
      if (this.exited || Date.now() > until) {
        throw new Error(
          `waiting for ${String(cond)}${this.exited ? ' (the CLI exited)' : ''}; saw:\n${text.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Send keys one at a time; each waits for a new frame so none is lost or merged. */
  async keys(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.mark = this.raw.length;
      this.pty.write(k);
      await this.waitForOutput();
    }
  }

  async type(text: string): Promise<void> {
    await this.keys(...text);
  }

  private async waitForOutput(): Promise<void> {
    const start = this.raw.length;
    const until = Date.now() + WAIT_MS;
    while (this.raw.length === start && !this.exited && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async exit(): Promise<number> {
    const until = Date.now() + WAIT_MS;
    while (!this.exited && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (!this.exited) throw new Error('the CLI did not exit');
    return this.exited.exitCode;
  }

  kill(): void {
    if (!this.exited) this.pty.kill();
  }
}

const running: Terminal[] = [];
afterEach(() => {
  for (const t of running.splice(0)) t.kill();
});

function start(args: string[], dir = mkdtempSync(path.join(os.tmpdir(), 'iam-refine-e2e-'))): Terminal {
  const t = new Terminal(args, dir);
  running.push(t);
  return t;
}

describe('iam-refine in a terminal', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  });

  it('goes from the role choice to a saved Terraform file with the rationale typed', async () => {
    const t = start(['--demo']);
    await t.waitFor(/Choose a role[\s\S]*of 8/);
    expect(t.recent()).toContain('Demo account 123456789012');

    await t.type('deployer');
    await t.waitFor('› /serverless-deployer');
    await t.keys(KEYS.enter);
    await t.waitFor('Time window');
    await t.keys(KEYS.down);
    await t.waitFor('› 30d');
    await t.keys(KEYS.enter);
    await t.waitFor('Sources of evidence');
    await t.keys(KEYS.enter);
    await t.waitFor('Press enter to review');
    await t.keys(KEYS.enter);
    await t.waitFor(/✓ \d+ accepted/);

    await t.type('/');
    await t.waitFor('enter apply');
    await t.type('svc:cloudformation');
    await t.keys(KEYS.enter);
    await t.waitFor('filter: svc:cloudformation');
    await t.keys(KEYS.down);
    await t.waitFor(/› +\[✓\] CreateStack/);
    await t.type('c');
    await t.waitFor('Rationale for statement');
    await t.type('Creates the notes app stack on deploy.');
    await t.keys(KEYS.enter);
    await t.type('Ticket PLAT-1234.');
    await t.keys(KEYS.ctrlS);
    await t.waitFor('Creates the notes app stack on deploy.');

    await t.type('v');
    await t.waitFor('Preview · Terraform');
    await t.type('s');
    const asked = await t.waitFor(/Save anyway\?|wrote /);
    if (asked.includes('Save anyway?')) await t.type('y');
    const saved = await t.waitFor(/wrote \S+\.tf/);
    const file = path.join(t.dir, 'serverless-deployer-policy.tf');
    expect(saved).toContain(`wrote ${file}`);

    await t.type('q');
    expect(await t.exit()).toBe(0);
    expect(stripControl(t.raw)).toMatch(/Session [0-9a-f]+ is saved/);

    const tf = readFileSync(file, 'utf8');
    expect(tf).toContain('# Creates the notes app stack on deploy.');
    expect(tf).toContain('# Ticket PLAT-1234.');
    const [parsed, error] = hcl.parseToObject(tf);
    expect(error).toBeNull();
    expect(JSON.stringify(parsed)).toContain('cloudformation:CreateStack');
    // NO_COLOR: styles (bold, inverse) but no colours.
    expect(t.raw).not.toMatch(/\u001b\[(?:3[0-7]|9[0-7]|38;)/);
  });

  it('a kill mid-review loses nothing: resume reopens the review with the decision kept', async () => {
    const t = start(['--demo', '--role', 'serverless-deployer', '--since', '30d']);
    await t.waitFor('Sources of evidence');
    await t.keys(KEYS.enter);
    await t.waitFor('Press enter to review');
    await t.keys(KEYS.enter);
    await t.waitFor(/› +▾ /);
    await t.keys(KEYS.down);
    const row = await t.waitFor(/› +\[[✓ ]\] (\S+)/);
    const action = /› +\[[✓ ]\] (\S+)/.exec(row)![1]!;
    await t.type('r');
    await t.waitFor(new RegExp(`\\[✗\\] ${action.replace(/[*]/g, '\\*')}`));
    t.kill();
    await t.exit().catch(() => 0);

    const sessions = readdirSync(path.join(t.dir, 'sessions')).filter((f) => f.endsWith('.json'));
    expect(sessions).toHaveLength(1);
    const r = start(['resume'], t.dir);
    await r.waitFor(new RegExp(`\\[✗\\] ${action.replace(/[*]/g, '\\*')}`));
    expect(r.recent()).toMatch(/✗ 1 rejected/);
    await r.type('q');
    expect(await r.exit()).toBe(0);
  });
  it('--role of a role with an unfinished session offers it; enter resumes it, no second session', async () => {
    const first = start(['--demo', '--role', 'serverless-deployer', '--since', '30d']);
    await first.waitFor('Sources of evidence');
    await first.type('q');
    expect(await first.exit()).toBe(0);
    const again = start(['--demo', '--role', 'serverless-deployer', '--since', '30d'], first.dir);
    await again.waitFor('serverless-deployer has an unfinished session');
    await again.keys(KEYS.enter);
    await again.waitFor('Sources of evidence');
    await again.type('q');
    expect(await again.exit()).toBe(0);
    const sessions = readdirSync(path.join(first.dir, 'sessions')).filter((f) => f.endsWith('.json'));
    expect(sessions).toHaveLength(1);
  });
});
