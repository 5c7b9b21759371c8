// The one reader of IAM policy documents: the evaluator (evaluate.ts), the expansion
// behind `compare` (expand-policy.ts) and the review's grant marks (merge-grants.ts) all
// see the same statements, so they can never disagree on what a policy says.
//
// The edge rules, decided once (IAM User Guide, "Grammar of the IAM JSON policy
// language" and "IAM JSON policy elements", reference_policies_grammar.html):
// - A document is an object with `Statement`, or its JSON text. `Statement` is one
//   statement object or a list of them (`<statement_block>`); a missing `Statement` is
//   a problem, an empty list is a policy that grants nothing.
// - `Effect` is `Allow` or `Deny`, case-sensitive ("The Effect value is case sensitive").
// - Exactly one of `Action` / `NotAction` and, identity policies needing a resource
//   (`<resource_block>`), exactly one of `Resource` / `NotResource`. A missing
//   `Resource` is not read as `*`.
// - Each of these is a string or a non-empty list of non-empty strings. An empty list,
//   a number or a nested list is malformed.
// - `Condition`, when present, is an object; a non-empty one makes the statement
//   conditional (never evaluated here), `{}` does not.
// - `Sid` is kept when it is a non-empty string. `Principal` has no place in an
//   identity policy and is ignored.
// A statement that breaks a rule is skipped and reported as a problem, never guessed:
// IAM itself refuses to store such a document, so it can only come from a damaged file.

export interface ParsedStatement {
  /** 0-based position in its policy. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The Action list, or the NotAction list when `notAction`. */
  actions: string[];
  notAction: boolean;
  /** The Resource list, or the NotResource list when `notResource`. */
  resources: string[];
  notResource: boolean;
  conditional: boolean;
}

export interface DocumentProblem {
  /** The statement's position; absent when the document as a whole is unreadable. */
  index?: number;
  message: string;
}

export interface ParsedDocument {
  statements: ParsedStatement[];
  problems: DocumentProblem[];
}

type Field = { ok: true; values: string[] } | { ok: false; message: string } | undefined;

/** A string or a non-empty list of non-empty strings; undefined when the element is absent. */
function stringList(st: Record<string, unknown>, name: string): Field {
  const v = st[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string')
    return v ? { ok: true, values: [v] } : { ok: false, message: `${name} is empty` };
  if (!Array.isArray(v)) return { ok: false, message: `${name} is neither a string nor a list` };
  if (v.length === 0) return { ok: false, message: `${name} is an empty list` };
  if (!v.every((x) => typeof x === 'string' && x !== ''))
    return { ok: false, message: `${name} holds an entry that is not a non-empty string` };
  return { ok: true, values: v as string[] };
}

/** One of two exclusive elements (Action/NotAction, Resource/NotResource). */
function either(
  st: Record<string, unknown>,
  plain: string,
  not: string,
): { values: string[]; not: boolean } | string {
  const a = stringList(st, plain);
  const b = stringList(st, not);
  if (a && b) return `has both ${plain} and ${not}`;
  const f = a ?? b;
  if (!f) return `has neither ${plain} nor ${not}`;
  if (!f.ok) return f.message;
  return { values: f.values, not: !a };
}

function statementOf(raw: unknown, index: number): ParsedStatement | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'is not an object';
  const st = raw as Record<string, unknown>;
  const effect = st.Effect;
  if (effect !== 'Allow' && effect !== 'Deny')
    return effect === undefined
      ? 'has no Effect'
      : `has Effect ${JSON.stringify(effect)}: it must be "Allow" or "Deny" (case-sensitive)`;
  const actions = either(st, 'Action', 'NotAction');
  if (typeof actions === 'string') return actions;
  const resources = either(st, 'Resource', 'NotResource');
  if (typeof resources === 'string') return resources;
  const condition = st.Condition;
  if (
    condition !== undefined &&
    (typeof condition !== 'object' || condition === null || Array.isArray(condition))
  )
    return 'has a Condition that is not an object';
  return {
    index,
    ...(typeof st.Sid === 'string' && st.Sid ? { sid: st.Sid } : {}),
    effect,
    actions: actions.values,
    notAction: actions.not,
    resources: resources.values,
    notResource: resources.not,
    conditional: condition !== undefined && Object.keys(condition).length > 0,
  };
}

/** The statements of one policy document (object or JSON text), by the rules above. */
export function parsePolicyDocument(document: unknown): ParsedDocument {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch {
      return { statements: [], problems: [{ message: 'not valid JSON' }] };
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc))
    return { statements: [], problems: [{ message: 'not a policy document (an object with Statement)' }] };
  const raw = (doc as { Statement: unknown }).Statement;
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const statements: ParsedStatement[] = [];
  const problems: DocumentProblem[] = [];
  list.forEach((s, index) => {
    const parsed = statementOf(s, index);
    if (typeof parsed === 'string') problems.push({ index, message: `statement ${parsed}: skipped` });
    else statements.push(parsed);
  });
  return { statements, problems };
}
