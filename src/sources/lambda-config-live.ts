// The platform-needs source, live: the role's functions from ListFunctions (which returns
// each function's configuration: logging, tracing, VPC, dead-letter target, KMS key) and
// their event source mappings from ListEventSourceMappings.
import { paginateListEventSourceMappings, paginateListFunctions } from '@aws-sdk/client-lambda';
import { callAws } from '../aws/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { platformNeeds, type EventSourceMapping, type LambdaConfig } from '../core/platform-needs.js';
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
  return platformNeeds(functions, mappings, isRole);
}
