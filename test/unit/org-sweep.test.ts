// The organization sweep's pure parts: accounts, role selection, the excess score, the summary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExcessEntry } from '../../src/core/compare-types.js';
import { activeAccounts, parseAccountsFlag } from '../../src/org/accounts.js';
import { roleArnIn, sweepSessionName } from '../../src/org/aws.js';
import { selectRoles, tagFilterOf, tagMatches } from '../../src/org/roles.js';
import { scoreReport } from '../../src/org/score.js';
import {
  parseState,
  renderSummaryMarkdown,
  summarize,
  type AccountResult,
  type RoleRow,
} from '../../src/org/summary.js';

const files: Record<string, string> = {
  'ids.txt': '# prod\n111122223333\n444455556666 # sandbox\n\n111122223333\n',
  'org.json': JSON.stringify({
    Accounts: [
      { Id: '111122223333', Name: 'prod', State: 'ACTIVE' },
      { Id: '222233334444', Name: 'gone', Status: 'SUSPENDED' },
    ],
  }),
  'bad.txt': '111122223333\nabc\n',
};
const read = (p: string) => {
  const t = files[p];
  if (t === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return t;
};

describe('--accounts', () => {
  it('takes ids separated by commas', () => {
    expect(parseAccountsFlag('111122223333, 444455556666', read).map((a) => a.id)).toEqual([
      '111122223333',
      '444455556666',
    ]);
  });
  it('reads a file: one id a line, comments, duplicates dropped', () => {
    expect(parseAccountsFlag('ids.txt', read).map((a) => a.id)).toEqual(['111122223333', '444455556666']);
  });
  it('reads the JSON of aws organizations list-accounts, ACTIVE only', () => {
    expect(parseAccountsFlag('org.json', read)).toEqual([{ id: '111122223333', name: 'prod' }]);
  });
  it('says which entry is not an account id, and which file is missing', () => {
    expect(() => parseAccountsFlag('bad.txt', read)).toThrow(/"abc" is not an account id/);
    expect(() => parseAccountsFlag('1234', read)).toThrow(/"1234" is not an account id/);
    expect(() => parseAccountsFlag('missing.txt', read)).toThrow(/cannot read --accounts missing.txt/);
  });
  it('ListAccounts pages: ACTIVE accounts, by State or the older Status', () => {
    expect(
      activeAccounts([
        { Accounts: [{ Id: '111122223333', Name: 'a', State: 'ACTIVE' }] },
        {
          Accounts: [
            { Id: '222233334444', State: 'SUSPENDED' },
            { Id: '333344445555', Status: 'ACTIVE' },
            { Id: '444455556666', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
          ],
        },
      ]).map((a) => a.id),
    ).toEqual(['111122223333', '333344445555']);
  });
});

describe('assumed sessions', () => {
  it('names the role in each account and the session iam-refine', () => {
    expect(roleArnIn('111122223333', { roleName: 'audit/IamRefine', partition: 'aws-us-gov' })).toBe(
      'arn:aws-us-gov:iam::111122223333:role/audit/IamRefine',
    );
    const name = sweepSessionName(new Date('2026-12-04T17:00:00Z'));
    expect(name).toBe('iam-refine-sweep-20261204170000');
    expect(name.length).toBeLessThanOrEqual(64);
  });
});

describe('role selection', () => {
  const role = (name: string, path = '/') => ({
    arn: `arn:aws:iam::111122223333:role${path}${name}`,
    name,
    path,
    policies: [],
  });
  const roles = [
    role('app-orders'),
    role('App-Reports', '/apps/'),
    role('AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/'),
  ];
  it('skips and counts service-linked roles', () => {
    const s = selectRoles(roles, {});
    expect(s.selected.map((r) => r.name)).toEqual(['app-orders', 'App-Reports']);
    expect(s.serviceLinked).toBe(1);
    expect(selectRoles(roles, { includeServiceLinked: true }).selected).toHaveLength(3);
  });
  it('filters by name substring (any case) or path prefix', () => {
    expect(selectRoles(roles, { filter: 'reports' }).selected.map((r) => r.name)).toEqual(['App-Reports']);
    const byPath = selectRoles(roles, { filter: '/apps/' });
    expect(byPath.selected.map((r) => r.name)).toEqual(['App-Reports']);
    expect(byPath.filteredOut).toBe(1);
  });
});

function excess(action: string, accessLevel: string, status: ExcessEntry['status'] = 'unused'): ExcessEntry {
  return {
    action,
    accessLevel,
    status,
    resource: action.startsWith('s3:') ? 'arn:aws:s3:::orders/*' : '*',
    policy: 'p',
    sid: null,
    statement: 0,
    reason: '',
    sources: ['access-advisor'],
    failing: true,
  };
}

describe('tag filter', () => {
  it('parses tag:KEY=VALUE and tag:KEY; names and paths are not tag filters', () => {
    expect(tagFilterOf('tag:team=orders')).toEqual({ key: 'team', value: 'orders' });
    expect(tagFilterOf('tag:team')).toEqual({ key: 'team', value: undefined });
    expect(tagFilterOf('orders')).toBeUndefined();
    expect(tagFilterOf('/apps/')).toBeUndefined();
  });
  it('matches keys and values exactly', () => {
    const tags = [{ Key: 'team', Value: 'orders' }];
    expect(tagMatches(tags, { key: 'team', value: 'orders' })).toBe(true);
    expect(tagMatches(tags, { key: 'team' })).toBe(true);
    expect(tagMatches(tags, { key: 'team', value: 'Orders' })).toBe(false);
    expect(tagMatches(undefined, { key: 'team' })).toBe(false);
  });
  it('leaves every role to the per-role check at listing time', () => {
    const r = { arn: 'arn:aws:iam::111122223333:role/x', name: 'x', path: '/', policies: [] };
    expect(selectRoles([r], { filter: 'tag:team=orders' }).selected).toHaveLength(1);
  });
});

describe('excess score', () => {
  it('weighs access levels, counts each action once, halves over-broad, doubles risky', () => {
    const s = scoreReport({
      excess: [
        excess('s3:GetObject', 'Read'),
        excess('s3:GetObject', 'Read'),
        excess('s3:ListBucket', 'List'),
        excess('s3:PutObjectTagging', 'Tagging'),
        excess('s3:PutObject', 'Write', 'over-broad'),
        excess('iam:PutRolePolicy', 'Permissions management, Write'),
        excess('ec2:RunInstances', 'Write', 'unknown'),
      ],
    });
    expect(s.excessActions).toBe(5);
    expect(s.unusedActions).toBe(4);
    expect(s.overBroadActions).toBe(1);
    expect(s.byLevel).toEqual({ Read: 1, List: 1, Tagging: 1, Write: 1, 'Permissions management': 1 });
    // Read 1 + List 1 + Tagging 2 + Write 4 × 0.5 + PM 8 × 2 (privilege escalation) = 22
    expect(s.riskyActions).toBe(1);
    expect(s.score).toBe(22);
    expect(s.top[0]).toBe('iam:PutRolePolicy');
  });
  it('is zero without excess', () => {
    expect(scoreReport({ excess: [] })).toMatchObject({ score: 0, excessActions: 0 });
  });
});

describe('summary', () => {
  const row = (account: string, role: string, score: number): RoleRow => ({
    account,
    role,
    arn: `arn:aws:iam::${account}:role/${role}`,
    report: `${account}/${role}.json`,
    exitCode: score ? 3 : 0,
    score: {
      score,
      excessActions: score ? 1 : 0,
      unusedActions: score ? 1 : 0,
      overBroadActions: 0,
      byLevel: score ? { Write: 1 } : ({} as Record<string, number>),
      riskyActions: 0,
      top: score ? ['s3:PutObject'] : [],
    },
  });
  const account = (id: string, over: Partial<AccountResult>): AccountResult => ({
    account: id,
    status: 'done',
    rolesListed: 0,
    serviceLinkedSkipped: 2,
    filteredOut: 0,
    roles: [],
    failedRoles: [],
    finishedAt: '2026-12-04T00:00:00Z',
    ...over,
  });
  const state = {
    version: 1 as const,
    startedAt: '2026-12-04T00:00:00Z',
    assumeRole: 'IamRefineAudit',
    accounts: [
      account('111122223333', { roles: [row('111122223333', 'low', 2), row('111122223333', 'clean', 0)] }),
      account('444455556666', { roles: [row('444455556666', 'high|<b>', 8)] }),
      account('777788889999', { status: 'failed', reason: 'cannot assume', fix: 'Deploy the role' }),
    ],
  };
  it('ranks roles across accounts, totals per account, exit 1 when an account failed', () => {
    const s = summarize(state, '2026-12-04T01:00:00Z');
    expect(s.ranking.map((r) => [r.rank, r.role])).toEqual([
      [1, 'high|<b>'],
      [2, 'low'],
      [3, 'clean'],
    ]);
    expect(s.perAccount.find((a) => a.account === '111122223333')).toMatchObject({
      rolesCompared: 2,
      rolesWithExcess: 1,
      score: 2,
      serviceLinkedSkipped: 2,
    });
    expect(s).toMatchObject({ accounts: 3, accountsFailed: 1, rolesWithExcess: 2, exitCode: 1 });
    expect(summarize({ ...state, accounts: state.accounts.slice(0, 2) }, '').exitCode).toBe(3);
  });
  it('renders Markdown with role names escaped and failures with their fix', () => {
    const md = renderSummaryMarkdown(summarize(state, '2026-12-04T01:00:00Z'));
    expect(md).toContain('| 777788889999 | (account) | cannot assume | Deploy the role |');
    expect(md).toContain('`high\\|<b>`');
    expect(md).not.toContain('| clean');
  });
  it('a scan sweep exits 0 on excess and lists the roles it wrote no policy for', () => {
    const noPolicy = { ...row('111122223333', 'idle', 0), report: '', note: 'no action seen used' };
    const scan = {
      ...state,
      mode: 'scan' as const,
      accounts: [account('111122223333', { roles: [row('111122223333', 'low', 2), noPolicy] })],
    };
    const s = summarize(scan, '');
    expect(s).toMatchObject({ mode: 'scan', rolesWithExcess: 1, exitCode: 0 });
    const md = renderSummaryMarkdown(s);
    expect(md).toContain('least-privilege policies');
    expect(md).toContain('2 roles scanned (1 policies written)');
    expect(md).toContain('- 111122223333 `idle`: no action seen used');
    expect(summarize(state, '').mode).toBe('compare');
  });
  it('--resume keeps the finished roles of a partial account, unless the account itself failed', async () => {
    const { keptRows } = await import('../../src/commands/sweep-options.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-refine-kept-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.join(dir, '111122223333'));
      writeFileSync(path.join(dir, '111122223333', 'low.json'), '{}');
      const rows = [
        row('111122223333', 'low', 2),
        row('111122223333', 'gone', 1),
        { ...row('111122223333', 'idle', 0), report: '' },
      ];
      const partial = account('111122223333', {
        status: 'partial',
        roles: rows,
        failedRoles: [{ role: 'broken', reason: 'AccessDenied' }],
      });
      // `gone` lost its report file: it is read again with the failed role.
      expect(keptRows(partial, dir)?.map((r) => r.role)).toEqual(['low', 'idle']);
      const ownFailure = { ...partial, failedRoles: [{ reason: 'unused-access findings not read' }] };
      expect(keptRows(ownFailure, dir)).toBeUndefined();
      expect(keptRows({ ...partial, status: 'done' }, dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('reads back only a state file it wrote', () => {
    expect(parseState(JSON.stringify(state))?.accounts).toHaveLength(3);
    expect(parseState('{"version":2,"accounts":[]}')).toBeUndefined();
    expect(parseState('not json')).toBeUndefined();
  });
});

const DAMAGED = mkdtempSync(path.join(tmpdir(), 'iam-refine-sweep-state-'));
writeFileSync(path.join(DAMAGED, 'sweep-state.json'), '{"half":');
afterAll(() => rmSync(DAMAGED, { recursive: true, force: true }));

describe('compare --accounts / --org flags', () => {
  it('says what is missing or cannot be combined, before any AWS call', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const cases: [string[], RegExp][] = [
      [['--all-roles', '--accounts', '111122223333'], /--accounts and --org need --assume-role NAME/],
      [['--accounts', '111122223333', '--assume-role', 'A'], /pass --all-roles with --accounts or --org/],
      [['--all-roles', '--org', '--accounts', '111122223333', '--assume-role', 'A'], /cannot be combined/],
      [
        ['--all-roles', '--org', '--assume-role', 'A', '--authorization-details', 'x.json'],
        /--authorization-details cannot be combined with --accounts or --org/,
      ],
      [
        ['--all-roles', '--org', '--assume-role', 'A', '--concurrency', '0'],
        /--concurrency 0 is not a number/,
      ],
      [
        ['--all-roles', '--demo', '--xray-regions', 'us-east-1'],
        /--xray-regions is for the organization sweep/,
      ],
      [
        ['--all-roles', '--org', '--assume-role', 'A', '--resume', '--report', DAMAGED],
        /sweep-state.json is not a sweep state iam-refine wrote/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['compare', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const scanCases: [string[], RegExp][] = [
      [['--all-roles', '--org', '--assume-role', 'A', '--format', 'terraform'], /--format terraform cannot/],
      [['--all-roles', '--org', '--assume-role', 'A', '--out', 'a', '--report', 'b'], /name the same folder/],
      [
        ['--all-roles', '--org', '--assume-role', 'A', '--xray-regions', 'US East'],
        /"US East" is not a region/,
      ],
      [['--role-filter', 'app', '--demo'], /scan --role-filter is for every role of several accounts/],
    ];
    for (const [args, message] of scanCases) {
      const r = await runCli(['scan', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
  it('is in compare --help', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = await runCli(['compare', '--help']);
    for (const f of ['--org', '--accounts', '--assume-role', '--external-id', '--role-filter', '--resume'])
      expect(r.stdout).toContain(f);
    expect(r.stdout).toContain('--xray-regions');
    const scan = await runCli(['scan', '--help']);
    expect(scan.stdout).toContain(
      'iam-refine scan --all-roles --org | --accounts ID,ID|FILE --assume-role NAME',
    );
  });
});
