// A statement's rationale belongs to the actions it was written for: the session stores
// the text on each action the statement covered then, and a statement's rationale is
// composed from its actions' texts. When statements regroup (resources edited,
// generalized, exact), each text follows its actions; a statement that now holds two or
// more different texts says so, with the actions each one was written for. Pure.

export interface ComposedRationale {
  /** The text to show and render; undefined when no action holds one. */
  text?: string;
  /** How many different texts the statement's actions hold (2+ = merged by a regroup). */
  texts: number;
}

/** Line breaks unified, trailing spaces and blank edges trimmed: equal words compare equal. */
export function normalizeRationale(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

/** Case-insensitive like the decisions: the catalogue's casing or the session's. */
function textOf(byAction: Record<string, string>, action: string): string | undefined {
  if (Object.hasOwn(byAction, action)) return byAction[action];
  const key = Object.keys(byAction).find((k) => k.toLowerCase() === action.toLowerCase());
  return key === undefined ? undefined : byAction[key];
}

/**
 * The rationale of a statement from its actions' texts, in the statement's action order:
 * one text as it was written; several each headed by the actions that hold it, so the
 * paper trail still says which action each was written for.
 */
export function composeRationale(
  actions: readonly string[],
  byAction: Record<string, string> | undefined,
): ComposedRationale {
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const text = normalizeRationale(textOf(byAction ?? {}, action) ?? '');
    if (!text) continue;
    const list = groups.get(text);
    if (list) list.push(action);
    else groups.set(text, [action]);
  }
  if (groups.size === 0) return { texts: 0 };
  if (groups.size === 1) return { text: [...groups.keys()][0]!, texts: 1 };
  const parts = [...groups].map(([text, holders]) => `${holders.join(', ')}: ${text}`);
  return { text: parts.join('\n'), texts: groups.size };
}
