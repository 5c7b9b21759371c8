// The CloudTrail Lake query and its rows: store ID / ARN checks, the window as Lake's
// timestamp literals (whole seconds, nothing outside the window), the role filter and
// escaping shared with Athena, and Lake's answers (one-entry maps, maps of strings with
// JSON text inside, zone-less times) turned back into what the record mapper reads.
import { describe, expect, it } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { formatUserError, UserError } from '../../src/core/errors.js';
import type { RoleRef } from '../../src/core/types.js';
import { evidenceFromRecord } from '../../src/sources/cloudtrail/index.js';
import {
  lakeRequestParameters,
  lakeRow,
  lakeRowRecord,
  lakeTime,
} from '../../src/sources/cloudtrail/lake-rows.js';
import {
  buildLakeQuery,
  eventDataStoreRef,
  lakeTimestamp,
  lakeWindowFilter,
} from '../../src/sources/cloudtrail/lake-sql.js';

const ref = (arn: string): RoleRef => roleRefFromArn(arn)!;
const DEPLOYER = ref('arn:aws:iam::123456789012:role/serverless-deployer');
const WINDOW = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-20T12:30:00.000Z' };
const STORE = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';

describe('eventDataStoreRef', () => {
  it.each([
    [STORE, { id: STORE }],
    [
      `arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/${STORE}`,
      { id: STORE, region: 'eu-west-1', account: '111122223333' },
    ],
    [
      `arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:eventdatastore/${STORE}`,
      { id: STORE, region: 'us-gov-west-1', account: '111122223333' },
    ],
  ])('%s', (value, want) => expect(eventDataStoreRef(value)).toEqual(want));

  it.each([
    '',
    'ab',
    'my store',
    "x'; DROP TABLE y; --",
    'abc-def WHERE 1=1',
    'a/b',
    '-leading-hyphen',
    'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
    'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/has space',
  ])('rejects %j naming the flag', (value) => {
    const err = (() => {
      try {
        eventDataStoreRef(value);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(formatUserError(err as UserError)).toMatch(
      /^iam-refine: --lake-event-data-store: ".*" is not an event/,
    );
  });
});

describe('lakeWindowFilter', () => {
  it('bounds eventTime with the timestamp literals of the AWS examples', () => {
    expect(lakeWindowFilter(WINDOW)).toEqual([
      "eventTime >= '2026-11-02 00:00:00'",
      "eventTime <= '2026-11-20 12:30:00'",
    ]);
  });

  it('rounds inwards to whole seconds, so no event outside the window counts', () => {
    expect(lakeWindowFilter({ start: '2026-11-02T10:00:00.001Z', end: '2026-11-02T11:00:00.999Z' })).toEqual([
      "eventTime >= '2026-11-02 10:00:01'",
      "eventTime <= '2026-11-02 11:00:00'",
    ]);
  });

  it.each([
    ['2026-12-31T23:59:59+02:00', '2026-12-31 21:59:59'],
    ['2026-01-05T07:08:09Z', '2026-01-05 07:08:09'],
  ])('lakeTimestamp(%s) = %s (UTC)', (iso, literal) => expect(lakeTimestamp(Date.parse(iso))).toBe(literal));

  it.each([[{ start: 'yesterday', end: WINDOW.end }], [{ start: WINDOW.end, end: WINDOW.start }]])(
    'rejects %j',
    (w) => expect(() => lakeWindowFilter(w)).toThrow(UserError),
  );
});

describe('buildLakeQuery', () => {
  const sql = buildLakeQuery({ eventDataStore: STORE, role: DEPLOYER, window: WINDOW });

  it('reads FROM the store ID, also when given its ARN', () => {
    expect(sql).toContain(`\nFROM ${STORE}\n`);
    const byArn = buildLakeQuery({
      eventDataStore: `arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/${STORE}`,
      role: DEPLOYER,
      window: WINDOW,
    });
    expect(byArn).toBe(sql);
  });

  it('filters on the session issuer, API calls and the window, grouped server-side', () => {
    expect(sql).toContain(
      "lower(element_at(split(useridentity.sessioncontext.sessionissuer.arn, '/'), -1)) = 'serverless-deployer'",
    );
    expect(sql).toContain(
      "split_part(useridentity.sessioncontext.sessionissuer.arn, ':', 5) = '123456789012'",
    );
    expect(sql).toContain("(eventType IS NULL OR eventType = 'AwsApiCall')");
    expect(sql).toContain("eventTime >= '2026-11-02 00:00:00'");
    expect(sql).toMatch(/GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n/);
    for (const c of [
      'requestparameters',
      'resource_arns',
      'response_arns',
      'calls',
      'first_seen',
      'sample_ids',
    ])
      expect(sql).toContain(` AS ${c}`);
    expect(sql).toContain('json_format(CAST(requestParameters AS JSON)) AS requestparameters');
    expect(sql).toContain('CAST(readOnly AS varchar) AS readonly');
  });

  it("escapes the role's name as a literal", () => {
    const q = buildLakeQuery({
      eventDataStore: STORE,
      role: ref("arn:aws:iam::111122223333:role/o'brien"),
      window: WINDOW,
    });
    expect(q).toContain("= 'o''brien'");
    expect(q.split("'").length % 2).toBe(1); // every quote is paired
  });

  it('refuses a store ID that would change the query', () => {
    expect(() =>
      buildLakeQuery({ eventDataStore: `${STORE} WHERE 1=1 --`, role: DEPLOYER, window: WINDOW }),
    ).toThrow(UserError);
  });
});

describe('Lake rows', () => {
  it('joins the one-entry maps of a row by column name (any case; nulls left out)', () => {
    expect(
      lakeRow([
        { eventSource: 's3.amazonaws.com' },
        { eventname: 'GetObject' },
        {},
        { calls: '3' },
        { other: 'x' },
      ]),
    ).toEqual({ eventsource: 's3.amazonaws.com', eventname: 'GetObject', calls: '3' });
  });

  it.each([
    ['2026-11-02 10:00:00.000', '2026-11-02T10:00:00Z'],
    ['2026-11-02 10:00:00.250', '2026-11-02T10:00:00.250Z'],
    ['2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z'],
    [undefined, undefined],
  ])('lakeTime(%j) = %j', (value, iso) => expect(lakeTime(value)).toBe(iso));

  it('turns JSON text back into the objects and lists it was, but keeps documents as text', () => {
    const map = {
      tableName: 'notes',
      requestItems: '{"notes":[{"putRequest":{}}]}',
      iamInstanceProfile: '{"name":"web"}',
      tagSpecificationSet: '{"items":[]}',
      maxResults: '50',
      templateBody: '{"Resources":{"Fn":{"Properties":{"Role":"arn:aws:iam::111122223333:role/x"}}}}',
      policyDocument: '{"Version":"2012-10-17"}',
      broken: '{not json',
      gone: null,
    };
    expect(JSON.parse(lakeRequestParameters(JSON.stringify(map))!)).toEqual({
      tableName: 'notes',
      requestItems: { notes: [{ putRequest: {} }] },
      iamInstanceProfile: { name: 'web' },
      tagSpecificationSet: { items: [] },
      maxResults: '50',
      templateBody: map.templateBody,
      policyDocument: map.policyDocument,
      broken: '{not json',
      gone: null,
    });
  });

  it('maps a row as the same record would be mapped', () => {
    const record = {
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'BatchWriteItem',
      eventTime: '2026-11-03T08:00:00Z',
      awsRegion: 'us-east-1',
      recipientAccountId: '123456789012',
      readOnly: false,
      requestParameters: { requestItems: { notes: [{ putRequest: {} }] } },
      userIdentity: {
        type: 'AssumedRole',
        sessionContext: { sessionIssuer: { type: 'Role', arn: DEPLOYER.arn } },
      },
    };
    const {
      record: back,
      n,
      firstSeen,
    } = lakeRowRecord(
      lakeRow([
        { eventsource: record.eventSource },
        { eventname: record.eventName },
        { awsregion: 'us-east-1' },
        { recipientaccountid: '123456789012' },
        { readonly: 'false' },
        { requestparameters: '{"requestItems":"{\\"notes\\":[{\\"putRequest\\":{}}]}"}' },
        { calls: '4' },
        { first_seen: '2026-11-03 08:00:00.000' },
        { last_seen: '2026-11-03 09:00:00.000' },
      ]),
      DEPLOYER,
    );
    expect(n).toBe(4);
    expect(firstSeen).toBe(record.eventTime);
    const strip = (r: unknown) =>
      evidenceFromRecord(r, DEPLOYER).map(({ firstSeen: _f, lastSeen: _l, samples: _s, ...e }) => e);
    expect(strip(back)).toEqual(strip(record));
    expect(strip(back)[0]).toMatchObject({
      action: 'dynamodb:BatchWriteItem',
      resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/notes',
    });
  });
});
