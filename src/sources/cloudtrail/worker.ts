// Entry of a CloudTrail worker thread: reads whole files, one at a time, as the main
// thread hands them out, and sends back each file's folded evidence (small: one entry
// per action and resource) with progress counts on the way.
import { parentPort, workerData } from 'node:worker_threads';
import { ByteBudget } from './byte-budget.js';
import { fileTaskFor, readFileEvidence } from './file-evidence.js';
import { sendError, type FileJob, type WorkerReply, type WorkerSetup } from './worker-protocol.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const task = fileTaskFor(setup.role, setup.window);
const budget = new ByteBudget(setup.budget);
const reply = (msg: WorkerReply) => port.postMessage(msg);

async function readJob({ index, file }: FileJob): Promise<void> {
  let items = 0;
  let matched = 0;
  try {
    const read = await readFileEvidence(file, task, {
      budget,
      chunkBytes: setup.chunkBytes,
      onItems: (i, m) => {
        reply({ kind: 'items', items: i - items, matched: m - matched });
        items = i;
        matched = m;
      },
    });
    reply({
      kind: 'done',
      index,
      evidence: read.evidence,
      items: read.items - items,
      matched: read.matched - matched,
      skipped: read.skipped,
      ...(read.firstSkipped ? { firstSkipped: read.firstSkipped } : {}),
    });
  } catch (e) {
    reply({ kind: 'failed', index, error: sendError(e) });
  }
}

port.on('message', (job: FileJob) => void readJob(job));
