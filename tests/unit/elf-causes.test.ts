/**
 * `check` names what it finds in a binary with the catalogue's ids
 * (causes/<id>.yaml), the same ids compare and port use. Synthetic ELF files; no Docker.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/causes/load.js';
import { analyse } from '../../src/elf/compat.js';
import { BufferSource, readElf } from '../../src/elf/reader.js';
import { checkJson, renderDetailed } from '../../src/elf/view.js';
import { makeStyle } from '../../src/term/style.js';

const plainStyle = makeStyle({ color: false, plain: true });
import { type SynthImport, type SynthOptions, synthElf } from './elf-synth.js';

const GLIBC = '/lib64/ld-linux-x86-64.so.2';
const MUSL = '/lib/ld-musl-x86_64.so.1';
const g = (name: string, version = 'GLIBC_2.2.5'): SynthImport => ({ name, version });
const check = (o: SynthOptions) => analyse(readElf(new BufferSource(synthElf(o))));
const glibcProgram = (imports: SynthImport[]) => check({ interpreter: GLIBC, needed: ['libc.so.6'], imports: [g('__libc_start_main', 'GLIBC_2.34'), ...imports] });
const classes = (o: ReturnType<typeof check>) => o.causes.map((c) => c.class);
const catalogue = loadCatalogue(path.join(import.meta.dirname, '..', '..'));

describe('check: root causes by the catalogue\'s ids', () => {
  it("a glibc program: glibc's loader is missing-loader; __isoc23_strtol and __printf_chk are glibc-only-symbol", () => {
    const c = glibcProgram([g('__isoc23_strtol', 'GLIBC_2.38'), g('__printf_chk', 'GLIBC_2.3.4'), g('puts')]);
    expect(classes(c)).toEqual(['missing-loader', 'glibc-only-symbol']);
    expect(c.causes[0]!.evidence).toContain(GLIBC);
    expect(c.causes[1]!.evidence).toMatch(/__isoc23_strtol@GLIBC_2\.38.*__printf_chk/);
  });

  it('GNU strerror_r, getopt, a thread and getaddrinfo name their causes; __xpg_strerror_r (POSIX) does not', () => {
    const c = glibcProgram([g('strerror_r'), g('getopt'), g('pthread_create'), g('getaddrinfo')]);
    expect(classes(c)).toEqual(expect.arrayContaining(['strerror-r', 'getopt-order', 'thread-stack', 'dns-resolver-behaviour']));
    expect(classes(glibcProgram([g('__xpg_strerror_r')]))).not.toContain('strerror-r');
  });

  it('a musl program and a static one show no root cause', () => {
    expect(check({ interpreter: MUSL, needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'getopt' }] }).causes).toEqual([]);
    expect(check({ imports: [] }).causes).toEqual([]);
  });

  it('every id check can name is an entry of the catalogue', () => {
    const c = glibcProgram([g('__isoc23_strtol', 'GLIBC_2.38'), g('fcntl64', 'GLIBC_2.28'), g('strerror_r'), g('getopt'), g('pthread_create'), g('getaddrinfo'), g('setlocale'), g('basename')]);
    expect(c.causes.length).toBeGreaterThanOrEqual(8);
    for (const k of c.causes) expect(catalogue.byId.has(k.class), k.class).toBe(true);
  });

  it('text and --json carry the ids', () => {
    const c = glibcProgram([g('__isoc23_strtol', 'GLIBC_2.38')]);
    const elf = readElf(new BufferSource(synthElf({ interpreter: GLIBC, needed: ['libc.so.6'], imports: [g('__libc_start_main', 'GLIBC_2.34'), g('__isoc23_strtol', 'GLIBC_2.38')] })));
    const entry = { status: 'analysed' as const, path: 'prog', elf, compat: c };
    const text = renderDetailed(entry, undefined, plainStyle);
    expect(text).toMatch(/root causes\s+missing-loader: its interpreter is \/lib64\/ld-linux-x86-64\.so\.2/);
    expect(text).toMatch(/glibc-only-symbol: it imports __isoc23_strtol@GLIBC_2\.38/);
    const j = checkJson({ entries: [entry], runs: new Map(), exitCode: 1 } as never) as { files: { causes: { class: string }[] }[] };
    expect(j.files[0]!.causes.map((k) => k.class)).toEqual(['missing-loader', 'glibc-only-symbol']);
  });
});
