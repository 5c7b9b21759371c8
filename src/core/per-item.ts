// Calls that bundle several operations (DynamoDB transactions and PartiQL batches): the
// action each item needs, on that item's table, when the source recorded the items
// (CloudTrail logs them; X-Ray does not, and keeps the superset with its note).
import { PARTIQL_ACTIONS } from '../catalog/operation-exceptions.js';

type Params = Record<string, unknown>;

export interface ItemCall {
  action: string;
  /** The item's own parameters (`tableName`, `indexName`), read like a call's. */
  params: Params;
}

/** TransactWriteItems item kinds (API_TransactWriteItem.html) → actions. */
const TRANSACT_KINDS: Record<string, string> = {
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  conditionCheck: 'dynamodb:ConditionCheckItem',
  get: 'dynamodb:GetItem',
};

const rec = (v: unknown): Params | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : undefined;

/** `SELECT * FROM "T"."I"`, `INSERT INTO T`, `UPDATE "T"`, `DELETE FROM "T"` → verb, table, index. */
export function parsePartiql(statement: string): { action?: string; table?: string; index?: string } {
  const verb = /^\s*(\w+)/.exec(statement)?.[1]?.toLowerCase();
  const target = /\b(?:from|into|update)\s+(?:"([^"]+)"|([A-Za-z0-9_.-]+))(?:\."([^"]+)")?/i.exec(statement);
  return {
    action: verb ? PARTIQL_ACTIONS[verb] : undefined,
    table: target?.[1] ?? target?.[2],
    index: target?.[3],
  };
}

function transactItems(items: unknown): ItemCall[] | undefined {
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const out: ItemCall[] = [];
  for (const item of items) {
    const kind = Object.keys(rec(item) ?? {}).find((k) => TRANSACT_KINDS[k]);
    const body = kind ? rec(rec(item)![kind]) : undefined;
    if (!kind || typeof body?.tableName !== 'string') return undefined;
    out.push({ action: TRANSACT_KINDS[kind]!, params: { tableName: body.tableName } });
  }
  return out;
}

function statements(list: unknown[]): ItemCall[] | undefined {
  const out: ItemCall[] = [];
  for (const s of list) {
    const text = typeof s === 'string' ? s : rec(s)?.statement;
    if (typeof text !== 'string') return undefined;
    const p = parsePartiql(text);
    if (!p.action) return undefined;
    const params: Params = {};
    if (p.table) params.tableName = p.table;
    if (p.index) params.indexName = p.index;
    out.push({ action: p.action, params });
  }
  return out.length ? out : undefined;
}

/** The per-item actions of a call, or undefined when it bundles nothing or the items are unknown. */
export function perItemCalls(prefix: string, operation: string, params: Params): ItemCall[] | undefined {
  if (prefix !== 'dynamodb') return undefined;
  switch (operation.toLowerCase()) {
    case 'transactwriteitems':
    case 'transactgetitems':
      return transactItems(params.transactItems);
    case 'executestatement':
      return typeof params.statement === 'string' ? statements([params.statement]) : undefined;
    case 'batchexecutestatement':
      return Array.isArray(params.statements) ? statements(params.statements) : undefined;
    case 'executetransaction':
      return Array.isArray(params.transactStatements) ? statements(params.transactStatements) : undefined;
    default:
      return undefined;
  }
}
