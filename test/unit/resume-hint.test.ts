// The resume hint printed on quit works as printed: `iam-refine` only when it is on PATH.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPath, resumeHint } from '../../src/commands/resume-hint.js';

function folderWith(name?: string, mode = 0o755): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-refine-path-'));
  if (name) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\n');
    chmodSync(path.join(dir, name), mode);
  }
  return dir;
}

describe('resume hint', () => {
  it('says npx iam-refine when no iam-refine is on PATH (a clone after npm install)', () => {
    const empty = folderWith();
    expect(resumeHint('abc123', { PATH: empty })).toBe('npx iam-refine resume abc123');
    expect(resumeHint('abc123', {})).toBe('npx iam-refine resume abc123');
  });

  it('says iam-refine when an executable iam-refine is on PATH (global install, npm link)', () => {
    const bin = folderWith('iam-refine');
    const env = { PATH: [folderWith(), bin].join(path.delimiter) };
    expect(onPath('iam-refine', env, 'linux')).toBe(true);
    expect(resumeHint('abc123', env)).toBe('iam-refine resume abc123');
  });

  it.skipIf(process.platform === 'win32')(
    'a file that is not executable, or a folder of that name, does not count',
    () => {
      const plain = folderWith('iam-refine', 0o644);
      const withDir = folderWith();
      mkdirSync(path.join(withDir, 'iam-refine'));
      expect(onPath('iam-refine', { PATH: [plain, withDir].join(path.delimiter) }, 'linux')).toBe(false);
    },
  );
});
