// The proof APIs: IAM SimulateCustomPolicy (query protocol, lists as `X.member.N`) and
// Access Analyzer ValidatePolicy / CheckNoNewAccess (REST-JSON). The simulator answers
// with the project's local evaluator (conditions aside) unless the scenario overrides a
// decision; ValidatePolicy reports the one check it knows (PassRole on *) unless the
// scenario gives findings; CheckNoNewAccess compares Allow statements by pattern coverage.
import { evaluate, parsePolicies } from '../../../src/core/evaluate.js';
import { globCovers, globOverlaps } from '../../../src/core/policy-glob.js';
import type { ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError, type Params } from '../protocols.js';

/** What a scenario can say about the proof APIs. */
export interface FakeProofSettings {
  /** Simulator decisions that differ from the local evaluator's. */
  simulatorOverrides?: {
    action: string;
    resource?: string;
    decision: 'allowed' | 'implicitDeny' | 'explicitDeny';
  }[];
  /** SimulateCustomPolicy results per page when the caller sends no MaxItems (AWS: 100). */
  simulatorPageSize?: number;
  /** ValidatePolicy findings to return as they are (AWS shapes). */
  validationFindings?: Record<string, unknown>[];
  /** Force CheckNoNewAccess's answer. */
  noNewAccess?: { result: 'PASS' | 'FAIL'; reasons?: Record<string, unknown>[] };
}

/** `Name.member.1`, `Name.member.2`... of a query-protocol request, in order. */
export function memberList(p: Params, name: string): string[] {
  const re = new RegExp(`^${name}\\.member\\.(\\d+)$`);
  return Object.entries(p)
    .map(([k, v]) => [Number(re.exec(k)?.[1]), String(v)] as const)
    .filter(([i]) => Number.isInteger(i))
    .sort(([a], [b]) => a - b)
    .map(([, v]) => v);
}

function parseDocument(text: unknown, code: string): Record<string, unknown> {
  try {
    const doc = JSON.parse(String(text)) as unknown;
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new FakeAwsError(400, code, 'The policy document is not valid JSON.');
}

type Statement = Record<string, unknown>;
const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.map(String) : []);
const statementsOf = (doc: Record<string, unknown>): Statement[] =>
  (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter(
    (s): s is Statement => typeof s === 'object' && s !== null,
  );

export const iamProofHandlers: ServiceHandlers = {
  SimulateCustomPolicy(p, { scenario }) {
    const policies = memberList(p, 'PolicyInputList');
    const actions = memberList(p, 'ActionNames');
    const resources = memberList(p, 'ResourceArns');
    if (!policies.length || !actions.length)
      throw new FakeAwsError(400, 'InvalidInput', 'PolicyInputList and ActionNames are required.');
    if (actions.some((a) => a.includes('*')))
      throw new FakeAwsError(400, 'InvalidInput', 'ActionNames cannot contain wildcards.');
    policies.forEach((text) => parseDocument(text, 'MalformedPolicyDocument'));
    const { statements } = parsePolicies(
      policies.map((document, i) => ({ name: `PolicyInputList.${i + 1}`, document })),
    );
    const overrides = scenario.proof?.simulatorOverrides ?? [];
    const results = actions.flatMap((action) =>
      (resources.length ? resources : ['*']).map((resource) => {
        const e = evaluate(statements, { action, resource });
        const local =
          e.decision === 'allowed'
            ? 'allowed'
            : e.decision === 'explicit-deny'
              ? 'explicitDeny'
              : 'implicitDeny';
        const forced = overrides.find((o) => o.action === action && (o.resource ?? '*') === resource);
        return {
          EvalActionName: action,
          EvalResourceName: resource,
          EvalDecision: forced?.decision ?? local,
          MatchedStatements: e.matched.map((m) => ({
            SourcePolicyId: m.policy,
            SourcePolicyType: 'IAM Policy',
            StartPosition: { Line: 1, Column: 1 },
            EndPosition: { Line: 1, Column: 2 },
          })),
          MissingContextValues: [],
        };
      }),
    );
    const size = clampInt(p.MaxItems, scenario.proof?.simulatorPageSize ?? 100, 1, 1000, 'MaxItems');
    const pg = page(results, p.Marker, size, { policies, actions, resources }, 'InvalidInput');
    return { EvaluationResults: pg.items, IsTruncated: !!pg.next, Marker: pg.next };
  },
};

function validationFindings(doc: Record<string, unknown>): Record<string, unknown>[] {
  return statementsOf(doc).flatMap((st, i) =>
    list(st.Action).some((a) => /^iam:passrole$/i.test(a)) && list(st.Resource).includes('*')
      ? [
          {
            findingType: 'SECURITY_WARNING',
            issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
            findingDetails:
              'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources.',
            learnMoreLink:
              'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource',
            locations: [
              {
                path: [{ value: 'Statement' }, { index: i }, { value: 'Resource' }],
                span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } },
              },
            ],
          },
        ]
      : [],
  );
}

/** Whether an existing Allow statement grants every (action, resource) a new pattern pair names. */
function covered(existing: Statement[], action: string, resource: string): boolean {
  return existing.some((st) => {
    if (st.Effect !== 'Allow') return false;
    const actionOk = st.NotAction
      ? !list(st.NotAction).some((x) => globOverlaps(x, action, { ignoreCase: true }))
      : list(st.Action).some((x) => globCovers(x, action, { ignoreCase: true }));
    const resourceOk = st.NotResource
      ? !list(st.NotResource).some((x) => globOverlaps(x, resource))
      : list(st.Resource).some((x) => globCovers(x, resource));
    return actionOk && resourceOk;
  });
}

export const accessAnalyzerProofHandlers: ServiceHandlers = {
  ValidatePolicy(p, { scenario }) {
    if (
      !['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'].includes(
        String(p.policyType),
      )
    )
      throw new FakeAwsError(400, 'ValidationException', 'policyType is required.');
    const doc = parseDocument(p.policyDocument, 'ValidationException');
    const all = scenario.proof?.validationFindings ?? validationFindings(doc);
    const pg = page(all, p.nextToken, clampInt(p.maxResults, 100, 1, 100, 'maxResults'), {
      d: p.policyDocument,
    });
    return { findings: pg.items, nextToken: pg.next };
  },
  CheckNoNewAccess(p, { scenario }) {
    if (p.policyType !== 'IDENTITY_POLICY' && p.policyType !== 'RESOURCE_POLICY')
      throw new FakeAwsError(400, 'ValidationException', 'policyType is required.');
    const next = parseDocument(p.newPolicyDocument, 'InvalidParameterException');
    const existing = statementsOf(parseDocument(p.existingPolicyDocument, 'InvalidParameterException'));
    const forced = scenario.proof?.noNewAccess;
    if (forced)
      return {
        result: forced.result,
        message: `The policy ${forced.result === 'PASS' ? 'does not grant' : 'grants'} new access.`,
        reasons: forced.reasons ?? [],
      };
    const reasons = statementsOf(next).flatMap((st, i) => {
      if (st.Effect !== 'Allow') return [];
      const newAccess =
        !!st.NotAction ||
        !!st.NotResource ||
        list(st.Action).some((a) => list(st.Resource).some((r) => !covered(existing, a, r)));
      return newAccess
        ? [
            {
              description: `New access in the statement with index: ${i}.`,
              statementIndex: i,
              ...(typeof st.Sid === 'string' ? { statementId: st.Sid } : {}),
            },
          ]
        : [];
    });
    return reasons.length
      ? {
          result: 'FAIL',
          message: 'The modified permissions grant new access compared to your existing policy.',
          reasons,
        }
      : {
          result: 'PASS',
          message: 'The policy document does not grant access beyond the existing policy.',
          reasons: [],
        };
  },
};
