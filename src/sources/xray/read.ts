// The offline X-Ray source: trace files → aggregated Evidence for one role.
import { EvidenceAccumulator } from '../../core/aggregate.js';
import { inputError } from '../../core/errors.js';
import { inputName, readError, readInputText, STDIN } from '../input-stream.js';
import { isFolderPath, walkFolder } from '../walk.js';
import type { ReadContext, SourceProgress } from '../../core/progress.js';
import type { Evidence, RoleRef } from '../../core/types.js';
import { evidenceFromTrace } from './evidence.js';
import { parseXrayFile, XRAY_EXPECTED } from './files.js';
import { selectionIsEmpty } from './select.js';
import type { LambdaFunctionInfo } from './lambda-functions.js';
import { str } from './segments.js';

export interface XrayReadOptions extends ReadContext {
  role: RoleRef;
  service?: string;
  lambdaFunctions?: LambdaFunctionInfo[];
}

/**
 * A folder stands for the `.json` files in it (the shared walker: symlinks followed,
 * a file linked twice read once); a file, a pipe or `-` stands for itself.
 */
function expand(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === STDIN || !isFolderPath(p)) {
      out.push(p);
      continue;
    }
    const files = walkFolder(p, {
      where: `--xray-traces ${p}`,
      match: (n) => n.toLowerCase().endsWith('.json'),
      // Subfolders hold other exports (an account folder's functions list), not traces.
      recursive: false,
    });
    if (files.length === 0) throw inputError(`--xray-traces ${p}`, 'holds no .json files.', XRAY_EXPECTED);
    out.push(...files);
  }
  return out;
}

async function readTraceFile(file: string): Promise<string> {
  try {
    return await readInputText(file);
  } catch (e) {
    throw readError(file, e, XRAY_EXPECTED);
  }
}

/**
 * Evidence for `opts.role` from X-Ray trace files (or folders of them). Files are
 * parsed one at a time, so memory holds one file plus the aggregate.
 */
export async function readXrayTraceFiles(paths: string[], opts: XrayReadOptions): Promise<Evidence[]> {
  const progress = (state: SourceProgress['state'], done: number, total?: number, message?: string) =>
    opts.onProgress?.({ source: 'xray', label: 'X-Ray traces', state, done, total, unit: 'traces', message });
  const files = expand(paths);
  const acc = new EvidenceAccumulator();
  // The same trace exported twice (overlapping windows) counts once per document.
  const seen = new Set<string>();
  let done = 0;
  progress('running', 0);
  for (const file of files) {
    opts.signal?.throwIfAborted();
    const traces = parseXrayFile(inputName(file), await readTraceFile(file));
    for (const trace of traces) {
      if (opts.signal?.aborted) {
        progress('cancelled', done);
        opts.signal.throwIfAborted();
      }
      const fresh = trace.documents.filter((d) => {
        if (!str(d.id)) return true;
        const key = `${str(d.trace_id) ?? trace.id}/${str(d.id)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      acc.addAll(evidenceFromTrace(trace.id, fresh, opts));
      done++;
    }
    progress('running', done);
  }
  const message = selectionIsEmpty(opts)
    ? 'no Lambda function in the function list runs as this role, so no trace is its own'
    : undefined;
  progress('done', done, done, message);
  return acc.result();
}
