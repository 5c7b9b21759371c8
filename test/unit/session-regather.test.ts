import { describe, expect, it } from 'vitest';
import { mergeGatheredEvidence, regatherEvents, regatherOffer } from '../../sessions/regather.js';
import { reduceSession } from '../../sessions/reducer.js';
import { demoSession, ev } from './session-test-data.js';

const DAY = 86_400_000;
const gathered = new Date('2026-11-20T00:00:00.000Z');

describe('re-gather offer', () => {
  // The demo session's window spans 7 days and was gathered at window end.
  it.each([
    ['1 hour later', 3_600_000, false],
    ['exactly a window later', 7 * DAY, false],
    ['8 days later', 8 * DAY, true],
    ['200 days later', 200 * DAY, true],
  ])('%s: stale=%s', (_name, age, stale) => {
    const s = demoSession({ gatheredAt: gathered.toISOString() });
    const now = new Date(gathered.getTime() + age);
    const offer = regatherOffer(s, now);
    expect(offer.stale).toBe(stale);
    expect(offer.ageMs).toBe(age);
    if (stale) {
      expect(offer.window?.end).toBe(now.toISOString());
      // The time since the old window, never more than the sources can look back.
      const start = Math.max(gathered.getTime(), now.getTime() - 90 * DAY);
      expect(offer.window?.start).toBe(new Date(start).toISOString());
    }
  });

  it('a session never gathered, or without a window, is not stale', () => {
    expect(regatherOffer(demoSession({ gatheredAt: undefined }), new Date()).stale).toBe(false);
    expect(regatherOffer(demoSession({ window: undefined }), new Date()).stale).toBe(false);
  });
});

describe('merging gathered evidence', () => {
  const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/notes';
  const old = [
    ev({
      source: 'cloudtrail',
      action: 'dynamodb:DeleteItem',
      resource: table,
      count: 5,
      lastSeen: '2026-11-19T00:00:00Z',
      samples: ['e1'],
    }),
    ev({ source: 'unused-findings', action: 'dynamodb:GetItem', count: 0, unused: true, samples: ['f1'] }),
    ev({ source: 'access-analyzer', action: 's3:DeleteObject', count: 0 }),
  ];

  it('time series add up; a snapshot that answered again replaces the old one; others stay', () => {
    const incoming = [
      ev({
        source: 'cloudtrail',
        action: 'dynamodb:DeleteItem',
        resource: table,
        count: 2,
        lastSeen: '2026-11-25T00:00:00Z',
        samples: ['e9'],
      }),
      ev({ source: 'cloudtrail', action: 'dynamodb:DeleteItem', resource: table, count: 0, denied: 1 }),
      ev({ source: 'unused-findings', action: 'dynamodb:Scan', count: 0, unused: true }),
    ];
    const merged = mergeGatheredEvidence(old, incoming);
    expect(merged.evidence).toEqual([
      ev({ source: 'access-analyzer', action: 's3:DeleteObject', count: 0 }),
      ev({
        source: 'cloudtrail',
        action: 'dynamodb:DeleteItem',
        resource: table,
        count: 7,
        denied: 1,
        lastSeen: '2026-11-25T00:00:00Z',
        samples: ['e1', 'e9'],
      }),
      ev({ source: 'unused-findings', action: 'dynamodb:Scan', count: 0, unused: true }),
    ]);
    expect(merged.newActions).toEqual(['dynamodb:Scan']);
    expect(merged.changedActions).toEqual(['dynamodb:DeleteItem']);
    // Pure: the old records are untouched.
    expect(old[0]).toMatchObject({ count: 5, samples: ['e1'] });
  });

  it('a snapshot source named as answered with nothing is emptied; unnamed ones are kept', () => {
    const merged = mergeGatheredEvidence(old, [], ['unused-findings']);
    expect(merged.evidence.map((e) => e.source)).toEqual(['access-analyzer', 'cloudtrail']);
    expect(mergeGatheredEvidence(old, [], []).evidence).toHaveLength(3);
  });
});

describe('re-gather events', () => {
  it('merge only what finished, record every outcome, keep decisions', () => {
    const s0 = demoSession({ decisions: { 'dynamodb:GetItem': 'rejected' } });
    const window = { start: '2026-11-20T00:00:00.000Z', end: '2026-11-28T00:00:00.000Z' };
    const events = regatherEvents(
      {
        evidence: [ev({ source: 'xray', action: 'dynamodb:Query', count: 4 })],
        results: [
          { id: 'xray', state: 'done' },
          { id: 'unused-findings', state: 'failed', message: 'AccessDenied: access-analyzer:ListFindingsV2' },
        ],
      },
      window,
      new Date(window.end),
    );
    const s = events.reduce(reduceSession, {
      ...s0,
      sources: [
        { id: 'xray', label: 'X-Ray traces', settings: {}, state: 'done' },
        { id: 'unused-findings', label: 'Unused-access findings', settings: {}, state: 'done' },
      ],
    });
    // The failed snapshot source keeps its old findings.
    expect(s.evidence.filter((e) => e.source === 'unused-findings')).toHaveLength(1);
    expect(s.lastRegather?.newActions).toEqual(['dynamodb:Query']);
    expect(s.decisions).toEqual({ 'dynamodb:GetItem': 'rejected' });
    expect(s.sources.map((x) => x.state)).toEqual(['done', 'failed']);
  });
});
