// Shared builders for the session tests: the demo account's notes-app delete role.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSession } from '../../sessions/handle.js';
import type { Session } from '../../sessions/schema.js';
import type { Evidence, RoleRef } from '../../src/core/types.js';

export const DELETE_ROLE: RoleRef = {
  arn: 'arn:aws:iam::123456789012:role/notes-app-api-prod-delete-us-east-1-lambdaRole',
  name: 'notes-app-api-prod-delete-us-east-1-lambdaRole',
  account: '123456789012',
  partition: 'aws',
};

export const NOW = new Date('2026-11-21T09:00:00.000Z');

export function ev(partial: Partial<Evidence> & Pick<Evidence, 'source' | 'action'>): Evidence {
  return { count: 1, denied: 0, samples: [], ...partial };
}

export const DEMO_EVIDENCE: Evidence[] = [
  ev({
    source: 'xray',
    action: 'dynamodb:DeleteItem',
    resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes',
    count: 42,
  }),
  ev({
    source: 'xray',
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::notes-app-attachments-prod/private/${UserId}/*',
    count: 17,
  }),
  ev({ source: 'unused-findings', action: 'dynamodb:GetItem', count: 0, unused: true }),
  ev({ source: 'xray', action: 'logs:PutLogEvents', count: 80 }),
];

export function demoSession(patch: Partial<Session> = {}): Session {
  const base = newSession(
    {
      role: DELETE_ROLE,
      window: { start: '2026-11-13T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z', preset: '7d' },
      screen: 'review',
    },
    { id: 'abcdef0123', now: NOW, toolVersion: '0.1.0-test' },
  );
  return { ...base, evidence: DEMO_EVIDENCE, gatheredAt: NOW.toISOString(), ...patch };
}

export function tempDir(prefix = 'iam-refine-sessions-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
