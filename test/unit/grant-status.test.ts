// The review's grant statuses: the same verdicts as compare (used, unused, unknown).
import { describe, expect, it } from 'vitest';
import { grantStatuses, withGrantStatus } from '../../src/core/grant-status.js';
import { mergeCandidates } from '../../src/core/merge.js';
import type { Evidence, RoleDetail } from '../../src/core/types.js';

const role: RoleDetail = {
  arn: 'arn:aws:iam::123456789012:role/orders-api',
  name: 'orders-api',
  path: '/',
  policies: [
    {
      kind: 'inline',
      name: 'app',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 'logs:PutLogEvents'],
            Resource: '*',
          },
        ],
      },
    },
  ],
};

const seen: Evidence = {
  source: 'xray',
  action: 's3:GetObject',
  count: 4,
  denied: 0,
  samples: ['1-abc'],
  resource: 'arn:aws:s3:::orders/a.json',
};

describe('grant statuses for the review', () => {
  it('used when seen, unused where an observing source saw the service but not the action, unknown where none could see', () => {
    const statuses = grantStatuses({ role, evidence: [seen], sources: ['xray'] });
    expect(statuses.get('s3:getobject')?.status).toBe('used');
    expect(statuses.get('s3:putobject')?.status).toBe('unused');
    expect(statuses.get('s3:putobject')?.reason).toMatch(/X-Ray/);
    expect(statuses.get('logs:putlogevents')?.status).toBe('unknown');
    // Granted on * but used on one object: the grant is wider than the use.
    expect(statuses.get('s3:getobject')?.resourceExcess).toBe(true);
  });

  it('candidates take the verdict: an unobservable grant is not called unused', () => {
    const candidates = mergeCandidates([seen], role);
    const before = candidates.find((c) => c.action === 'logs:PutLogEvents');
    expect(before?.unused).toBe(true);
    const after = withGrantStatus(candidates, grantStatuses({ role, evidence: [seen], sources: ['xray'] }));
    const logs = after.find((c) => c.action === 'logs:PutLogEvents');
    expect(logs).toMatchObject({ unused: false, grant: { status: 'unknown' } });
    expect(after.find((c) => c.action === 's3:PutObject')).toMatchObject({ unused: true });
  });

  it('no policies, no statuses: the candidates are left as merged', () => {
    const bare = { ...role, policies: [] };
    const statuses = grantStatuses({ role: bare, evidence: [seen], sources: ['xray'] });
    expect(statuses.size).toBe(0);
    const candidates = mergeCandidates([seen], bare);
    expect(withGrantStatus(candidates, statuses)).toBe(candidates);
  });
});
