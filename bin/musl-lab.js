#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('musl-lab is not built yet: run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(2);
}
await import(entry.href);
