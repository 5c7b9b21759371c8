// `iam-refine doctor` against the fake AWS: each source's ok, missing and denied states
// with the fix it prints, the simulated tool permissions, and the exit code.
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions } from '../../src/doctor/run.js';
import type { CheckLine, DoctorSource } from '../../src/doctor/types.js';
import { runCli } from '../helpers/cli.js';
import { startHarness, type Harness } from './harness.js';
import { ORG_ID, ORG_TABLE, orgTrail, TRAIL_BUCKET } from './org-trail.js';
import type { Scenario } from './scenario.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/management-events`;
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AccessAnalyzerTrailAccess`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const STORE = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'access-analyzer.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** The account; `traceAt` is when its one trace starts (the command runs on the real clock). */
function scenario(traceAt = NOW - 3_600_000): Scenario {
  return {
    account: ACCOUNT,
    roles: [
      { RoleName: 'iam-refine-operator' },
      { RoleName: 'orders-api-role' },
      { RoleName: 'AccessAnalyzerTrailAccess', Path: '/service-role/', AssumeRolePolicyDocument: TRUST },
    ],
    lambdaFunctions: [
      {
        FunctionName: 'orders-api',
        FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`,
        Role: APP_ROLE,
        TracingConfig: { Mode: 'Active' },
      },
    ],
    traces: [
      {
        Id: '1-673d8a00-0123456789abcdef01234567',
        segments: [
          {
            id: 'a1',
            name: 'orders-api',
            origin: 'AWS::Lambda::Function',
            start_time: traceAt / 1000,
          },
        ],
      },
    ],
    trails: [
      {
        Name: 'management-events',
        TrailARN: TRAIL_ARN,
        S3BucketName: 'ct-logs',
        S3KeyPrefix: 'trail',
        IsMultiRegionTrail: true,
        HomeRegion: REGION,
      },
    ],
    analyzers: [
      {
        arn: `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/unused-access`,
        name: 'unused-access',
        type: 'ACCOUNT_UNUSED_ACCESS',
      },
    ],
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function doctor(s: Scenario, opts: DoctorOptions = {}, setup?: (h: Harness) => void) {
  h = await startHarness(s);
  setup?.(h);
  return runDoctor(h.clients, { role: APP_ROLE, accessRole: ACCESS_ROLE, now: () => NOW, ...opts });
}

async function line(
  source: DoctorSource,
  s: Scenario,
  opts: DoctorOptions = {},
  setup?: (h: Harness) => void,
) {
  const report = await doctor(s, { sources: [source], ...opts }, setup);
  return report.lines.find((l) => l.source === source)!;
}

const denied = (action: string) => (x: Harness) => x.fake.faults.add({ action, kind: 'access-denied' });

describe('doctor against the fake AWS', () => {
  it('all sources ok: who the caller is, every statement allowed', async () => {
    const report = await doctor(scenario());
    expect(report.identity).toMatchObject({ account: ACCOUNT, region: REGION });
    expect(report.permissions).toMatchObject({
      state: 'ok',
      principal: `arn:aws:iam::${ACCOUNT}:role/iam-refine-operator`,
    });
    expect(report.permissions.statements.map((s) => s.sid)).toContain('CloudTrailLogFiles');
    expect(report.lines.map((l) => [l.source, l.state])).toEqual([
      ['cloudtrail', 'ok'],
      ['xray', 'ok'],
      ['access-analyzer', 'ok'],
      ['unused-findings', 'ok'],
    ]);
    expect(report.ok).toBe(true);
    // Read-only: nothing started, nothing changed.
    expect(h!.fake.calls.every((c) => /^(Get|List|Describe|Lookup|Simulate)/.test(c.operation))).toBe(true);
  });

  describe('CloudTrail', () => {
    it('ok: the trail, what it logs and where, with a tip for data events', async () => {
      const l = await line('cloudtrail', scenario());
      expect(l.state).toBe('ok');
      expect(l.detail).toBe(
        'trail management-events (multi-region) logs management events (All) and no data events to s3://ct-logs/trail/AWSLogs/',
      );
      expect(l.fix).toContain(
        `aws cloudtrail put-event-selectors --trail-name ${TRAIL_ARN} --region us-east-1`,
      );
      expect(l.fix).toContain('"Equals":["AWS::S3::Object"]');
    });

    it('ok with data events from advanced selectors: no tip', async () => {
      const s = scenario();
      s.trails![0]!.AdvancedEventSelectors = [
        { Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'd',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
          ],
        },
      ];
      const l = await line('cloudtrail', s);
      expect(l).toMatchObject({ state: 'ok', fix: undefined });
      expect(l.detail).toContain('management events (All) and data events (AWS::DynamoDB::Table)');
    });

    it('missing: no trail covers the region', async () => {
      const s = scenario();
      s.trails = [{ ...s.trails![0]!, IsMultiRegionTrail: false, HomeRegion: 'eu-west-1' }];
      const l = await line('cloudtrail', s);
      expect(l.state).toBe('missing');
      expect(l.detail).toMatch(/^no trail logs us-east-1; event history \(LookupEvents\)/);
      expect(l.fix).toContain('aws cloudtrail create-trail --name management-events --s3-bucket-name');
      expect(l.fix).toContain('--is-multi-region-trail --region us-east-1');
      expect(l.fix).toContain('aws cloudtrail start-logging --name management-events --region us-east-1');
    });

    it('missing: the trail is not logging', async () => {
      const s = scenario();
      s.trails![0]!.IsLogging = false;
      const l = await line('cloudtrail', s);
      expect(l).toMatchObject({
        state: 'missing',
        fix: `aws cloudtrail start-logging --name ${TRAIL_ARN} --region us-east-1`,
      });
    });

    it('ok: an organization trail seen from a member account (no status or selectors there)', async () => {
      const s = scenario();
      s.trails = [{ ...s.trails![0]!, IsOrganizationTrail: true, memberView: true }];
      const l = await line('cloudtrail', s);
      expect(l).toMatchObject({
        state: 'ok',
        detail:
          'organization trail management-events delivers to s3://ct-logs/trail/AWSLogs/ (its status and event selectors are visible in the management account only)',
      });
    });

    it('denied: DescribeTrails, with the statement to add', async () => {
      const l = await line('cloudtrail', scenario(), {}, denied('cloudtrail:DescribeTrails'));
      expect(l.state).toBe('denied');
      expect(l.detail).toBe('the tool may not call cloudtrail:DescribeTrails');
      expect(l.fix).toBe(
        `Add to the tool's policy (docs/tool-policy.json): {"Sid":"CloudTrailFindTrail","Effect":"Allow","Action":["cloudtrail:DescribeTrails"],"Resource":"*"}`,
      );
    });

    it("denied: the simulator says the caller may not read the trail's log files", async () => {
      const s = { ...scenario(), callerDenied: ['s3:GetObject'] };
      const l = await line('cloudtrail', s);
      expect(l.state).toBe('denied');
      expect(l.detail).toMatch(/the tool may not call s3:GetObject$/);
      expect(l.fix).toContain(
        '{"Sid":"CloudTrailLogFiles","Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::ct-logs/trail/AWSLogs/"}',
      );
    });

    it('Lake: ok, stopped, unknown store, denied', async () => {
      const lake = { eventDataStore: STORE };
      const ok = await line('cloudtrail', { ...scenario(), lake: { eventDataStore: STORE } }, { lake });
      expect(ok).toMatchObject({ label: 'CloudTrail Lake', state: 'ok' });
      expect(ok.detail).toContain('is ENABLED (all regions), keeps 366 days');
      await h!.close();
      h = undefined;
      const stopped = await line(
        'cloudtrail',
        { ...scenario(), lake: { eventDataStore: STORE, status: 'STOPPED_INGESTION' } },
        { lake },
      );
      expect(stopped).toMatchObject({
        state: 'missing',
        fix: `aws cloudtrail start-event-data-store-ingestion --event-data-store ${STORE} --region us-east-1`,
      });
      await h!.close();
      h = undefined;
      const unknown = await line('cloudtrail', scenario(), { lake });
      expect(unknown.state).toBe('missing');
      expect(unknown.fix).toContain('aws cloudtrail list-event-data-stores --region us-east-1');
      await h!.close();
      h = undefined;
      const no = await line(
        'cloudtrail',
        { ...scenario(), lake: { eventDataStore: STORE } },
        { lake },
        denied('cloudtrail:GetEventDataStore'),
      );
      expect(no.state).toBe('denied');
      expect(no.fix).toContain('"Action":["cloudtrail:GetEventDataStore"]');
    });

    it('Athena: ok, no result location, no table, denied', async () => {
      const athena = { table: 'trails.events', workgroup: 'primary' };
      const withOutput = { workgroups: { primary: { outputLocation: 's3://query-results/' } } };
      const ok = await line('cloudtrail', { ...scenario(), athena: withOutput }, { athena });
      expect(ok).toMatchObject({ label: 'CloudTrail through Athena', state: 'ok' });
      expect(ok.detail).toContain('results to s3://query-results/');
      await h!.close();
      h = undefined;
      const noOutput = await line('cloudtrail', scenario(), { athena });
      expect(noOutput.state).toBe('missing');
      expect(noOutput.fix).toContain(
        "aws athena update-work-group --work-group primary --region us-east-1 --configuration-updates 'ResultConfigurationUpdates={OutputLocation=s3://BUCKET/PREFIX/}'",
      );
      await h!.close();
      h = undefined;
      const noTable = await line(
        'cloudtrail',
        { ...scenario(), athena: { ...withOutput, tables: ['trails.other'] } },
        { athena },
      );
      expect(noTable).toMatchObject({
        state: 'missing',
        detail: 'no table trails.events in the AwsDataCatalog of us-east-1',
      });
      expect(noTable.fix).toContain('CREATE EXTERNAL TABLE');
      await h!.close();
      h = undefined;
      const no = await line('cloudtrail', scenario(), { athena }, denied('athena:GetWorkGroup'));
      expect(no.state).toBe('denied');
      expect(no.fix).toContain('"Action":["athena:GetWorkGroup"]');
    });
  });

  describe('X-Ray', () => {
    it("ok: the role's function is traced and has traces in the last day", async () => {
      const l = await line('xray', scenario());
      expect(l).toMatchObject({ state: 'ok', detail: '1 of 1 function(s) traced; traces in the last 24 h' });
    });

    it('missing: no active tracing, with the command per function', async () => {
      const s = scenario();
      s.lambdaFunctions![0]!.TracingConfig = { Mode: 'PassThrough' };
      const l = await line('xray', s);
      expect(l.state).toBe('missing');
      expect(l.detail).toBe(
        'none of the 1 Lambda function(s) of orders-api-role has active tracing (orders-api)',
      );
      expect(l.fix).toContain(
        'aws lambda update-function-configuration --function-name orders-api --tracing-config Mode=Active --region us-east-1',
      );
      expect(l.fix).toContain('Monitoring and operations tools');
    });

    it('missing: traced, but no trace in the last day', async () => {
      const l = await line('xray', scenario(), { now: () => NOW + 3 * 86_400_000 });
      expect(l).toMatchObject({
        state: 'missing',
        detail: '1 of 1 function(s) traced, but no trace in the last 24 h',
      });
      expect(l.fix).toContain('X-Ray > Sampling rules');
    });

    it('missing: no Lambda function runs as the role', async () => {
      const l = await line('xray', scenario(), { role: `arn:aws:iam::${ACCOUNT}:role/batch-job` });
      expect(l.detail).toBe('no Lambda function in us-east-1 runs as batch-job');
      expect(l.fix).toContain('--xray-filter');
    });

    it('denied: ListFunctions', async () => {
      const l = await line('xray', scenario(), {}, denied('lambda:ListFunctions'));
      expect(l.state).toBe('denied');
      expect(l.fix).toContain(
        '{"Sid":"XRayTracesOfTheRole","Effect":"Allow","Action":["lambda:ListFunctions"],"Resource":"*"}',
      );
    });

    it('denied: the simulator says BatchGetTraces is not allowed', async () => {
      const l = await line('xray', { ...scenario(), callerDenied: ['xray:BatchGetTraces'] });
      expect(l.state).toBe('denied');
      expect(l.fix).toContain('"Action":["xray:BatchGetTraces"]');
    });
  });

  describe('Access Analyzer', () => {
    it('policy generation ok: the access role trusts the service', async () => {
      const l = await line('access-analyzer', scenario());
      expect(l).toMatchObject({
        state: 'ok',
        detail:
          'access role AccessAnalyzerTrailAccess trusts access-analyzer.amazonaws.com; trail bucket ct-logs',
      });
    });

    it('missing: no access role given, with the one-time setup naming the bucket', async () => {
      const l = await line('access-analyzer', scenario(), { accessRole: undefined });
      expect(l.state).toBe('missing');
      expect(l.fix).toContain('trusted by access-analyzer.amazonaws.com');
      expect(l.fix).toContain('arn:aws:s3:::ct-logs');
      expect(l.fix).toContain(`--analyzer-access-role arn:aws:iam::${ACCOUNT}:role/<name>`);
    });

    it('missing: the access role does not trust the service', async () => {
      const s = scenario();
      s.roles![2]!.AssumeRolePolicyDocument = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const l = await line('access-analyzer', s);
      expect(l.state).toBe('missing');
      expect(l.fix).toBe(
        `aws iam update-assume-role-policy --role-name AccessAnalyzerTrailAccess --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"access-analyzer.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
      );
    });

    it('missing: the access role does not exist', async () => {
      const l = await line('access-analyzer', scenario(), {
        accessRole: `arn:aws:iam::${ACCOUNT}:role/gone`,
      });
      expect(l).toMatchObject({ state: 'missing', detail: 'the access role gone does not exist' });
    });

    it('denied: the caller may not pass the access role', async () => {
      const l = await line('access-analyzer', { ...scenario(), callerDenied: ['iam:PassRole'] });
      expect(l.state).toBe('denied');
      expect(l.fix).toContain(
        `{"Sid":"AccessAnalyzerPassAccessRole","Effect":"Allow","Action":["iam:PassRole"],"Resource":"${ACCESS_ROLE}","Condition":{"StringEquals":{"iam:PassedToService":"access-analyzer.amazonaws.com"}}}`,
      );
    });

    it('unused access: ok, missing, denied', async () => {
      expect((await line('unused-findings', scenario())).state).toBe('ok');
      await h!.close();
      h = undefined;
      const missing = await line('unused-findings', { ...scenario(), analyzers: [] });
      expect(missing.state).toBe('missing');
      expect(missing.fix).toContain(
        'aws accessanalyzer create-analyzer --analyzer-name unused-access --type ACCOUNT_UNUSED_ACCESS --region us-east-1',
      );
      await h!.close();
      h = undefined;
      const no = await line('unused-findings', scenario(), {}, denied('access-analyzer:ListAnalyzers'));
      expect(no.state).toBe('denied');
      expect(no.fix).toContain(
        '{"Sid":"AccessAnalyzerUnusedFindings","Effect":"Allow","Action":["access-analyzer:ListAnalyzers"]',
      );
    });
  });

  it('tool permissions: SimulatePrincipalPolicy denied says which statement lets doctor simulate', async () => {
    const report = await doctor(
      scenario(),
      { sources: ['unused-findings'] },
      denied('iam:SimulatePrincipalPolicy'),
    );
    expect(report.permissions.state).toBe('denied');
    expect(report.permissions.fix).toBe(
      `Add to the caller's policy: {"Sid":"Preflight","Effect":"Allow","Action":["iam:SimulatePrincipalPolicy"],"Resource":"arn:aws:iam::${ACCOUNT}:role/iam-refine-operator"}`,
    );
    // The sources are still checked by their own calls.
    expect(report.lines.map((l: CheckLine) => l.state)).toEqual(['ok']);
  });
});

describe('iam-refine doctor (the command)', () => {
  const args = [
    'doctor',
    '--region',
    REGION,
    '--role',
    'orders-api-role',
    '--analyzer-access-role',
    ACCESS_ROLE,
  ];

  it('prints the report and exits 0 when every source can work', async () => {
    h = await startHarness(scenario(Date.now() - 3_600_000));
    const r = await runCli(args, { env: process.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`iam-refine doctor: account ${ACCOUNT}, region ${REGION}`);
    expect(r.stdout).toContain(
      `Tool permissions (iam:SimulatePrincipalPolicy on arn:aws:iam::${ACCOUNT}:role/iam-refine-operator): ok`,
    );
    expect(r.stdout).toMatch(/^ {2}ok {6}XRayTracesOfTheRole +3 action\(s\) allowed$/m);
    expect(r.stdout).toContain('  X-Ray: ok: 1 of 1 function(s) traced; traces in the last 24 h');
    expect(r.stdout).toContain('Every source asked for can work');
  });

  it('exits 1 when a source asked for cannot work, 0 when only the others are asked for', async () => {
    h = await startHarness({ ...scenario(Date.now() - 3_600_000), analyzers: [] });
    const r = await runCli(args, { env: process.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Access Analyzer unused access: missing: no active unused-access analyzer');
    expect(r.stdout).toContain('    fix: Create one (a paid feature');
    const some = await runCli([...args, '--source', 'cloudtrail,access-analyzer'], { env: process.env });
    expect(some.code, some.stdout).toBe(0);
    expect(some.stdout).not.toContain('unused access');
    const json = JSON.parse(
      (await runCli([...args, '--json', '--source', 'unused-findings'], { env: process.env })).stdout,
    ) as {
      ok: boolean;
      lines: CheckLine[];
    };
    expect(json.ok).toBe(false);
    expect(json.lines[0]).toMatchObject({ source: 'unused-findings', state: 'missing' });
  });

  it('rejects an unknown --source', async () => {
    const r = await runCli(['doctor', '--source', 'guesswork']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--source guesswork is not a source doctor checks');
  });
});

describe("iam-refine doctor --accounts|--org --athena-table (the sweep's organization table)", () => {
  const [A, B, C] = ['111111111111', '222222222222', '333333333333'];
  const MANAGEMENT = '999999999999';
  const athenaArgs = ['--athena-table', ORG_TABLE, '--athena-output', 's3://athena-results/iam-refine/'];
  const args = (...more: string[]) => [
    'doctor',
    '--region',
    REGION,
    '--source',
    'cloudtrail',
    ...athenaArgs,
    ...more,
  ];
  const orgScenario = (withLogs: string[]): Scenario => ({
    account: MANAGEMENT,
    roles: [{ RoleName: 'iam-refine-operator' }],
    ...orgTrail(withLogs).scenario,
  });

  it('a good table: every check ok, and how many of the named accounts have logs in the window', async () => {
    h = await startHarness(orgScenario([A, B]));
    const r = await runCli(args('--accounts', `${A},${B},${C}`), { env: process.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const has = (start: string) =>
      expect(
        lines.some((l) => l.startsWith(`  ${start}`)),
        start,
      ).toBe(true);
    has('CloudTrail through Athena: ok: table cloudtrail_logs.org_trail');
    has(
      `CloudTrail organization table: table: ok: ${ORG_TABLE} readable (partitions: account, region, timestamp; partition projection on)`,
    );
    has(
      'CloudTrail organization table: partitions: ok: account partition "account", day partition "timestamp"',
    );
    has(
      `CloudTrail organization table: storage layout: ok: one folder per account: s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/ACCOUNT/CloudTrail/REGION/yyyy/MM/dd/`,
    );
    // Two files of 2048 bytes in the window for each of A and B; C has none.
    has(
      `CloudTrail organization table: S3 location: ok: s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/ listable: 4 log file(s)`,
    );
    has(
      `CloudTrail organization table: accounts: ok: 2 of 3 account(s) have log files in the window; none for ${C}`,
    );
    expect(r.stdout).toContain('Every source asked for can work (cloudtrail).');
    // Read-only: the estimate's listing, never a query.
    expect(h.fake.callsOf('athena:StartQueryExecution')).toHaveLength(0);
    expect(h.fake.callsOf('s3:ListBucket').length).toBeGreaterThan(0);
  });

  it('--org lists the accounts; none with logs in a short window is a problem (exit 1)', async () => {
    h = await startHarness({
      ...orgScenario([A]),
      organizationAccounts: [
        { Id: A, Name: 'a' },
        { Id: B, Name: 'b' },
      ],
    });
    const r = await runCli(args('--org', '--since', '1d'), { env: process.env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(
      'CloudTrail organization table: accounts: missing: none of the 2 account(s) has log files in the window',
    );
    expect(r.stdout).toContain(
      `fix: Their logs should be under s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/ACCOUNT/CloudTrail/`,
    );
  });

  it('a table without an account partition: the problem, and the DDL to use', async () => {
    const s = orgScenario([A]);
    const meta = s.athena!.tableMetadata![ORG_TABLE]!;
    meta.partitionKeys = ['region', 'timestamp'];
    h = await startHarness(s);
    const r = await runCli(args('--accounts', A), { env: process.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'CloudTrail organization table: partitions: missing: it has no account partition (partition columns: region, timestamp), so one query would scan every account',
    );
    expect(r.stdout).toContain(
      'fix: Use the organization trail\'s table partitioned by account and day (README: "The Athena organization table").',
    );
    expect(r.stdout).not.toContain('storage layout');
    expect(h.fake.callsOf('s3:ListBucket')).toHaveLength(0);
  });

  it('a template not laid out per account, a missing table, and the listing denied', async () => {
    const s = orgScenario([A]);
    s.athena!.tableMetadata![ORG_TABLE]!.parameters['storage.location.template'] =
      `s3://${TRAIL_BUCKET}/AWSLogs/\${region}/\${timestamp}`;
    h = await startHarness(s);
    const bad = await runCli(args('--accounts', A), { env: process.env });
    expect(bad.stdout).toContain(
      'CloudTrail organization table: storage layout: missing: its storage.location.template',
    );
    await h.close();

    const listed = orgScenario([A]);
    listed.athena!.tables = [ORG_TABLE];
    h = await startHarness(listed);
    const none = await runCli(
      [
        'doctor',
        '--region',
        REGION,
        '--source',
        'cloudtrail',
        '--athena-table',
        'cloudtrail_logs.nope',
        '--athena-output',
        's3://r/',
        '--accounts',
        A,
      ],
      { env: process.env },
    );
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(
      'CloudTrail organization table: table: missing: no table cloudtrail_logs.nope',
    );
    expect(none.stdout).toContain('"The Athena organization table"');
    expect(none.stdout).not.toContain('CloudTrail through Athena: missing');

    h.fake.faults.add({ action: 's3:ListBucket', kind: 'access-denied' });
    const denied = await runCli(args('--accounts', A), { env: process.env });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain(
      `CloudTrail organization table: S3 location: denied: the tool may not call s3:ListBucket on s3://${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/`,
    );
    expect(denied.stdout).toContain(`"Action":["s3:ListBucket"],"Resource":"arn:aws:s3:::${TRAIL_BUCKET}"`);
  });

  it('flag mistakes are usage errors before any call; --help says the flags', async () => {
    const help = await runCli(['doctor', '--help']);
    expect(help.stdout).toContain('iam-refine doctor --org|--accounts ID,ID --athena-table DB.TABLE');
    expect(help.stdout).toContain('--org, --accounts ID,ID|FILE');
    const noTable = await runCli(['doctor', '--org']);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain(
      "--org in doctor checks the organization trail's Athena table the sweep reads: it needs --athena-table DB.TABLE",
    );
    const both = await runCli(['doctor', '--org', '--accounts', A, '--athena-table', ORG_TABLE]);
    expect(both.stderr).toContain('--accounts and --org cannot be combined');
    const since = await runCli(['doctor', '--since', '7d']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("--since in doctor is the organization table check's window");
  });
});
