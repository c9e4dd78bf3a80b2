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

// The lessons' YAML, parsed once here (dist/yaml-cache/, by the hash of each file's text):
// parsing it was most of the tutorial's start. Edited lessons fall back to parsing (src/util/yaml-cache.ts).
const { readdirSync, readFileSync, existsSync } = await import('node:fs');
const { parse } = await import('yaml');
const { builtCacheDir, writeCached, yamlCacheKey } = await import('../dist/util/yaml-cache.js');
const lessons = new URL('../lessons/', import.meta.url);
const causes = new URL('../causes/', import.meta.url);
const files = [
  ...['index.yaml', ...readdirSync(lessons).map((d) => `${d}/lesson.yaml`).filter((f) => existsSync(new URL(f, lessons)))].map((f) => new URL(f, lessons)),
  // the root-cause catalogue (src/causes/load.ts), loaded by compare when outcomes differ
  ...readdirSync(causes).filter((f) => f.endsWith('.yaml')).map((f) => new URL(f, causes)),
];
await rm(builtCacheDir(), { recursive: true, force: true });
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  try {
    writeCached(builtCacheDir(), yamlCacheKey(text), parse(text));
  } catch {
    // invalid YAML: the loader reports it with its line when the lesson is opened
  }
}
