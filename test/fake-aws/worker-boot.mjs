// Worker entry: register tsx in this thread (loader hooks are per thread in Node 20),
// then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
