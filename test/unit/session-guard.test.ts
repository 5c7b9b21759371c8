import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../sessions/events.js';
import { assertNoLoss, droppedItems, SessionLossError } from '../../sessions/guard.js';
import { SessionHandle } from '../../sessions/handle.js';
import { reduceSession } from '../../sessions/reducer.js';
import type { Session } from '../../sessions/schema.js';
import { readSessionFile } from '../../sessions/store.js';
import { demoSession, ev, tempDir } from './session-test-data.js';

const decided = (): Session =>
  demoSession({
    decisions: { 'dynamodb:DeleteItem': 'accepted', 's3:DeleteObject': 'rejected' },
    comments: { byAction: { 'dynamodb:DeleteItem': 'why' }, rationaleByAction: {}, byStatement: {} },
    fills: { UserId: '*' },
  });

describe('never overwritten with less than it held', () => {
  it.each<[string, SessionEvent]>([
    ['clearing a decision', { type: 'decide', action: 'dynamodb:DeleteItem', decision: 'pending' }],
    [
      'clearing a service',
      { type: 'decideMany', actions: ['dynamodb:DeleteItem', 's3:DeleteObject'], decision: 'pending' },
    ],
    ['emptying a comment', { type: 'setComment', target: 'action', key: 'dynamodb:DeleteItem', text: '' }],
    ['emptying a fill', { type: 'fillPlaceholder', name: 'UserId', value: '' }],
    ['a fresh gather', { type: 'setEvidence', evidence: [], gatheredAt: 'T' }],
    [
      'a re-gather replacing a snapshot',
      {
        type: 'mergeEvidence',
        evidence: [],
        replaceSources: ['unused-findings'],
        window: { start: 'a', end: 'b' },
        gatheredAt: 'T',
      },
    ],
  ])('allows what the event explicitly removes: %s', (_name, event) => {
    const prev = decided();
    const next = reduceSession(prev, event);
    expect(droppedItems(prev, next).length).toBeGreaterThan(0);
    expect(() => assertNoLoss(prev, next, event)).not.toThrow();
  });

  it('allows a statement rationale emptied on its actions, and nothing else', () => {
    const actions = ['dynamodb:DeleteItem', 's3:DeleteObject'];
    const prev = reduceSession(decided(), { type: 'setRationale', actions, text: 'why' });
    const event: SessionEvent = { type: 'setRationale', actions, text: ' ' };
    const next = reduceSession(prev, event);
    expect(droppedItems(prev, next)).toEqual([
      'rationaleByAction\u0000dynamodb:DeleteItem',
      'rationaleByAction\u0000s3:DeleteObject',
    ]);
    expect(() => assertNoLoss(prev, next, event)).not.toThrow();
    const narrower: SessionEvent = { type: 'setRationale', actions: ['s3:DeleteObject'], text: '' };
    expect(() => assertNoLoss(prev, next, narrower)).toThrow(/rationaleByAction dynamodb:DeleteItem/);
    const undone = reduceSession(prev, { type: 'undo' });
    expect(() => assertNoLoss(prev, undone, { type: 'undo' })).not.toThrow();
  });

  it('per-ARN fills: a value everywhere may replace them; another ARN`s fill may not drop them', () => {
    const a = 'arn:aws:s3:::a/${Key}';
    const b = 'arn:aws:s3:::b/${Key}';
    const prev = reduceSession(decided(), { type: 'fillPlaceholder', name: 'Key', value: 'k', arn: a });
    expect(prev.fillsByArn).toEqual({ [`Key@${a}`]: 'k' });
    const everywhere: SessionEvent = { type: 'fillPlaceholder', name: 'Key', value: 'all' };
    const next = reduceSession(prev, everywhere);
    expect(droppedItems(prev, next)).toEqual([`fillsByArn\u0000Key@${a}`]);
    expect(() => assertNoLoss(prev, next, everywhere)).not.toThrow();
    const other: SessionEvent = { type: 'fillPlaceholder', name: 'Key', value: 'x', arn: b };
    const buggy = { ...reduceSession(prev, other), fillsByArn: { [`Key@${b}`]: 'x' } };
    expect(() => assertNoLoss(prev, buggy, other)).toThrow(SessionLossError);
  });

  it('allows undo to remove exactly what the undone edit added', () => {
    const prev = reduceSession(decided(), { type: 'fillPlaceholder', name: 'Bucket', value: 'notes' });
    const next = reduceSession(prev, { type: 'undo' });
    expect(() => assertNoLoss(prev, next, { type: 'undo' })).not.toThrow();
    const buggy = { ...next, decisions: {} };
    expect(() => assertNoLoss(prev, buggy, { type: 'undo' })).toThrow(SessionLossError);
  });

  it.each<[string, SessionEvent, (s: Session) => Session, RegExp]>([
    [
      'a decision dropped by another decision',
      { type: 'decide', action: 's3:DeleteObject', decision: 'accepted' },
      (s) => ({ ...s, decisions: { 's3:DeleteObject': 'accepted' } }),
      /decisions dynamodb:DeleteItem/,
    ],
    [
      'comments dropped by a cursor move',
      { type: 'select', action: 'x' },
      (s) => ({ ...s, comments: { byAction: {}, rationaleByAction: {}, byStatement: {} } }),
      /commentsByAction dynamodb:DeleteItem/,
    ],
    [
      'evidence dropped by a fill',
      { type: 'fillPlaceholder', name: 'A', value: 'b' },
      (s) => ({ ...s, evidence: s.evidence.slice(1) }),
      /evidence xray dynamodb:DeleteItem/,
    ],
    [
      'time-series evidence dropped by a re-gather',
      {
        type: 'mergeEvidence',
        evidence: [ev({ source: 'xray', action: 'a:B' })],
        window: { start: 'a', end: 'b' },
        gatheredAt: 'T',
      },
      (s) => ({ ...s, evidence: [] }),
      /evidence xray/,
    ],
  ])('refuses %s', (_name, event, corrupt, lost) => {
    const prev = decided();
    expect(() => assertNoLoss(prev, corrupt(prev), event)).toThrow(lost);
  });

  it('the handle refuses the write of a buggy reducer and keeps the file and its state', () => {
    const dir = tempDir();
    const bug = (s: Session, e: SessionEvent): Session =>
      e.type === 'decide'
        ? { ...reduceSession(s, e), decisions: { [e.action]: 'accepted' } }
        : reduceSession(s, e);
    const h = new SessionHandle(dir, decided(), { reduce: bug });
    h.dispatch({ type: 'select', action: 'a:B' });
    const saved = readSessionFile(h.path);
    expect(() => h.dispatch({ type: 'decide', action: 's3:DeleteObject', decision: 'accepted' })).toThrow(
      /refusing to save: "decide" would drop decisions dynamodb:DeleteItem/,
    );
    expect(h.session).toEqual(saved);
    expect(readSessionFile(h.path)).toEqual(saved);
  });
});
