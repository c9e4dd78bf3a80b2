#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm install` (prepare script):
// dist/bundle/ (esbuild, a few files: fast to load) or else tsc's dist/cli/.
import { existsSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps compiled code between runs; older Nodes simply skip this.
if (typeof module.enableCompileCache === 'function' && !process.env.NODE_COMPILE_CACHE) {
  const cache = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  try {
    module.enableCompileCache(path.join(cache, 'musl-lab', 'compile-cache'));
  } catch {
    // a read-only home: run without the cache
  }
}

const entry = ['../dist/bundle/main.js', '../dist/cli/main.js'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(fileURLToPath(u)));
if (!entry) {
  process.stderr.write('musl-lab is not built yet: run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(2);
}
await import(entry.href);
