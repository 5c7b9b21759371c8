// Preferences that outlive a session: the last profile, region, Access Analyzer access
// role, window, output format and path, the sessions folder and the recent sessions. Kept with `conf` in the
// user's config folder (IAM_REFINE_CONFIG_DIR moves it, for tests). Never credentials.
import Conf from 'conf';
import envPaths from 'env-paths';
import { z } from 'zod';
import { APP_NAME, resolveSessionsDir, SESSIONS_DIR_ENV } from './store.js';
import { OutputFormatSchema } from './schema.js';
import { ensurePrivateDir } from './atomic.js';

export const CONFIG_DIR_ENV = 'IAM_REFINE_CONFIG_DIR';
export const MAX_RECENT = 10;

const Field = {
  profile: z.string(),
  region: z.string(),
  /** The role Access Analyzer policy generation reads CloudTrail with (an ARN). */
  analyzerAccessRole: z.string().startsWith('arn:'),
  lastWindow: z.object({
    preset: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
  }),
  lastFormat: OutputFormatSchema,
  lastOutputPath: z.string(),
  sessionsDir: z.string(),
  recentSessions: z.array(z.string()),
};
type FieldName = keyof typeof Field;

export type PreferenceValues = {
  [K in FieldName]?: z.infer<(typeof Field)[K]>;
};

export class Preferences {
  private constructor(
    private readonly store: Conf<PreferenceValues> | undefined,
    private memory: PreferenceValues,
    /** Why the preferences file could not be used (it is then left untouched). */
    readonly problem?: string,
  ) {}

  static open(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Preferences {
    const cwd = opts.cwd ?? opts.env?.[CONFIG_DIR_ENV];
    try {
      // conf would make the folder 0755; ours is 0700 (and one made 0755 before is closed).
      ensurePrivateDir(cwd ?? envPaths(APP_NAME, { suffix: '' }).config, { tighten: !cwd });
      const store = new Conf<PreferenceValues>({
        projectName: APP_NAME,
        projectSuffix: '',
        configName: 'preferences',
        accessPropertiesByDotNotation: false,
        configFileMode: 0o600,
        ...(cwd ? { cwd } : {}),
      });
      return new Preferences(store, {});
    } catch (e) {
      return new Preferences(
        undefined,
        {},
        `preferences could not be read (${(e as Error).message}); using defaults`,
      );
    }
  }

  /** Where the preferences live (undefined when they could not be opened). */
  get path(): string | undefined {
    return this.store?.path;
  }

  /** Every valid value; a hand-edited field of the wrong type is ignored, not fatal. */
  get(): PreferenceValues {
    const raw: Record<string, unknown> = this.store ? { ...this.store.store } : { ...this.memory };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(Field) as FieldName[]) {
      const parsed = Field[key].safeParse(raw[key]);
      if (parsed.success) out[key] = parsed.data;
    }
    return out as PreferenceValues;
  }

  set(patch: PreferenceValues): void {
    for (const [key, value] of Object.entries(patch) as [FieldName, unknown][]) {
      if (value === undefined) {
        if (this.store) this.store.delete(key);
        else delete this.memory[key];
      } else if (this.store) this.store.set(key, value as never);
      else this.memory = { ...this.memory, [key]: value };
    }
  }

  /** Put a session at the head of the recent list. */
  noteRecent(id: string): void {
    const recent = (this.get().recentSessions ?? []).filter((r) => r !== id);
    this.set({ recentSessions: [id, ...recent].slice(0, MAX_RECENT) });
  }
}

/**
 * The sessions folder for a command: `--sessions-dir`, IAM_REFINE_SESSIONS_DIR, the
 * preference, the default. Preferences are only opened (unless given) when the first two
 * are absent.
 */
export function sessionsDirFor(opts: { flag?: string; env: NodeJS.ProcessEnv; prefs?: Preferences }): string {
  if (opts.flag || opts.env[SESSIONS_DIR_ENV]) return resolveSessionsDir(opts);
  const prefs = opts.prefs ?? Preferences.open({ env: opts.env });
  return resolveSessionsDir({ ...opts, preference: prefs.get().sessionsDir });
}
