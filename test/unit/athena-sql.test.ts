// The Athena query builder: role filter (any path, any case, the role's account),
// window on eventtime and on the projected partition, escaping, identifier checks.
import { describe, expect, it } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { UserError } from '../../src/core/errors.js';
import type { RoleRef } from '../../src/core/types.js';
import {
  ATHENA_COLUMNS,
  buildAthenaQuery,
  partitionDay,
  principalFilter,
  sqlIdentifier,
  sqlString,
  sqlTable,
  windowFilter,
} from '../../src/sources/cloudtrail/athena-sql.js';

const ref = (arn: string): RoleRef => roleRefFromArn(arn)!;
const DEPLOYER = ref('arn:aws:iam::123456789012:role/serverless-deployer');
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T12:30:00.000Z' };

describe('sqlString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ["'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ["a''b", "'a''''b'"],
    ['back\\slash', "'back\\slash'"],
  ])('%s → %s', (value, literal) => expect(sqlString(value)).toBe(literal));

  it('refuses NUL characters', () => expect(() => sqlString('a\u0000b')).toThrow(UserError));
});

describe('identifiers', () => {
  it.each([
    ['cloudtrail_logs.events', '"cloudtrail_logs"."events"'],
    ['AwsDataCatalog.Trails.Logs', '"awsdatacatalog"."trails"."logs"'],
  ])('table %s → %s', (table, sql) => expect(sqlTable(table)).toBe(sql));

  it.each(['events', 'a.b.c.d', 'db.ta-ble', 'db."x"', 'db.x;drop', 'db.', '.x', 'db.1x'])(
    'rejects table %j',
    (table) => expect(() => sqlTable(table)).toThrow(UserError),
  );

  it.each(['timestamp', 'dt', 'day_1'])('accepts column %s', (c) => expect(sqlIdentifier(c)).toBe(`"${c}"`));
  it.each(['', 'a b', 'a"b', "a'b"])('rejects column %j', (c) =>
    expect(() => sqlIdentifier(c)).toThrow(UserError),
  );
});

describe('principalFilter', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/serverless-deployer', "= 'serverless-deployer'", "'123456789012'"],
    ['arn:aws:iam::123456789012:role/service/Path/MyRole', "= 'myrole'", "'123456789012'"],
    ["arn:aws:iam::111122223333:role/o'brien", "= 'o''brien'", "'111122223333'"],
  ])('%s', (arn, name, account) => {
    const sql = principalFilter(ref(arn));
    expect(sql).toContain(
      `lower(element_at(split(useridentity.sessioncontext.sessionissuer.arn, '/'), -1)) ${name}`,
    );
    expect(sql).toContain(`split_part(useridentity.sessioncontext.sessionissuer.arn, ':', 5) = ${account}`);
    expect(sql).toContain("useridentity.type = 'AssumedRole'");
  });

  it('matches an IAM user on its own ARN', () => {
    const sql = principalFilter({
      ...DEPLOYER,
      arn: 'arn:aws:iam::123456789012:user/ci/Deploy',
      name: 'Deploy',
    });
    expect(sql).toContain("lower(element_at(split(useridentity.arn, '/'), -1)) = 'deploy'");
    expect(sql).not.toContain('sessionissuer');
  });
});

describe('windowFilter', () => {
  it('bounds the partition by day and eventtime exactly', () => {
    expect(windowFilter(WINDOW, 'timestamp')).toEqual([
      `"timestamp" >= '2026/11/02'`,
      `"timestamp" <= '2026/11/20'`,
      `from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2026-11-02T00:00:00.000Z')`,
      `from_iso8601_timestamp(eventtime) <= from_iso8601_timestamp('2026-11-20T12:30:00.000Z')`,
    ]);
  });

  it('has no partition bound for a table without one', () => {
    expect(windowFilter(WINDOW, null).join(' ')).not.toContain('timestamp"');
  });

  it.each([[{ start: 'yesterday', end: WINDOW.end }], [{ start: WINDOW.end, end: WINDOW.start }]])(
    'rejects %j',
    (w) => expect(() => windowFilter(w, null)).toThrow(UserError),
  );

  it.each([
    ['2026-01-05T23:59:59Z', '2026/01/05'],
    ['2026-12-31T00:00:00+02:00', '2026/12/30'],
  ])('partitionDay(%s) = %s', (iso, day) => expect(partitionDay(iso)).toBe(day));
});

describe('buildAthenaQuery', () => {
  const sql = buildAthenaQuery({ table: 'cloudtrail.logs', role: DEPLOYER, window: WINDOW });

  it('selects the columns the reader reads, grouped server-side', () => {
    for (const c of ['resource_arns', 'response_arns', 'calls', 'first_seen', 'last_seen', 'sample_ids']) {
      expect(sql).toContain(`AS ${c}`);
    }
    expect(ATHENA_COLUMNS).toHaveLength(14);
    expect(sql).toMatch(/GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n/);
    expect(sql).toContain('FROM "cloudtrail"."logs"');
    expect(sql).toContain("(eventtype IS NULL OR eventtype = 'AwsApiCall')");
  });

  it.each([
    [undefined, `"timestamp" >= '2026/11/02'`],
    ['dt', `"dt" >= '2026/11/02'`],
  ])('partition column %j', (partitionColumn, bound) => {
    const q = buildAthenaQuery({ table: 'db.t', role: DEPLOYER, window: WINDOW, partitionColumn });
    expect(q).toContain(bound);
  });

  it('skips the partition bound when the column is empty', () => {
    const q = buildAthenaQuery({ table: 'db.t', role: DEPLOYER, window: WINDOW, partitionColumn: '' });
    expect(q).not.toContain('"timestamp"');
  });
});
