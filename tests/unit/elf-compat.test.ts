/**
 * The compatibility analysis as a table: synthesized files in, verdicts,
 * predictions, missing symbols, behaviours and fixes out. No Docker.
 */
import { describe, expect, it } from 'vitest';
import {
  agreement,
  analyse,
  BEHAVIOUR_RULES,
  classifyNeeded,
  glibcRequirement,
  interpreterLibc,
  MUSL_DEFAULT_STACK,
  observeRun,
  type Prediction,
  verdictExitCode,
} from '../../src/elf/compat.js';
import { lookupMissing, MUSL_MISSING } from '../../src/elf/musl-missing.js';
import { BufferSource, readElf } from '../../src/elf/reader.js';
import { EM, type SynthImport, type SynthOptions, synthElf } from './elf-synth.js';

const GLIBC = '/lib64/ld-linux-x86-64.so.2';
const MUSL = '/lib/ld-musl-x86_64.so.1';
const g = (name: string, version = 'GLIBC_2.2.5'): SynthImport => ({ name, version });
const check = (o: SynthOptions) => analyse(readElf(new BufferSource(synthElf(o))));
const glibcProgram = (imports: SynthImport[], extra: SynthOptions = {}) =>
  check({ interpreter: GLIBC, needed: ['libc.so.6'], imports: [g('__libc_start_main', 'GLIBC_2.34'), ...imports], ...extra });

describe('interpreters and libraries', () => {
  it.each([
    ['/lib64/ld-linux-x86-64.so.2', 'glibc'],
    ['/lib/ld-linux-aarch64.so.1', 'glibc'],
    ['/lib/ld-linux.so.2', 'glibc'],
    ['/lib64/ld64.so.2', 'glibc'],
    ['/lib/ld-musl-x86_64.so.1', 'musl'],
    ['/lib/ld-musl-aarch64.so.1', 'musl'],
    ['/system/bin/linker64', 'other'],
    ['/lib/ld-uClibc.so.0', 'other'],
  ])('%s belongs to %s', (path, libc) => {
    expect(interpreterLibc(path)).toBe(libc);
  });

  it.each([
    ['libc.so.6', 'musl'],
    ['libm.so.6', 'musl'],
    ['libpthread.so.0', 'musl'],
    ['libdl.so.2', 'musl'],
    ['librt.so.1', 'musl'],
    ['libutil.so.1', 'musl'], // musl's reserved list has util and xnet too
    ['libc.musl-x86_64.so.1', 'musl'],
    ['libcrypt.so.1', 'glibc-only'],
    ['libresolv.so.2', 'glibc-only'],
    ['ld-linux-x86-64.so.2', 'gcompat-loader'],
    ['libstdc++.so.6', 'install'],
    ['libcurl.so.4', 'install'],
  ])('DT_NEEDED %s: %s', (name, provider) => {
    expect(classifyNeeded(name).provider).toBe(provider);
  });

  it('gives Alpine package names where it knows them', () => {
    expect(classifyNeeded('libstdc++.so.6').note).toMatch(/apk add libstdc\+\+/);
  });
});

describe('glibc version requirements', () => {
  const req = (versions: string[]) =>
    glibcRequirement(readElf(new BufferSource(synthElf({ interpreter: GLIBC, needed: ['libc.so.6'], imports: versions.map((v, i) => g(`f${i}`, v)) }))));
  it('the highest version, compared as numbers', () => {
    expect(req(['GLIBC_2.2.5', 'GLIBC_2.34', 'GLIBC_2.17', 'GLIBC_2.3.4'])).toMatchObject({ highest: 'GLIBC_2.34', release: '2.34', private: false });
    expect(req(['GLIBC_2.9', 'GLIBC_2.10']).release).toBe('2.10');
    expect(req(['GLIBC_2.2.5']).release).toBe('2.2.5');
  });
  it('GLIBC_ABI_DT_RELR means glibc 2.36; GLIBC_PRIVATE is flagged', () => {
    expect(req(['GLIBC_2.34', 'GLIBC_ABI_DT_RELR'])).toMatchObject({ highest: 'GLIBC_ABI_DT_RELR', release: '2.36' });
    expect(req(['GLIBC_2.2.5', 'GLIBC_PRIVATE']).private).toBe(true);
  });
  it('no versions: no requirement', () => {
    expect(check({ interpreter: MUSL, needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'puts' }] }).glibc).toMatchObject({ highest: null, release: null });
  });
});

describe('the missing-symbol table', () => {
  it.each([
    ['__printf_chk', 'fortify', 'yes'],
    ['__memcpy_chk', 'fortify', 'yes'],
    ['__dprintf_chk', 'fortify', 'unknown'],
    ['__open_2', 'fortify-open', 'unknown'],
    ['backtrace', 'backtrace', 'yes'],
    ['backtrace_symbols_fd', 'backtrace', 'yes'],
    ['error', 'error', 'yes'],
    ['error_at_line', 'error-at-line', 'unknown'],
    ['_obstack_begin', 'obstack', 'no'],
    ['obstack_free', 'obstack', 'no'],
    ['fts_open', 'fts', 'no'],
    ['argp_parse', 'argp', 'no'],
    ['mallinfo', 'mallinfo', 'yes'],
    ['mallinfo2', 'malloc-extras', 'unknown'],
    ['gnu_get_libc_version', 'libc-version', 'yes'],
    ['makecontext', 'ucontext', 'partial'],
    ['__isoc23_strtol', 'isoc23', 'unknown'],
    ['fcntl64', 'fcntl64', 'unknown'],
  ])('%s: %s, gcompat %s', (symbol, id, gcompat) => {
    expect(lookupMissing(symbol)).toMatchObject({ entry: { id }, gcompat });
  });

  it.each(['__libc_start_main', '__stack_chk_fail', '__cxa_atexit', '__errno_location', 'qsort_r', 'getauxval', 'fopen64', 'stat64', '__isoc99_sscanf', 'printf', 'pthread_create'])(
    '%s is not flagged (musl has it, or its loader maps it)',
    (symbol) => {
      expect(lookupMissing(symbol)).toBeNull();
    },
  );

  it('every entry names a source and says what it is', () => {
    for (const e of MUSL_MISSING) {
      expect(e.source.length, e.id).toBeGreaterThan(10);
      expect(e.what.length, e.id).toBeGreaterThan(10);
      expect(e.names?.length || e.pattern, e.id).toBeTruthy();
    }
    expect(new Set(MUSL_MISSING.map((e) => e.id)).size).toBe(MUSL_MISSING.length);
  });
});

describe('verdicts', () => {
  it('a plain glibc program: not found on musl, runs with gcompat or a mere loader symlink', () => {
    const c = glibcProgram([g('puts')]);
    expect(c).toMatchObject({ builtFor: 'glibc', kind: 'pie-executable', linkage: 'dynamic', verdict: 'runs-with-gcompat', certain: true });
    expect(c.predictions.musl.outcome).toBe('interpreter-missing');
    expect(c.predictions.gcompat.outcome).toBe('runs');
    expect(c.predictions.shim.outcome).toBe('runs');
    expect(c.glibc.release).toBe('2.34');
    expect(c.fixes.map((f) => f.id)).toEqual(['gcompat', 'musl-loader', 'rebuild-musl', 'static']);
    expect(verdictExitCode(c.verdict)).toBe(1);
  });

  it('fortified: gcompat provides __printf_chk, the symlink shim does not', () => {
    const c = glibcProgram([g('__printf_chk', 'GLIBC_2.3.4')]);
    expect(c.verdict).toBe('runs-with-gcompat');
    expect(c.predictions.shim).toMatchObject({ outcome: 'symbol-missing', symbols: ['__printf_chk'], certain: true });
    expect(c.missing).toEqual([expect.objectContaining({ symbol: '__printf_chk', gcompat: 'yes', weak: false })]);
    expect(c.fixes.map((f) => f.id)).not.toContain('musl-loader');
  });

  it('backtrace: runs with gcompat; symbol not found with only the symlink', () => {
    const c = glibcProgram([g('backtrace'), g('backtrace_symbols_fd')]);
    expect(c.verdict).toBe('runs-with-gcompat');
    expect(c.predictions.shim.outcome).toBe('symbol-missing');
  });

  it('obstack or argp: needs a rebuild', () => {
    const c = glibcProgram([g('_obstack_begin'), g('__printf_chk', 'GLIBC_2.3.4')]);
    expect(c).toMatchObject({ verdict: 'needs-rebuild', certain: true });
    expect(c.predictions.gcompat).toMatchObject({ outcome: 'symbol-missing', symbols: ['_obstack_begin'] });
    expect(c.fixes.map((f) => f.id)).toEqual(['rebuild-musl', 'static']);
  });

  it('a symbol gcompat may or may not have: runs with gcompat, uncertain', () => {
    const c = glibcProgram([g('fcntl64', 'GLIBC_2.28')]);
    expect(c).toMatchObject({ verdict: 'runs-with-gcompat', certain: false });
    expect(c.predictions.gcompat.certain).toBe(false);
    expect(c.reasons.join(' ')).toMatch(/unknown whether gcompat provides fcntl64/);
  });

  it('a missing weak import is harmless', () => {
    const c = glibcProgram([{ name: 'backtrace', version: 'GLIBC_2.2.5', weak: true }]);
    expect(c.missing[0]?.weak).toBe(true);
    expect(c.predictions.shim.outcome).toBe('runs');
  });

  it('a musl program runs; libraries it needs are to be installed', () => {
    const c = check({ interpreter: MUSL, needed: ['libc.musl-x86_64.so.1', 'libstdc++.so.6'], imports: [{ name: 'puts' }, { name: 'strcoll' }] });
    expect(c).toMatchObject({ builtFor: 'musl', verdict: 'runs', certain: true, behaviours: [] });
    expect(c.needed.map((n) => n.provider)).toEqual(['musl', 'install']);
    expect(c.fixes).toEqual([expect.objectContaining({ id: 'install-libs', command: 'apk add libstdc++' })]);
    expect(verdictExitCode(c.verdict)).toBe(0);
  });

  it('static programs run anywhere on the same architecture; static glibc keeps glibc behaviour', () => {
    const plain = check({ type: 2, noDynamic: true });
    expect(plain).toMatchObject({ kind: 'static-executable', linkage: 'static', verdict: 'runs', builtFor: 'unknown' });
    expect(plain.predictions.musl.outcome).toBe('runs');
    const glibcStatic = check({ type: 2, noDynamic: true, abiTag: true });
    expect(glibcStatic.builtFor).toBe('glibc');
    expect(glibcStatic.reasons.join(' ')).toMatch(/NSS/);
  });

  it('static-pie: ET_DYN without interpreter, DF_1_PIE', () => {
    expect(check({ type: 3, flags1: 0x08000000 })).toMatchObject({ kind: 'static-pie', linkage: 'static', verdict: 'runs' });
  });

  it('aarch64 glibc at the standard path works like x86_64', () => {
    const c = check({ machine: EM.aarch64, interpreter: '/lib/ld-linux-aarch64.so.1', needed: ['libc.so.6'], imports: [g('puts', 'GLIBC_2.17')] });
    expect(c).toMatchObject({ arch: 'aarch64', verdict: 'runs-with-gcompat', interpreter: { standard: true } });
    expect(c.fixes.find((f) => f.id === 'musl-loader')?.command).toMatch(/ld-musl-aarch64/);
  });

  it('a glibc interpreter at an unusual path (Nix): gcompat cannot help', () => {
    const c = check({ interpreter: '/nix/store/abc-glibc-2.40/lib/ld-linux-x86-64.so.2', needed: ['libc.so.6'], imports: [g('puts')] });
    expect(c).toMatchObject({ verdict: 'needs-rebuild', interpreter: { libc: 'glibc', standard: false } });
    expect(c.predictions.gcompat.outcome).toBe('interpreter-missing');
  });

  it('another libc (Android bionic): needs a rebuild', () => {
    const c = check({ interpreter: '/system/bin/linker64', needed: ['libc.so'], imports: [{ name: 'puts' }] });
    expect(c).toMatchObject({ builtFor: 'other', verdict: 'needs-rebuild' });
  });

  it('glibc-only libraries musl does not answer', () => {
    const c = glibcProgram([g('res_query')], { needed: ['libresolv.so.2', 'libc.so.6'] });
    expect(c.predictions.shim).toMatchObject({ outcome: 'library-missing', libraries: ['libresolv.so.2'] });
    expect(c.certain).toBe(false);
  });

  it.each([
    [{ elfClass: 32, machine: EM.i386 }, /ELF32 little-endian i386/],
    [{ endian: 'big', machine: EM.ppc64 }, /big-endian powerpc64/],
    [{ osabi: 9 }, /another operating system/],
    [{ type: 1 }, /object file/],
    [{ type: 4 }, /core dump/],
  ] as [SynthOptions, RegExp][])('unsupported: %o', (o, why) => {
    const c = check({ interpreter: GLIBC, needed: ['libc.so.6'], ...o });
    expect(c).toMatchObject({ supported: false, verdict: 'unsupported' });
    expect(c.reasons[0]).toMatch(why);
    expect(c.predictions.musl.outcome).toBe('unsupported');
    expect(verdictExitCode(c.verdict)).toBe(2);
  });
});

describe('shared libraries', () => {
  const lib = (imports: SynthImport[]) => check({ needed: ['libc.so.6'], soname: 'libx.so.1', imports, exports: ['x_api'] });
  it('a glibc library with plain calls loads into musl programs as is', () => {
    expect(lib([g('malloc'), g('puts')])).toMatchObject({ kind: 'shared-library', builtFor: 'glibc', verdict: 'runs' });
  });
  it('with fortify calls it needs libgcompat loaded too', () => {
    const c = lib([g('__memcpy_chk', 'GLIBC_2.3.4')]);
    expect(c.verdict).toBe('runs-with-gcompat');
    expect(c.predictions.gcompat.detail).toMatch(/libgcompat is loaded/);
  });
  it('with argp it needs a rebuild', () => {
    expect(lib([g('argp_parse')]).verdict).toBe('needs-rebuild');
  });
});

describe('behaviour that changes', () => {
  const behaviours = (imports: SynthImport[], o: SynthOptions = {}) => glibcProgram(imports, o).behaviours;

  it('threads without a stack size: 128 KiB on musl, and the -z stack-size fix', () => {
    const c = glibcProgram([g('pthread_create', 'GLIBC_2.34')], { gnuStackSize: 0 });
    expect(c.threads).toMatchObject({ via: ['pthread_create'], setsStackSize: false, gnuStackSize: 0, raisesMuslDefault: false, muslDefault: MUSL_DEFAULT_STACK });
    expect(c.behaviours[0]).toMatchObject({ id: 'thread-stack', detail: expect.stringMatching(/128 KiB/) });
    expect(c.fixes.map((f) => f.id)).toContain('stack-size');
  });

  it('PT_GNU_STACK of 1 MiB raises musl default; 64 KiB does not; 16 MiB is capped at 8 MiB', () => {
    const t = (size: number) => glibcProgram([g('pthread_create', 'GLIBC_2.34')], { gnuStackSize: size });
    expect(t(1 << 20).threads).toMatchObject({ raisesMuslDefault: true, muslDefault: 1 << 20 });
    expect(t(1 << 20).fixes.map((f) => f.id)).not.toContain('stack-size');
    expect(t(64 << 10).threads).toMatchObject({ raisesMuslDefault: false, muslDefault: MUSL_DEFAULT_STACK });
    expect(t(16 << 20).threads?.muslDefault).toBe(8 << 20);
  });

  it('a program that sets stack sizes itself is told only about its other threads', () => {
    const c = glibcProgram([g('pthread_create', 'GLIBC_2.34'), g('pthread_attr_setstacksize', 'GLIBC_2.34')]);
    expect(c.threads?.setsStackSize).toBe(true);
    expect(c.behaviours[0]?.detail).toMatch(/on some threads/);
  });

  it('C++ std::thread and OpenMP count as threads', () => {
    expect(glibcProgram([{ name: '_ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE', version: 'GLIBCXX_3.4.22', file: 'libstdc++.so.6' }]).threads?.via).toEqual(['std::thread']);
    expect(glibcProgram([], { needed: ['libc.so.6', 'libgomp.so.1'] }).threads?.via).toEqual(['OpenMP (libgomp)']);
  });

  it.each([
    ['strcoll', 'locale'],
    ['localeconv', 'locale'],
    ['nl_langinfo', 'locale'],
    ['getaddrinfo', 'resolver'],
    ['res_query', 'resolver'],
    ['getpwnam', 'users'],
    ['dlclose', 'dlclose'],
    ['getopt', 'getopt'],
    ['iconv_open', 'iconv'],
    ['qsort', 'qsort'],
    ['strerror', 'strerror'],
    ['basename', 'basename'],
  ])('%s: %s', (symbol, id) => {
    expect(behaviours([g(symbol)]).map((b) => b.id)).toEqual([id]);
  });

  it('getopt_long and __xpg_basename change nothing', () => {
    expect(behaviours([g('getopt_long'), g('__xpg_basename')])).toEqual([]);
  });

  it('a musl program already has musl behaviour: nothing "changes"', () => {
    expect(check({ interpreter: MUSL, needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'strcoll' }, { name: 'pthread_create' }] }).behaviours).toEqual([]);
  });
});

describe('reading a run', () => {
  const run = (exitCode: number | null, stderr: string, extra = {}) => observeRun({ exitCode, signal: null, stderr, timedOut: false, ...extra });
  it('the shell cannot find the interpreter', () => {
    expect(run(127, 'musl-lab: line 7: /lab/x1/prog: not found\n').outcome).toBe('interpreter-missing');
  });
  it('musl relocation errors name every missing symbol', () => {
    const o = run(127, 'Error relocating /lab/x2/prog: __printf_chk: symbol not found\nError relocating /lab/x2/prog: backtrace: symbol not found\n');
    expect(o).toMatchObject({ outcome: 'symbol-missing', symbols: ['__printf_chk', 'backtrace'] });
  });
  it('a missing library', () => {
    expect(run(127, 'Error loading shared library libfoo.so.1: No such file or directory (needed by /lab/x3/prog)\n')).toMatchObject({ outcome: 'library-missing', libraries: ['libfoo.so.1'] });
  });
  it('anything else means the program started', () => {
    expect(run(0, '').outcome).toBe('started');
    expect(run(139, '', { signal: 'SIGSEGV' }).outcome).toBe('started');
    expect(run(null, '', { timedOut: true }).outcome).toBe('started');
    expect(run(126, 'Exec format error').outcome).toBe('exec-failed');
  });

  const p = (outcome: Prediction['outcome'], certain = true, assumes: string[] = []): Prediction => ({ outcome, certain, detail: '', symbols: [], libraries: [], assumes });
  it('agreement between prediction and observation', () => {
    expect(agreement(p('runs'), run(0, ''))).toBe('yes');
    expect(agreement(p('interpreter-missing'), run(127, 'x: not found'))).toBe('yes');
    expect(agreement(p('runs'), run(127, 'Error relocating p: f: symbol not found'))).toBe('no');
    expect(agreement(p('symbol-missing', false), run(0, ''))).toBe('uncertain');
    expect(agreement(p('runs', true, ['libfoo.so.1']), run(127, 'Error loading shared library libfoo.so.1: No such file'))).toBe('not-comparable');
    // The lab lacks a library the program needs: that hides the missing symbol it was going to hit.
    expect(agreement(p('symbol-missing', true, ['libfoo.so.1']), run(127, 'Error loading shared library libfoo.so.1: No such file'))).toBe('not-comparable');
    expect(agreement(p('runs', true, []), run(127, 'Error loading shared library libbar.so.1: No such file'))).toBe('no');
    expect(agreement(p('unsupported'), run(0, ''))).toBe('not-comparable');
  });
});

describe('sources the report cites', () => {
  it('are primary (musl or glibc source files, standards, man pages), never a file the package does not ship', () => {
    const sources = [...BEHAVIOUR_RULES.map((r) => r.source), ...MUSL_MISSING.map((e) => e.source)];
    expect(sources.length).toBeGreaterThan(10);
    for (const src of sources) {
      expect(src).not.toMatch(/facts\.md|§/);
      expect(src).toMatch(/musl|glibc|gcompat|POSIX|\(\d\)/);
    }
  });
});
