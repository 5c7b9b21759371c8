// IAM wildcard patterns (`*` any run, `?` one character) compared as sets: does one
// pattern cover another, can two overlap. Deny subtraction and resource over-breadth
// both reason about patterns, not single strings, so plain regex matching is not enough.

// `seg` is a run without `/`: catalogue variables that name a bucket, table or queue
// cannot span a path, so `arn:aws:s3:::b/*` never names a bucket.
type Token = { t: 'star' } | { t: 'seg' } | { t: 'one' } | { t: 'lit'; c: string };

const NO_SLASH_VARIABLES = new Set([
  'BucketName',
  'TableName',
  'IndexName',
  'QueueName',
  'TopicName',
  'FunctionName',
]);

/**
 * How `${...}` (IAM policy variables such as `${aws:username}`, catalogue template
 * variables, placeholders) is read: as "anything" (`wild`), or as an opaque value that
 * only matches itself (`opaque`), which keeps a Deny written with variables from
 * claiming to cover a whole grant.
 */
export type VariableMode = 'wild' | 'opaque';

function tokenize(pattern: string, vars: VariableMode, fold: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '$' && pattern[i + 1] === '{') {
      // IAM's escapes `${*}`, `${?}`, `${$}`: one literal character, never a variable.
      const escaped = pattern[i + 3] === '}' ? pattern[i + 2] : undefined;
      if (escaped === '*' || escaped === '?' || escaped === '$') {
        out.push({ t: 'lit', c: escaped });
        i += 3;
        continue;
      }
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        if (vars === 'wild') out.push(NO_SLASH_VARIABLES.has(name) ? { t: 'seg' } : { t: 'star' });
        else out.push({ t: 'lit', c: `\u0000${pattern.slice(i, end + 1)}` });
        i = end;
        continue;
      }
    }
    if (ch === '*') out.push({ t: 'star' });
    else if (ch === '?') out.push({ t: 'one' });
    else out.push({ t: 'lit', c: fold ? ch.toLowerCase() : ch });
  }
  return out;
}

export interface GlobOptions {
  /** Actions match case-insensitively; resources (ARNs) case-sensitively. */
  ignoreCase?: boolean;
  /** globRegex only: `${...}` matches itself, not anything. */
  literalVariables?: boolean;
}

/**
 * True when every string `inner` can match is matched by `outer` (outer ⊇ inner).
 * `outer`'s variables are opaque, `inner`'s are wild: a claim of coverage is never
 * made on a guess.
 */
export function globCovers(outer: string, inner: string, opts: GlobOptions = {}): boolean {
  const fold = opts.ignoreCase ?? false;
  const a = tokenize(outer, 'opaque', fold);
  const b = tokenize(inner, 'wild', fold);
  // memo[i][j]: a[i..] covers b[j..]
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === a.length) r = j === b.length;
    else {
      const ta = a[i]!;
      if (ta.t === 'star' || ta.t === 'seg') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
      else if (j === b.length) r = false;
      else {
        const tb = b[j]!;
        // `?` covers one character of any kind but not a run (`*`); a literal only itself.
        if (ta.t === 'one') r = tb.t !== 'star' && tb.t !== 'seg' && go(i + 1, j + 1);
        else r = tb.t === 'lit' && tb.c === ta.c && go(i + 1, j + 1);
      }
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** True when some string matches both patterns (variables read as wildcards). */
export function globOverlaps(x: string, y: string, opts: GlobOptions = {}): boolean {
  const fold = opts.ignoreCase ?? false;
  const a = tokenize(x, 'wild', fold);
  const b = tokenize(y, 'wild', fold);
  // Product of the two pattern automata: breadth-first over (i, j) with epsilon moves over stars.
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * width + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    const runA = ta?.t === 'star' || ta?.t === 'seg';
    const runB = tb?.t === 'star' || tb?.t === 'seg';
    if (runA) push(i + 1, j);
    if (runB) push(i, j + 1);
    if (!ta || !tb) continue;
    // Consume one common character; a `seg` never consumes a `/`.
    const lit = ta.t === 'lit' ? ta.c : tb.t === 'lit' ? tb.c : undefined;
    const compatible =
      (ta.t !== 'lit' || tb.t !== 'lit' || ta.c === tb.c) &&
      !(lit === '/' && (ta.t === 'seg' || tb.t === 'seg'));
    if (compatible) push(runA ? i : i + 1, runB ? j : j + 1);
  }
  return false;
}

/**
 * A matcher for one concrete string (an action name or a concrete ARN): IAM's escapes
 * `${*}`, `${?}`, `${$}` match that one character. With `literalVariables` (two texts in
 * policy syntax compared) every `${...}`, escapes included, matches only itself.
 */
export function globRegex(pattern: string, opts: GlobOptions = {}): RegExp {
  const body = pattern
    .split(/(\$\{[^}]*\}|\*|\?)/)
    .map((part) => {
      const escaped = /^\$\{([*?$])\}$/.exec(part)?.[1];
      if (escaped && !opts.literalVariables) return `\\${escaped}`;
      if (part === '*' || (part.startsWith('${') && !opts.literalVariables)) return '[\\s\\S]*';
      if (part === '?') return '[\\s\\S]';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, opts.ignoreCase ? 'i' : '');
}

const regexCache = new Map<string, RegExp>();

/** globRegex compiled once per pattern and options for the process: matching is a hot path. */
export function cachedGlobRegex(pattern: string, opts: GlobOptions = {}): RegExp {
  const key = `${opts.ignoreCase ? 'i' : 's'}${opts.literalVariables ? 'l' : 'w'}${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    re = globRegex(pattern, opts);
    regexCache.set(key, re);
  }
  return re;
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]|\$\{/.test(pattern);
}
