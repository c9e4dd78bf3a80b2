/**
 * `check` against programs built at test time in the real glibc and musl
 * environments: each gets the verdict it must get, and --run starts it in the
 * musl and musl-gcompat environments, where what happens must match the
 * prediction. The musl-gcompat image may be Alpine's gcompat (online build)
 * or only a loader symlink (offline build): predictions for the one present
 * are checked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/causes/diagnose.js';
import { loadCatalogue } from '../../src/causes/load.js';
import { checkBinaryCommand } from '../../src/cli/commands/check-binary.js';
import type { Context } from '../../src/cli/context.js';
import { matches, MUSL_MISSING } from '../../src/elf/musl-missing.js';
import { LABEL } from '../../src/lab/environments.js';
import type { EnvName } from '../../src/lab/types.js';
import { makeStyle } from '../../src/term/style.js';
import { realLab } from '../helpers/lab.js';

const { engine, lab } = realLab();
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'elf');
let dir: string;

beforeAll(async () => {
  await engine.info(); // fails loudly when no engine answers
  dir = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-check-'));
});
afterAll(async () => {
  await lab.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Compile a fixture in an environment and copy the program out to the host. */
async function build(env: EnvName, fixture: string, flags: string[] = [], tag = ''): Promise<string> {
  const c = await lab.compile(env, { sources: [{ name: `${fixture}.c`, content: readFileSync(path.join(FIXTURES, `${fixture}.c`)) }], flags, output: fixture });
  expect(c.ok, c.diagnostics).toBe(true);
  const container = (await engine.listContainers(LABEL.app)).find((x) => x.labels[LABEL.session] === lab.session && x.labels[LABEL.env] === env);
  const { content } = await engine.getFile(container!.id, c.artifact!.path);
  const file = path.join(dir, `${env}-${fixture}${tag}`);
  writeFileSync(file, content, { mode: 0o755 });
  return file;
}

interface Observed {
  env: string;
  target: string;
  agreement: string;
  observation: { outcome: string; exitCode: number | null; symbols: string[]; stdout: string; stderr: string };
}

/** `check --json --run` on one file, through the command itself. */
async function check(file: string): Promise<{ code: number; gcompatKind: string; f: any; musl: Observed; gcompat: Observed }> {
  let out = '';
  const ctx: Context = {
    env: {},
    stdout: { write: (s) => void (out += s) },
    stderr: { write: () => {} },
    style: makeStyle({ color: false, plain: true }),
    projectRoot: dir,
    engine: () => engine,
    lab: async () => lab,
    signal: new AbortController().signal,
    dispose: async () => {},
  };
  const code = await checkBinaryCommand(ctx, [file], { json: true, run: true });
  const j = JSON.parse(out);
  const f = j.files[0];
  const ran = f.run.ran as Observed[];
  return { code, gcompatKind: j.gcompatEnvironment, f, musl: ran.find((r) => r.env === 'musl')!, gcompat: ran.find((r) => r.env === 'musl-gcompat')! };
}

describe('glibc programs', () => {
  it('plain hello: `not found` (127) on musl, runs in the gcompat environment; verdict runs-with-gcompat, exit 1', async () => {
    const r = await check(await build('glibc', 'hello'));
    expect(r.code).toBe(1);
    expect(r.f).toMatchObject({ verdict: 'runs-with-gcompat', certain: true, libc: { builtFor: 'glibc' }, missing: [] });
    expect(Number(r.f.glibc.release.split('.')[1])).toBeGreaterThanOrEqual(34); // __libc_start_main@GLIBC_2.34 since glibc 2.34
    expect(r.musl).toMatchObject({ target: 'musl', agreement: 'yes', observation: { outcome: 'interpreter-missing', exitCode: 127 } });
    expect(r.musl.observation.stderr).toMatch(/not found/);
    expect(r.gcompat).toMatchObject({ agreement: 'yes', observation: { outcome: 'started', exitCode: 0, stdout: 'hello from the lab' } });
    // the catalogue's id, in the verdict and for what musl's shell said when it was started
    expect(r.f.causes).toEqual([expect.objectContaining({ class: 'missing-loader' })]);
    expect(diagnose(loadCatalogue(), [{ env: 'musl', in: 'loader', text: r.musl.observation.stderr }]).map((d) => d.class)).toEqual(['missing-loader']);
  });

  it('static hello: runs everywhere, exit 0', async () => {
    const r = await check(await build('glibc', 'hello', ['-static'], '-static'));
    expect(r.code).toBe(0);
    expect(r.f).toMatchObject({ verdict: 'runs', elf: { kind: 'static-executable', linkage: 'static', interpreter: null } });
    for (const o of [r.musl, r.gcompat]) expect(o).toMatchObject({ agreement: 'yes', observation: { outcome: 'started', exitCode: 0, stdout: 'hello from the lab' } });
  });

  it('fortified: __printf_chk, which gcompat provides and a loader symlink does not', async () => {
    const r = await check(await build('glibc', 'fortified', ['-O2', '-D_FORTIFY_SOURCE=2']));
    expect(r.code).toBe(1);
    expect(r.f.verdict).toBe('runs-with-gcompat');
    expect(r.f.missing).toEqual(expect.arrayContaining([expect.objectContaining({ symbol: '__printf_chk', gcompat: 'yes' })]));
    expect(r.f.causes.map((c: { class: string }) => c.class)).toEqual(['missing-loader', 'glibc-only-symbol']);
    expect(r.f.predictions.shim).toMatchObject({ outcome: 'symbol-missing', symbols: expect.arrayContaining(['__printf_chk']) });
    expect(r.musl.observation.outcome).toBe('interpreter-missing');
    expect(r.gcompat.agreement).toBe('yes');
    if (r.gcompatKind === 'shim') {
      expect(r.gcompat.observation).toMatchObject({ outcome: 'symbol-missing', exitCode: 127, symbols: expect.arrayContaining(['__printf_chk']) });
      expect(r.gcompat.observation.stderr).toMatch(/__printf_chk: symbol not found/);
    } else {
      expect(r.gcompat.observation).toMatchObject({ outcome: 'started', exitCode: 0 });
    }
  });

  it('backtrace: glibc only (musl cannot compile it); the glibc build needs gcompat', async () => {
    const onMusl = await lab.compile('musl', { sources: [{ name: 'backtrace.c', content: readFileSync(path.join(FIXTURES, 'backtrace.c')) }] });
    expect(onMusl.ok).toBe(false);
    expect(onMusl.diagnostics).toMatch(/execinfo\.h/);
    const r = await check(await build('glibc', 'backtrace'));
    expect(r.f.verdict).toBe('runs-with-gcompat');
    expect(r.f.missing.map((m: { symbol: string }) => m.symbol).sort()).toEqual(['backtrace', 'backtrace_symbols_fd']);
    expect(r.gcompat.agreement).toBe('yes');
    if (r.gcompatKind === 'shim') expect(r.gcompat.observation.stderr).toMatch(/backtrace(_symbols_fd)?: symbol not found/);
  });

  it('threads without -z stack-size: musl gives them 128 KiB, and the fix is offered', async () => {
    const r = await check(await build('glibc', 'threads', ['-pthread']));
    expect(r.f.threads).toMatchObject({ via: ['pthread_create'], setsStackSize: false, gnuStackSize: 0, raisesMuslDefault: false, muslDefault: 131072 });
    expect(r.f.behaviours.map((b: { id: string }) => b.id)).toContain('thread-stack');
    expect(r.f.fixes.map((x: { id: string }) => x.id)).toContain('stack-size');
    // A glibc program run on musl gets musl's thread stacks (musl src/internal/pthread_impl.h).
    expect(r.gcompat.observation).toMatchObject({ outcome: 'started', exitCode: 0, stdout: 'default thread stack: 131072 bytes' });
  });

  it('threads with -Wl,-z,stack-size=1048576: PT_GNU_STACK raises musl default, even for a glibc build', async () => {
    const r = await check(await build('glibc', 'threads', ['-pthread', '-Wl,-z,stack-size=1048576'], '-1m'));
    expect(r.f.threads).toMatchObject({ gnuStackSize: 1048576, raisesMuslDefault: true, muslDefault: 1048576 });
    expect(r.f.fixes.map((x: { id: string }) => x.id)).not.toContain('stack-size');
    expect(r.gcompat.observation.stdout).toBe('default thread stack: 1048576 bytes');
  });

  it('strcoll: runs, with the locale behaviour change named', async () => {
    const r = await check(await build('glibc', 'strcoll'));
    expect(r.f.verdict).toBe('runs-with-gcompat');
    expect(r.f.behaviours).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'locale', symbols: expect.arrayContaining(['strcoll', 'setlocale']) })]));
    expect(r.gcompat).toMatchObject({ agreement: 'yes', observation: { outcome: 'started', exitCode: 0 } });
  });
});

describe('musl programs', () => {
  it('plain hello: runs as is, exit 0', async () => {
    const r = await check(await build('musl', 'hello'));
    expect(r.code).toBe(0);
    expect(r.f).toMatchObject({ verdict: 'runs', libc: { builtFor: 'musl', interpreter: { path: '/lib/ld-musl-x86_64.so.1', libc: 'musl' } } });
    for (const o of [r.musl, r.gcompat]) expect(o).toMatchObject({ agreement: 'yes', observation: { outcome: 'started', exitCode: 0, stdout: 'hello from the lab' } });
  });

  it('threads: 128 KiB by default, 1 MiB with -z stack-size (what --run prints)', async () => {
    const plain = await check(await build('musl', 'threads', ['-pthread']));
    expect(plain.f.threads).toMatchObject({ muslDefault: 131072 });
    expect(plain.musl.observation.stdout).toBe('default thread stack: 131072 bytes');
    const big = await check(await build('musl', 'threads', ['-pthread', '-Wl,-z,stack-size=1048576'], '-1m'));
    expect(big.f.threads).toMatchObject({ gnuStackSize: 1048576, muslDefault: 1048576 });
    expect(big.musl.observation.stdout).toBe('default thread stack: 1048576 bytes');
  });

  it('the fortified and the static builds run too', async () => {
    const fortified = await check(await build('musl', 'fortified', ['-O2', '-D_FORTIFY_SOURCE=2']));
    const statik = await check(await build('musl', 'hello', ['-static'], '-static'));
    expect(fortified.f).toMatchObject({ verdict: 'runs', missing: [] });
    expect(statik.f).toMatchObject({ verdict: 'runs', elf: { linkage: 'static' } });
    for (const r of [fortified, statik]) expect(r.musl).toMatchObject({ agreement: 'yes', observation: { outcome: 'started', exitCode: 0 } });
  });
});

describe('the missing-symbol table against the lab musl', () => {
  it("no listed name is exported by the musl environment's libc (upstream musl: not even fts_*)", async () => {
    const r = await lab.command('musl', ['sh', '-c', 'nm -D --defined-only /lib/ld-musl-$(uname -m).so.1'], { maxOutputBytes: 1 << 20 });
    expect(r.exitCode, r.stderr).toBe(0);
    const exported = new Set(r.stdout.split('\n').map((l) => l.trim().split(/\s+/)[2]).filter((s): s is string => !!s));
    expect(exported.has('__libc_start_main')).toBe(true);
    const present = [...exported].filter((s) => MUSL_MISSING.some((e) => matches(e, s)));
    expect(present).toEqual([]);
  });
});
