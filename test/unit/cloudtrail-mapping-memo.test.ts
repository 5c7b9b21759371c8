// MappingMemo maps each distinct call once: for every record it gives exactly what
// evidenceForPrincipal gives, stamped with the record's own time and event id, and a
// record that differs only in when, from where and in which session is a hit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MappingMemo } from '../../src/sources/cloudtrail/mapping-memo.js';
import { principalOf } from '../../src/sources/cloudtrail/principal.js';
import { evidenceForPrincipal } from '../../src/sources/cloudtrail/record-evidence.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'invictus-ir+aws_dataset', 'CloudTrail');
const records = readdirSync(DIR).flatMap(
  (f) =>
    (JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as { Records: Record<string, unknown>[] }).Records,
);

describe('MappingMemo', () => {
  it.each([
    'arn:aws:iam::123837392027:user/bert-jan',
    'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role',
    'arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role',
  ])('%s: the evidence of every record, as mapped one by one', (arn) => {
    const who = principalOf({ arn, name: arn.split('/').pop()!, account: '123837392027', partition: 'aws' });
    const memo = new MappingMemo(who, 'aws');
    let found = 0;
    for (const r of records) {
      const want = evidenceForPrincipal(r, who, 'aws');
      expect(memo.evidence(r)).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(0);
  });

  it('maps a call repeated in another session once, stamped with each record', () => {
    const arn = 'arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role';
    const who = principalOf({ arn, name: arn.split('/').pop()!, account: '123837392027', partition: 'aws' });
    const first = records.find((r) => evidenceForPrincipal(r, who, 'aws').length > 0)!;
    const ui = first.userIdentity as Record<string, unknown>;
    const again = {
      ...first,
      eventTime: '2030-01-01T00:00:00Z',
      eventID: 'another-event',
      sourceIPAddress: '10.9.9.9',
      userIdentity: {
        ...ui,
        arn: String(ui.arn).replace(/[^/]+$/, 'other-session'),
        accessKeyId: 'ASIAOTHER',
      },
    };
    const memo = new MappingMemo(who, 'aws');
    memo.evidence(first);
    const got = memo.evidence(again);
    expect(memo.hits).toBe(1);
    expect(got).toEqual(evidenceForPrincipal(again, who, 'aws'));
    expect(got[0]).toMatchObject({ firstSeen: '2030-01-01T00:00:00Z', samples: ['another-event'] });
    // Another call (other parameters) is mapped on its own.
    memo.evidence({ ...again, requestParameters: { instanceId: 'i-other' } });
    expect(memo.hits).toBe(1);
  });
});
