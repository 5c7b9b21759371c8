// The session file: everything needed to pick a review up again without AWS calls
// (DESIGN.md, "Sessions"). Zod is the source of truth; `SCHEMA_VERSION` moves on with
// a migration in migrations.ts whenever this shape changes.
import { z } from 'zod';
import {
  EvidenceSchema,
  RoleDetailSchema,
  RoleRefSchema,
  SourceIdSchema,
  WindowSchema,
} from '../src/core/types.js';

export const SCHEMA_VERSION = 3;

/** The wizard steps, in order; a resume lands on the one saved in `ui.screen`. */
export const SCREENS = [
  'role',
  'window',
  'sources',
  'gathering',
  'review',
  'placeholders',
  'preview',
  'save',
] as const;
export const ScreenSchema = z.enum(SCREENS);
export type Screen = z.infer<typeof ScreenSchema>;

export const DecisionSchema = z.enum(['accepted', 'rejected']);
export type Decision = z.infer<typeof DecisionSchema>;
/** What a user can set; `pending` removes the decision. */
export type DecisionInput = Decision | 'pending';

export const OutputFormatSchema = z.enum(['json', 'terraform', 'cloudformation', 'serverless', 'cdk']);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

/** Source settings are plain values (paths, filter, profile name); never credentials. */
export const SettingValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type SettingValue = z.infer<typeof SettingValueSchema>;

export const SourceStateSchema = z.enum(['pending', 'running', 'done', 'failed', 'cancelled', 'skipped']);

export const SessionSourceSchema = z.object({
  id: SourceIdSchema,
  label: z.string(),
  files: z.array(z.string()).optional(),
  settings: z.record(z.string(), SettingValueSchema).default({}),
  state: SourceStateSchema.default('pending'),
  message: z.string().optional(),
  /** How the source ended (ok, partial, failed), its reason and fix: every saved output records it. */
  status: z.enum(['ok', 'partial', 'failed']).optional(),
  reason: z.string().optional(),
  fix: z.string().optional(),
});
export type SessionSource = z.infer<typeof SessionSourceSchema>;
export type SessionSourceInput = z.input<typeof SessionSourceSchema>;

/** A window with the preset it came from (`7d`), so a re-gather can slide it. */
export const SessionWindowSchema = WindowSchema.extend({ preset: z.string().optional() });
export type SessionWindow = z.infer<typeof SessionWindowSchema>;

export const CommentsSchema = z.object({
  /** Notes on one action (`C`): why it was accepted or rejected. */
  byAction: z.record(z.string(), z.string()).default({}),
  /** Statement rationales (`c`), on every action the statement covered when written. */
  rationaleByAction: z.record(z.string(), z.string()).default({}),
  /**
   * Rationales from a version-2 session keyed by a Sid that matched no statement when it
   * was loaded (the rest moved onto their actions): kept and shown, never dropped.
   */
  byStatement: z.record(z.string(), z.string()).default({}),
});
export type Comments = z.infer<typeof CommentsSchema>;

export const UiSchema = z.object({
  screen: ScreenSchema,
  /** The review row, by action name so it survives a re-gather that adds rows. */
  selectedAction: z.string().optional(),
  filter: z.string().optional(),
  scroll: z.number().int().nonnegative().optional(),
  pane: z.enum(['list', 'detail']).optional(),
});
export type UiPosition = z.infer<typeof UiSchema>;

/**
 * The editable parts an undo can restore. Each change remembers the previous value
 * of one key (absent = the key did not exist), so undo works after a resume.
 */
export const UNDOABLE_SLICES = [
  'decisions',
  'resourceChoices',
  'fills',
  'fillsByArn',
  'commentsByAction',
  'commentsByStatement',
  'rationaleByAction',
] as const;
export type UndoableSlice = (typeof UNDOABLE_SLICES)[number];

export const UndoChangeSchema = z.discriminatedUnion('slice', [
  z.object({ slice: z.literal('decisions'), key: z.string(), prev: DecisionSchema.optional() }),
  z.object({ slice: z.literal('resourceChoices'), key: z.string(), prev: z.array(z.string()).optional() }),
  z.object({ slice: z.literal('fills'), key: z.string(), prev: z.string().optional() }),
  z.object({ slice: z.literal('fillsByArn'), key: z.string(), prev: z.string().optional() }),
  z.object({ slice: z.literal('commentsByAction'), key: z.string(), prev: z.string().optional() }),
  z.object({ slice: z.literal('commentsByStatement'), key: z.string(), prev: z.string().optional() }),
  z.object({ slice: z.literal('rationaleByAction'), key: z.string(), prev: z.string().optional() }),
]);
export type UndoChange = z.infer<typeof UndoChangeSchema>;

export const UndoEntrySchema = z.object({
  /** What the undo will revert, for the status line: "accept s3:GetObject". */
  label: z.string(),
  changes: z.array(UndoChangeSchema),
});
export type UndoEntry = z.infer<typeof UndoEntrySchema>;

/** What the last re-gather changed, so the review can mark new rows. */
export const RegatherSchema = z.object({
  at: z.string(),
  window: WindowSchema,
  newActions: z.array(z.string()),
  changedActions: z.array(z.string()),
});
export type RegatherInfo = z.infer<typeof RegatherSchema>;

export const SessionSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^[0-9a-f]{8,32}$/, 'an id is 8 to 32 lowercase hex digits'),
  name: z.string().min(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** Absent until the role screen is done. */
  role: RoleRefSchema.optional(),
  /** The role's current policies, as gathered (granted/unused come from it). */
  roleDetail: RoleDetailSchema.optional(),
  window: SessionWindowSchema.optional(),
  sources: z.array(SessionSourceSchema).default([]),
  evidence: z.array(EvidenceSchema).default([]),
  gatheredAt: z.string().optional(),
  decisions: z.record(z.string(), DecisionSchema).default({}),
  resourceChoices: z.record(z.string(), z.array(z.string())).default({}),
  fills: z.record(z.string(), z.string()).default({}),
  /**
   * Per occurrence (`Id@arn:...:stack/web/${Id}`, core/policy-model.ts occurrenceKey): the value
   * of one placeholder in one ARN, over `fills` (which holds the values "everywhere").
   */
  fillsByArn: z.record(z.string(), z.string()).optional(),
  comments: CommentsSchema.default({ byAction: {}, rationaleByAction: {}, byStatement: {} }),
  output: z
    .object({ format: OutputFormatSchema.default('terraform'), path: z.string().optional() })
    .default({ format: 'terraform' }),
  ui: UiSchema.default({ screen: 'role' }),
  history: z.array(UndoEntrySchema).default([]),
  lastRegather: RegatherSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;
export type SessionInput = z.input<typeof SessionSchema>;

/** Undo entries kept per session: enough for any review, bounded file size. */
export const MAX_HISTORY = 500;
