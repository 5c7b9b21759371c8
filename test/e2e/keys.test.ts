// Keys through a real terminal: several keys in one write are handled one by one, and
// escape sequences no binding knows (Ctrl+F1..F4, a pasted colour code) are ignored
// instead of crashing the TUI. Needs `npm run build` (npm test does it).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_ARGS, ROOT } from '../helpers/cli-process.js';
import { ptyEnv, PtyCli } from '../helpers/pty.js';

/** The text of the line under the cursor. */
const cursorLine = (f: string) => /^\s*›(.*)$/m.exec(f)?.[1]?.trim() ?? '';

describe('keys in one write (pty, built CLI)', () => {
  it('"jjj" moves three rows; Ctrl+F1..F4 and a pasted ESC[31m are ignored', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-e2e-sessions-'));
    const t = new PtyCli(NODE_ARGS, ['--demo', '--sessions-dir', dir], { cwd: ROOT, env: ptyEnv() });
    await t.see('notes-app-api-prod-create-us-east-1-lambdaRole');
    // The role filter gets a paste holding a colour sequence: the letters arrive, nothing crashes.
    let at = t.press('prod-\u001b[31mdelete\u001b[0m');
    await t.waitFor(
      'the filtered list',
      (f) => f.includes('prod-delete-us-east-1') && !f.includes('prod-create'),
      at,
    );
    for (const [key, next] of [
      ['\r', 'Time window'],
      ['\r', 'Sources of evidence'],
      ['\r', 'Press enter to review'],
      ['\r', 'Review'],
    ] as const) {
      at = t.press(key);
      await t.see(next, at);
    }
    // Row by row first, to know where three moves land.
    const rows = [cursorLine(t.frame() ?? '')];
    for (let i = 0; i < 3; i++) {
      at = t.press('j');
      const f = await t.waitFor('one row down', (f) => cursorLine(f) !== rows.at(-1), at);
      rows.push(cursorLine(f));
    }
    at = t.press('kkk');
    await t.waitFor('back up three rows', (f) => cursorLine(f) === rows[0], at);
    at = t.press('\u001b[1;5P\u001b[1;5Q\u001b[1;5R\u001b[1;5S');
    at = t.press('jjj');
    const f = await t.waitFor('three rows down in one write', (f) => cursorLine(f) === rows[3], at);
    expect(f).toContain('Review');
    expect(t.exit).toBeUndefined();
    at = t.press('q');
    await t.waitForExit();
    expect(t.exit?.exitCode).toBe(0);
    expect(t.textSince(at)).toMatch(/Session [0-9a-f]+ is saved/);
  }, 60_000);
});
