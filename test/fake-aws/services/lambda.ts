// Lambda (REST-JSON): ListFunctions of the called region, paged by Marker/NextMarker (only
// $LATEST, as AWS lists by default); GetFunctionConfiguration of a function, a published
// version or an alias; ListEventSourceMappings.
import type { ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import type { FakeLambdaFunction, Scenario } from '../scenario.js';

const configuration = (f: FakeLambdaFunction) => ({
  Runtime: 'nodejs20.x',
  PackageType: 'Zip',
  TracingConfig: { Mode: 'PassThrough' },
  Version: '$LATEST',
  ...f,
});

/** FunctionName as the API takes it: a name, an ARN or a partial ARN, each with an optional `:qualifier`. */
function nameAndQualifier(raw: string): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  if (raw.startsWith('arn:')) return { name: parts[6] ?? '', qualifier: parts[7] };
  if (parts[1] === 'function') return { name: parts[2] ?? '', qualifier: parts[3] };
  return { name: parts[0] ?? '', qualifier: parts[1] };
}

function functionConfiguration(scenario: Scenario, region: string, raw: string, q?: string) {
  const { name, qualifier = q } = nameAndQualifier(raw);
  const base = (scenario.lambdaFunctions ?? []).find(
    (f) => f.FunctionName === name && f.FunctionArn.split(':')[3] === region,
  );
  const notFound = (arn: string) =>
    new FakeAwsError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
  if (!base) throw notFound(`arn:aws:lambda:${region}:123456789012:function:${name}`);
  if (!qualifier || qualifier === '$LATEST') return configuration(base);
  const alias = (scenario.lambdaAliases ?? []).find((a) => a.AliasArn === `${base.FunctionArn}:${qualifier}`);
  const version = alias?.FunctionVersion ?? qualifier;
  const published = (scenario.lambdaVersions ?? []).find(
    (v) => v.FunctionArn === `${base.FunctionArn}:${version}`,
  );
  if (!published) throw notFound(`${base.FunctionArn}:${qualifier}`);
  return configuration({ ...published, Version: version });
}

export const lambdaHandlers: ServiceHandlers = {
  ListFunctions(p, { scenario, region }) {
    const fns = (scenario.lambdaFunctions ?? []).filter((f) => f.FunctionArn.split(':')[3] === region);
    const pg = page(
      fns,
      p.Marker,
      clampInt(p.MaxItems, 50, 1, 10000, 'MaxItems'),
      { op: 'ListFunctions', region },
      'InvalidParameterValueException',
    );
    return { Functions: pg.items.map(configuration), NextMarker: pg.next };
  },
  GetFunctionConfiguration(p, { scenario, region }) {
    const q = typeof p.Qualifier === 'string' ? p.Qualifier : undefined;
    return functionConfiguration(scenario, region, String(p.FunctionName ?? ''), q);
  },
  ListEventSourceMappings(p, { scenario, region }) {
    // FunctionName: a name or an ARN (qualified or not), as the API takes it.
    const fn = String(p.FunctionName ?? '');
    const matches = (arn: string) => arn === fn || arn.split(':')[6] === fn || arn.startsWith(`${fn}:`);
    const all = (scenario.eventSourceMappings ?? []).filter(
      (m) => m.FunctionArn.split(':')[3] === region && (!fn || matches(m.FunctionArn)),
    );
    const pg = page(
      all,
      p.Marker,
      clampInt(p.MaxItems, 100, 1, 10000, 'MaxItems'),
      { op: 'ListEventSourceMappings', region, fn },
      'InvalidParameterValueException',
    );
    return { EventSourceMappings: pg.items, NextMarker: pg.next };
  },
};
