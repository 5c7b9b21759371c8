// A replay that is not its own referee (issue 11): the evidence keeps the ARNs its record
// named for each action, and the replay checks the policy against them as well as against
// the ARN the tool derived. A call whose own ARN the policy refuses is a mapping doubt.
import { describe, expect, it } from 'vitest';
import { proofSummary } from '../../components/review/proof.js';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { evidenceArns, MAX_EVIDENCE_ARNS } from '../../src/core/evidence-arns.js';
import { replayPasses, replayPolicy } from '../../src/core/replay.js';
import { proofMarkdown, replayHeadline, replayLines } from '../../src/render/proof.js';
import { recordArns } from '../../src/sources/cloudtrail/record-arns.js';
import type { CloudTrailRecord } from '../../src/sources/cloudtrail/index.js';
import { callFromNode } from '../../src/sources/xray/calls.js';

const A = '123456789012';
const TABLE = `arn:aws:dynamodb:us-east-1:${A}:table/orders`;
const fn = (q = '') => `arn:aws:lambda:us-east-1:${A}:function:f${q}`;
const req = (...request: string[]) => ({ request, response: [] });

describe('evidenceArns: the record ARNs that name what an action was checked on', () => {
  it.each([
    // [case, action, derived, other actions' derived, record ARNs, kept]
    [
      'GetObject: the object, not its bucket (S3 User Guide, object vs bucket ARNs)',
      's3:GetObject',
      ['arn:aws:s3:::b/k'],
      [],
      req('arn:aws:s3:::b/k', 'arn:aws:s3:::b'),
      ['arn:aws:s3:::b/k'],
    ],
    [
      'ListBucket: the bucket, not an object in it',
      's3:ListBucket',
      ['arn:aws:s3:::b'],
      [],
      req('arn:aws:s3:::b/k', 'arn:aws:s3:::b'),
      ['arn:aws:s3:::b'],
    ],
    [
      'CopyObject: GetObject keeps the source, the destination is PutObject’s',
      's3:GetObject',
      ['arn:aws:s3:::src/a'],
      ['arn:aws:s3:::dst/b'],
      req('arn:aws:s3:::dst/b', 'arn:aws:s3:::src/a'),
      ['arn:aws:s3:::src/a'],
    ],
    [
      'Query on an index: the table ARN in resources[] is its container (IAM checks the index)',
      'dynamodb:Query',
      [`${TABLE}/index/by-date`],
      [],
      req(TABLE),
      [],
    ],
    [
      'a wrongly derived account is kept, for the replay to catch',
      'dynamodb:GetItem',
      ['arn:aws:dynamodb:us-east-1:999999999999:table/orders'],
      [],
      req(TABLE),
      [TABLE],
    ],
    [
      'UpdateFunctionCode: the version the response names extends the function',
      'lambda:UpdateFunctionCode',
      [fn()],
      [],
      { request: [], response: [fn(':3')] },
      [],
    ],
    [
      'an ARN of another service or type is left out',
      'sns:Publish',
      [`arn:aws:sns:us-east-1:${A}:t`],
      [],
      req(`arn:aws:iam::${A}:role/r`, `arn:aws:sns:us-east-1:${A}:t`),
      [`arn:aws:sns:us-east-1:${A}:t`],
    ],
    ['actions that take only `*` keep none', 's3:ListAllMyBuckets', ['*'], [], req('arn:aws:s3:::b'), []],
  ])('%s', (_name, action, derived, others, arns, kept) => {
    expect(evidenceArns(action, derived, others, arns)).toEqual(kept);
  });

  it(`keeps at most ${MAX_EVIDENCE_ARNS}, sorted`, () => {
    const many = Array.from({ length: 9 }, (_, i) => `arn:aws:s3:::b/k${9 - i}`);
    const kept = evidenceArns('s3:GetObject', ['arn:aws:s3:::b/${ObjectName}'], [], req(...many));
    expect(kept).toEqual([...many].sort().slice(0, MAX_EVIDENCE_ARNS));
  });
});

describe('where a record names ARNs', () => {
  it('CloudTrail: resources[], the request at any depth (lists too), the response apart', () => {
    const record: CloudTrailRecord = {
      eventSource: 'tagging.amazonaws.com',
      eventName: 'GetResources',
      resources: [{ ARN: TABLE }, { type: 'x' }],
      requestParameters: {
        resourceARNList: [`arn:aws:sns:us-east-1:${A}:t`],
        deep: { a: { b: [{ c: `arn:aws:sqs:us-east-1:${A}:q` }] } },
        name: 'not-an-arn',
      },
      responseElements: { functionArn: fn(':3'), again: TABLE },
    };
    expect(recordArns(record)).toEqual({
      request: [TABLE, `arn:aws:sns:us-east-1:${A}:t`, `arn:aws:sqs:us-east-1:${A}:q`].sort(),
      response: [fn(':3')],
    });
  });

  it('X-Ray: ARNs among the captured parameters and resource_names', () => {
    const call = callFromNode(
      {
        name: 'SNS',
        namespace: 'aws',
        aws: {
          operation: 'Publish',
          topic_arn: `arn:aws:sns:us-east-1:${A}:t`,
          resource_names: [fn()],
          region: 'us-east-1',
        },
      },
      'sns',
      {},
    );
    expect(call?.arns).toEqual([fn(), `arn:aws:sns:us-east-1:${A}:t`]);
  });

  it('the aggregator keeps the union, sorted and capped', () => {
    const base = { source: 'cloudtrail' as const, action: 's3:GetObject', resource: 'r', count: 1 };
    const [e] = aggregateEvidence([
      { ...base, arns: ['arn:aws:s3:::b/2'] },
      { ...base, arns: ['arn:aws:s3:::b/1', 'arn:aws:s3:::b/2'] },
      ...Array.from({ length: 8 }, (_, i) => ({ ...base, arns: [`arn:aws:s3:::b/x${i}`] })),
    ]);
    expect(e!.arns).toHaveLength(MAX_EVIDENCE_ARNS);
    expect(e!.arns!.slice(0, 2)).toEqual(['arn:aws:s3:::b/1', 'arn:aws:s3:::b/2']);
  });
});

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const WRONG = 'arn:aws:dynamodb:us-east-1:999999999999:table/orders';

describe('replayPolicy checks the evidence’s own ARNs', () => {
  // A wrong derivation (the wrong account), and a policy built from it: the derived ARN reads allowed.
  const evidence = aggregateEvidence([
    { source: 'cloudtrail', action: 'dynamodb:GetItem', resource: WRONG, count: 3, arns: [TABLE] },
    { source: 'cloudtrail', action: 'dynamodb:PutItem', resource: TABLE, count: 1, arns: [TABLE] },
  ]);
  const policy = doc(
    { Sid: 'Get', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: WRONG },
    { Sid: 'Put', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE },
  );

  it('a call whose own ARN the policy refuses is a mapping doubt, not allowed, and the replay fails', () => {
    const r = replayPolicy(evidence, policy);
    expect([r.total, r.allowed, r.denied, r.doubts]).toEqual([2, 1, 0, 1]);
    expect(replayPasses(r)).toBe(false);
    const doubt = r.calls.find((c) => c.verdict === 'mapping-doubt')!;
    expect(doubt.evaluation.decision).toBe('allowed');
    expect(doubt.arnChecks).toEqual([{ arn: TABLE, verdict: 'denied' }]);
    expect(r.doubtGroups.map((g) => g.action)).toEqual(['dynamodb:GetItem']);
  });

  it('without the evidence’s ARNs the same wrong derivation would read 100%', () => {
    const r = replayPolicy(
      evidence.map(({ arns: _arns, ...e }) => e),
      policy,
    );
    expect([r.allowed, r.doubts]).toEqual([2, 0]);
    expect(replayPasses(r)).toBe(true);
  });

  it('a derived ARN left open is settled by the record’s own ARN', () => {
    const open = aggregateEvidence([
      {
        source: 'cloudtrail',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/${ObjectName}',
        count: 1,
        arns: ['arn:aws:s3:::b/k'],
      },
    ]);
    const allowed = replayPolicy(
      open,
      doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
    );
    expect([allowed.allowed, allowed.needsPlaceholder, allowed.doubts]).toEqual([1, 0, 0]);
    // Open on the derived ARN, refused on the record's own: a doubt, not a placeholder to fill.
    const narrower = replayPolicy(
      open,
      doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/private/*' }),
    );
    expect(narrower.calls[0]!.verdict).toBe('mapping-doubt');
  });

  it('a denied derived ARN stays denied', () => {
    const r = replayPolicy(evidence, doc({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE }));
    expect(r.calls.find((c) => c.action === 'dynamodb:GetItem')!.verdict).toBe('denied');
  });

  it('is shown in the headline, the proof lines, the Markdown and the TUI preview', () => {
    const r = replayPolicy(evidence, policy);
    expect(replayHeadline(r)).toBe(
      'allows 1 of 2 observed calls (4 requests); 1 MAPPING DOUBT (an ARN the evidence names is not allowed)',
    );
    const lines = replayLines(r);
    expect(lines).toContain(
      `  mapping doubts (the derived ARN is allowed, the ARN the record itself named is not: check the resources):`,
    );
    expect(lines).toContain(`    dynamodb:GetItem on ${WRONG} (CT: 3 calls): not allowed on ${TABLE}`);
    const md = proofMarkdown({ replay: r }, { statements: [] }, { text: (s) => s, code: (s) => `\`${s}\`` });
    expect(md).toContain(
      `  - \`dynamodb:GetItem\` on \`${WRONG}\`, not allowed on \`${TABLE}\` — CT: 3 calls`,
    );
    expect(proofSummary(r, { statements: [] }, undefined, false)[0]).toEqual({
      text: `Replay: ${replayHeadline(r)}`,
      tone: 'red',
    });
  });
});
