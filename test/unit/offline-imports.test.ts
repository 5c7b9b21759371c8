// Offline `scan` and `compare` must not load the AWS SDK (issue 14): its clients cost a
// noticeable part of the start. Walks the static import graph of the command modules
// (value imports only: `import type` is erased, `await import()` runs only when called)
// and fails on any path that reaches `@aws-sdk/` or `@smithy/`, naming the chain.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx']) {
    try {
      readFileSync(base + ext);
      return base + ext;
    } catch {
      // try the next extension
    }
  }
  return undefined;
}

/** The first chain of static imports from `entry` to an AWS SDK package, if any. */
function sdkChain(entry: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      // `import { type A, type B } from` is erased too.
      if (/^\s*import\s*\{\s*(?:type\s+\w+\s*,?\s*)+\}/.test(m[0])) continue;
      const spec = m[1]!;
      const here = [...chain, path.relative(ROOT, file)];
      if (/^@(aws-sdk|smithy)\//.test(spec)) return [...here, spec];
      const next = resolveLocal(file, spec);
      const found = next && walk(next, here);
      if (found) return found;
    }
    return undefined;
  };
  return walk(path.join(ROOT, entry), []);
}

describe('offline commands load no AWS SDK', () => {
  it.each(['src/commands/scan.ts', 'src/commands/compare-cli.ts', 'src/main.ts'])('%s', (entry) => {
    expect(sdkChain(entry)).toBeUndefined();
  });

  it('the walk does find the SDK where it is imported', () => {
    expect(sdkChain('src/aws/proof.ts')?.at(-1)).toMatch(/^@aws-sdk\//);
  });
});
