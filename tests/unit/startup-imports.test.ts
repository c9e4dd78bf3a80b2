/**
 * Start-up is mostly module loading: each command loads only what it uses.
 * This walks the static imports of src/ (dynamic import() is where a command
 * chooses to load more) and proves the headless commands never reach Ink or
 * React, and the entry point reaches no command at all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', '..', 'src');

/** Static imports of one file: relative ones as files, packages by name (type-only imports skipped). */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) {
      const base = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
      files.push([`${base}.ts`, `${base}.tsx`].find((f) => { try { readFileSync(f); return true; } catch { return false; } }) ?? `${base}.ts`);
    } else packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return { files, packages };
}

/** Every package reached from a file through static imports, with one path to each (for the message). */
function reach(entry: string): Map<string, string[]> {
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const walk = (file: string, trail: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...trail, path.relative(SRC, file)];
    const { files, packages: pk } = importsOf(file);
    for (const p of pk) if (!packages.has(p)) packages.set(p, here);
    for (const f of files) walk(f, here);
  };
  walk(path.join(SRC, entry), []);
  return packages;
}

describe('start-up: each command loads only what it uses', () => {
  it.each(['cli/commands/compare.ts', 'cli/commands/check-binary.ts', 'cli/commands/doctor.ts', 'cli/commands/verify.ts', 'cli/commands/images.ts', 'cli/commands/port.ts'])('%s never loads Ink, React or marked', (entry) => {
    const pk = reach(entry);
    for (const heavy of ['ink', 'react', 'marked', 'marked-terminal', 'ink-spinner']) expect(pk.get(heavy), `${heavy} via ${pk.get(heavy)?.join(' -> ')}`).toBeUndefined();
  });

  it('compare reaches the engine without dockerode, tar-stream or the text-width tables (they load while gcc runs, or never)', () => {
    const pk = reach('cli/commands/compare.ts');
    for (const heavy of ['dockerode', 'tar-stream', 'string-width', 'cli-truncate', 'wrap-ansi']) expect(pk.get(heavy), `${heavy} via ${pk.get(heavy)?.join(' -> ')}`).toBeUndefined();
  });

  it('the entry point loads no command, no lab and no engine client (--version, --help, bad usage stay light)', () => {
    const pk = reach('cli/main.ts');
    for (const heavy of ['ink', 'react', 'marked', 'dockerode', 'execa', 'zod', 'yaml', 'tar-stream']) expect(pk.get(heavy), `${heavy} via ${pk.get(heavy)?.join(' -> ')}`).toBeUndefined();
  });
});
