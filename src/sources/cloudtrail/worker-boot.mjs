// Worker entry when running from the TypeScript sources (vitest, `node --import tsx`):
// loader hooks are per thread in Node 20, so register tsx here, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
