// The sweep summary's Evidence block: which sources the verdicts stand on, the organization
// CloudTrail query's facts, the accounts it did not cover, the X-Ray regions, and in words
// what "unused" means when no CloudTrail or X-Ray was read.
import { describe, expect, it } from 'vitest';
import type { CompareReport } from '../../src/core/compare-types.js';
import type { SourceId } from '../../src/core/types.js';
import { Semaphore } from '../../src/aws/concurrency.js';
import { compareStep, recordSkipped } from '../../src/org/account-sweep.js';
import type { CloudTrailQueryFacts } from '../../src/org/evidence.js';
import {
  renderSummaryMarkdown,
  summarize,
  type AccountResult,
  type RoleRow,
  type SweepState,
} from '../../src/org/summary.js';

const [A, B, C] = ['111111111111', '222222222222', '333333333333'];
const WINDOW = { start: '2026-09-05T00:00:00.000Z', end: '2026-12-04T00:00:00.000Z' };

const row = (account: string, role: string, sources: SourceId[], partial?: SourceId[]): RoleRow => ({
  account,
  role,
  arn: `arn:aws:iam::${account}:role/${role}`,
  report: `${account}/${role}.json`,
  exitCode: 0,
  score: {
    score: 0,
    excessActions: 0,
    unusedActions: 0,
    overBroadActions: 0,
    byLevel: {},
    riskyActions: 0,
    top: [],
  },
  sources,
  ...(partial ? { partialSources: partial } : {}),
});
const account = (id: string, over: Partial<AccountResult>): AccountResult => ({
  account: id,
  status: 'done',
  rolesListed: 0,
  serviceLinkedSkipped: 0,
  filteredOut: 0,
  roles: [],
  failedRoles: [],
  finishedAt: '2026-12-04T00:00:00Z',
  ...over,
});
const query: CloudTrailQueryFacts = {
  table: 'cloudtrail_logs.org_trail',
  window: WINDOW,
  accounts: [A, B, C],
  accountsWithLogs: [A],
  estimatedBytes: 12 * 1024,
  estimatedFiles: 6,
  estimatedCost: 'under $0.01',
  scannedBytes: 2048,
  cost: 'under $0.01',
  rows: 7,
  roles: 3,
  ranAt: '2026-12-04T00:01:00Z',
};
const base: SweepState = {
  version: 1,
  startedAt: '2026-12-04T00:00:00Z',
  assumeRole: 'IamRefineAudit',
  window: WINDOW,
  accounts: [],
};

describe('summary evidence', () => {
  it('says plainly when neither CloudTrail nor X-Ray was read', () => {
    const s = summarize(
      {
        ...base,
        accounts: [
          account(A, {
            roles: [row(A, 'app', ['access-advisor', 'unused-findings']), row(A, 'b', ['access-advisor'])],
          }),
        ],
      },
      '',
    );
    expect(s.evidence.cloudTrail).toEqual({
      read: false,
      queries: [],
      accountsWithout: [{ account: A, why: 'no organization CloudTrail query (--athena-table) was run' }],
    });
    expect(s.evidence.sources).toEqual([
      { id: 'access-advisor', label: 'IAM Access Advisor', roles: 2, partial: 0 },
      { id: 'unused-findings', label: 'Access Analyzer unused-access findings', roles: 1, partial: 0 },
    ]);
    expect(s.evidence.xray).toEqual({ regions: [], roles: 0 });
    expect(s.evidence.statement).toBe(
      'No CloudTrail and no X-Ray was read: "unused" rests on IAM Access Advisor and Access Analyzer unused-access findings only.',
    );
    const md = renderSummaryMarkdown(s);
    expect(md).toContain('## Evidence');
    expect(md).toContain('**No CloudTrail and no X-Ray was read: "unused" rests on');
    expect(md).toContain('- CloudTrail: not read (no `--athena-table`)');
    expect(md).toContain('- X-Ray: not read (no `--xray-regions`)');
    expect(md).toContain(
      '- Sources: IAM Access Advisor (2 roles), Access Analyzer unused-access findings (1 roles)',
    );
    expect(md.indexOf('## Evidence')).toBeLessThan(md.indexOf('## Accounts'));
  });

  it("records the CloudTrail query's facts and the accounts it did not cover", () => {
    const s = summarize(
      {
        ...base,
        cloudTrailQueries: [query],
        xrayRegions: ['us-east-1', 'eu-west-1'],
        accounts: [
          account(A, {
            cloudTrail: 'read',
            roles: [
              row(A, 'app', ['access-advisor', 'cloudtrail', 'xray'], ['xray']),
              row(A, 'b', ['access-advisor', 'cloudtrail']),
            ],
          }),
          account(B, { cloudTrail: 'no-logs', roles: [row(B, 'app', ['access-advisor'])] }),
          account(C, { status: 'failed', reason: 'cannot assume' }),
        ],
      },
      '',
    );
    expect(s.evidence.cloudTrail.read).toBe(true);
    expect(s.evidence.cloudTrail.queries).toEqual([query]);
    // C failed (nothing read): not listed as "without CloudTrail", it is in the failures.
    expect(s.evidence.cloudTrail.accountsWithout).toEqual([
      { account: B, why: 'the organization trail held no logs of this account in the window' },
    ]);
    expect(s.evidence.sources.map((x) => [x.id, x.roles, x.partial])).toEqual([
      ['access-advisor', 3, 0],
      ['cloudtrail', 2, 0],
      ['xray', 1, 1],
    ]);
    expect(s.evidence.xray).toEqual({ regions: ['us-east-1', 'eu-west-1'], roles: 1 });
    expect(s.evidence.statement).toContain(`in 1 account(s) (${B}) it rests on IAM Access Advisor`);
    const md = renderSummaryMarkdown(s);
    expect(md).toContain(
      `- CloudTrail: one Athena query over \`cloudtrail_logs.org_trail\`, 2026-09-05 .. 2026-12-04, 3 account(s), 1 with logs; estimated 12.0 KB in 6 log files (under $0.01); 2.0 KB scanned (under $0.01); 7 rows for 3 roles;`,
    );
    expect(md).toContain(
      `- Without CloudTrail: ${B} (the organization trail held no logs of this account in the window)`,
    );
    expect(md).toContain('- X-Ray: us-east-1, eu-west-1 (1 roles traced)');
    expect(md).toContain('X-Ray traces (1 roles, 1 partial)');
  });

  it('says CloudTrail looked when it covered every account read', () => {
    const s = summarize(
      {
        ...base,
        cloudTrailQueries: [{ ...query, scannedBytes: undefined, cost: undefined }],
        accounts: [
          account(A, { cloudTrail: 'read', roles: [row(A, 'app', ['access-advisor', 'cloudtrail'])] }),
        ],
      },
      '',
    );
    expect(s.evidence.statement).toBe(
      '"unused" means CloudTrail looked and saw no call in the window, besides IAM Access Advisor.',
    );
    expect(renderSummaryMarkdown(s)).toContain('scan not reported');
  });

  it('reads a state written before the evidence was recorded', () => {
    const s = summarize({ ...base, window: undefined, accounts: [account(A, { roles: [] })] }, '');
    expect(s.evidence.sources).toEqual([]);
    expect(renderSummaryMarkdown(s)).toContain('- Sources: none recorded');
  });
});

describe("a sweep report's skipped sources", () => {
  it('are listed with why, once', () => {
    const report = {
      sources: [
        { source: 'access-advisor', observations: 3, covers: 'x', id: 'access-advisor', status: 'ok' },
      ],
    } as unknown as CompareReport;
    const why = 'the organization trail holds no logs of this account in the window';
    recordSkipped(report, [
      { id: 'access-advisor', label: 'IAM Access Advisor', state: 'done', evidence: 3 },
      { id: 'cloudtrail', label: 'CloudTrail events', state: 'skipped', message: why, evidence: 0 },
    ]);
    expect(report.sources).toEqual([
      { source: 'access-advisor', observations: 3, covers: 'x', id: 'access-advisor', status: 'ok' },
      {
        source: 'cloudtrail',
        id: 'cloudtrail',
        observations: 0,
        covers: 'nothing: not read for this role',
        status: 'skipped',
        reason: why,
      },
    ]);
  });
});

describe("a sweep role's report", () => {
  it('records each source ok, partial (with the reason) or skipped, and is partial when one is', () => {
    const written = new Map<string, string>();
    const arn = `arn:aws:iam::${A}:role/app`;
    const out = compareStep(
      {
        account: A,
        role: {
          arn,
          name: 'app',
          path: '/',
          policies: [
            {
              kind: 'inline',
              name: 'p',
              document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
            },
          ],
        },
        ref: { arn, name: 'app', account: A, partition: 'aws' },
        evidence: [],
        sources: ['current-policy', 'access-advisor'],
        results: [
          {
            id: 'access-advisor',
            label: 'IAM Access Advisor',
            state: 'done',
            status: 'partial',
            message: 'page 2 of the job could not be read',
            evidence: 0,
          },
          {
            id: 'cloudtrail',
            label: 'CloudTrail events',
            state: 'skipped',
            message: 'the organization trail holds no logs of this account in the window',
            evidence: 0,
          },
        ],
      },
      {
        account: A,
        reportDir: 'r',
        window: WINDOW,
        roleConcurrency: 1,
        overall: new Semaphore(1),
        now: () => new Date('2026-12-04T00:00:00Z'),
        write: (file, content) => written.set(file, content),
      },
    );
    expect(out.report).toBe(`${A}/app.json`);
    const report = JSON.parse(written.get(`r/${A}/app.json`)!) as CompareReport;
    expect(report.status).toBe('partial');
    expect(report.notes.some((n) => n.startsWith('partial: not every source read in full'))).toBe(true);
    expect(report.notes.join(' ')).not.toContain('--allow-partial');
    expect(report.sources.map((x) => [x.id, x.status, x.reason])).toEqual([
      ['access-advisor', 'partial', 'page 2 of the job could not be read'],
      ['cloudtrail', 'skipped', 'the organization trail holds no logs of this account in the window'],
    ]);
  });
});
