// The CLI as a handful of files instead of hundreds: module resolution and
// file reads were a large part of every command's start-up (issue 11).
// Input is tsc's output (dist/), so types are checked once, by tsc; output is
// dist/bundle/, split per command so each still loads only what it uses.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

/**
 * dockerode is bundled, but parts of it stay out and load from node_modules only when used:
 * BuildKit sessions (@grpc/*, protobufjs; only `version: "2"` builds use them), the ssh2
 * transport (ssh2, cpu-features; never used: src/engine/ssh.ts runs the system's ssh, as the
 * docker CLI does), the build-context packer (tar-fs, @balena/dockerignore, zlib; only image
 * builds), and dockerode's swarm and volume objects. At import they were most of a command's start-up. Each stand-in requires the real
 * module on first use, whether it is called (a function) or read (an object's methods).
 */
const LAZY = {
  // and the swarm and volume objects, which the lab never asks for
  'dockerode/lib/docker.js': Object.fromEntries(['session', 'service', 'plugin', 'secret', 'config', 'task', 'node', 'volume'].map((m) => [`./${m}`, `dockerode/lib/${m}.js`])),
  // http_duplex (and the 83 KB of readable-stream under it) serves only an attach without hijack; ours hijack
  'docker-modem/lib/modem.js': { './ssh': 'docker-modem/lib/ssh.js', './http_duplex': 'docker-modem/lib/http_duplex.js' },
  'dockerode/lib/util.js': { 'tar-fs': 'tar-fs', '@balena/dockerignore': '@balena/dockerignore', zlib: 'zlib' },
};
const lazyNames = [...new Set(Object.values(LAZY).flatMap((m) => Object.keys(m)))];
const escape = (x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * docker-modem formats every request's options with util.inspect (showHidden, no depth limit)
 * for its debug log, whether or not that log is on: a few milliseconds of each command. The
 * formatting is made to happen only when the log is on (DEBUG=modem).
 */
const EAGER_LOG = "debug('Sending: %s', util.inspect(options, {";

const dockerodeParts = {
  name: 'dockerode-parts',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${lazyNames.map(escape).join('|')})$`) }, (args) => {
      const from = Object.entries(LAZY).find(([file]) => args.importer.replaceAll('\\', '/').endsWith(`node_modules/${file}`));
      const target = from?.[1][args.path];
      return target ? { path: target, namespace: 'lazy-part' } : undefined;
    });
    // the real module, required by name at run time (external: not in the bundle)
    b.onResolve({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({
      contents: `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy(function () {}, {
  apply: (_, self, a) => load().apply(self, a),
  construct: (_, a) => new (load())(...a),
  get: (_, k) => load()[k],
});`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
    // docker-modem's debug log: the debug package (15 KB) only when DEBUG asks for some log
    b.onResolve({ filter: /^debug$/ }, (args) => (args.importer.replaceAll('\\', '/').endsWith('node_modules/docker-modem/lib/modem.js') ? { path: 'debug', namespace: 'quiet-debug' } : undefined));
    b.onResolve({ filter: /^debug$/, namespace: 'quiet-debug' }, () => ({ path: 'debug', external: true })); // not even parsed unless asked
    b.onLoad({ filter: /.*/, namespace: 'quiet-debug' }, () => ({
      contents: `module.exports = (ns) => { if (process.env.DEBUG) return require('debug')(ns); const off = () => {}; off.enabled = false; return off; };`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
    b.onLoad({ filter: /docker-modem[\\/]lib[\\/]modem\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // a docker-modem that no longer has this line must not pass silently: look at the new one
      if (!text.includes(EAGER_LOG)) throw new Error(`docker-modem changed: "${EAGER_LOG}" is not in ${args.path}; check its request logging again`);
      return { contents: text.replace(EAGER_LOG, `debug.enabled && ${EAGER_LOG}`), loader: 'js' };
    });
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
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules;
  // made on a chunk's first require, since most chunks never call it (a createRequire each cost ~0.3 ms).
  banner: { js: "import { createRequire as __musl_lab_require } from 'node:module'; let __musl_lab_req; const require = (id) => (__musl_lab_req ??= __musl_lab_require(import.meta.url))(id);" },
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
