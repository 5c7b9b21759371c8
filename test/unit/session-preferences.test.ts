import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, Preferences } from '../../sessions/preferences.js';
import { tempDir } from './session-test-data.js';

describe('preferences', () => {
  it('live in the folder IAM_REFINE_CONFIG_DIR names, owner-only, and persist', () => {
    const dir = tempDir('iam-refine-config-');
    const prefs = Preferences.open({ env: { IAM_REFINE_CONFIG_DIR: dir } });
    expect(prefs.path).toBe(join(dir, 'preferences.json'));
    prefs.set({
      profile: 'audit',
      region: 'eu-west-1',
      lastWindow: { preset: '30d' },
      lastFormat: 'terraform',
      lastOutputPath: 'infra/iam.tf',
      sessionsDir: 'infra/sessions',
    });
    if (process.platform !== 'win32') expect(statSync(prefs.path!).mode & 0o777).toBe(0o600);
    expect(Preferences.open({ cwd: dir }).get()).toEqual({
      profile: 'audit',
      region: 'eu-west-1',
      lastWindow: { preset: '30d' },
      lastFormat: 'terraform',
      lastOutputPath: 'infra/iam.tf',
      sessionsDir: 'infra/sessions',
    });
    prefs.set({ profile: undefined });
    expect(Preferences.open({ cwd: dir }).get().profile).toBeUndefined();
  });

  it('keeps the recent sessions newest first, without repeats, at most ten', () => {
    const prefs = Preferences.open({ cwd: tempDir('iam-refine-config-') });
    for (let i = 0; i < 12; i++) prefs.noteRecent(`id${i}`);
    prefs.noteRecent('id5');
    const recent = prefs.get().recentSessions!;
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent.slice(0, 3)).toEqual(['id5', 'id11', 'id10']);
  });

  it('ignores a hand-edited field of the wrong type and keeps the rest', () => {
    const dir = tempDir('iam-refine-config-');
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ region: 'us-east-1', lastFormat: 'yaml', recentSessions: 'x' }),
    );
    expect(Preferences.open({ cwd: dir }).get()).toEqual({ region: 'us-east-1' });
  });

  it('a damaged preferences file is reported and left as it is', () => {
    const dir = tempDir('iam-refine-config-');
    const file = join(dir, 'preferences.json');
    writeFileSync(file, '{"region": ');
    const prefs = Preferences.open({ cwd: dir });
    expect(prefs.problem).toMatch(/preferences could not be read/);
    prefs.set({ region: 'eu-west-1' });
    expect(prefs.get()).toEqual({ region: 'eu-west-1' });
    expect(readFileSync(file, 'utf8')).toBe('{"region": ');
  });
});
