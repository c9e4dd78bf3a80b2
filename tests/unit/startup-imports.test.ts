/**
 * Start-up is mostly module loading: each command loads only what it uses.
 * This walks the static imports of src/ (dynamic import() is where a command
 * chooses to load more) and proves the headless commands never reach Ink or
 * React, and the entry point reaches no command at all. The built bundle is
 * then run to show which packages a command really loads: dockerode is in the
 * bundle, its BuildKit (gRPC, protobuf) and ssh parts only load when used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('the built bundle: what a command really loads', () => {
  const BUNDLE = path.join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'main.js');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-loads-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // records every require() of the process (the bundle's CommonJS parts and what they load by name)
  const hook = path.join(tmp, 'hook.cjs');
  writeFileSync(
    hook,
    `const M = require('module'); const load = M._load; const seen = new Set();
     M._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
     process.on('exit', () => require('fs').writeFileSync(process.env.LOADS_FILE, [...seen].join('\\n')));`,
  );
  writeFileSync(path.join(tmp, 'hello.c'), 'int main(void) { return 0; }\n');
  /** Run the bundle; the packages it required and what it said. */
  const run = (args: string[], env: Record<string, string> = {}) => {
    expect(existsSync(BUNDLE), 'dist/bundle is missing: run `npm run build` first').toBe(true);
    const loads = path.join(tmp, `loads-${args[0]}-${Object.keys(env).join('-')}`);
    const r = spawnSync(process.execPath, ['--require', hook, BUNDLE, ...args], { cwd: tmp, encoding: 'utf8', timeout: 15_000, env: { ...process.env, MUSL_LAB_HOME: path.join(tmp, 'home'), LOADS_FILE: loads, ...env } });
    const packages = new Set(readFileSync(loads, 'utf8').split('\n').map((m) => (m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]!)));
    return { packages, said: `${r.stdout}${r.stderr}` };
  };
  // dockerode's parts the lab's commands never use (scripts/bundle.mjs loads them on first use only)
  const UNUSED = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'ssh2', 'cpu-features', 'tar-fs', '@balena/dockerignore', 'readable-stream', 'debug'];

  it('--version loads none of dockerode\'s BuildKit or ssh parts', () => {
    const { packages } = run(['--version']);
    for (const m of UNUSED) expect(packages.has(m), m).toBe(false);
  });

  it('compare reaches the engine client (here: a socket nobody listens on) without BuildKit or ssh', () => {
    const { packages, said } = run(['compare', 'hello.c'], { DOCKER_HOST: `unix://${path.join(tmp, 'no-engine.sock')}` });
    expect(said).toMatch(/not reachable/); // it got as far as asking the engine
    for (const m of UNUSED) expect(packages.has(m), m).toBe(false);
  });

  it('an ssh:// engine runs the system\'s ssh as the docker CLI does: no ssh2 loads (docker-modem itself does, the hook sees it), no URL warning', () => {
    const { packages, said } = run(['compare', 'hello.c'], { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' });
    expect(packages.has('http')).toBe(true); // docker-modem's own require('http'): the hook records what the bundle requires
    expect(said).toMatch(/ssh .*-p 1 -- 127\.0\.0\.1 docker system dial-stdio/);
    for (const m of UNUSED) expect(packages.has(m), m).toBe(false);
    expect(said).not.toMatch(/DEP0170|DeprecationWarning/);
  });
});
