// Live unused-access findings: find an unused-access analyzer (account, then
// organization), list the role's active findings (ListFindingsV2), read each one's
// details (GetFindingV2, paged) and map them with the offline reader's pure function.
// The V2 operations are authorized by access-analyzer:ListFindings and :GetFinding.
import {
  GetFindingV2Command,
  paginateListAnalyzers,
  paginateListFindingsV2,
  type GetFindingV2CommandOutput,
} from '@aws-sdk/client-accessanalyzer';
import type { AwsClients } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { reporter } from '../../aws/progress.js';
import { aggregateEvidence } from '../../core/aggregate.js';
import { UserError } from '../../core/errors.js';
import type { Evidence } from '../../core/types.js';
import type { AccessAnalyzerReadOptions } from './common.js';
import { evidenceFromFindings } from './unused-findings.js';

export interface UnusedFindingsLiveOptions extends AccessAnalyzerReadOptions {
  /** A known analyzer; otherwise the first active unused-access analyzer. */
  analyzerArn?: string;
}

/** The first active unused-access analyzer (the account's before the organization's). */
export async function findUnusedAccessAnalyzer(
  clients: AwsClients,
  signal?: AbortSignal,
): Promise<string | undefined> {
  for (const type of ['ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS'] as const) {
    const found = await callAws(
      { action: 'access-analyzer:ListAnalyzers', profile: clients.settings.profile },
      async () => {
        for await (const page of paginateListAnalyzers(
          { client: clients.accessAnalyzer },
          { type },
          { abortSignal: signal },
        ))
          for (const a of page.analyzers ?? []) if (a.status === 'ACTIVE' && a.arn) return a.arn;
        return undefined;
      },
    );
    if (found) return found;
  }
  return undefined;
}

export async function unusedFindingsLive(
  clients: AwsClients,
  opts: UnusedFindingsLiveOptions,
): Promise<Evidence[]> {
  const report = reporter(opts, 'unused-findings', 'Access Analyzer unused-access findings', 'findings');
  const profile = clients.settings.profile;
  const abortSignal = opts.signal;
  const aa = clients.accessAnalyzer;
  report({ message: 'finding an unused-access analyzer' });
  const analyzerArn = opts.analyzerArn ?? (await findUnusedAccessAnalyzer(clients, abortSignal));
  if (!analyzerArn) {
    const region = await aa.config.region();
    throw new UserError('aws', `no unused-access analyzer in ${region}`, {
      hint: `Create one (a paid Access Analyzer feature): aws accessanalyzer create-analyzer --analyzer-name unused-access --type ACCOUNT_UNUSED_ACCESS --region ${region}. Findings appear after its first scan.`,
    });
  }
  const ids = await callAws({ action: 'access-analyzer:ListFindings', profile }, async () => {
    const out: string[] = [];
    const filter = {
      resource: { eq: [opts.role.arn] },
      findingType: { eq: ['UnusedPermission', 'UnusedIAMRole'] },
      status: { eq: ['ACTIVE'] },
    };
    for await (const page of paginateListFindingsV2({ client: aa }, { analyzerArn, filter }, { abortSignal }))
      out.push(...(page.findings ?? []).map((f) => f.id ?? '').filter(Boolean));
    return out;
  });
  report({ done: 0, total: ids.length, message: `${ids.length} findings for ${opts.role.name}` });
  const docs: unknown[] = [];
  for (const id of ids) {
    const details: unknown[] = [];
    let first: GetFindingV2CommandOutput | undefined;
    let nextToken: string | undefined;
    do {
      const page = await callAws({ action: 'access-analyzer:GetFinding', profile }, () =>
        aa.send(new GetFindingV2Command({ analyzerArn, id, nextToken }), { abortSignal }),
      );
      first ??= page;
      details.push(...(page.findingDetails ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const { $metadata: _m, nextToken: _n, ...finding } = first;
    // The reader expects the CLI's JSON (dates as ISO strings).
    docs.push(JSON.parse(JSON.stringify({ ...finding, findingDetails: details })));
    report({ done: docs.length, total: ids.length });
  }
  const evidence = aggregateEvidence(evidenceFromFindings(docs, `analyzer ${analyzerArn}`, opts));
  report({
    state: 'done',
    done: ids.length,
    total: ids.length,
    message: `${ids.length} findings for ${opts.role.name}`,
  });
  return evidence;
}
