// Every change to a session is one of these events, applied by the pure reducer in
// reducer.ts. The TUI dispatches them on keys; headless commands dispatch the same.
import type { Evidence, RoleDetail, RoleRef, SourceId, TimeWindow } from '../src/core/types.js';
import type {
  DecisionInput,
  OutputFormat,
  Screen,
  SessionSourceInput,
  SessionWindow,
  UiPosition,
} from './schema.js';

export type SessionEvent =
  | { type: 'rename'; name: string }
  /** Choosing another role discards what was gathered and decided for the previous one. */
  | { type: 'setRole'; role: RoleRef; roleDetail?: RoleDetail }
  | { type: 'setWindow'; window: SessionWindow }
  /** Settings keys or values that look like credentials are dropped. */
  | { type: 'setSources'; sources: SessionSourceInput[] }
  | {
      type: 'setSourceState';
      id: SourceId;
      state: SessionSourceInput['state'];
      message?: string;
      status?: SessionSourceInput['status'];
      reason?: string;
      fix?: string;
    }
  /** A first gather (or a fresh one from the sources screen): replaces the evidence, keeps decisions. */
  | { type: 'setEvidence'; evidence: Evidence[]; roleDetail?: RoleDetail; gatheredAt: string }
  /**
   * A re-gather on resume: time-series sources (X-Ray, CloudTrail) add up, snapshot sources
   * (Access Analyzer, findings, current policy) in `replaceSources` are replaced. Decisions
   * and comments are kept; new actions are recorded in `lastRegather`.
   */
  | {
      type: 'mergeEvidence';
      evidence: Evidence[];
      roleDetail?: RoleDetail;
      window: TimeWindow;
      gatheredAt: string;
      /** Snapshot sources that answered this time; default: those present in `evidence`. */
      replaceSources?: SourceId[];
    }
  | { type: 'decide'; action: string; decision: DecisionInput }
  /** A whole service (`A`/`R`): the UI passes the service's actions. */
  | { type: 'decideMany'; actions: string[]; decision: DecisionInput; label?: string }
  /** Space: pending → accepted → rejected → accepted. */
  | { type: 'toggle'; action: string }
  /** Empty text removes the comment (`statement`: a version-2 text matching no statement). */
  | { type: 'setComment'; target: 'action' | 'statement'; key: string; text: string }
  /** A statement's rationale: written on every action it covers; empty text removes it. */
  | { type: 'setRationale'; actions: string[]; text: string; statement?: string }
  /**
   * Empty value removes the fill. With `arn` (the resource as written, `${Name}` in it): that
   * occurrence only; without: the same value everywhere (clearing the per-ARN ones).
   */
  | { type: 'fillPlaceholder'; name: string; value: string; arn?: string }
  /** Empty list goes back to the default (every observed resource). */
  | { type: 'chooseResources'; action: string; resources: string[] }
  /** Several actions' resources in one undoable step (the gather's generalized defaults). */
  | { type: 'chooseResourcesMany'; choices: Record<string, string[]>; label?: string }
  | { type: 'setScreen'; screen: Screen }
  | { type: 'select'; action?: string; scroll?: number }
  | { type: 'setFilter'; filter?: string }
  | { type: 'setPane'; pane: NonNullable<UiPosition['pane']> }
  | { type: 'setOutput'; format?: OutputFormat; path?: string }
  /** Reverts the last decision, comment, fill or resource choice (history survives a resume). */
  | { type: 'undo' };

export type SessionEventType = SessionEvent['type'];

/** Events that only move the cursor: saved, but not worth an fsync each (see handle.ts). */
export const UI_ONLY_EVENTS: ReadonlySet<SessionEventType> = new Set([
  'setScreen',
  'select',
  'setFilter',
  'setPane',
]);
