// Live settings that outlive a run (issue 3's preferences, issue 5's access role): the
// TUI starts with the profile and region last used, every live run with the Access
// Analyzer access role last given. Flags and the AWS_* environment always win.
import type { SourceConfig } from '../sources/config.js';
import type { Preferences } from '../../sessions/preferences.js';

export interface PreferOptions {
  /** Profile and region are remembered for the TUI only: scan and compare in CI take none. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * The config with remembered live settings filled in where nothing else set them. The
 * preferences are opened only for a live run: offline runs never read them.
 */
export function withPreferences(
  config: SourceConfig,
  openPrefs: () => Preferences,
  opts: PreferOptions,
): SourceConfig {
  if (!config.live) return config;
  const p = openPrefs().get();
  const live = { ...config.live };
  const { env } = opts;
  if (opts.interactive && !live.profile && !env.AWS_PROFILE && p.profile) live.profile = p.profile;
  if (opts.interactive && !live.region && !env.AWS_REGION && !env.AWS_DEFAULT_REGION && p.region)
    live.region = p.region;
  if (!live.analyzerAccessRole && p.analyzerAccessRole) live.analyzerAccessRole = p.analyzerAccessRole;
  return { ...config, live };
}

/** Remember the live settings of a run that reached AWS (names only, never credentials). */
export function rememberLive(config: SourceConfig, prefs: Preferences): void {
  const live = config.live;
  if (!live) return;
  prefs.set({
    ...(live.profile ? { profile: live.profile } : {}),
    ...(live.region ? { region: live.region } : {}),
    ...(live.analyzerAccessRole ? { analyzerAccessRole: live.analyzerAccessRole } : {}),
  });
}
