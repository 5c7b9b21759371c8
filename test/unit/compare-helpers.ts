// Builders for compare tests: roles, policies and evidence as the readers produce them.
import type { Evidence, RoleDetail, RolePolicy, SourceId } from '../../src/core/types.js';

export const ACCOUNT = '123456789012';
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/notes`;
export const BUCKET = 'arn:aws:s3:::notes-app-attachments-prod';

export function inline(name: string, ...statements: Record<string, unknown>[]): RolePolicy {
  return { kind: 'inline', name, document: { Version: '2012-10-17', Statement: statements } };
}

export function role(name: string, ...policies: RolePolicy[]): RoleDetail {
  return { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name, path: '/', policies };
}

export function ev(source: SourceId, action: string, extra: Partial<Evidence> = {}): Evidence {
  return { source, action, count: 1, denied: 0, samples: [], ...extra };
}

/** The demo's delete-function role, as the bundled authorization details describe it. */
export function deleteRole(): RoleDetail {
  return role(
    'notes-app-api-prod-delete-us-east-1-lambdaRole',
    inline(
      'notes-app-api-prod-delete-lambda',
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/notes-app-api-prod-delete:*`],
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem'], Resource: [TABLE] },
      { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: [`${BUCKET}/private/*`] },
    ),
  );
}

/** What X-Ray and the unused-access finding say about the delete role. */
export function deleteEvidence(): Evidence[] {
  return [
    ev('xray', 'dynamodb:DeleteItem', { resource: TABLE, count: 14, lastSeen: '2026-11-19T10:00:00.000Z' }),
    ev('xray', 's3:DeleteObject', { resource: `${BUCKET}/private/u-1/report.pdf`, count: 5 }),
    ev('unused-findings', 'dynamodb:GetItem', { count: 0, unused: true, samples: ['8c2e4f61'] }),
  ];
}
