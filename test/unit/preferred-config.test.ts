// Remembered live settings: the TUI takes profile and region, every live run the access
// role; flags and the AWS_* environment win; files-only runs are left alone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rememberLive, withPreferences } from '../../src/commands/preferred-config.js';
import { emptyConfig, type SourceConfig } from '../../src/sources/config.js';
import { Preferences } from '../../sessions/preferences.js';

const ROLE = 'arn:aws:iam::123456789012:role/AccessAnalyzerMonitorServiceRole';

function prefs(values: Parameters<Preferences['set']>[0] = {}): Preferences {
  const p = Preferences.open({ cwd: mkdtempSync(path.join(tmpdir(), 'iam-refine-prefs-')) });
  p.set(values);
  return p;
}

function live(settings: NonNullable<SourceConfig['live']> = {}): SourceConfig {
  return { ...emptyConfig('live'), live: settings };
}

describe('remembered live settings', () => {
  const remembered = { profile: 'prod', region: 'eu-west-1', analyzerAccessRole: ROLE };

  it('the TUI starts with the profile, region and access role last used', () => {
    const c = withPreferences(live(), () => prefs(remembered), { interactive: true, env: {} });
    expect(c.live).toMatchObject({ profile: 'prod', region: 'eu-west-1', analyzerAccessRole: ROLE });
  });

  it('scan and compare take only the access role: a CI run does not switch profile', () => {
    const c = withPreferences(live(), () => prefs(remembered), { interactive: false, env: {} });
    expect(c.live).toEqual({ analyzerAccessRole: ROLE });
  });

  it.each([
    ['a flag', live({ profile: 'dev', region: 'us-east-1' }), {}],
    ['the environment', live(), { AWS_PROFILE: 'dev', AWS_REGION: 'us-east-1' }],
  ])('%s wins over what was remembered', (_name, config, env) => {
    const c = withPreferences(config, () => prefs(remembered), { interactive: true, env });
    expect(c.live?.profile).toBe(config.live?.profile);
    expect(c.live?.region).toBe(config.live?.region);
  });

  it('a files-only run stays offline and does not even open the preferences', () => {
    const files = { ...emptyConfig('files'), xrayTraces: ['t.json'] };
    let opened = 0;
    const open = () => {
      opened++;
      return prefs(remembered);
    };
    expect(withPreferences(files, open, { interactive: true, env: {} })).toBe(files);
    expect(opened).toBe(0);
  });

  it('remembers names of what reached AWS, and an access role that is not an ARN is ignored', () => {
    const p = prefs();
    rememberLive(live({ profile: 'prod', region: 'eu-west-1', analyzerAccessRole: ROLE }), p);
    expect(p.get()).toMatchObject(remembered);
    p.set({ analyzerAccessRole: 'not-an-arn' } as never);
    expect(p.get().analyzerAccessRole).toBeUndefined();
  });
});
