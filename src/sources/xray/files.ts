// What an X-Ray file may hold: `aws xray batch-get-traces` output ({"Traces": [...]}),
// a list of such traces, or an array of segment documents (objects or JSON strings).
// Anything else is refused with a message that says what the file looks like instead.
import { inputError } from '../../core/errors.js';
import { safeLine } from '../../core/sanitize.js';
import { isRecord, str, type SegmentDoc } from './segments.js';

export interface TraceInput {
  /** Trace id (from the trace or its documents), or `#n` when the file gives none. */
  id: string;
  documents: SegmentDoc[];
}

export const XRAY_EXPECTED =
  'Expected `aws xray batch-get-traces` output ({"Traces": [{"Id", "Segments": [{"Id", "Document"}]}]}) or a JSON array of X-Ray segment documents.';

/** Other files people pass by mistake, recognised by a top-level key. */
const OTHER_KINDS: [string, string][] = [
  ['Records', 'a CloudTrail log file: pass it with --cloudtrail'],
  ['Events', '`aws cloudtrail lookup-events` output: pass it with --cloudtrail'],
  [
    'TraceSummaries',
    '`aws xray get-trace-summaries` output (summaries, not traces): fetch the traces with `aws xray batch-get-traces --trace-ids ...`',
  ],
  [
    'Functions',
    '`aws lambda list-functions` output: it tells which functions run as the role, it holds no traces',
  ],
  [
    'RoleDetailList',
    '`aws iam get-account-authorization-details` output: pass it with --authorization-details',
  ],
  ['generatedPolicyResult', 'an Access Analyzer generated policy: pass it with --generated-policy'],
  ['findingDetails', 'an Access Analyzer finding: pass it with --unused-findings'],
];

function parseDocument(where: string, v: unknown, label: string): SegmentDoc {
  if (isRecord(v)) return v;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (isRecord(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  throw inputError(
    where,
    `${label} is not a segment document (a JSON object or a JSON string of one).`,
    XRAY_EXPECTED,
  );
}

function isSegmentDoc(v: unknown): boolean {
  return (
    isRecord(v) &&
    (typeof v.trace_id === 'string' || (typeof v.id === 'string' && typeof v.name === 'string'))
  );
}

function tracesFromList(where: string, list: unknown[]): TraceInput[] {
  return list.map((t, i) => {
    if (!isRecord(t) || !Array.isArray(t.Segments)) {
      throw inputError(where, `trace #${i + 1} has no Segments list.`, XRAY_EXPECTED);
    }
    const id = str(t.Id);
    const documents = t.Segments.map((s, j) =>
      parseDocument(
        where,
        isRecord(s) ? s.Document : undefined,
        `trace ${id ? safeLine(id) : `#${i + 1}`} segment #${j + 1}`,
      ),
    );
    return { id: id ?? str(documents[0]?.trace_id) ?? `#${i + 1}`, documents };
  });
}

function tracesFromDocuments(where: string, list: unknown[]): TraceInput[] {
  const byTrace = new Map<string, SegmentDoc[]>();
  list.forEach((v, i) => {
    const doc = parseDocument(where, v, `item #${i + 1}`);
    if (!isSegmentDoc(doc))
      throw inputError(where, `item #${i + 1} is not an X-Ray segment document.`, XRAY_EXPECTED);
    const id = str(doc.trace_id) ?? `#${i + 1}`;
    byTrace.set(id, [...(byTrace.get(id) ?? []), doc]);
  });
  return [...byTrace].map(([id, documents]) => ({ id, documents }));
}

/** Parse a file's text into traces; throws a UserError naming the file otherwise. */
export function parseXrayFile(where: string, text: string): TraceInput[] {
  if (text.trim() === '') throw inputError(where, 'is empty.', XRAY_EXPECTED);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw inputError(where, `is not valid JSON (${(e as Error).message}).`, XRAY_EXPECTED, e);
  }
  if (isRecord(data)) {
    if (Array.isArray(data.Traces)) return tracesFromList(where, data.Traces);
    const other = OTHER_KINDS.find(([key]) => key in data);
    if (other) throw inputError(where, `looks like ${other[1]}, not X-Ray traces.`, XRAY_EXPECTED);
    if (isSegmentDoc(data)) return tracesFromDocuments(where, [data]);
    throw inputError(where, 'is not X-Ray trace data.', XRAY_EXPECTED);
  }
  if (Array.isArray(data)) {
    if (data.length > 0 && data.every((t) => isRecord(t) && Array.isArray(t.Segments))) {
      return tracesFromList(where, data);
    }
    return tracesFromDocuments(where, data);
  }
  throw inputError(where, 'is not X-Ray trace data.', XRAY_EXPECTED);
}
