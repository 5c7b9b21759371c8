// Replay: the calls the evidence saw succeed, evaluated against the refined policy. Unit
// cases, then every X-Ray and CloudTrail fixture through the pipeline scan runs (readers →
// merge → automatic acceptance → policy model → policy JSON): nothing observed is denied.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { roleRefFromArn } from '../../src/core/arn.js';
import { acceptsAutomatically } from '../../src/core/auto-accept.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { defaultResourceChoices } from '../../src/core/generalize.js';
import { mergeCandidates } from '../../src/core/merge.js';
import { buildPolicyModel } from '../../src/core/policy-model.js';
import { observedCalls, replayPasses, replayPolicy, type ReplayResult } from '../../src/core/replay.js';
import type { Evidence, EvidenceInput, RoleDetail, RoleRef } from '../../src/core/types.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { readCloudTrail } from '../../src/sources/cloudtrail/index.js';
import { readAuthorizationDetails } from '../../src/sources/iam/index.js';
import { readLambdaFunctions, readXrayTraceFiles } from '../../src/sources/xray/index.js';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const ev = (items: EvidenceInput[]): Evidence[] => aggregateEvidence(items);
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('observedCalls', () => {
  it('keeps successful X-Ray and CloudTrail calls, one per action and resource, sources merged', () => {
    const { calls, skipped } = observedCalls(
      ev([
        { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 3, samples: ['1-a'] },
        { source: 'cloudtrail', action: 'dynamodb:GetItem', resource: TABLE, count: 2, samples: ['ev-1'] },
        { source: 'cloudtrail', action: 'dynamodb:DeleteItem', resource: TABLE, count: 0, denied: 4 },
        { source: 'access-analyzer', action: 'dynamodb:Query', resource: TABLE, count: 1 },
        {
          source: 'xray',
          action: 'sts:GetCallerIdentity',
          resource: '*',
          count: 9,
          noPermissionNeeded: true,
        },
        { source: 'cloudtrail', action: 'foo:Bar', count: 1, unmapped: true },
        {
          source: 'cloudtrail',
          action: 'iam:PassRole',
          resource: `arn:aws:iam::${ACCOUNT}:role/fn`,
          count: 1,
          inferredReason: 'lambda:CreateFunction passes the execution role',
        },
      ]),
    );
    expect(calls).toEqual([
      expect.objectContaining({
        action: 'dynamodb:GetItem',
        resource: TABLE,
        sources: ['xray', 'cloudtrail'],
        count: 5,
        samples: expect.arrayContaining(['1-a', 'ev-1']),
      }),
    ]);
    expect(skipped).toEqual([
      { action: 'foo:Bar', reason: 'maps to no IAM action', count: 1 },
      {
        action: 'iam:PassRole',
        reason: 'inferred, not observed: lambda:CreateFunction passes the execution role',
        count: 1,
      },
      { action: 'sts:GetCallerIdentity', reason: 'needs no permission', count: 9 },
    ]);
  });
});

describe('replayPolicy', () => {
  const evidence = ev([
    { source: 'xray', action: 'dynamodb:GetItem', resource: TABLE, count: 3, samples: ['1-a'] },
    { source: 'xray', action: 'dynamodb:PutItem', resource: TABLE, count: 2, samples: ['1-b'] },
    { source: 'cloudtrail', action: 'dynamodb:PutItem', resource: `${TABLE}-archive`, count: 1 },
    { source: 'cloudtrail', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', count: 1 },
    { source: 'xray', action: 's3:ListAllMyBuckets', resource: '*', count: 1 },
  ]);

  it('says "allows N of N" when the policy covers every call', () => {
    const r = replayPolicy(
      evidence,
      doc(
        {
          Sid: 'Items',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: `${TABLE}*`,
        },
        { Sid: 'Objects', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        { Sid: 'List', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
      ),
    );
    expect([r.total, r.allowed, r.denied, r.needsPlaceholder, r.requests]).toEqual([5, 5, 0, 0, 8]);
    expect(replayPasses(r)).toBe(true);
  });

  it('lists the calls now denied, grouped by action, with the evidence that saw them', () => {
    const r = replayPolicy(
      evidence,
      doc({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE }),
    );
    expect([r.total, r.allowed, r.denied]).toEqual([5, 2, 3]);
    expect(replayPasses(r)).toBe(false);
    expect(
      r.deniedGroups.map((g) => [g.action, g.count, g.sources, g.calls.map((c) => [c.resource, c.samples])]),
    ).toEqual([
      ['dynamodb:PutItem', 1, ['cloudtrail'], [[`${TABLE}-archive`, []]]],
      ['s3:GetObject', 1, ['cloudtrail'], [['arn:aws:s3:::b/k', []]]],
      ['s3:ListAllMyBuckets', 1, ['xray'], [['*', []]]],
    ]);
    expect(r.calls.find((c) => c.verdict === 'denied')?.evaluation.decision).toBe('implicit-deny');
  });

  it('counts calls waiting on a placeholder apart, naming it: never allowed, never denied', () => {
    const r = replayPolicy(
      ev([
        { source: 'xray', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', count: 1 },
        {
          source: 'xray',
          action: 'kms:Decrypt',
          resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/\${KeyId}`,
          count: 1,
        },
      ]),
      doc(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${BucketName}/*' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234` },
      ),
    );
    expect([r.allowed, r.denied, r.needsPlaceholder]).toEqual([0, 0, 2]);
    expect(r.placeholderGroups.map((g) => [g.action, g.calls[0]!.placeholders])).toEqual([
      ['kms:Decrypt', ['${KeyId}']], // the key was not recorded by the source
      ['s3:GetObject', ['${BucketName}']], // the policy still has the placeholder
    ]);
    expect(replayPasses(r)).toBe(true);
  });

  it('counts calls allowed only through a Condition it did not evaluate', () => {
    const r = replayPolicy(
      evidence,
      doc({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      }),
    );
    expect([r.allowed, r.conditional]).toEqual([5, 5]);
  });

  it('replays through several named policies, and reports what it could not read', () => {
    const r = replayPolicy(evidence, [
      { name: 'admin', document: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } },
      { name: 'broken', document: '{' },
    ]);
    expect(r.allowed).toBe(5);
    expect(r.problems).toEqual([{ policy: 'broken', message: 'not valid JSON' }]);
    expect(replayPasses(r)).toBe(false);
  });
});

// --- every fixture through the scan pipeline -------------------------------------------

const ROOT = path.join(import.meta.dirname, '..', '..');
const at = (...p: string[]) => path.join(ROOT, ...p);
const demoDetails = await readAuthorizationDetails(at('demo', 'authorization-details.json'));

/** What `scan` does after gathering: merge, accept what was used, generalize object keys, build, render; then replay. */
function scanAndReplay(evidence: Evidence[], role: RoleRef, current?: RoleDetail): ReplayResult {
  const candidates = mergeCandidates(evidence, current);
  const decisions = Object.fromEntries(
    candidates.filter(acceptsAutomatically).map((c) => [c.action, 'accepted' as const]),
  );
  const generalized = defaultResourceChoices(candidates, new Set(Object.keys(decisions)));
  const model = buildPolicyModel({
    role,
    sources: ['fixture'],
    candidates,
    decisions,
    resourceChoices: generalized.choices,
  });
  return replayPolicy(evidence, renderPolicyJson(model));
}

/** Nothing denied; anything not allowed is a call whose own resource the source could not record. */
function expectFullyAllowed(r: ReplayResult) {
  expect(r.problems).toEqual([]);
  expect(r.denied).toBe(0);
  expect(r.allowed + r.needsPlaceholder).toBe(r.total);
  for (const c of r.calls.filter((x) => x.verdict === 'needs-placeholder'))
    expect(c.resource).toContain('${');
}

const functions = [
  ...(await readLambdaFunctions(at('test', 'fixtures', 'xray', 'functions', 'list-functions.json'))),
  ...(await readLambdaFunctions(at('demo', 'lambda-functions.json'))),
];
const lambdaRoles = [...new Set(functions.map((f) => f.role))].map((arn) => roleRefFromArn(arn)!);
const xrayFiles = ['test/fixtures/xray', 'demo/xray'].flatMap((dir) =>
  readdirSync(at(dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f)),
);

describe('replay of every X-Ray fixture through the policy scan writes for it', () => {
  it.each(xrayFiles)(
    '%s: every observed call allowed (or waiting on an unrecorded resource)',
    async (file) => {
      let replayed = 0;
      for (const role of lambdaRoles) {
        const evidence = await readXrayTraceFiles([at(file)], { role, lambdaFunctions: functions });
        if (!observedCalls(evidence).calls.length) continue;
        const current = demoDetails.roles.find((r) => r.arn === role.arn);
        const r = scanAndReplay(evidence, role, current);
        expectFullyAllowed(r);
        replayed += r.total;
      }
      if (replayed === 0) {
        // Traces of no Lambda function (an ECS service): every trace in the file counts.
        const role = roleRefFromArn(`arn:aws:iam::${ACCOUNT}:role/fixture-service-role`)!;
        const evidence = await readXrayTraceFiles([at(file)], { role });
        const r = scanAndReplay(evidence, role);
        expectFullyAllowed(r);
        replayed += r.total;
      }
      expect(replayed).toBeGreaterThan(0);
    },
  );

  it.each([
    ['fixture-media-role', 12, 1],
    ['fixture-orders-role', 11, 9],
    ['fixture-fanout-role', 8, 0],
    ['fixture-secrets-role', 0, 5],
    ['notes-app-api-prod-create-us-east-1-lambdaRole', 9, 0],
    ['notes-app-api-prod-list-us-east-1-lambdaRole', 1, 0],
    ['notes-app-api-prod-delete-us-east-1-lambdaRole', 9, 0],
  ])('%s: %i allowed, %i waiting on a resource the traces did not record', async (name, allowed, open) => {
    const role = lambdaRoles.find((r) => r.name === name)!;
    const evidence = await readXrayTraceFiles([at('test/fixtures/xray'), at('demo/xray')], {
      role,
      lambdaFunctions: functions,
    });
    const r = scanAndReplay(
      evidence,
      role,
      demoDetails.roles.find((d) => d.arn === role.arn),
    );
    expect([r.allowed, r.needsPlaceholder, r.denied]).toEqual([allowed, open, 0]);
  });
});

// CloudTrail fixtures: whichever of these folders are present (the demo's when it exists).
const TRAIL_DIRS = [
  'test/fixtures/cloudtrail',
  'test/fixtures/invictus-ir+aws_dataset/CloudTrail',
  'test/fixtures/DataDog+stratus-red-team/docs/detonation-logs',
  'test/fixtures/flosell+trailscraper/tests/cloudtrail',
  'demo/cloudtrail',
].filter((d) => existsSync(at(d)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.json(\.gz)?$/.test(f) ? [p] : [];
  });
}

/** Role ARNs that made calls in a trail file (session issuers, also inside lookup-events output). */
function trailRoles(file: string): string[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const issuer = (
      o.userIdentity as { sessionContext?: { sessionIssuer?: { type?: string; arn?: string } } }
    )?.sessionContext?.sessionIssuer;
    if (issuer?.type === 'Role' && issuer.arn) found.add(issuer.arn);
    if (typeof o.CloudTrailEvent === 'string') walk(JSON.parse(o.CloudTrailEvent));
    for (const x of Object.values(o)) if (typeof x === 'object') walk(x);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    return []; // not a trail file (a policy beside the logs)
  }
  return [...found];
}

const trailCases = TRAIL_DIRS.map((dir) => {
  const roles = [...new Set(files(at(dir)).flatMap(trailRoles))].sort();
  return [dir, roles] as const;
}).filter(([, roles]) => roles.length > 0);

describe('replay of every CloudTrail fixture through the policy scan writes for it', () => {
  it('finds trail fixtures with roles to replay', () => {
    expect(trailCases.length).toBeGreaterThan(0);
  });

  it.each(trailCases)('%s: every role’s observed calls allowed', async (dir, roles) => {
    let replayed = 0;
    for (const arn of roles) {
      const role = roleRefFromArn(arn)!;
      const evidence = await readCloudTrail([at(dir)], { role });
      const r = scanAndReplay(
        evidence,
        role,
        demoDetails.roles.find((d) => d.arn === arn),
      );
      expectFullyAllowed(r);
      replayed += r.total;
    }
    expect(replayed).toBeGreaterThan(0);
  });
});
