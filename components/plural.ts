// "1 action", "2 actions": counts in the UI read as English.

/** `n` and the noun, plural unless n is 1 (`many` for irregular plurals). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** A unit given in the plural ("traces", "files") for `n` of it. */
export function unitFor(n: number, unit: string): string {
  return n === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
}
