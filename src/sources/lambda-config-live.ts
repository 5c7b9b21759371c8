// The platform-needs source, live: the role's functions from ListFunctions (which returns
// each function's $LATEST configuration: logging, tracing, VPC, dead-letter target, KMS key)
// and their event source mappings from ListEventSourceMappings. A mapping on a published
// version or an alias runs that version's configuration, which ListFunctions does not list
// (only with FunctionVersion ALL, every version of every function): GetFunctionConfiguration
// reads it for exactly the qualifiers the mappings name.
import {
  GetFunctionConfigurationCommand,
  paginateListEventSourceMappings,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { callAws } from '../aws/errors.js';
import type { AwsClients } from '../aws/clients.js';
import {
  platformNeeds,
  qualifierOf,
  type EventSourceMapping,
  type LambdaConfig,
} from '../core/platform-needs.js';
import type { Evidence, RoleRef } from '../core/types.js';
import { parseEventSourceMappings, parseFunctionConfigs } from './lambda-config.js';
import { isSameRole } from './xray/lambda-functions.js';

export async function platformNeedsLive(
  clients: AwsClients,
  role: RoleRef,
  signal?: AbortSignal,
): Promise<Evidence[]> {
  const profile = clients.settings.profile;
  const isRole = (arn: string) => isSameRole(arn, role.arn);
  const functions = await callAws({ action: 'lambda:ListFunctions', profile }, async () => {
    const all: LambdaConfig[] = [];
    for await (const page of paginateListFunctions({ client: clients.lambda }, {}, { abortSignal: signal }))
      all.push(...parseFunctionConfigs('lambda:ListFunctions', page.Functions ?? []));
    return all.filter((f) => isRole(f.Role));
  });
  const mappings: EventSourceMapping[] = [];
  for (const f of functions) {
    await callAws({ action: 'lambda:ListEventSourceMappings', profile }, async () => {
      const pages = paginateListEventSourceMappings(
        { client: clients.lambda },
        { FunctionName: f.FunctionArn },
        { abortSignal: signal },
      );
      for await (const page of pages)
        mappings.push(
          ...parseEventSourceMappings('lambda:ListEventSourceMappings', page.EventSourceMappings ?? []),
        );
    });
  }
  const versions = await qualifiedConfigs(clients, mappings, signal);
  return platformNeeds([...functions, ...versions], mappings, isRole);
}

/** The configuration of each version or alias a mapping runs, keyed by the mapping's ARN. */
async function qualifiedConfigs(
  clients: AwsClients,
  mappings: EventSourceMapping[],
  signal?: AbortSignal,
): Promise<LambdaConfig[]> {
  const arns = [...new Set(mappings.map((m) => m.FunctionArn).filter((arn) => qualifierOf(arn)))];
  const out: LambdaConfig[] = [];
  for (const arn of arns) {
    const action = 'lambda:GetFunctionConfiguration';
    const detail = `the configuration of ${arn}, which an event source mapping of the role's function runs`;
    const config = await callAws({ action, profile: clients.settings.profile, detail }, () =>
      clients.lambda
        .send(new GetFunctionConfigurationCommand({ FunctionName: arn }), { abortSignal: signal })
        // A mapping left on a deleted alias or version: judged by the function's $LATEST.
        .catch((e: unknown) => {
          if ((e as { name?: string }).name === 'ResourceNotFoundException') return undefined;
          throw e;
        }),
    );
    if (!config) continue;
    // An alias may answer with its version's ARN; the mapping names the alias.
    const [parsed] = parseFunctionConfigs(action, [config]);
    if (parsed) out.push({ ...parsed, FunctionArn: arn });
  }
  return out;
}
