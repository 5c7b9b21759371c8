// Starts the notes-app fake in a worker thread and talks to it by messages.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { NotesAppOptions } from './notes-app/index.js';
import type { RecordedCall } from './server.js';

export interface WorkerFake {
  url: string;
  calls(): Promise<{ calls: RecordedCall[]; maxInFlight: number }>;
  close(): Promise<void>;
}

export async function startFakeAwsWorker(scenario: NotesAppOptions, latencyMs: number): Promise<WorkerFake> {
  // The worker is TypeScript: its entry registers tsx in that thread first.
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { scenario, latencyMs },
  });
  const [first] = (await once(worker, 'message')) as [{ url: string }];
  const ask = async <T>(msg: string): Promise<T> => {
    worker.postMessage(msg);
    const [reply] = (await once(worker, 'message')) as [T];
    return reply;
  };
  return {
    url: first.url,
    calls: () => ask('calls'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}
