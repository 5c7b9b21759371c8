// Session files are written after every keystroke that changes something, and the
// evidence may hold thousands of records. The file is laid out for both speed and
// review in a repository: one top-level key per line, decisions and comments one per
// line in sorted order (small, meaningful diffs), evidence and history one record per
// line. The evidence bytes are cached per array, since the reducer keeps the same array
// until a gather replaces it: a decision rewrites the file without re-encoding it
// (the file is written as chunks; only the small parts are encoded each time).
import type { Session } from './schema.js';
import { scrubSettings } from './secrets.js';

const encoded = new WeakMap<object, Buffer>();

/** The bytes of a bulky value, encoded once per object identity. */
function once(value: object, encode: () => string): Buffer {
  let bytes = encoded.get(value);
  if (bytes === undefined) {
    bytes = Buffer.from(encode());
    encoded.set(value, bytes);
  }
  return bytes;
}

function sorted<T>(rec: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k]!;
  return out;
}

function lines(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  return `[\n    ${items.map((i) => JSON.stringify(i)).join(',\n    ')}\n  ]`;
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
}

/** Top-level keys in file order: what people read and diff first, bulk last. */
const ORDER = [
  'schemaVersion',
  'id',
  'name',
  'tool',
  'role',
  'window',
  'gatheredAt',
  'output',
  'ui',
  'sources',
  'decisions',
  'resourceChoices',
  'fills',
  'fillsByArn',
  'comments',
  'lastRegather',
  'createdAt',
  'updatedAt',
  'roleDetail',
  'evidence',
  'history',
] as const satisfies readonly (keyof Session)[];

function encodeKey(s: Session, key: (typeof ORDER)[number]): string | Buffer | undefined {
  switch (key) {
    case 'sources':
      return lines(s.sources.map((src) => ({ ...src, settings: scrubSettings(src.settings) })));
    case 'decisions':
    case 'fills':
      return pretty(sorted(s[key]));
    case 'fillsByArn':
      return s.fillsByArn && pretty(sorted(s.fillsByArn));
    case 'resourceChoices':
      return JSON.stringify(sorted(s.resourceChoices), null, 2)
        .replace(/\[\s+/g, '[')
        .replace(/,\s+(?=")/g, ', ')
        .replace(/\s+\]/g, ']')
        .replace(/\n/g, '\n  ');
    case 'comments':
      return pretty({
        byAction: sorted(s.comments.byAction),
        rationaleByAction: sorted(s.comments.rationaleByAction),
        byStatement: sorted(s.comments.byStatement),
      });
    case 'roleDetail':
      return s.roleDetail && once(s.roleDetail, () => JSON.stringify(s.roleDetail));
    case 'evidence':
      return once(s.evidence, () => lines(s.evidence));
    case 'history':
      return lines(s.history);
    default:
      return s[key] === undefined ? undefined : JSON.stringify(s[key]);
  }
}

/** The file as byte chunks, ready for one writev; bulky parts are cached buffers. */
export function serializeSessionChunks(s: Session): Buffer[] {
  const chunks: Buffer[] = [];
  let text = '{';
  let first = true;
  for (const key of ORDER) {
    const value = encodeKey(s, key);
    if (value === undefined) continue;
    text += `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (typeof value === 'string') {
      text += value;
    } else {
      chunks.push(Buffer.from(text), value);
      text = '';
    }
  }
  chunks.push(Buffer.from(`${text}\n}\n`));
  return chunks;
}

export function serializeSession(s: Session): string {
  return Buffer.concat(serializeSessionChunks(s)).toString('utf8');
}
