// The reader on the X-Ray developer guide's and the AWS CLI's own example documents.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateEvidence } from '../../src/core/aggregate.js';
import { evidenceFromSegmentDocuments } from '../../src/sources/xray/evidence.js';
import { parseXrayFile } from '../../src/sources/xray/files.js';
import type { RoleRef } from '../../src/core/types.js';

const guide = JSON.parse(
  readFileSync('test/fixtures/awsdocs+aws-xray-developer-guide/xray_doc_code_blocks.json', 'utf8'),
) as { source_file: string; code_block_index: number; status: string; json: unknown }[];
const block = (file: string, index: number) =>
  guide.find((b) => b.source_file.endsWith(file) && b.code_block_index === index)!.json;

/** The "Output::" block of the CLI example, unindented. */
function cliOutput(): string {
  const rst = readFileSync('test/fixtures/aws+aws-cli/awscli/examples/xray/batch-traces-get.rst', 'utf8');
  const after = rst.split('Output::')[1]!;
  return after
    .split('\n')
    .filter((l) => l.startsWith('    ') || l.trim() === '')
    .join('\n')
    .split('\n\nFor more')[0]!;
}

const role: RoleRef = {
  arn: 'arn:aws:iam::123456789012:role/app',
  name: 'app',
  account: '123456789012',
  partition: 'aws',
};
const summary = (docs: unknown[], opts = {}) =>
  aggregateEvidence(evidenceFromSegmentDocuments(docs, { role, ...opts })).map((e) => ({
    action: e.action,
    resource: e.resource,
    count: e.count,
    samples: e.samples,
  }));

describe('X-Ray examples from AWS documentation', () => {
  it('reads the CLI batch-get-traces example: one UpdateItem, the inferred copy not counted twice', () => {
    const traces = parseXrayFile('batch-traces-get.json', cliOutput());
    expect(traces.map((t) => [t.id, t.documents.length])).toEqual([
      ['1-5d82881a-0a9126e92a73e971eed891b9', 2],
    ]);
    expect(summary(traces[0]!.documents)).toEqual([
      {
        action: 'dynamodb:UpdateItem',
        // region from the Beanstalk instance's availability zone (us-east-2b)
        resource: 'arn:aws:dynamodb:us-east-2:123456789012:table/scorekeep-user',
        count: 1,
        samples: ['1-5d82881a-0a9126e92a73e971eed891b9'],
      },
    ]);
  });

  it('reads the guide trace with Lambda, nested DynamoDB and SNS calls', () => {
    const traces = parseXrayFile('gettingdata.json', JSON.stringify(block('xray-api-gettingdata.md', 7)));
    const docs = traces[0]!.documents;
    expect(summary(docs).map((e) => [e.action, e.resource, e.count])).toEqual([
      ['dynamodb:UpdateItem', 'arn:aws:dynamodb:us-west-2:123456789012:table/scorekeep-user', 1],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-west-2:123456789012:function:random-name', 1],
      [
        'sns:Publish',
        'arn:aws:sns:us-west-2:123456789012:awseb-e-ruag3jyweb-stack-NotificationTopic-6B829NT9V5O9',
        1,
      ],
    ]);
  });

  it('with the Lambda function list, keeps only the calls of the role’s function', () => {
    const docs = parseXrayFile('g.json', JSON.stringify(block('xray-api-gettingdata.md', 7)))[0]!.documents;
    const lambdaFunctions = [
      {
        name: 'random-name',
        arn: 'arn:aws:lambda:us-west-2:123456789012:function:random-name',
        role: role.arn,
      },
    ];
    expect(summary(docs, { lambdaFunctions }).map((e) => e.action)).toEqual(['sns:Publish']);
    const otherRole = [{ ...lambdaFunctions[0]!, role: 'arn:aws:iam::123456789012:role/other' }];
    expect(summary(docs, { lambdaFunctions: otherRole })).toEqual([]);
  });

  it('with a service name, keeps the calls of the segments of that name', () => {
    const docs = parseXrayFile('g.json', JSON.stringify(block('xray-api-gettingdata.md', 7)))[0]!.documents;
    expect(summary(docs, { service: 'Scorekeep' }).map((e) => e.action)).toEqual([
      'dynamodb:UpdateItem',
      'lambda:InvokeFunction',
    ]);
    expect(summary(docs, { service: 'nothing-by-this-name' })).toEqual([]);
  });

  it('counts inferred segments whose caller is not in the file (tutorial output)', () => {
    const traces = parseXrayFile('tutorial.json', JSON.stringify(block('xray-api-tutorial.md', 7)));
    expect(summary(traces[0]!.documents).map((e) => [e.action, e.resource])).toEqual([
      ['dynamodb:GetItem', 'arn:aws:dynamodb:${Region}:123456789012:table/scorekeep-session-xray'],
      ['dynamodb:UpdateItem', 'arn:aws:dynamodb:${Region}:123456789012:table/scorekeep-game-xray'],
    ]);
  });

  it.each([1, 2, 6])('segment document example %i parses and records no AWS call', (index) => {
    const traces = parseXrayFile('doc.json', JSON.stringify([block('xray-api-segmentdocuments.md', index)]));
    expect(traces).toHaveLength(1);
    expect(summary(traces[0]!.documents)).toEqual([]);
  });
});
