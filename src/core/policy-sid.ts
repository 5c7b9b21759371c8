// Statement ids that say what a statement is for: service, what it does, on what.
// `DynamodbReadWriteNotesTable`, `S3PutObjectNotesAppAttachmentsProdPrivateObject`.
// IAM accepts only [A-Za-z0-9] in a Sid; the same statement always gets the same Sid.
import { lookupAction, primaryAccessLevel, resourceTypeFor, templateRegex } from '../catalog/catalog.js';

const MAX_RESOURCE_PART = 48;

/** Alphanumeric runs, split at camelCase boundaries too: `userId-index` → user, Id, index. */
function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function pascal(text: string): string {
  return tokens(text).map(capitalise).join('');
}

/** `5e1f0a20`, `1a2b3c4d`, `1762077600000`: generated ids that name nothing for a reader. */
function isRandomId(token: string): boolean {
  return /^(?=.*\d)[0-9a-f]{6,}$/i.test(token) || /^\d{6,}$/.test(token);
}

const STANDARD_VARS = new Set(['Partition', 'Region', 'Account', 'Id']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface ResourceWords {
  /** The resource's own names (table, bucket, key...), generated ids left out. */
  names: string[];
  /** Its type from the catalogue: `table`, `log-group`. */
  type: string[];
}

/** The words naming one resource, from the ARN template of its type when one fits. */
function resourceWords(arn: string, actions: string[]): ResourceWords {
  for (const name of actions) {
    const action = lookupAction(name);
    const type = action && resourceTypeFor(action, arn);
    const match = type && templateRegex(type.arn).exec(arn);
    if (!type || !match) continue;
    const vars = [...type.arn.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
    const names = vars
      .map((v, i) => (STANDARD_VARS.has(v) ? '' : (match[i + 1] ?? '').replace(UUID, '')))
      .filter((value) => !value.includes('${'))
      .flatMap(tokens);
    return { names: names.filter((t) => !isRandomId(t)), type: tokens(type.name) };
  }
  // No template fits: name it from the ARN's resource part.
  const rest = arn
    .split(':')
    .slice(5)
    .join(':')
    .replace(/\$\{[^}]*\}/g, '');
  return { names: tokens(rest).filter((t) => !isRandomId(t)), type: [] };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Names, then the type unless the names already end with it (`UserIdIndex`, not `UserIdIndexIndex`). */
function withType(names: string[], type: string[]): string[] {
  const last = names.at(-1);
  return last && type.length && same(last, type.at(-1)!) ? names : [...names, ...type];
}

/**
 * One resource: its names and type. Several: the names they share (`NotesAppAttachmentsProdPrivate`
 * for many objects under one prefix), or the first one's and how many more.
 */
function resourcePart(resources: string[], actions: string[]): string {
  const all = resources.filter((r) => r !== '*').map((r) => resourceWords(r, actions));
  const [first, ...others] = all;
  if (!first) return '';
  let words = withType(first.names, first.type);
  let more = '';
  if (others.length) {
    const common = first.names.filter(
      (w) => w.length > 1 && others.every((o) => o.names.some((x) => same(x, w))),
    );
    const sameType = others.every((o) => o.type.join('-') === first.type.join('-'));
    if (common.length) words = sameType ? withType(common, first.type) : common;
    else more = `And${others.length}More`;
  }
  const seen = new Set<string>();
  let out = '';
  for (const w of words.map(capitalise)) {
    if (seen.has(w.toLowerCase())) continue;
    seen.add(w.toLowerCase());
    if ((out + w).length > MAX_RESOURCE_PART) break;
    out += w;
  }
  return out + more;
}

const LEVEL_WORDS: [string, string][] = [
  ['List', 'List'],
  ['Read', 'Read'],
  ['Write', 'Write'],
  ['Tagging', 'Tag'],
  ['Permissions management', 'Permissions'],
];

/** One action: its name. Several: their access levels, `ReadWrite`. */
function verb(actions: string[]): string {
  if (actions.length === 1)
    return pascal(actions[0]!.slice(actions[0]!.indexOf(':') + 1).replace('*', 'All'));
  const levels = new Set(actions.map((a) => primaryAccessLevel(lookupAction(a)?.accessLevel ?? '')));
  const words = LEVEL_WORDS.filter(([level]) => levels.has(level)).map(([, w]) => w);
  return words.length ? words.join('') : 'Actions';
}

export function statementSid(service: string, actions: string[], resources: string[]): string {
  const what = verb(actions);
  let on = resourcePart(resources, actions);
  // `S3CreateBucket` on a bucket, not `S3CreateBucketBucket`.
  const lastWord = /[A-Z][a-z0-9]*$/.exec(what)?.[0];
  if (lastWord && on.startsWith(lastWord) && !/^[a-z0-9]/.test(on.slice(lastWord.length))) {
    on = on.slice(lastWord.length);
  }
  const sid = `${pascal(service) || 'All'}${what}${on}`;
  return sid.replace(/[^A-Za-z0-9]/g, '');
}

/** Make Sids unique in order: the second `X` becomes `X2`, the third `X3`. */
export function uniqueSids(sids: string[]): string[] {
  const used = new Set<string>();
  return sids.map((sid) => {
    let out = sid;
    for (let n = 2; used.has(out); n++) out = `${sid}${n}`;
    used.add(out);
    return out;
  });
}
