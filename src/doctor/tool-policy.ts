// The tool's own policy (docs/tool-policy.json, shipped in the package): doctor simulates
// its actions for the caller, and a denied call's fix is the statement that allows it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../sources/account-folder.js';

export interface ToolStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

let cached: ToolStatement[] | undefined;

export function toolStatements(): ToolStatement[] {
  cached ??= (
    JSON.parse(readFileSync(path.join(packageRoot(), 'docs', 'tool-policy.json'), 'utf8')) as {
      Statement: ToolStatement[];
    }
  ).Statement;
  return cached;
}

/** doctor's own statement: the source's statement is the better fix when both hold an action. */
export const DOCTOR_SID = 'Preflight';

/**
 * The statement that allows `action`: one of `prefer` (the source's own statements) when it
 * holds it, then any source's, then doctor's.
 */
export function statementOf(action: string, prefer: string[] = []): ToolStatement | undefined {
  const holding = toolStatements().filter((s) => s.Action.includes(action));
  return (
    holding.find((s) => prefer.includes(s.Sid)) ?? holding.find((s) => s.Sid !== DOCTOR_SID) ?? holding[0]
  );
}

/** "Add to the tool's policy: {...}" for these actions, each under its own statement. */
export function policyFix(actions: string[], resource?: string, prefer: string[] = []): string {
  const bySid = new Map<string, { st: ToolStatement; actions: string[] }>();
  for (const a of [...new Set(actions)].sort()) {
    const st = statementOf(a, prefer);
    const key = st?.Sid ?? 'Tool';
    const entry = bySid.get(key) ?? {
      st: st ?? { Sid: key, Effect: 'Allow', Action: [], Resource: '*' },
      actions: [],
    };
    entry.actions.push(a);
    bySid.set(key, entry);
  }
  const statements = [...bySid.values()].map(({ st, actions: acts }) => ({
    Sid: st.Sid,
    Effect: 'Allow',
    Action: acts,
    Resource: resource && String(st.Resource).includes('replace-with') ? resource : st.Resource,
    ...(st.Condition ? { Condition: st.Condition } : {}),
  }));
  return `Add to the tool's policy (docs/tool-policy.json): ${statements.map((s) => JSON.stringify(s)).join(' ')}`;
}
