import { describe, expect, it } from 'vitest';
import { configFromSettings, configSettings } from '../../src/sources/session-config.js';
import { demoFolder, readAccountFolder } from '../../src/sources/account-folder.js';
import { emptyConfig } from '../../src/sources/config.js';

describe('source settings kept in a session', () => {
  it('round-trips the demo and files, and keeps no credential', () => {
    const demo = readAccountFolder(demoFolder(), 'demo');
    expect(configSettings(demo)).toEqual({ origin: 'demo' });
    expect(configFromSettings([configSettings(demo)])?.origin).toBe('demo');

    const files = emptyConfig('files');
    files.xrayTraces = [`${demoFolder()}/xray/notes-app-api-prod-get.json`];
    files.live = { profile: 'prod', region: 'eu-west-1' };
    const settings = configSettings(files);
    expect(JSON.stringify(settings)).not.toMatch(/secret|token|AKIA/i);
    const back = configFromSettings([settings]);
    expect(back?.xrayTraces).toEqual(files.xrayTraces);
    expect(back?.live).toMatchObject({ profile: 'prod', region: 'eu-west-1' });
  });

  it('gives up when the files are gone or nothing was kept', () => {
    expect(configFromSettings([{ origin: 'files', xrayTraces: ['/nonexistent/x.json'] }])).toBeUndefined();
    expect(configFromSettings([{}])).toBeUndefined();
  });
});
