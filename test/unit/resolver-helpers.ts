// One API call as a CloudTrail record or an X-Ray subsegment → the `action resource`
// lines the engine derives, for the table-driven resolver suites.
import { normaliseXrayService } from '../../src/catalog/operations.js';
import type { RoleRef } from '../../src/core/types.js';
import { evidenceFromRecord } from '../../src/sources/cloudtrail/index.js';
import { callFromNode } from '../../src/sources/xray/calls.js';
import { evidenceFromCall } from '../../src/sources/xray/evidence.js';

/** The role's account; `OTHER` owns cross-account resources. */
export const A = '111122223333';
export const OTHER = '444455556666';
export const R = 'us-east-1';
const role: RoleRef = { arn: `arn:aws:iam::${A}:role/app`, name: 'app', account: A, partition: 'aws' };

type Params = Record<string, unknown>;

/** A CloudTrail case: event source host, eventName, requestParameters, expected lines, extra record fields. */
export type CtCase = [source: string, event: string, params: Params, expected: string[], more?: Params];
/** An X-Ray case: subsegment name, the `aws` block (operation and captured parameters), expected lines. */
export type XrCase = [name: string, aws: Params, expected: string[]];

const line = (e: { action: string; resource?: string }) => `${e.action} ${e.resource ?? ''}`.trim();

export function ct(source: string, event: string, params: Params, more: Params = {}): string[] {
  const record = {
    eventVersion: '1.08',
    eventSource: `${source}.amazonaws.com`,
    eventName: event,
    awsRegion: R,
    eventType: 'AwsApiCall',
    recipientAccountId: A,
    eventTime: '2026-11-14T00:00:00Z',
    eventID: 'e1',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${A}:assumed-role/app/s`,
      accountId: A,
      sessionContext: { sessionIssuer: { type: 'Role', arn: role.arn, accountId: A, userName: 'app' } },
    },
    requestParameters: params,
    ...more,
  };
  return evidenceFromRecord(record, role).map(line).sort();
}

export function xr(name: string, aws: Params): string[] {
  const node = {
    id: '0000000000000001',
    name,
    namespace: 'aws',
    start_time: 1_794_614_400,
    http: { response: { status: 200 } },
    aws: { region: R, request_id: 'r', ...aws },
  };
  const call = callFromNode(node, normaliseXrayService(name), { account: A });
  return call ? evidenceFromCall(call, undefined, { role }).map(line).sort() : [];
}

/** X-Ray evidence with its notes, for the superset cases. */
export function xrNotes(name: string, aws: Params): string[] {
  const node = { id: '1', name, namespace: 'aws', aws: { region: R, ...aws } };
  const call = callFromNode(node, normaliseXrayService(name), { account: A });
  return call ? [...new Set(evidenceFromCall(call, undefined, { role }).map((e) => e.note ?? ''))] : [];
}
