// What the review says after `e` moved an action: the statement it joined now holds
// several rationales, or the action's own text went along to another statement.
import { describe, expect, it } from 'vitest';
import { regroupNotice } from '../../components/review/rationale.js';
import { reduceSession } from '../../sessions/reducer.js';
import type { SessionEvent } from '../../sessions/events.js';
import type { Session } from '../../sessions/schema.js';
import { sessionReview } from '../../sessions/summary.js';
import { demoSession, ev } from '../unit/session-test-data.js';

const T = 'arn:aws:dynamodb:us-east-1:123456789012:table';
const ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];

function session(rationale: Record<string, string>): Session {
  return demoSession({
    evidence: [
      ev({ source: 'xray', action: 'dynamodb:GetItem', resource: `${T}/notes` }),
      ev({ source: 'xray', action: 'dynamodb:PutItem', resource: `${T}/notes` }),
      ev({ source: 'xray', action: 'dynamodb:DeleteItem', resource: `${T}/archive` }),
    ],
    sources: [{ id: 'xray', label: 'X-Ray traces', settings: {}, state: 'done' }],
    decisions: Object.fromEntries(ACTIONS.map((a) => [a, 'accepted' as const])),
    comments: { byAction: {}, rationaleByAction: rationale, byStatement: {} },
  });
}

function notice(before: Session, event: SessionEvent & { action: string }): string | undefined {
  const candidates = sessionReview(before).candidates.filter((c) => c.service === 'dynamodb');
  return regroupNotice(before, reduceSession(before, event), candidates, event.action);
}

describe('regroupNotice', () => {
  const texts = { 'dynamodb:GetItem': 'API', 'dynamodb:PutItem': 'API', 'dynamodb:DeleteItem': 'Archive' };

  it('names the statement that now holds two texts', () => {
    const s = session(texts);
    expect(
      notice(s, { type: 'chooseResources', action: 'dynamodb:DeleteItem', resources: [`${T}/notes`] }),
    ).toBe(
      'rationale merged: DynamodbReadWriteNotesTable now holds 2 notes written for its actions apart (c rewrites it as one)',
    );
  });

  it('says the text went along when the action moved to a statement of its own', () => {
    const s = session(texts);
    expect(notice(s, { type: 'chooseResources', action: 'dynamodb:PutItem', resources: [`${T}/*`] })).toBe(
      'dynamodb:PutItem moved to statement DynamodbPutItemTable, its rationale with it',
    );
  });

  it('says nothing when the action has no text; the same text joining is no merge', () => {
    expect(
      notice(session({}), { type: 'chooseResources', action: 'dynamodb:PutItem', resources: [`${T}/*`] }),
    ).toBeUndefined();
    const same = session({ ...texts, 'dynamodb:DeleteItem': 'API' });
    expect(
      notice(same, { type: 'chooseResources', action: 'dynamodb:DeleteItem', resources: [`${T}/notes`] }),
    ).toBe('dynamodb:DeleteItem moved to statement DynamodbReadWriteNotesTable, its rationale with it');
  });
});
