// Worker entry for the sweep bench: register tsx in this thread, then run the fake.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-fake.ts');
