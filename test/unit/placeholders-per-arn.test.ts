// Placeholders filled per ARN (issue 13): occurrence keys, precedence over the value
// everywhere, suggestions that fit the rest of their own ARN, the CLI's --fill forms, and
// the replay's flag on a filled ARN the records contradict.
import { describe, expect, it } from 'vitest';
import { filledMismatches } from '../../src/core/filled-check.js';
import {
  applyFills,
  buildPolicyModel,
  occurrenceKey,
  parseOccurrenceKey,
} from '../../src/core/policy-model.js';
import { observedArns, placeholderOccurrences } from '../../src/core/placeholders.js';
import { replayPolicy } from '../../src/core/replay.js';
import type { Candidate, Evidence } from '../../src/core/types.js';
import { resolveFills } from '../../src/commands/fill-flags.js';
import { renderPolicyJson } from '../../src/render/json.js';
import { proofMarkdown, replayHeadline, replayLines } from '../../src/render/proof.js';
import { UserError } from '../../src/core/errors.js';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/';
const A = `${STACK}web-a/\${Id}`;
const B = `${STACK}web-b/\${Id}`;
const BOTH = `${STACK}\${StackName}/\${Id}`;
const A_ARN = `${STACK}web-a/aaaa-1111`;
const B_ARN = `${STACK}web-b/bbbb-2222`;
const ROLE = {
  arn: 'arn:aws:iam::123456789012:role/deployer',
  name: 'deployer',
  account: '123456789012',
  partition: 'aws',
};

function ev(action: string, resource: string, extra: Partial<Evidence> = {}): Evidence {
  return { source: 'cloudtrail', action, resource, count: 1, denied: 0, samples: [], ...extra };
}

function candidate(action: string, resources: string[]): Candidate {
  return {
    action,
    service: action.split(':')[0]!,
    accessLevel: 'Write',
    sources: ['cloudtrail'],
    calls: 1,
    deniedCalls: 0,
    resources: resources.map((arn) => ({
      arn,
      kind: arn.includes('${') ? 'template' : 'observed',
      count: 1,
      sources: ['cloudtrail'],
    })),
    evidence: [],
  } as unknown as Candidate;
}

const statements = [
  { actions: ['cloudformation:DescribeStacks'], resources: [A, B] },
  { actions: ['cloudformation:DeleteStack'], resources: [BOTH] },
];
const observed = [A_ARN, B_ARN, `${STACK}web-a/old-0000`];

describe('occurrence keys and precedence', () => {
  it('keys each ${Name} by the ARN it is in, and reads the key back', () => {
    expect(occurrenceKey(A, 'Id')).toBe(`Id@${A}`);
    expect(occurrenceKey(A, '${Id}')).toBe(`Id@${A}`);
    expect(parseOccurrenceKey(`Id@${A}`)).toEqual({ name: 'Id', template: A });
    expect(parseOccurrenceKey('no-at')).toBeUndefined();
  });

  it('fills an ARN with its own value first, then the value everywhere', () => {
    const byArn = { [occurrenceKey(A, 'Id')]: 'aaaa-1111' };
    expect(applyFills(A, { Id: 'every' }, byArn)).toBe(A_ARN);
    expect(applyFills(B, { Id: 'every' }, byArn)).toBe(`${STACK}web-b/every`);
    expect(applyFills(B, {}, byArn)).toBe(B);
    // v2 sessions: a value by name alone fills every ARN, as before.
    expect(applyFills(A, { '${Id}': 'x' })).toBe(`${STACK}web-a/x`);
  });

  it('the policy model gives two stacks their own ids and lists what it filled', () => {
    const model = buildPolicyModel({
      role: ROLE,
      sources: ['CloudTrail'],
      candidates: [candidate('cloudformation:DescribeStacks', [A, B])],
      decisions: { 'cloudformation:DescribeStacks': 'accepted' },
      fills: { Id: 'everywhere-id' },
      fillsByArn: { [occurrenceKey(A, 'Id')]: 'aaaa-1111' },
    });
    expect(model.statements.flatMap((s) => s.resources)).toEqual([A_ARN, `${STACK}web-b/everywhere-id`]);
    expect(model.filled).toEqual([
      { template: A, arn: A_ARN, actions: ['cloudformation:DescribeStacks'] },
      { template: B, arn: `${STACK}web-b/everywhere-id`, actions: ['cloudformation:DescribeStacks'] },
    ]);
  });
});

describe('suggestions per occurrence', () => {
  it('suggests only values whose ARN fits the rest of this one, and narrows as other names fill', () => {
    const list = placeholderOccurrences(statements, observed, {});
    const of = (template: string, name: string) =>
      list.find((o) => o.template === template && o.name === name)!;
    expect(list.map((o) => o.key)).toEqual([`Id@${BOTH}`, `StackName@${BOTH}`, `Id@${A}`, `Id@${B}`]);
    expect(of(A, 'Id').suggestions).toEqual(['aaaa-1111', 'old-0000']);
    expect(of(B, 'Id').suggestions).toEqual(['bbbb-2222']);
    expect(of(BOTH, 'StackName').suggestions).toEqual(['web-a', 'web-b']);
    expect(of(BOTH, 'Id').suggestions).toHaveLength(3);
    const narrowed = placeholderOccurrences(statements, observed, {}, { [`StackName@${BOTH}`]: 'web-b' });
    expect(narrowed.find((o) => o.key === `Id@${BOTH}`)!.suggestions).toEqual(['bbbb-2222']);
  });

  it('says where each value comes from: this ARN, or everywhere', () => {
    const list = placeholderOccurrences(statements, observed, { Id: 'e' }, { [`Id@${A}`]: 'own' });
    expect(list.find((o) => o.key === `Id@${A}`)).toMatchObject({ value: 'own', scope: 'arn' });
    expect(list.find((o) => o.key === `Id@${B}`)).toMatchObject({ value: 'e', scope: 'everywhere' });
    expect(list.find((o) => o.key === `StackName@${BOTH}`)?.value).toBeUndefined();
  });

  it('takes observed ARNs from resources and the ARNs records named, never the current policy or patterns', () => {
    expect(
      observedArns([
        ev('cloudformation:UpdateStack', A_ARN),
        ev('cloudformation:DescribeStacks', A, { arns: [B_ARN] }),
        ev('cloudformation:DeleteStack', `${STACK}web-c/*`),
        { ...ev('cloudformation:DeleteStack', `${STACK}web-d/dddd`), source: 'current-policy' },
      ]),
    ).toEqual([A_ARN, B_ARN]);
  });
});

describe('--fill and --fill-suggested', () => {
  it('fills everywhere, per ARN (resource part or whole ARN, = inside the ARN), per-ARN winning', () => {
    const r = resolveFills(
      statements,
      observed,
      {},
      ['Id=every', `Id@stack/web-a/\${Id}=aaaa-1111`, `StackName@${BOTH}=web-b`],
      false,
    );
    expect(r.fills).toEqual({ Id: 'every' });
    expect(r.fillsByArn).toEqual({ [`Id@${A}`]: 'aaaa-1111', [`StackName@${BOTH}`]: 'web-b' });
    const s3 = [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/year=2026/${Key}'] }];
    expect(resolveFills(s3, [], {}, ['Key@b/year=2026/${Key}=a=b'], false).fillsByArn).toEqual({
      'Key@arn:aws:s3:::b/year=2026/${Key}': 'a=b',
    });
  });

  it('a value everywhere replaces the session`s per-ARN values of that name', () => {
    const r = resolveFills(
      statements,
      observed,
      { fillsByArn: { [`Id@${A}`]: 'old', [`StackName@${BOTH}`]: 's' } },
      ['Id=x'],
      false,
    );
    expect(r.fillsByArn).toEqual({ [`StackName@${BOTH}`]: 's' });
  });

  it('--fill-suggested fills only ARNs one observed value fits, narrowing as it goes', () => {
    const r = resolveFills(statements, observed, {}, [`StackName@${BOTH}=web-b`], true);
    expect(r.fillsByArn).toEqual({
      [`StackName@${BOTH}`]: 'web-b',
      [`Id@${BOTH}`]: 'bbbb-2222',
      [`Id@${B}`]: 'bbbb-2222',
    });
    // web-a has two ids observed: left open, never guessed.
    expect(r.fillsByArn[`Id@${A}`]).toBeUndefined();
    expect(r.fromSuggestions.map((f) => f.occurrence.key)).toEqual([`Id@${BOTH}`, `Id@${B}`]);
  });

  it.each([
    ['Nope=1', /the policy has no \$\{Nope\}/],
    ['Id@stack/web-z/${Id}=1', /no ARN of the policy holds \$\{Id\} as stack\/web-z/],
    ['Id=', /no value/],
    ['=x', /expected Name=value or Name@ARN=value/],
  ])('rejects %s with what to do', (flag, message) => {
    expect(() => resolveFills(statements, observed, {}, [flag], false)).toThrow(message);
    expect(() => resolveFills(statements, observed, {}, [flag], false)).toThrow(UserError);
  });

  it('an ARN part two ARNs share asks for the whole ARN', () => {
    const twoRegions = [{ actions: ['x:Y'], resources: [A, A.replace('us-east-1', 'eu-west-1')] }];
    expect(() => resolveFills(twoRegions, [], {}, ['Id@stack/web-a/${Id}=1'], false)).toThrow(/is in 2 ARNs/);
  });
});

describe('replay: a filled ARN the records contradict', () => {
  const evidence = [
    ev('cloudformation:UpdateStack', A_ARN, { arns: [A_ARN] }),
    ev('cloudformation:UpdateStack', B_ARN, { arns: [B_ARN] }),
    // DescribeStacks named the stack by name only: no ARN of its own.
    ev('cloudformation:DescribeStacks', A),
  ];

  it('flags a stack given the other stack`s id, against the ARNs the records named', () => {
    const wrong = `${STACK}web-a/bbbb-2222`;
    const flagged = filledMismatches(evidence, [
      { template: A, arn: wrong, actions: ['cloudformation:DescribeStacks', 'cloudformation:UpdateStack'] },
    ]);
    expect(flagged).toEqual([
      {
        arn: wrong,
        template: A,
        actions: ['cloudformation:DescribeStacks'],
        namedFor: 'role',
        kind: 'stack',
        observed: [A_ARN, B_ARN],
      },
      {
        arn: wrong,
        template: A,
        actions: ['cloudformation:UpdateStack'],
        namedFor: 'action',
        kind: 'stack',
        observed: [A_ARN, B_ARN],
      },
    ]);
  });

  it('leaves alone a right fill, one still open where it could match, and a kind no record named', () => {
    expect(
      filledMismatches(evidence, [{ template: A, arn: A_ARN, actions: ['cloudformation:UpdateStack'] }]),
    ).toEqual([]);
    expect(
      filledMismatches(evidence, [
        { template: BOTH, arn: `${STACK}\${StackName}/aaaa-1111`, actions: ['cloudformation:UpdateStack'] },
      ]),
    ).toEqual([]);
    const queue = 'arn:aws:sqs:us-east-1:123456789012:${QueueName}';
    expect(
      filledMismatches(evidence, [
        { template: queue, arn: queue.replace('${QueueName}', 'q'), actions: ['sqs:SendMessage'] },
      ]),
    ).toEqual([]);
    // The derived resource is not what the records named: it never vouches for a fill.
    const derivedOnly = [ev('cloudformation:UpdateStack', A_ARN)];
    expect(
      filledMismatches(derivedOnly, [
        { template: A, arn: `${STACK}web-a/x`, actions: ['cloudformation:UpdateStack'] },
      ]),
    ).toEqual([]);
  });

  it('the replay carries the flag into the headline, the lines and the Markdown proof', () => {
    const model = buildPolicyModel({
      role: ROLE,
      sources: ['CloudTrail'],
      candidates: [candidate('cloudformation:UpdateStack', [A])],
      decisions: { 'cloudformation:UpdateStack': 'accepted' },
      fillsByArn: { [`Id@${A}`]: 'bbbb-2222' },
    });
    const replay = replayPolicy(evidence, renderPolicyJson(model), { filled: model.filled });
    expect(replay.filledMismatches).toHaveLength(1);
    expect(replayHeadline(replay)).toContain('1 FILLED ARN matches no resource the records named');
    expect(replayLines(replay).join('\n')).toContain(
      `${STACK}web-a/bbbb-2222: filled ARN matches none of the 2 observed stacks (named by the records of cloudformation:UpdateStack;`,
    );
    const md = proofMarkdown({ replay }, model, { text: (t) => t, code: (t) => `\`${t}\`` }).join('\n');
    expect(md).toContain('Filled placeholders the records contradict');
    expect(md).toContain('matches none of the 2 observed stacks');
    // Without the filled list (an old caller), nothing is flagged.
    expect(replayPolicy(evidence, renderPolicyJson(model)).filledMismatches).toBeUndefined();
  });
});
