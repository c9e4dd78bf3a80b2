// The CLI as a handful of files instead of hundreds: module resolution and
// file reads were a large part of every command's start-up (issue 11).
// Input is tsc's output (dist/), so types are checked once, by tsc; output is
// dist/bundle/, split per command so each still loads only what it uses.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

await rm(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true, // the commands' dynamic import()s stay separate chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // dockerode is loaded by path (engine.ts answers two of its parts from the module cache);
  // react-devtools-core is Ink's optional development hook, never installed.
  external: ['dockerode', 'react-devtools-core'],
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __musl_lab_require } from 'node:module'; const require = __musl_lab_require(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
