// The CLI as a handful of files instead of hundreds: module resolution and
// file reads were a large part of every command's start-up (issue 11).
// Input is tsc's output (dist/), so types are checked once, by tsc; output is
// dist/bundle/, split per command so each still loads only what it uses.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

/**
 * dockerode is bundled, but two of its parts stay out and load from node_modules only when
 * called: BuildKit sessions (@grpc/*, protobufjs; only `version: "2"` builds use them) and the
 * ssh2 transport (ssh2, cpu-features; never called: src/engine/ssh.ts runs the system's ssh, as the docker CLI does). At import they were most of a
 * command's start-up. The stand-ins require the real file on their first call.
 */
const LAZY = {
  'dockerode/lib/docker.js': { './session': 'dockerode/lib/session.js' },
  'docker-modem/lib/modem.js': { './ssh': 'docker-modem/lib/ssh.js' },
};
const dockerodeParts = {
  name: 'dockerode-parts',
  setup(b) {
    b.onResolve({ filter: /^\.\/(session|ssh)$/ }, (args) => {
      const from = Object.entries(LAZY).find(([file]) => args.importer.replaceAll('\\', '/').endsWith(`node_modules/${file}`));
      const target = from?.[1][args.path];
      return target ? { path: target, namespace: 'lazy-part' } : undefined;
    });
    // the real file, required by name at run time (external: not in the bundle)
    b.onResolve({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({
      contents: `let real; module.exports = function () { real ??= require(${JSON.stringify(args.path)}); return real.apply(this, arguments); };`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

await rm(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true, // the commands' dynamic import()s stay separate chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // react-devtools-core is Ink's optional development hook, never installed.
  external: ['react-devtools-core'],
  plugins: [dockerodeParts],
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
