// Lambda (REST-JSON): ListFunctions of the called region, paged by Marker/NextMarker.
import type { ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';

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
    return {
      Functions: pg.items.map((f) => ({
        Runtime: 'nodejs20.x',
        PackageType: 'Zip',
        TracingConfig: { Mode: 'PassThrough' },
        ...f,
      })),
      NextMarker: pg.next,
    };
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
