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

/** The words naming one resource: its names from the ARN template, then its type. */
function resourceTokens(arn: string, actions: string[]): string[] {
  if (arn === '*') return [];
  for (const name of actions) {
    const action = lookupAction(name);
    const type = action && resourceTypeFor(action, arn);
    if (!type) continue;
    const match = templateRegex(type.arn).exec(arn);
    if (!match) continue;
    const vars = [...type.arn.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
    const names = vars
      .map((v, i) => (STANDARD_VARS.has(v) ? '' : (match[i + 1] ?? '').replace(UUID, '')))
      .filter((value) => !value.includes('${'))
      .flatMap(tokens)
      .filter((t) => !isRandomId(t));
    const typeWords = tokens(type.name);
    const last = names.at(-1)?.toLowerCase();
    return last === typeWords.at(-1)?.toLowerCase() ? names : [...names, ...typeWords];
  }
  // No template fits: name it from the ARN's resource part.
  return tokens(
    arn
      .split(':')
      .slice(5)
      .join(':')
      .replace(/\$\{[^}]*\}/g, ''),
  );
}

function resourcePart(resources: string[], actions: string[]): string {
  const named = resources.filter((r) => r !== '*');
  const picked = named.length > 3 ? named.slice(0, 1) : named;
  const seen = new Set<string>();
  const words: string[] = [];
  for (const r of picked) {
    for (const w of resourceTokens(r, actions)) {
      if (seen.has(w.toLowerCase())) continue;
      seen.add(w.toLowerCase());
      words.push(capitalise(w));
    }
  }
  let out = '';
  for (const w of words) {
    if ((out + w).length > MAX_RESOURCE_PART) break;
    out += w;
  }
  return named.length > 3 ? `${out}And${named.length - 1}More` : out;
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
