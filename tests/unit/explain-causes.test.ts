/**
 * The crash explainer names the catalogue's root causes (tests/fixtures/gdb/musl-*,
 * gdb run with gdbArgs() in musl-lab/musl:4 on tests/fixtures/c/<name>.c built
 * with -g; the plugin with -shared -fPIC as ./libplugin.so):
 * musl's allocator stopping on a damaged heap is not a NULL pointer, a thread
 * overflow is thread-stack, freeaddrinfo(NULL) is netdb-behaviour, a call
 * through a never-bound PLT entry is lazy-binding. And each explanation's
 * words are what the catalogue's crash signals recognise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/causes/diagnose.js';
import { crashText } from '../../src/compare/evidence.js';
import { loadCatalogue } from '../../src/causes/load.js';
import { classify } from '../../src/explain/classify.js';
import { parseGdbReport } from '../../src/explain/gdb-report.js';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'gdb');
const cat = loadCatalogue(path.join(import.meta.dirname, '..', '..'));
const explain = (name: string, source: string) => {
  const report = parseGdbReport(readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
  const stderr = readFileSync(path.join(dir, `${name}.stderr.txt`), 'utf8');
  return { report, cause: classify(report, { sources: [source], stderr }) };
};

describe('crashes that are musl/glibc differences', () => {
  it("musl's a_crash (hlt: SIGSEGV, SI_KERNEL, address 0) after a heap overflow is heap corruption, not a NULL pointer", () => {
    const { report, cause } = explain('musl-corrupts-the-heap', 'corrupts-the-heap.c');
    expect(report.siginfo).toMatchObject({ signo: 11, code: 128, addr: 0n });
    expect(cause).toMatchObject({ kind: 'malloc-check', class: 'malloc-behaviour' });
    expect(cause.summary).toMatch(/^musl's allocator found heap corruption in free\(\)/);
    expect(cause.summary).not.toMatch(/NULL pointer/);
    expect(cause.evidence.join(' ')).toMatch(/a_crash\(\)[\s\S]*hlt/);
  });

  it.each(['musl-frees-twice'])('%s: a double free faults reading NULL metadata in get_meta: heap corruption, not the program\'s NULL pointer', (name) => {
    const { report, cause } = explain(name, `${name.slice(5)}.c`);
    expect(report.siginfo).toMatchObject({ code: 1, addr: 0x10n });
    expect(report.frames[0]?.func).toBe('get_meta');
    expect(cause).toMatchObject({ kind: 'malloc-check', class: 'malloc-behaviour' });
    expect(cause.summary).toMatch(/^musl's allocator found heap corruption/);
  });

  it('a NULL write in the program itself is still a NULL pointer, with no root-cause class', () => {
    const { cause } = explain('musl-segfaults', 'segfaults.c');
    expect(cause.kind).toBe('null-pointer');
    expect(cause.class).toBeUndefined();
  });

  it('a worker thread past its stack is thread-stack; the main thread past ulimit -s is not', () => {
    expect(explain('musl-overflows-thread-stack', 'overflows-thread-stack.c').cause).toMatchObject({ kind: 'stack-overflow', class: 'thread-stack' });
    expect(explain('glibc-overflows-thread-stack', 'overflows-thread-stack.c').cause).toMatchObject({ kind: 'stack-overflow', class: 'thread-stack' });
    expect(explain('musl-overflows-main-stack', 'overflows-main-stack.c').cause.class).toBeUndefined();
  });

  it('freeaddrinfo(NULL) on musl is netdb-behaviour', () => {
    const { cause } = explain('musl-frees-null-addrinfo', 'frees-null-addrinfo.c');
    expect(cause).toMatchObject({ kind: 'null-pointer', class: 'netdb-behaviour' });
    expect(cause.summary).toMatch(/freeaddrinfo\(\)[\s\S]*musl's freeaddrinfo reads the list; glibc's accepts NULL/);
  });

  it('a call through a PLT entry musl never bound (dlopen RTLD_LAZY) is lazy-binding', () => {
    const { report, cause } = explain('musl-calls-an-unbound-symbol', 'calls-an-unbound-symbol.c');
    expect(report.frames[1]).toMatchObject({ func: 'plugin_run' });
    expect(cause).toMatchObject({ kind: 'bad-jump', class: 'lazy-binding' });
    expect(cause.summary).toMatch(/^Jump to address 0x1026 through a lazily bound symbol: plugin_run\(\) in libplugin\.so/);
  });

  it.each([
    ['musl-corrupts-the-heap', 'corrupts-the-heap.c', 'malloc-behaviour'],
    ['musl-frees-twice', 'frees-twice.c', 'malloc-behaviour'],
    ['musl-overflows-thread-stack', 'overflows-thread-stack.c', 'thread-stack'],
    ['musl-frees-null-addrinfo', 'frees-null-addrinfo.c', 'netdb-behaviour'],
    ['musl-calls-an-unbound-symbol', 'calls-an-unbound-symbol.c', 'lazy-binding'],
  ])('%s: the catalogue recognises the explanation as %s', (name, source, id) => {
    const { report, cause } = explain(name, source);
    expect(diagnose(cat, [{ env: 'musl', in: 'crash', text: crashText({ cause, frames: report.frames }) }]).map((d) => d.class)).toContain(id);
  });

  it('the plain NULL write is not diagnosed as any root cause from the crash alone', () => {
    const { report, cause } = explain('musl-segfaults', 'segfaults.c');
    expect(diagnose(cat, [{ env: 'musl', in: 'crash', text: crashText({ cause, frames: report.frames }) }]).map((d) => d.class)).toEqual(['unclassified']);
  });
});
