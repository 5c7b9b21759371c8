// An organization for the sweep tests: a management account and member accounts, each
// with the audit role, an over-privileged app role, a clean one and a service-linked role.
import type { FakeServiceLastAccessed, Scenario } from './scenario.js';

export const MANAGEMENT = '999999999999';
export const AUDIT_ROLE = 'IamRefineAudit';
/** The member accounts the end-to-end sweeps use, A to E. */
export const MEMBERS = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
] as const;

const day = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export interface MemberOptions {
  /** No audit role: AssumeRole is refused. */
  noAuditRole?: boolean;
  /** A role whose attached managed policy does not exist (its policies cannot be read). */
  brokenRole?: boolean;
  externalId?: string;
  /** More clean roles (app-extra-N), for quota tests. */
  extraRoles?: number;
  /** app-orders runs as a Lambda function in this region, traced: it deleted an order. */
  ordersFunctionIn?: string;
}

export function memberAccount(account: string, opts: MemberOptions = {}): Scenario {
  const arn = (name: string, path = '/') => `arn:aws:iam::${account}:role${path}${name}`;
  const s3Used: FakeServiceLastAccessed = {
    ServiceName: 'Amazon S3',
    ServiceNamespace: 's3',
    LastAuthenticated: ago(day),
    TotalAuthenticatedEntities: 1,
    TrackedActionsLastAccessed: [
      { ActionName: 'GetObject', LastAccessedTime: ago(day), LastAccessedRegion: 'us-east-1' },
      { ActionName: 'PutObject' },
      { ActionName: 'DeleteObject' },
    ],
  };
  const analyzer = `arn:aws:access-analyzer:us-east-1:${account}:analyzer/unused-access`;
  const fn = opts.ordersFunctionIn ? `orders-fn-${opts.ordersFunctionIn}` : undefined;
  const tracedAt = Date.now() / 1000 - 3600;
  return {
    account,
    externalId: opts.externalId,
    ...(fn
      ? {
          lambdaFunctions: [
            {
              FunctionName: fn,
              FunctionArn: `arn:aws:lambda:${opts.ordersFunctionIn}:${account}:function:${fn}`,
              Role: arn('app-orders'),
              TracingConfig: { Mode: 'Active' as const },
            },
          ],
          traces: [
            {
              Id: `1-6750a000-${account}abcdef01`,
              segments: [
                {
                  id: 'f1',
                  name: fn,
                  origin: 'AWS::Lambda::Function',
                  start_time: tracedAt,
                  end_time: tracedAt + 1,
                  subsegments: [
                    {
                      id: 'f1-s3',
                      name: 'S3',
                      namespace: 'aws',
                      start_time: tracedAt + 0.1,
                      http: { response: { status: 204 } },
                      aws: {
                        operation: 'DeleteObject',
                        bucket_name: 'orders',
                        region: opts.ordersFunctionIn,
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }
      : {}),
    analyzers: [{ arn: analyzer, name: 'unused-access', type: 'ACCOUNT_UNUSED_ACCESS' }],
    findings: [
      {
        analyzerArn: analyzer,
        id: `a1b2c3d4-0000-4000-8000-${account}`,
        resource: arn('app-orders'),
        findingType: 'UnusedPermission',
        findingDetails: [
          { unusedPermissionDetails: { serviceNamespace: 'iam', actions: [{ action: 'CreateAccessKey' }] } },
        ],
      },
    ],
    accessAdvisorPolls: 0,
    roles: [
      ...(opts.noAuditRole ? [] : [{ RoleName: AUDIT_ROLE }]),
      {
        RoleName: 'app-orders',
        Tags: [{ Key: 'team', Value: 'orders' }],
        inline: {
          orders: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
                Resource: 'arn:aws:s3:::orders/*',
              },
              { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:PutRolePolicy'], Resource: '*' },
            ],
          },
        },
      },
      {
        RoleName: 'app-reports',
        attached: [{ PolicyName: 'ReportsList', PolicyArn: `arn:aws:iam::${account}:policy/ReportsList` }],
        inline: {
          read: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::orders/*' }],
          },
        },
      },
      {
        RoleName: 'AWSServiceRoleForSupport',
        Path: '/aws-service-role/support.amazonaws.com/',
        attached: [
          {
            PolicyName: 'AWSSupportServiceRolePolicy',
            PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy',
          },
        ],
      },
      ...Array.from({ length: opts.extraRoles ?? 0 }, (_, i) => ({
        RoleName: `app-extra-${i + 1}`,
        inline: {
          read: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::orders/*' }],
          },
        },
      })),
      ...(opts.brokenRole
        ? [
            {
              RoleName: 'legacy-app',
              attached: [{ PolicyName: 'Gone', PolicyArn: `arn:aws:iam::${account}:policy/Gone` }],
            },
          ]
        : []),
    ],
    managedPolicies: {
      [`arn:aws:iam::${account}:policy/ReportsList`]: {
        PolicyName: 'ReportsList',
        DefaultVersionId: 'v1',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::orders' }],
        },
      },
    },
    accessAdvisor: {
      [arn('app-orders')]: [
        s3Used,
        {
          ServiceName: 'AWS Identity and Access Management',
          ServiceNamespace: 'iam',
          TotalAuthenticatedEntities: 0,
        },
      ],
      [arn('app-reports')]: [
        { ...s3Used, TrackedActionsLastAccessed: [s3Used.TrackedActionsLastAccessed![0]!] },
      ],
    },
  };
}

export function organization(
  members: Record<string, MemberOptions>,
  extra: Partial<Scenario> = {},
): Scenario {
  return {
    account: MANAGEMENT,
    caller: { arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/OrgAdmin/alice`, userId: 'AROAORGADMIN:alice' },
    members: Object.entries(members).map(([id, o]) => memberAccount(id, o)),
    ...extra,
  };
}
