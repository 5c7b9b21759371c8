// Session files outlive the tool version that wrote them. Each migration takes the
// raw JSON of version n to version n+1; loading runs the chain, then validates with
// the current schema. A file from a newer tool is refused, never rewritten.
import { roleRefFromArn } from '../src/core/arn.js';
import { SCHEMA_VERSION } from './schema.js';

export type RawSession = Record<string, unknown>;
export type Migration = (raw: RawSession) => RawSession;

/** A problem a user can act on: the file is from elsewhere or damaged. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const V1_SOURCE_LABELS: Record<string, string> = {
  xray: 'X-Ray traces',
  cloudtrail: 'CloudTrail',
  'access-analyzer': 'Access Analyzer',
  'unused-findings': 'Unused-access findings',
  'access-advisor': 'Access Advisor',
  'current-policy': 'Current policy',
};

function record(value: unknown): RawSession {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as RawSession) : {};
}

/**
 * Version 1 is the layout of the DESIGN.md sketch: the role as an ARN string, a flat
 * `toolVersion`, comments per action in `comments` and per statement in
 * `statementComments`, sources without labels or state, no UI position or undo history.
 */
export function v1ToV2(raw: RawSession): RawSession {
  const { roleArn, toolVersion, comments, statementComments, sources, ...rest } = raw;
  const role = typeof roleArn === 'string' ? roleRefFromArn(roleArn) : undefined;
  if (typeof roleArn === 'string' && !role)
    throw new MigrationError(`roleArn "${roleArn}" is not an IAM role ARN`);
  const evidence = Array.isArray(raw.evidence) ? raw.evidence : [];
  return {
    ...rest,
    schemaVersion: 2,
    tool: { name: 'iam-refine', version: typeof toolVersion === 'string' ? toolVersion : 'unknown' },
    ...(role ? { role } : {}),
    sources: (Array.isArray(sources) ? sources : []).map((s) => {
      const src = record(s);
      return {
        ...src,
        label: V1_SOURCE_LABELS[String(src.id)] ?? String(src.id),
        state: evidence.length > 0 ? 'done' : 'pending',
      };
    }),
    comments: { byAction: record(comments), byStatement: record(statementComments) },
    resourceChoices: {},
    // A version-1 session was saved from the review or not at all.
    ui: { screen: evidence.length > 0 ? 'review' : role ? 'window' : 'role' },
    history: [],
  };
}

/**
 * Version 3 stores a statement rationale on the actions the statement covered
 * (`comments.rationaleByAction`). Which actions a version-2 Sid covered takes the engine,
 * so this step only adds the new map; loading then moves each Sid's text onto its
 * statement's actions (attach-rationale.ts) and keeps the Sids that match none.
 */
export function v2ToV3(raw: RawSession): RawSession {
  const comments = record(raw.comments);
  return {
    ...raw,
    schemaVersion: 3,
    comments: { ...comments, rationaleByAction: record(comments.rationaleByAction) },
  };
}

/** MIGRATIONS[n] turns version n into version n + 1. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1ToV2, 2: v2ToV3 };

export interface Migrated {
  data: RawSession;
  /** The version the file was written with. */
  from: number;
}

export function migrate(
  raw: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): Migrated {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MigrationError('not a session: the file holds no JSON object');
  }
  const from = (raw as RawSession).schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new MigrationError('not a session: "schemaVersion" is missing or not a positive integer');
  }
  if (from > target) {
    throw new MigrationError(
      `written by a newer iam-refine (session schema ${from}; this version reads up to ${target}). Upgrade iam-refine to open it.`,
    );
  }
  let data = raw as RawSession;
  for (let v = from; v < target; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`no migration from session schema ${v} to ${v + 1}`);
    data = step(data);
    if (data.schemaVersion !== v + 1) throw new Error(`migration ${v}→${v + 1} did not set schemaVersion`);
  }
  return { data, from };
}
