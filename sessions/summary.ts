// What `sessions list/show` and the export say about a session, derived from the
// stored evidence (candidates are never stored: merge recomputes them).
import { mergeCandidates } from '../src/core/merge.js';
import type { PolicyModelInput } from '../src/core/policy-model.js';
import { reviewCandidates, type ReviewedCandidates } from '../src/core/review-candidates.js';
import type { Candidate } from '../src/core/types.js';
import { regatherOffer, type RegatherOffer } from './regather.js';
import type { Session } from './schema.js';

export interface SessionProgress {
  accepted: number;
  rejected: number;
  pending: number;
  total: number;
}

export function sessionCandidates(session: Session): Candidate[] {
  return mergeCandidates(session.evidence, session.roleDetail);
}

/** The candidates as the review shows them: grants judged, unverified ones marked (export). */
export function sessionReview(session: Session): ReviewedCandidates {
  return reviewCandidates(
    {
      role: session.roleDetail,
      evidence: session.evidence,
      sources: session.sources.filter((s) => s.state === 'done').map((s) => s.id),
      window: session.window ? { start: session.window.start, end: session.window.end } : undefined,
    },
    session.decisions,
  );
}

/** Counted over the review's rows (every candidate), as the TUI header counts them. */
export function sessionProgress(session: Session, candidates: readonly Candidate[]): SessionProgress {
  const p = { accepted: 0, rejected: 0, pending: 0, total: candidates.length };
  for (const c of candidates) p[session.decisions[c.action] ?? 'pending']++;
  return p;
}

/** The engine's policy input for a session: accepted candidates with the user's choices. */
export function policyInputFromSession(
  session: Session & { role: NonNullable<Session['role']> },
  candidates: Candidate[],
): PolicyModelInput {
  return {
    role: session.role,
    window: session.window ? { start: session.window.start, end: session.window.end } : undefined,
    sources: session.sources.filter((s) => s.state === 'done').map((s) => s.label),
    sourceStatus: session.sources.flatMap((s) =>
      s.status
        ? [
            {
              id: s.id,
              label: s.label,
              status: s.status,
              ...(s.reason ? { reason: s.reason } : {}),
              ...(s.fix ? { fix: s.fix } : {}),
            },
          ]
        : [],
    ),
    candidates,
    decisions: session.decisions,
    resourceChoices: session.resourceChoices,
    fills: session.fills,
    ...(session.fillsByArn ? { fillsByArn: session.fillsByArn } : {}),
    comments: session.comments,
    toolVersion: session.tool.version,
    ...(session.roleDetail ? { current: session.roleDetail } : {}),
  };
}

export interface SessionSummary {
  id: string;
  name: string;
  path: string;
  role?: string;
  roleName?: string;
  window?: { start: string; end: string; preset?: string };
  progress: SessionProgress;
  evidenceRecords: number;
  gatheredAt?: string;
  regather: RegatherOffer;
  screen: Session['ui']['screen'];
  createdAt: string;
  updatedAt: string;
}

export function summarizeSession(session: Session, path: string, now: Date): SessionSummary {
  return {
    id: session.id,
    name: session.name,
    path,
    role: session.role?.arn,
    roleName: session.role?.name,
    window: session.window,
    progress: sessionProgress(session, sessionCandidates(session)),
    evidenceRecords: session.evidence.length,
    gatheredAt: session.gatheredAt,
    regather: regatherOffer(session, now),
    screen: session.ui.screen,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
  };
}
