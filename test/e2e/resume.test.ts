// The built CLI in a real pseudo-terminal: start a review on the demo, decide, kill the
// process with SIGKILL right after the last keystroke shows, resume, and find every
// decision and the same screen and row. Needs `npm run build` (npm test does it).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_ARGS, ROOT } from '../helpers/cli-process.js';
import { KEY, openReview, ptyEnv, PtyCli } from '../helpers/pty.js';

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

describe('resume after SIGKILL (pty, built CLI)', () => {
  it('keeps every decision up to the last keystroke and reopens on the same screen and resting row', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
    const env = ptyEnv();
    const dir = mkdtempSync(join(tmpdir(), 'iam-refine-e2e-sessions-'));
    const term = (args: string[]) => new PtyCli(NODE_ARGS, args, { cwd: ROOT, env, waitMs: 20_000 });
    const t = term(['--demo', '--sessions-dir', dir]);

    // Type the filter once the roles are listed; choose when only that role is left.
    let frame = await openReview(t, 'prod-delete');
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
        frame = await t.waitFor('the cursor to move', (f) => reviewRows(f).selected !== selected, from);
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
          return mark !== before && (key !== 'r' || mark === '[✗]');
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
    t.kill('SIGKILL');
    await t.waitForExit();
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
    const r = term(['resume', '--sessions-dir', dir]);
    const reopened = await r.waitFor('the review', (f) => f.includes('Review') && !!reviewRows(f).selected);
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
