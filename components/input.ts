// Terminal input as keys. Ink splits a read into escape sequences and runs of text, but
// hands a run ("jjj" from a paste, held keys or ssh batching) to useInput as one string,
// and its key parser throws on CSI sequences it does not know (Ctrl+F1 `ESC[1;5P`, a
// pasted `ESC[31m`). This splits each of Ink's events into single keys, in order, and
// drops any sequence it does not know instead of throwing. Pure: tested without Ink.
import type { Key } from 'ink';

export interface KeyPress {
  input: string;
  key: Key;
}

const ESC = '\u001b';

/** A key with nothing pressed but text. */
export function plainKey(): Key {
  return {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
  };
}

type NamedKey = keyof Pick<
  Key,
  'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'delete'
>;

/** `ESC [ … final` and `ESC O final`: the final byte (and number for `~`) → the key. */
const CSI_LETTER: Record<string, NamedKey> = {
  A: 'upArrow',
  B: 'downArrow',
  C: 'rightArrow',
  D: 'leftArrow',
  H: 'home',
  F: 'end',
};
const CSI_TILDE: Record<string, NamedKey> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '3': 'delete',
  '5': 'pageUp',
  '6': 'pageDown',
};

function withModifiers(key: Key, modifier: number | undefined): Key {
  if (!modifier || modifier < 2) return key;
  const bits = modifier - 1;
  return { ...key, shift: Boolean(bits & 1), meta: Boolean(bits & 10), ctrl: Boolean(bits & 4) };
}

/** One escape sequence → a key, or undefined for a sequence no binding can name. */
function escapeKey(seq: string): KeyPress | undefined {
  if (seq === ESC) return { input: '', key: { ...plainKey(), escape: true, meta: true } };
  const meta = seq.startsWith(ESC + ESC);
  const body = meta ? seq.slice(1) : seq;
  const csi = /^\u001b(\[|O)([0-9;]*)([A-Za-z~])$/.exec(body);
  if (csi) {
    const [, kind, params = '', final = ''] = csi;
    const nums = params.split(';').filter(Boolean).map(Number);
    if (kind === '[' && final === 'Z' && nums.length === 0)
      return { input: '', key: { ...plainKey(), tab: true, shift: true } };
    const name = final === '~' ? CSI_TILDE[String(nums[0])] : CSI_LETTER[final];
    // ESC O only carries letters; ESC [ n ~ at most a modifier after the number.
    if (!name || (kind === 'O' && final === '~') || nums.length > 2) return undefined;
    if (final !== '~' && nums.length > 0 && !(nums.length === 2 && nums[0] === 1)) return undefined;
    const key = withModifiers({ ...plainKey(), [name]: true }, nums[1]);
    return { input: '', key: meta ? { ...key, meta: true } : key };
  }
  // ESC + one printable character: Alt/Meta + that key.
  const rest = [...seq.slice(1)];
  if (rest.length === 1) {
    const ch = rest[0]!;
    if (ch === '\r') return { input: '', key: { ...plainKey(), return: true, meta: true } };
    if (ch === '\u007f' || ch === '\b')
      return { input: '', key: { ...plainKey(), [ch === '\b' ? 'backspace' : 'delete']: true, meta: true } };
    if (ch >= ' ' && ch !== '\u007f')
      return { input: ch, key: { ...plainKey(), meta: true, shift: /^[A-Z]$/.test(ch) } };
  }
  return undefined;
}

/** One character outside an escape sequence → a key (controls as Ctrl+letter). */
function charKey(ch: string): KeyPress | undefined {
  switch (ch) {
    case '\r':
      return { input: '', key: { ...plainKey(), return: true } };
    case '\t':
      return { input: '', key: { ...plainKey(), tab: true } };
    case '\b':
      return { input: '', key: { ...plainKey(), backspace: true } };
    case '\u007f':
      return { input: '', key: { ...plainKey(), delete: true } };
    case '\n':
      return { input: '\n', key: plainKey() }; // a pasted line break: text, not Enter
  }
  const code = ch.codePointAt(0)!;
  if (code === 0) return undefined;
  if (code < 0x20) return { input: String.fromCharCode(code + 96), key: { ...plainKey(), ctrl: true } };
  // C1 controls and bidi/zero-width formatting never reach a handler as text.
  if ((code >= 0x80 && code < 0xa0) || /\p{Cf}/u.test(ch)) return undefined;
  return { input: ch, key: { ...plainKey(), shift: /^[A-Z]$/.test(ch) } };
}

/** One of Ink's input events (a sequence or a run of text) → the keys it holds, in order. */
export function keysOf(event: string): KeyPress[] {
  if (event.startsWith(ESC)) {
    const k = escapeKey(event);
    return k ? [k] : [];
  }
  const out: KeyPress[] = [];
  // CRLF from a paste is one line break, not Enter then a newline.
  for (const ch of event.replace(/\r\n/g, '\r')) {
    const k = charKey(ch);
    if (k) out.push(k);
  }
  return out;
}

/** Plain text (no modifier, no named key): consecutive ones may be delivered together. */
export function isText(k: KeyPress): boolean {
  const { key } = k;
  return k.input.length > 0 && !key.ctrl && !key.meta;
}
