// Every key the UI answers to, as data. The footer and the `?` overlay are generated
// from these tables and the dispatcher matches against them, so they cannot disagree.
import type { Key } from 'ink';

export interface Binding<A extends string = string> {
  /** Key names: a printable character, or space, return, escape, tab, shift+tab, up, down, left,
   *  right, pageup, pagedown, home, end, backspace, ctrl+<char>. */
  keys: readonly string[];
  action: A;
  /** One or two words for the footer. */
  label: string;
  /** The overlay's longer description; defaults to the label. */
  help?: string;
  /** Listed in the `?` overlay only, to keep the footer short. */
  footerHidden?: boolean;
}

export type KeyTable<A extends string = string> = readonly Binding<A>[];

const NAMED: Record<string, (input: string, key: Key) => boolean> = {
  space: (i) => i === ' ',
  return: (_, k) => k.return,
  escape: (_, k) => k.escape,
  tab: (_, k) => k.tab && !k.shift,
  'shift+tab': (_, k) => k.tab && k.shift,
  up: (_, k) => k.upArrow,
  down: (_, k) => k.downArrow,
  left: (_, k) => k.leftArrow,
  right: (_, k) => k.rightArrow,
  pageup: (_, k) => k.pageUp,
  pagedown: (_, k) => k.pageDown,
  home: (_, k) => k.home,
  end: (_, k) => k.end,
  backspace: (_, k) => k.backspace || k.delete,
};

export function keyMatches(name: string, input: string, key: Key): boolean {
  const named = NAMED[name];
  if (named) return named(input, key);
  if (name.startsWith('ctrl+')) return key.ctrl && input === name.slice(5);
  return input === name && !key.ctrl && !key.meta;
}

export function findAction<A extends string>(table: KeyTable<A>, input: string, key: Key): A | undefined {
  return table.find((b) => b.keys.some((k) => keyMatches(k, input, key)))?.action;
}

const GLYPHS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  return: 'enter',
  escape: 'esc',
  pageup: 'pgup',
  pagedown: 'pgdn',
};

export function keyName(name: string): string {
  return GLYPHS[name] ?? name;
}

export function bindingKeys(b: Binding): string {
  return b.keys.map(keyName).join('/');
}

// --- tables -----------------------------------------------------------------

export const GLOBAL_KEYS = [
  { keys: ['?'], action: 'help', label: 'keys', help: 'show every key of this screen' },
  {
    keys: ['escape'],
    action: 'back',
    label: 'back',
    help: 'go back one screen (an open field or filter goes first)',
  },
  { keys: ['q'], action: 'quit', label: 'quit', help: 'quit (the session is already saved)' },
  { keys: ['ctrl+c'], action: 'quit', label: 'quit', help: 'quit safely', footerHidden: true },
] as const satisfies KeyTable;

/** Where `q` and `?` are text (filters, editors) only these stay global. */
export const TEXT_GLOBAL_KEYS = [
  { keys: ['ctrl+c'], action: 'quit', label: 'quit', help: 'quit safely (session already saved)' },
] as const satisfies KeyTable;

export const HELP_KEYS = [
  { keys: ['escape', '?', 'q', 'return'], action: 'close', label: 'close', help: 'close the key map' },
  // The key map scrolls when it is taller than the terminal.
  { keys: ['up', 'k'], action: 'up', label: 'scroll' },
  { keys: ['down', 'j'], action: 'down', label: 'scroll' },
  { keys: ['pageup'], action: 'pageUp', label: 'page up' },
  { keys: ['pagedown', 'space'], action: 'pageDown', label: 'page down' },
  { keys: ['home'], action: 'home', label: 'top' },
  { keys: ['end'], action: 'end', label: 'bottom' },
] as const satisfies KeyTable;

const MOVE = [
  { keys: ['up', 'k'], action: 'up', label: 'move', help: 'previous row', footerHidden: true },
  { keys: ['down', 'j'], action: 'down', label: 'move', help: 'next row', footerHidden: true },
  { keys: ['pageup'], action: 'pageUp', label: 'page up', footerHidden: true },
  { keys: ['pagedown'], action: 'pageDown', label: 'page down', footerHidden: true },
  { keys: ['home'], action: 'home', label: 'first row', footerHidden: true },
  { keys: ['end'], action: 'end', label: 'last row', footerHidden: true },
] as const satisfies KeyTable;

/** Arrows only: lists whose letters are typed into a filter. */
const ARROWS = MOVE.map((b) => ({ ...b, keys: b.keys.filter((k) => k.length > 1) }));

export const ROLE_KEYS = [
  { keys: ['return'], action: 'choose', label: 'choose', help: 'choose the role (or the pasted ARN)' },
  ...ARROWS,
  { keys: ['escape'], action: 'clear', label: 'clear', help: 'clear the filter' },
  { keys: ['?'], action: 'help', label: 'keys', help: 'show every key' },
] as const satisfies KeyTable;

/** A role with an unfinished session: resume one of them, or start a new session. */
export const RESUME_KEYS = [
  ...MOVE,
  { keys: ['return'], action: 'choose', label: 'choose', help: 'resume the session (or start the new one)' },
  { keys: ['n'], action: 'new', label: 'new session', help: 'start a new session for this role' },
  { keys: ['escape'], action: 'back', label: 'back', help: 'back to the role list' },
] as const satisfies KeyTable;

export const WINDOW_KEYS = [
  ...MOVE,
  { keys: ['return'], action: 'choose', label: 'choose', help: 'use this window' },
  { keys: ['c'], action: 'custom', label: 'custom', help: 'type a custom start and end' },
] as const satisfies KeyTable;

export const WINDOW_FORM_KEYS = [
  { keys: ['tab', 'shift+tab', 'up', 'down'], action: 'field', label: 'next field' },
  { keys: ['return'], action: 'submit', label: 'use window', help: 'validate and use the typed window' },
  { keys: ['escape'], action: 'cancel', label: 'cancel', help: 'back to the presets' },
] as const satisfies KeyTable;

export const SOURCES_KEYS = [
  ...MOVE,
  { keys: ['space'], action: 'toggle', label: 'toggle', help: 'use or skip this source' },
  { keys: ['return'], action: 'start', label: 'gather', help: 'start gathering from the chosen sources' },
] as const satisfies KeyTable;

export const GATHER_KEYS = [
  {
    keys: ['escape'],
    action: 'cancel',
    label: 'cancel',
    help: 'stop gathering and keep what was gathered so far',
  },
] as const satisfies KeyTable;

export const GATHERED_KEYS = [
  { keys: ['return'], action: 'continue', label: 'review', help: 'go on to the review' },
] as const satisfies KeyTable;

export const REVIEW_KEYS = [
  ...MOVE,
  { keys: ['a'], action: 'accept', label: 'accept', help: 'accept the action' },
  { keys: ['r'], action: 'reject', label: 'reject', help: 'reject the action' },
  {
    keys: ['space'],
    action: 'toggle',
    label: 'toggle',
    help: 'accept a pending action, then switch accepted ↔ rejected',
  },
  { keys: ['A'], action: 'acceptService', label: 'all', help: 'accept every action of the service' },
  { keys: ['R'], action: 'rejectService', label: 'none', help: 'reject every action of the service' },
  {
    keys: ['D'],
    action: 'dropUnverified',
    label: 'drop unverified',
    help: 'reject every unverified grant (granted today, seen by no source); again: keep them',
    footerHidden: true,
  },
  {
    keys: ['K'],
    action: 'keepShare',
    label: 'keep share',
    help: "keep a service's share of the grants only * gives and no source could see",
    footerHidden: true,
  },
  { keys: ['return', 'right', 'left'], action: 'fold', label: 'fold', help: 'open or close a service group' },
  { keys: ['/'], action: 'filter', label: 'filter', help: 'filter by action, service, source or status' },
  { keys: ['e'], action: 'resources', label: 'resources', help: 'choose exact or generalized resources' },
  { keys: ['c'], action: 'comment', label: 'comment', help: 'write the rationale of the statement' },
  { keys: ['C'], action: 'actionComment', label: 'note', help: 'write a note on this action only' },
  { keys: ['p'], action: 'placeholders', label: 'placeholders', help: 'fill ${Name} placeholders' },
  { keys: ['tab'], action: 'pane', label: 'pane', help: 'switch between the list and the detail pane' },
  { keys: ['v'], action: 'preview', label: 'preview', help: 'preview and save the policy' },
  { keys: ['u'], action: 'undo', label: 'undo', help: 'undo the last change' },
] as const satisfies KeyTable;

/** Right after `a`/`r` moved the cursor on: `C` writes the note of the action just decided. */
export const DECIDED_KEYS = [
  {
    keys: ['C'],
    action: 'noteDecided',
    label: 'note on the action just decided',
    help: 'write a note on the action just accepted or rejected (the cursor moved on)',
  },
] as const satisfies KeyTable;

/** Only on a resumed session older than its window. */
export const REGATHER_KEYS = [
  {
    keys: ['g'],
    action: 'regather',
    label: 'gather since',
    help: 'gather the time since the last gather and add it',
  },
] as const satisfies KeyTable;

export const DETAIL_KEYS = [
  { keys: ['up', 'k'], action: 'scrollUp', label: 'scroll', footerHidden: true },
  { keys: ['down', 'j'], action: 'scrollDown', label: 'scroll', footerHidden: true },
  { keys: ['tab', 'escape'], action: 'pane', label: 'list', help: 'back to the list' },
] as const satisfies KeyTable;

/** Esc peels one layer: a filter in force goes first, the next Esc goes back a screen. */
export const FILTERED_KEYS = [
  {
    keys: ['escape'],
    action: 'clearFilter',
    label: 'clear filter',
    help: 'clear the filter (esc again goes back a screen)',
  },
] as const satisfies KeyTable;

export const FILTER_KEYS = [
  { keys: ['return'], action: 'apply', label: 'apply', help: 'keep the filter and return to the list' },
  { keys: ['escape'], action: 'cancel', label: 'clear', help: 'clear the filter' },
] as const satisfies KeyTable;

export const EDITOR_KEYS = [
  { keys: ['ctrl+s'], action: 'save', label: 'save', help: 'keep the text' },
  { keys: ['escape'], action: 'cancel', label: 'cancel', help: 'drop the changes' },
  { keys: ['return'], action: 'newline', label: 'new line', footerHidden: true },
  { keys: ['up', 'down', 'left', 'right'], action: 'move', label: 'move cursor', footerHidden: true },
] as const satisfies KeyTable;

export const SHARE_KEYS = [
  { keys: ['up', 'k'], action: 'up', label: 'move', footerHidden: true },
  { keys: ['down', 'j'], action: 'down', label: 'move', footerHidden: true },
  {
    keys: ['space', 'return'],
    action: 'choose',
    label: 'keep/drop',
    help: "keep the service's share, or drop it",
  },
  { keys: ['escape'], action: 'close', label: 'close', help: 'close' },
] as const satisfies KeyTable;

export const RESOURCE_KEYS = [
  { keys: ['up', 'k'], action: 'up', label: 'move', footerHidden: true },
  { keys: ['down', 'j'], action: 'down', label: 'move', footerHidden: true },
  { keys: ['space', 'return'], action: 'choose', label: 'choose', help: 'use this resource choice' },
  { keys: ['escape'], action: 'close', label: 'close', help: 'close without changing' },
] as const satisfies KeyTable;

export const PLACEHOLDER_KEYS = [
  ...MOVE,
  {
    keys: ['return'],
    action: 'edit',
    label: 'fill this ARN',
    help: 'type or pick the value of the placeholder in this ARN only',
  },
  {
    keys: ['e'],
    action: 'everywhere',
    label: 'same everywhere',
    help: 'one value for this ${Name} in every ARN (replaces the per-ARN values)',
  },
  { keys: ['v'], action: 'preview', label: 'preview', help: 'preview and save' },
] as const satisfies KeyTable;

export const VALUE_KEYS = [
  { keys: ['return'], action: 'submit', label: 'keep', help: 'keep the value' },
  { keys: ['tab'], action: 'next', label: 'suggestion', help: 'take the next suggestion' },

  { keys: ['escape'], action: 'cancel', label: 'cancel', help: 'close without changing' },
] as const satisfies KeyTable;

/** A placeholder's value: the suggestions are values seen in observed ARNs that fit this one. */
export const PLACEHOLDER_VALUE_KEYS = [
  ...VALUE_KEYS,
  {
    keys: ['shift+tab'],
    action: 'previous',
    label: 'previous',
    help: 'take the previous suggestion',
    footerHidden: true,
  },
] as const satisfies KeyTable;

export const SAVE_KEYS = [
  {
    keys: ['f'],
    action: 'format',
    label: 'format',
    help: 'next format: JSON, Terraform, CloudFormation, Serverless, CDK',
  },
  { keys: ['o'], action: 'path', label: 'path', help: 'edit the output path' },
  { keys: ['s'], action: 'save', label: 'save', help: 'write the files' },
  { keys: ['p'], action: 'placeholders', label: 'placeholders', help: 'fill ${Name} placeholders' },
  {
    keys: ['c'],
    action: 'check',
    label: 'AWS checks',
    help: 'confirm with IAM and Access Analyzer (live credentials)',
  },
  {
    keys: ['u'],
    action: 'uncovered',
    label: 'uncovered',
    help: 'list the observed calls the policy does not cover, with why and what to do',
  },
  { keys: ['up', 'k'], action: 'scrollUp', label: 'scroll', footerHidden: true },
  { keys: ['down', 'j'], action: 'scrollDown', label: 'scroll', footerHidden: true },
  { keys: ['pageup'], action: 'pageUp', label: 'page up', footerHidden: true },
  { keys: ['pagedown'], action: 'pageDown', label: 'page down', footerHidden: true },
] as const satisfies KeyTable;

/** Every observed call is covered: no `u` to open an empty list. */
export const SAVE_COVERED_KEYS = SAVE_KEYS.filter((b) => b.action !== 'uncovered');

/** The preview's list of uncovered calls, open over the policy text. */
export const UNCOVERED_KEYS = [
  {
    keys: ['escape', 'u'],
    action: 'close',
    label: 'close list',
    help: 'close the list (back to the preview)',
  },
  { keys: ['up', 'k'], action: 'up', label: 'scroll', help: 'scroll up' },
  { keys: ['down', 'j'], action: 'down', label: 'scroll', help: 'scroll down', footerHidden: true },
  { keys: ['pageup'], action: 'pageUp', label: 'page up', footerHidden: true },
  { keys: ['pagedown', 'space'], action: 'pageDown', label: 'page down', footerHidden: true },
  { keys: ['home'], action: 'home', label: 'top', footerHidden: true },
  { keys: ['end'], action: 'end', label: 'bottom', footerHidden: true },
] as const satisfies KeyTable;

export const CONFIRM_KEYS = [
  { keys: ['y'], action: 'yes', label: 'yes' },
  { keys: ['n', 'escape'], action: 'no', label: 'no' },
] as const satisfies KeyTable;

export type ActionOf<T extends KeyTable> = T[number]['action'];
