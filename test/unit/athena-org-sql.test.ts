// The organization sweep's one Athena query: partition predicates on account and day (so
// only the window's partitions of the swept accounts are read), values escaped, the role
// grouped first; the table layout and the window's months the estimate lists.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { orgTableLayout, windowMonths } from '../../src/sources/cloudtrail/athena-org-estimate.js';
import { buildOrgAthenaQuery, ORG_ATHENA_COLUMNS } from '../../src/sources/cloudtrail/athena-org-sql.js';
import { ATHENA_COLUMNS } from '../../src/sources/cloudtrail/athena-sql.js';

const WINDOW = { start: '2026-09-01T10:00:00.000Z', end: '2026-11-30T09:00:00.000Z' };
const base = {
  table: 'cloudtrail_logs.org_trail',
  accounts: ['222222222222', '111111111111'],
  window: WINDOW,
};

describe('buildOrgAthenaQuery', () => {
  const sql = buildOrgAthenaQuery(base);

  it('bounds the account and day partitions, then the exact times', () => {
    expect(sql).toContain(`"account" IN ('111111111111', '222222222222')`);
    expect(sql).toContain(`"timestamp" >= '2026/09/01'`);
    expect(sql).toContain(`"timestamp" <= '2026/11/30'`);
    expect(sql).toContain(
      `from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2026-09-01T10:00:00.000Z')`,
    );
    expect(sql).toContain('FROM "cloudtrail_logs"."org_trail"');
    // Only role sessions of the swept accounts.
    expect(sql).toContain("useridentity.type = 'AssumedRole'");
    expect(sql).toMatch(/split_part\(coalesce\(.*\), ':', 5\) IN \('111111111111', '222222222222'\)/);
  });

  it('groups by the role, then every column the per-role query groups by', () => {
    expect(sql).toMatch(
      /^SELECT coalesce\(useridentity\.sessioncontext\.sessionissuer\.arn, .* AS role_arn,/,
    );
    expect(sql).toContain('GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\n');
    expect(ORG_ATHENA_COLUMNS).toEqual(['role_arn', ...ATHENA_COLUMNS]);
    for (const c of ['calls', 'first_seen', 'last_seen', 'sample_ids', 'resource_arns', 'response_arns'])
      expect(sql).toContain(` AS ${c}`);
  });

  it("uses the table's own partition column names; no day partition: no day bounds", () => {
    const other = buildOrgAthenaQuery({ ...base, accountColumn: 'accountid', partitionColumn: 'dt' });
    expect(other).toContain(`"accountid" IN (`);
    expect(other).toContain(`"dt" >= '2026/09/01'`);
    const none = buildOrgAthenaQuery({ ...base, partitionColumn: null });
    expect(none).not.toContain('"timestamp"');
    expect(none).toContain('"account" IN (');
  });

  it('accepts only account ids and safe identifiers', () => {
    expect(() => buildOrgAthenaQuery({ ...base, accounts: ["1' OR '1'='1"] })).toThrow(UserError);
    expect(() => buildOrgAthenaQuery({ ...base, accounts: [] })).toThrow(/no accounts/);
    expect(() => buildOrgAthenaQuery({ ...base, accountColumn: 'a"; DROP' })).toThrow(UserError);
    expect(() => buildOrgAthenaQuery({ ...base, table: "db.t' --" })).toThrow(UserError);
  });
});

describe('orgTableLayout', () => {
  const meta = (keys: string[], parameters: Record<string, string>) => ({
    Name: 'org_trail',
    PartitionKeys: keys.map((Name) => ({ Name, Type: 'string' })),
    Parameters: parameters,
  });

  it("reads the accounts' root from the projection template, else the location", () => {
    const projected = orgTableLayout(
      'db.t',
      meta(['account', 'region', 'timestamp'], {
        location: 's3://b/ignored/',
        'storage.location.template': 's3://b/AWSLogs/o-abc/${account}/CloudTrail/${region}/${timestamp}',
      }),
    );
    expect(projected).toEqual({
      bucket: 'b',
      prefix: 'AWSLogs/o-abc/',
      accountColumn: 'account',
      dayColumn: 'timestamp',
    });
    const manual = orgTableLayout(
      'db.t',
      meta(['Account', 'region', 'timestamp'], { location: 's3://b/AWSLogs/o-abc' }),
    );
    expect(manual.prefix).toBe('AWSLogs/o-abc/');
    const none = orgTableLayout(
      'db.t',
      meta(['account', 'region'], { location: 's3://b/AWSLogs/o-abc/' }),
      '',
    );
    expect(none.dayColumn).toBeNull();
  });

  it('refuses a table that would scan every account, or lacks the day partition', () => {
    expect(() => orgTableLayout('db.t', meta(['timestamp'], { location: 's3://b/x/' }))).toThrow(
      /no account partition .* one query would scan every account/,
    );
    expect(() =>
      orgTableLayout('db.t', meta(['account', 'year', 'month', 'day'], { location: 's3://b/x/' })),
    ).toThrow(/no "timestamp" day partition/);
    expect(() => orgTableLayout('db.t', meta(['account', 'timestamp'], {}))).toThrow(/no S3 location/);
    const single = { 'storage.location.template': 's3://b/AWSLogs/${region}/${timestamp}' };
    expect(() => orgTableLayout('db.t', meta(['account', 'region', 'timestamp'], single))).toThrow(
      /not the organization trail's layout/,
    );
  });
});

describe('windowMonths', () => {
  it('lists each month the window touches with its day bounds', () => {
    expect(windowMonths(WINDOW).map((m) => m.month)).toEqual(['2026/09', '2026/10', '2026/11']);
    expect(windowMonths({ start: '2025-12-30T00:00:00Z', end: '2026-01-02T00:00:00Z' })).toEqual([
      { month: '2025/12', from: '2025/12/30', to: '2026/01/02' },
      { month: '2026/01', from: '2025/12/30', to: '2026/01/02' },
    ]);
  });
});
