// doctor's pure parts: what a trail logs, whether a trust policy lets the service in,
// the statement a denied action needs, and the line scan, compare and doctor print.
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { trustsService } from '../../src/doctor/access-analyzer.js';
import { loggedEvents, trailsCovering } from '../../src/doctor/cloudtrail-trails.js';
import { formatCheckLine } from '../../src/doctor/render.js';
import { withSimulation } from '../../src/doctor/run.js';
import { policyFix } from '../../src/doctor/tool-policy.js';

describe('loggedEvents', () => {
  it.each([
    ['no selectors', [], [], { management: undefined, dataTypes: [] }],
    [
      'basic: read-only management and S3 objects',
      [
        {
          ReadWriteType: 'ReadOnly',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
      ],
      [],
      { management: 'ReadOnly', dataTypes: ['AWS::S3::Object'] },
    ],
    [
      'basic: data events only',
      [{ IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function' }] }],
      [],
      { management: undefined, dataTypes: ['AWS::Lambda::Function'] },
    ],
    [
      'advanced: write-only management',
      [],
      [
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
      { management: 'WriteOnly', dataTypes: [] },
    ],
  ])('%s', (_name, selectors, advanced, expected) => {
    expect(
      loggedEvents({
        selectors: selectors as EventSelector[],
        advanced: advanced as AdvancedEventSelector[],
      }),
    ).toEqual(expected);
  });
});

describe('trailsCovering', () => {
  it('keeps multi-region trails and those homed in the region, multi-region first', () => {
    const trails = [
      { Name: 'local', HomeRegion: 'us-east-1' },
      { Name: 'elsewhere', HomeRegion: 'eu-west-1' },
      { Name: 'everywhere', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true },
    ];
    expect(trailsCovering(trails, 'us-east-1').map((t) => t.Name)).toEqual(['everywhere', 'local']);
  });
});

describe('trustsService', () => {
  const doc = (Principal: unknown, Action: unknown = 'sts:AssumeRole', Effect = 'Allow') => ({
    Statement: [{ Effect, Principal, Action }],
  });
  it.each([
    [doc({ Service: 'access-analyzer.amazonaws.com' }), true],
    [doc({ Service: ['lambda.amazonaws.com', 'access-analyzer.amazonaws.com'] }, ['sts:AssumeRole']), true],
    [doc({ Service: 'lambda.amazonaws.com' }), false],
    [doc({ Service: 'access-analyzer.amazonaws.com' }, 'sts:TagSession'), false],
    [doc({ Service: 'access-analyzer.amazonaws.com' }, 'sts:AssumeRole', 'Deny'), false],
    [undefined, false],
  ])('%j → %s', (d, expected) => {
    expect(trustsService(d)).toBe(expected);
  });
});

describe('policyFix', () => {
  it("names each action's own statement, with the known resource and the statement's condition", () => {
    const fix = policyFix(['iam:PassRole', 'xray:BatchGetTraces'], 'arn:aws:iam::1:role/service-role/aa');
    expect(fix).toBe(
      `Add to the tool's policy (docs/tool-policy.json): ` +
        `{"Sid":"AccessAnalyzerPassAccessRole","Effect":"Allow","Action":["iam:PassRole"],"Resource":"arn:aws:iam::1:role/service-role/aa","Condition":{"StringEquals":{"iam:PassedToService":"access-analyzer.amazonaws.com"}}} ` +
        `{"Sid":"XRayTracesOfTheRole","Effect":"Allow","Action":["xray:BatchGetTraces"],"Resource":"*"}`,
    );
  });

  it("prefers the source's statement to doctor's own when both hold the action", () => {
    expect(policyFix(['cloudtrail:DescribeTrails'])).toContain('"Sid":"CloudTrailFindTrail"');
    expect(policyFix(['cloudtrail:GetTrailStatus'])).toContain('"Sid":"Preflight"');
  });
});

describe('formatCheckLine', () => {
  it('a missing line and its fix, continuation lines indented under it', () => {
    expect(
      formatCheckLine({ source: 'xray', label: 'X-Ray', state: 'missing', detail: 'none', fix: 'a\nb' }),
    ).toBe('X-Ray: missing: none\n  fix: a\n       b');
  });

  it('an ok line with a tip; control sequences from AWS never reach the terminal', () => {
    expect(
      formatCheckLine({
        source: 'cloudtrail',
        label: 'CloudTrail',
        state: 'ok',
        detail: 'trail \u001b[31mx',
        fix: 't',
      }),
    ).toBe('CloudTrail: ok: trail x\n  tip: t');
  });
});

describe('withSimulation', () => {
  const line = { source: 'xray' as const, label: 'X-Ray', state: 'ok' as const, detail: 'traced' };
  const permissions = {
    state: 'denied' as const,
    detail: '',
    statements: [{ sid: 'XRayTracesOfTheRole', allowed: [], denied: ['xray:BatchGetTraces'], resource: '*' }],
  };

  it('turns a working source denied when the caller lacks an action of its statements', () => {
    const merged = withSimulation(line, ['XRayTracesOfTheRole'], permissions);
    expect(merged.state).toBe('denied');
    expect(merged.detail).toBe('traced; the tool may not call xray:BatchGetTraces');
    expect(merged.fix).toContain('"Action":["xray:BatchGetTraces"]');
  });

  it('leaves other sources alone', () => {
    expect(withSimulation(line, ['AccessAnalyzerUnusedFindings'], permissions)).toBe(line);
  });
});
