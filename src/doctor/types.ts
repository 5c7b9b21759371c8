// What a preflight check says about one source: a state, what was found, and the exact fix.
export type CheckState = 'ok' | 'missing' | 'denied' | 'error';

/** The sources doctor checks; `--source` picks among them. */
export const DOCTOR_SOURCES = ['cloudtrail', 'xray', 'access-analyzer', 'unused-findings'] as const;
export type DoctorSource = (typeof DOCTOR_SOURCES)[number];

export interface CheckLine {
  source: DoctorSource;
  /** What was checked, e.g. "CloudTrail (trail)". */
  label: string;
  /** ok: the source can give evidence; missing: something to set up; denied: a permission of the tool; error: could not check. */
  state: CheckState;
  /** What was found, in a sentence. */
  detail: string;
  /** The console page, CLI command or policy statement that fixes it (a tip when ok). */
  fix?: string;
}

/** Where the checks run, and what the user configured. */
export interface CheckContext {
  region: string;
  account: string;
  partition: string;
  profile?: string;
  now: () => number;
}
