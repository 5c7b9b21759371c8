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
};
