// The tool's own least-privilege policy (docs/tool-policy.json, embedded in the README)
// is exactly what the live sources call: the fake records every operation, and each
// source's calls must equal the actions of its statements. Read-only, except starting
// and cancelling a policy generation (and passing its access role), a Lake query or an
// Athena query (whose results Athena writes to S3 with the caller's permissions).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentials } from '../../src/aws/clients.js';
import { runOnlineProof } from '../../src/aws/proof.js';
import { acceptsAutomatically } from '../../src/core/auto-accept.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { replayPolicy } from '../../src/core/replay.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { lookupAction } from '../../src/catalog/catalog.js';
import { generatePolicyLive } from '../../src/sources/access-analyzer/live.js';
import { unusedFindingsLive } from '../../src/sources/access-analyzer/live-unused.js';
import { athenaCloudTrail } from '../../src/sources/cloudtrail/athena.js';
import { planOrgCloudTrail, runOrgCloudTrail } from '../../src/sources/cloudtrail/athena-org.js';
import { lakeCloudTrail } from '../../src/sources/cloudtrail/lake.js';
import { logsInsightsCloudTrail } from '../../src/sources/cloudtrail/logs-insights.js';
import { lookupEventsLive } from '../../src/sources/cloudtrail/live.js';
import { trailLogsLive } from '../../src/sources/cloudtrail/live-s3.js';
import { getRoleDetailLive, listRolesLive } from '../../src/sources/iam/live.js';
import { accessAdvisorLive } from '../../src/sources/iam/live-access-advisor.js';
import { gatherXrayLive } from '../../src/sources/xray/live.js';
import { runDoctor } from '../../src/doctor/run.js';
import { platformNeedsLive } from '../../src/sources/lambda-config-live.js';
import { Semaphore } from '../../src/aws/concurrency.js';
import { sweepAccount } from '../../src/org/account-sweep.js';
import { accountClients, accountClientsIn, listOrganizationAccounts } from '../../src/org/aws.js';
import { accountXray } from '../../src/org/xray-plan.js';
import { DEMO_NOW, role, startHarness, type Harness } from './harness.js';
import { AUDIT_ROLE, memberAccount } from './org-scenario.js';
import { ORG_TABLE, orgTrail } from './org-trail.js';
import { ACCESS_ROLE, DEPLOYER, WINDOW, notesAppScenario, roleArnOf, roleName } from './notes-app/index.js';

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string | string[];
}
const policy = JSON.parse(readFileSync(new URL('../../docs/tool-policy.json', import.meta.url), 'utf8')) as {
  Statement: Statement[];
};
const actionsOf = (sids: string[]) =>
  new Set(policy.Statement.filter((s) => sids.includes(s.Sid)).flatMap((s) => s.Action));
const allActions = new Set(policy.Statement.flatMap((s) => s.Action));
/** Writes the tool may make; everything else it calls must be read-only. */
const WRITES = [
  'access-analyzer:StartPolicyGeneration',
  'access-analyzer:CancelPolicyGeneration',
  'iam:PassRole',
  'cloudtrail:StartQuery',
  'cloudtrail:CancelQuery',
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  's3:PutObject',
  's3:AbortMultipartUpload',
  // The organization sweep's session in each account (only the audit role, by name).
  'sts:AssumeRole',
];
/**
 * What Athena does with the caller's permissions, out of the fake's sight: reads the
 * table from the Glue catalog and writes the query results to S3 (Athena user guide,
 * "Access to Amazon S3" and "Fine-grained access to databases and tables").
 */
const ON_BEHALF: Record<string, string[]> = {
  CloudTrailAthenaCatalog: ['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable'],
  CloudTrailAthenaResults: [
    's3:AbortMultipartUpload',
    's3:GetBucketLocation',
    's3:GetObject',
    's3:ListBucket',
    's3:PutObject',
  ],
};

const DELETE_ROLE = role(roleArnOf(roleName('delete')));
const DEPLOYER_ROLE = role(roleArnOf(DEPLOYER));
const ACCESS_ROLE_ARN = `arn:aws:iam::123456789012:role/service-role/${ACCESS_ROLE}`;
const LAKE = { eventDataStore: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' };
const LOG_GROUP = 'aws-cloudtrail-logs-123456789012';
const lakeRun = { role: DEPLOYER_ROLE, window: WINDOW, lake: LAKE, pollMs: 1 };
const gen = {
  role: DEPLOYER_ROLE,
  window: WINDOW,
  accessRole: ACCESS_ROLE_ARN,
  pollIntervalMs: 1,
  now: DEMO_NOW,
};

const SOURCES: [string, string[], (h: Harness) => Promise<unknown>][] = [
  ['credentials check (needs no permission)', [], (h) => checkCredentials(h.clients)],
  [
    'roles and current policies',
    ['RolesAndTheirPolicies'],
    async (h) => {
      await listRolesLive(h.clients);
      await getRoleDetailLive(h.clients, roleName('delete'));
      await getRoleDetailLive(h.clients, DEPLOYER);
    },
  ],
  [
    'Access Advisor',
    ['AccessAdvisor'],
    (h) => accessAdvisorLive(h.clients, { role: DELETE_ROLE, window: WINDOW, pollIntervalMs: 1 }),
  ],
  [
    'X-Ray',
    ['XRayTracesOfTheRole'],
    (h) => gatherXrayLive(h.clients, { role: DELETE_ROLE, window: WINDOW, now: DEMO_NOW }),
  ],
  [
    'Lambda configuration (platform needs)',
    ['LambdaPlatformNeeds'],
    async (h) => {
      // A mapping on an alias: the version it runs is read with GetFunctionConfiguration.
      const fn = h.fake.scenario.lambdaFunctions!.find((f) => f.Role === DELETE_ROLE.arn)!;
      h.fake.scenario.lambdaVersions = [{ ...fn, FunctionArn: `${fn.FunctionArn}:1` }];
      h.fake.scenario.lambdaAliases = [{ AliasArn: `${fn.FunctionArn}:live`, FunctionVersion: '1' }];
      h.fake.scenario.eventSourceMappings = [
        {
          UUID: 'u-1',
          FunctionArn: `${fn.FunctionArn}:live`,
          EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:notes-cleanup',
          State: 'Enabled',
        },
      ];
      await platformNeedsLive(h.clients, DELETE_ROLE);
      delete h.fake.scenario.eventSourceMappings;
    },
  ],
  [
    'CloudTrail LookupEvents',
    ['CloudTrailLookupEvents'],
    (h) => lookupEventsLive(h.clients, { role: DEPLOYER_ROLE, window: WINDOW, now: DEMO_NOW }),
  ],
  [
    'CloudTrail S3 logs',
    ['CloudTrailFindTrail', 'CloudTrailLogBucket', 'CloudTrailLogFiles'],
    (h) => trailLogsLive(h.clients, { role: DEPLOYER_ROLE, window: WINDOW }),
  ],
  [
    'CloudTrail Lake (run, then cancelled)',
    ['CloudTrailLakeQuery'],
    async (h) => {
      h.fake.scenario.lake = { ...LAKE };
      await lakeCloudTrail(h.clients, lakeRun);
      h.fake.scenario.lake = { ...LAKE, polls: 1000 };
      const ctl = new AbortController();
      await lakeCloudTrail(h.clients, {
        ...lakeRun,
        signal: ctl.signal,
        onProgress: (p) => void (/^query running/.test(p.message ?? '') && ctl.abort()),
      }).catch(() => undefined);
    },
  ],
  [
    'CloudTrail through Logs Insights (run, then cancelled)',
    ['CloudTrailLogsInsightsQuery'],
    async (h) => {
      const run = { role: DEPLOYER_ROLE, window: WINDOW, logs: { logGroup: LOG_GROUP }, pollMs: 1 };
      h.fake.scenario.logs = { logGroup: LOG_GROUP };
      await logsInsightsCloudTrail(h.clients, run);
      h.fake.scenario.logs = { logGroup: LOG_GROUP, polls: 1000 };
      const ctl = new AbortController();
      await logsInsightsCloudTrail(h.clients, {
        ...run,
        signal: ctl.signal,
        onProgress: (p) => void (/query running/.test(p.message ?? '') && ctl.abort()),
      }).catch(() => undefined);
    },
  ],
  [
    'CloudTrail through Athena (run, then cancelled)',
    ['CloudTrailAthenaQuery'],
    async (h) => {
      const athena = {
        table: 'cloudtrail_logs.events',
        workgroup: 'primary',
        output: 's3://athena-results/x/',
      };
      const run = { role: DEPLOYER_ROLE, window: WINDOW, athena, pollMs: 1 };
      h.fake.scenario.athena = { polls: 1 };
      await athenaCloudTrail(h.clients, run);
      h.fake.scenario.athena = { polls: 1000 };
      const ctl = new AbortController();
      await athenaCloudTrail(h.clients, {
        ...run,
        signal: ctl.signal,
        onProgress: (p) => void (/^query running/.test(p.message ?? '') && ctl.abort()),
      }).catch(() => undefined);
      h.fake.scenario.athena = undefined;
    },
  ],
  [
    'organization CloudTrail: the table, the estimate, one query (run, then cancelled)',
    ['OrganizationCloudTrailTable', 'CloudTrailLogBucket', 'CloudTrailAthenaQuery'],
    async (h) => {
      const trail = orgTrail(['111111111111']).scenario;
      const saved = { athena: h.fake.scenario.athena, buckets: h.fake.scenario.buckets };
      h.fake.scenario.athena = trail.athena;
      h.fake.scenario.buckets = { ...saved.buckets, ...trail.buckets };
      const window = {
        start: new Date(Date.now() - 90 * 86_400_000).toISOString(),
        end: new Date().toISOString(),
      };
      const athena = { table: ORG_TABLE, workgroup: 'primary', output: 's3://athena-results/x/' };
      const plan = await planOrgCloudTrail(h.clients, { athena, accounts: ['111111111111'], window });
      await runOrgCloudTrail(h.clients, plan, { pollMs: 1 });
      h.fake.scenario.athena = { ...trail.athena, polls: 1000 };
      const ctl = new AbortController();
      await runOrgCloudTrail(h.clients, plan, {
        pollMs: 1,
        signal: ctl.signal,
        onProgress: (p) => void (/^query running/.test(p.message ?? '') && ctl.abort()),
      }).catch(() => undefined);
      Object.assign(h.fake.scenario, saved);
    },
  ],
  [
    'Access Analyzer policy generation (run, then cancelled)',
    ['CloudTrailFindTrail', 'AccessAnalyzerPolicyGeneration', 'AccessAnalyzerPassAccessRole'],
    async (h) => {
      await generatePolicyLive(h.clients, gen);
      h.fake.scenario.policyGenerationPolls = 1000;
      const ctl = new AbortController();
      await generatePolicyLive(h.clients, {
        ...gen,
        role: DELETE_ROLE,
        signal: ctl.signal,
        onProgress: (p) => void (/IN_PROGRESS/.test(p.message ?? '') && ctl.abort()),
      }).catch(() => undefined);
    },
  ],
  [
    'unused-access findings',
    ['AccessAnalyzerUnusedFindings'],
    (h) => unusedFindingsLive(h.clients, { role: DELETE_ROLE }),
  ],
  [
    'proof of the refined policy (simulator, validation, no new access)',
    ['ProofOfTheRefinedPolicy'],
    async (h) => {
      const evidence = await gatherXrayLive(h.clients, { role: DELETE_ROLE, window: WINDOW, now: DEMO_NOW });
      h.fake.calls.length = 0;
      const candidates = mergeCandidates(evidence);
      const decisions = Object.fromEntries(
        candidates.filter(acceptsAutomatically).map((c) => [c.action, 'accepted' as const]),
      );
      const model = buildPolicyModel({ role: DELETE_ROLE, sources: ['X-Ray traces'], candidates, decisions });
      const policyJson = renderPolicyJson(model);
      const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
      const current = {
        arn: DELETE_ROLE.arn,
        name: DELETE_ROLE.name,
        path: '/',
        policies: [{ kind: 'inline' as const, name: 'admin', document: admin }],
      };
      const replay = replayPolicy(evidence, policyJson);
      const proof = await runOnlineProof(h.clients, { policyJson, replay, current });
      expect([proof.simulation.state, proof.validation.state, proof.noNewAccess.state]).toEqual([
        'done',
        'done',
        'done',
      ]);
    },
  ],
  [
    'doctor (trail, Lake and Athena variants; with and without --role)',
    ['Preflight'],
    async (h) => {
      // The caller's own role, for SimulatePrincipalPolicy.
      h.fake.scenario.roles = [...(h.fake.scenario.roles ?? []), { RoleName: 'iam-refine-operator' }];
      const now = DEMO_NOW;
      await runDoctor(h.clients, { role: DELETE_ROLE, accessRole: ACCESS_ROLE_ARN, now });
      await runDoctor(h.clients, { now, sources: ['xray'] });
      h.fake.scenario.lake = { ...LAKE };
      await runDoctor(h.clients, { lake: LAKE, now, sources: ['cloudtrail'] });
      await runDoctor(h.clients, {
        athena: { table: 'trails.events', output: 's3://query-results/iam-refine/' },
        now,
        sources: ['cloudtrail'],
      });
    },
  ],
  [
    'organization sweep: accounts, the audit role, then every read inside a member account',
    [
      'OrganizationSweepListAccounts',
      'OrganizationSweepAssumeAuditRole',
      'RolesAndTheirPolicies',
      'AccessAdvisor',
      'AccessAnalyzerUnusedFindings',
    ],
    async (h) => {
      const member = '111111111111';
      h.fake.scenario.members = [memberAccount(member)];
      expect((await listOrganizationAccounts(h.clients)).map((a) => a.id)).toContain(member);
      const opts = { roleName: AUDIT_ROLE, partition: 'aws', sessionName: 'iam-refine-test' };
      const clients = await accountClients(h.clients, member, opts);
      const result = await sweepAccount(clients, {
        account: member,
        reportDir: '/nonexistent',
        window: {
          start: new Date(Date.now() - 90 * 86_400_000).toISOString(),
          end: new Date().toISOString(),
        },
        roleConcurrency: 2,
        overall: new Semaphore(2),
        pollIntervalMs: 1,
        now: () => new Date(),
        write: () => {},
      });
      clients.destroy();
      expect(result.status).toBe('done');
      expect(result.roles.map((r) => r.role)).toContain('app-orders');
      delete h.fake.scenario.members;
    },
  ],
  [
    'organization sweep with --xray-regions: X-Ray per region inside a member account',
    [
      'OrganizationSweepListAccounts',
      'OrganizationSweepAssumeAuditRole',
      'RolesAndTheirPolicies',
      'AccessAdvisor',
      'AccessAnalyzerUnusedFindings',
      'XRayTracesOfTheRole',
    ],
    async (h) => {
      const member = '111111111111';
      h.fake.scenario.members = [memberAccount(member, { ordersFunctionIn: 'eu-west-1' })];
      await listOrganizationAccounts(h.clients);
      const opts = { roleName: AUDIT_ROLE, partition: 'aws', sessionName: 'iam-refine-test' };
      const clients = await accountClients(h.clients, member, opts);
      const regional = [clients];
      const window = {
        start: new Date(Date.now() - 90 * 86_400_000).toISOString(),
        end: new Date().toISOString(),
      };
      const xray = accountXray(
        ['us-east-1', 'eu-west-1'],
        (region) => {
          const c = accountClientsIn(clients, region);
          regional.push(c);
          return c;
        },
        window,
      );
      const result = await sweepAccount(clients, {
        account: member,
        reportDir: '/nonexistent',
        window,
        roleConcurrency: 2,
        overall: new Semaphore(2),
        pollIntervalMs: 1,
        now: () => new Date(),
        write: () => {},
        xray,
      });
      for (const c of regional) c.destroy();
      expect(result.status).toBe('done');
      expect(h.fake.callsOf('xray:BatchGetTraces').length).toBeGreaterThan(0);
      delete h.fake.scenario.members;
    },
  ],
];

/** Calls made, as IAM actions; StartPolicyGeneration passes the access role (iam:PassRole). */
function actionsCalled(h: Harness): Set<string> {
  const made = new Set(h.fake.calls.map((c) => c.action).filter((a) => a !== 'sts:GetCallerIdentity'));
  if (made.has('access-analyzer:StartPolicyGeneration')) made.add('iam:PassRole');
  return made;
}

describe('the tool policy in docs/tool-policy.json', () => {
  let h: Harness;
  const everything = new Set<string>();
  beforeAll(async () => {
    h = await startHarness(notesAppScenario());
  });
  afterAll(() => h.close());

  it.each(SOURCES)('%s calls exactly the actions of its statements', async (_name, sids, run) => {
    h.fake.calls.length = 0;
    await run(h);
    expect(h.fake.calls.every((c) => (c.status ?? 0) < 400)).toBe(true);
    const made = actionsCalled(h);
    for (const a of made) everything.add(a);
    expect([...made].sort()).toEqual([...actionsOf(sids)].sort());
  });

  it('holds nothing the sources do not call, and everything they do', () => {
    const direct = new Set(policy.Statement.filter((s) => !(s.Sid in ON_BEHALF)).flatMap((s) => s.Action));
    expect([...everything].sort()).toEqual([...direct].sort());
  });

  it("holds what Athena needs on the caller's behalf: the Glue table and the results bucket", () => {
    for (const [sid, actions] of Object.entries(ON_BEHALF))
      expect([...actionsOf([sid])].sort(), sid).toEqual(actions);
  });

  it('is read-only apart from policy generation and its access role', () => {
    for (const a of allActions) {
      const known = lookupAction(a);
      expect(known, a).toBeDefined();
      if (!WRITES.includes(a)) expect(['Read', 'List'], a).toContain(known!.accessLevel);
    }
    const assume = policy.Statement.find((s) => s.Action.includes('sts:AssumeRole'))!;
    expect(assume.Resource).toBe('arn:aws:iam::*:role/replace-with-audit-role');
    const pass = policy.Statement.find((s) => s.Action.includes('iam:PassRole'))!;
    expect(pass.Resource).not.toBe('*');
    expect(pass).toMatchObject({
      Condition: { StringEquals: { 'iam:PassedToService': 'access-analyzer.amazonaws.com' } },
    });
  });
});
