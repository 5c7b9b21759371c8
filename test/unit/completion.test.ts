// The bash completion script, driven the way bash drives it: COMP_WORDS and COMP_CWORD
// set, the function called, COMPREPLY read back. Session ids come from the CLI itself
// (`__complete sessions`), reached through an `iam-refine` on PATH that runs the sources.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completionScript } from '../../src/completion/index.js';
import { runCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'iam-refine-completion-'));
const sessions = path.join(work, 'sessions');
const bin = path.join(work, 'bin');
const script = path.join(work, 'iam-refine.bash');
afterAll(() => rmSync(work, { recursive: true, force: true }));

mkdirSync(sessions);
mkdirSync(bin);
writeFileSync(script, completionScript('bash'));
// Two sessions (only file names matter to the id lister) and a stray file it must skip.
writeFileSync(path.join(sessions, '0123abcd4567ef01.json'), '{}');
writeFileSync(path.join(sessions, '89abcdef01234567.json'), '{}');
writeFileSync(path.join(sessions, 'notes.txt'), '');
const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
writeFileSync(
  path.join(bin, 'iam-refine'),
  `#!/bin/sh\nexec "${process.execPath}" "${tsx}" "${path.join(ROOT, 'src/cli.ts')}" "$@"\n`,
);
chmodSync(path.join(bin, 'iam-refine'), 0o755);

/** What bash would offer for the line, the cursor at its end. */
function complete(line: string): string[] {
  const words = line.split(' ');
  const program = [
    `source ${JSON.stringify(script)}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_iam_refine',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program], {
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      IAM_REFINE_SESSIONS_DIR: sessions,
    },
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean).sort();
}

describe('bash completion', () => {
  it.each([
    ['iam-refine sc', ['scan']],
    ['iam-refine co', ['compare', 'completion']],
    ['iam-refine scan --for', ['--format']],
    ['iam-refine scan --format ', ['json', 'terraform']],
    ['iam-refine export ID --format t', ['terraform']],
    ['iam-refine compare --fail-on ', ['any', 'write']],
    ['iam-refine doctor --so', ['--source']],
    ['iam-refine doctor --source x', ['xray']],
    ['iam-refine completion ', ['bash', 'fish', 'zsh']],
    ['iam-refine sessions ', ['delete', 'list', 'show']],
    ['iam-refine scan --role ', []],
    ['iam-refine --de', ['--demo']],
  ])('%s', (line, expected) => {
    expect(complete(line)).toEqual(expected);
  });

  it('completes session ids for resume, export and sessions show', () => {
    const ids = ['0123abcd4567ef01', '89abcdef01234567'];
    expect(complete('iam-refine resume ')).toEqual(ids);
    expect(complete('iam-refine export 89')).toEqual(['89abcdef01234567']);
    expect(complete('iam-refine sessions show 0')).toEqual(['0123abcd4567ef01']);
    expect(complete('iam-refine sessions list ')).toEqual([]);
  }, 30_000);

  it('prints a script per shell, and a usage error for another', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('__complete sessions');
    }
    const bad = await runCli(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Use: iam-refine completion bash|zsh|fish');
  });
});
