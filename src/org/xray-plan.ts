// X-Ray in a sweep: per account and per region (`--xray-regions`). Each region's Lambda
// functions are listed once per account (not once per role) and a role's traces are read
// in every region where one of its functions runs, with the account's assumed session.
import { paginateListFunctions } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { callAws } from '../aws/errors.js';
import { isUserError } from '../core/errors.js';
import type { RoleRef, TimeWindow } from '../core/types.js';
import { SOURCE_LABELS } from '../sources/config.js';
import type { SourcePlan } from '../sources/gather.js';
import {
  functionsOfRole,
  parseLambdaFunctions,
  type LambdaFunctionInfo,
} from '../sources/xray/lambda-functions.js';
import { gatherXrayLive } from '../sources/xray/live.js';

/** Every Lambda function of the client's region (ListFunctions, paged). */
function listFunctions(clients: AwsClients, signal?: AbortSignal): Promise<LambdaFunctionInfo[]> {
  return callAws({ action: 'lambda:ListFunctions' }, async () => {
    const all: LambdaFunctionInfo[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda }, {}, { abortSignal: signal }))
      all.push(...parseLambdaFunctions('lambda:ListFunctions', page.Functions ?? []));
    return all;
  });
}

export interface AccountXray {
  /** The X-Ray plan of one role: skipped when no function in the regions runs as it. */
  planFor(role: RoleRef, signal?: AbortSignal): Promise<SourcePlan>;
}

/** `clientsIn(region)` gives the account's session in that region (created once each). */
export function accountXray(
  regions: string[],
  clientsIn: (region: string) => AwsClients,
  window: TimeWindow,
): AccountXray {
  const listed = new Map<string, Promise<LambdaFunctionInfo[]>>();
  // Every function of the region, whatever its role: `functionsOfRole` picks them per role.
  const functionsIn = (region: string, signal?: AbortSignal) => {
    let p = listed.get(region);
    if (!p) {
      p = listFunctions(clientsIn(region), signal);
      listed.set(region, p);
    }
    return p;
  };
  return {
    async planFor(role, signal) {
      const label = SOURCE_LABELS.xray;
      const found: { region: string; functions: LambdaFunctionInfo[] }[] = [];
      try {
        for (const region of regions) {
          const mine = functionsOfRole(await functionsIn(region, signal), role.arn);
          if (mine.length) found.push({ region, functions: mine });
        }
      } catch (e) {
        // ListFunctions denied or failed: X-Ray fails for the role (never silently dropped).
        return {
          id: 'xray',
          label,
          available: false,
          requested: true,
          why: isUserError(e) ? e.message : e instanceof Error ? e.message : String(e),
          fix: 'The audit role needs lambda:ListFunctions, xray:GetTraceSummaries and xray:BatchGetTraces for --xray-regions (README: Organization sweep).',
          run: () => Promise.resolve([]),
        };
      }
      return {
        id: 'xray',
        label,
        available: found.length > 0,
        why: `no Lambda function in ${regions.join(', ')} runs as ${role.name}`,
        detail: `live, traces of ${found.reduce((n, f) => n + f.functions.length, 0)} Lambda function(s) in ${found.map((f) => f.region).join(', ')}`,
        run: async (ctx) => {
          const out = [];
          for (const f of found)
            out.push(
              ...(await gatherXrayLive(clientsIn(f.region), {
                role: ctx.role,
                window,
                lambdaFunctions: f.functions,
                signal: ctx.signal,
                onProgress: ctx.onProgress,
                onProblem: ctx.onProblem,
              })),
            );
          return out;
        },
      };
    },
  };
}
