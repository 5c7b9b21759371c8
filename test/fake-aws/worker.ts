// The fake in its own thread, for the bench: real AWS does its work on other machines,
// so the fake's CPU must not count against the client's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { notesAppScenario, type NotesAppOptions } from './notes-app/index.js';
import { startFakeAws } from './server.js';

interface Data {
  scenario: NotesAppOptions;
  latencyMs: number;
}

const { scenario, latencyMs } = workerData as Data;
const fake = await startFakeAws(notesAppScenario(scenario), { latencyMs });
parentPort!.on('message', (msg: 'calls' | 'close') => {
  if (msg === 'calls') parentPort!.postMessage({ calls: fake.calls, maxInFlight: fake.maxInFlight() });
  else void fake.close().then(() => parentPort!.postMessage({ closed: true }));
});
parentPort!.postMessage({ url: fake.url });
