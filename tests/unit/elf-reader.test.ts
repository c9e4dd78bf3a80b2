/**
 * The ELF reader on programs built by the host's cc at test time (checked
 * against readelf), on synthesized files of every class and byte order, and
 * on broken input: every failure must be an ElfError with a code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferSource, ElfError, readElf } from '../../src/elf/reader.js';
import { LabError } from '../../src/errors.js';
import { buildOnHost, EM, HELLO, synthElf, THREADED } from './elf-synth.js';

const parse = (b: Buffer) => readElf(new BufferSource(b));

function parseError(b: Buffer): ElfError {
  try {
    parse(b);
  } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    return e as ElfError;
  }
  throw new Error('expected an ElfError');
}

let hello: Buffer;
let helloPath: string;
let staticHello: Buffer;
let threadedBig: Buffer;

beforeAll(() => {
  helloPath = buildOnHost('hello', HELLO, ['-O2', '-D_FORTIFY_SOURCE=2']);
  hello = readFileSync(helloPath);
  staticHello = readFileSync(buildOnHost('hello-static', HELLO, ['-static']));
  threadedBig = readFileSync(buildOnHost('threaded', THREADED, ['-pthread', '-Wl,-z,stack-size=1048576']));
});

/** readelf's view of the same file: interpreter, NEEDED, version needs, imported names. */
function readelfFacts(file: string) {
  const run = (args: string[]) => execFileSync('readelf', ['-W', ...args, file], { encoding: 'utf8' });
  const interp = /Requesting program interpreter: ([^\]]+)\]/.exec(run(['-l']))?.[1] ?? null;
  const needed = [...run(['-d']).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  const versions = [...run(['-V']).matchAll(/Name: (GLIBC_[\w.]+)/g)].map((m) => m[1]).sort();
  const imports = run(['--dyn-syms'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[6] === 'UND' && f[7])
    .map((f) => f[7]!.replace(/@.*/, ''))
    .sort();
  return { interp, needed, versions, imports };
}

describe('real programs built on the host', () => {
  it('a fortified glibc hello: interpreter, NEEDED, versions and imports match readelf', () => {
    const e = parse(hello);
    const r = readelfFacts(helloPath);
    expect(e.interpreter).toBe(r.interp);
    expect(e.needed).toEqual(r.needed);
    expect(e.versionNeeds.flatMap((n) => n.versions).sort()).toEqual(r.versions);
    expect(e.imports.map((i) => i.name).sort()).toEqual(r.imports);
    expect(e.imports.find((i) => i.name === '__printf_chk')).toMatchObject({ version: expect.stringMatching(/^GLIBC_2\./), versionFile: 'libc.so.6', weak: false, kind: 'func' });
    expect(e.imports.find((i) => i.name === '__gmon_start__')?.weak).toBe(true);
    expect(e).toMatchObject({ elfClass: 64, endian: 'little', machineName: 'x86_64', hasDynamic: true });
  });

  it('a static glibc hello: no interpreter, no NEEDED, the GNU ABI note', () => {
    const e = parse(staticHello);
    expect(e.interpreter).toBeNull();
    expect(e.needed).toEqual([]);
    expect(e.imports).toEqual([]);
    expect(e.abiTag?.os).toBe('Linux');
  });

  it('-Wl,-z,stack-size=1048576 is PT_GNU_STACK p_memsz', () => {
    expect(parse(threadedBig).gnuStack).toEqual({ size: 1048576, executable: false });
    expect(parse(hello).gnuStack).toEqual({ size: 0, executable: false });
  });

  it('without section headers (sstrip-like) it reads the same dynamic facts', () => {
    const b = Buffer.from(hello);
    b.writeBigUInt64LE(0n, 40); // e_shoff
    b.writeUInt16LE(0, 60); // e_shnum
    const e = parse(b);
    const orig = parse(hello);
    expect(e.imports).toEqual(orig.imports);
    expect(e.needed).toEqual(orig.needed);
  });
});

describe('synthesized files of every class and byte order', () => {
  const imports = [
    { name: 'printf', version: 'GLIBC_2.2.5' },
    { name: '__printf_chk', version: 'GLIBC_2.3.4' },
    { name: 'foo', version: 'FOO_1', file: 'libfoo.so.1' },
    { name: '__gmon_start__', weak: true },
  ];
  const cases = [64, 32].flatMap((c) => (['little', 'big'] as const).flatMap((en) => (['sysv', 'gnu', 'none'] as const).map((h) => [c as 32 | 64, en, h] as const)));
  it.each(cases)('ELF%i %s-endian, %s hash', (elfClass, endian, hash) => {
    const e = parse(
      synthElf({ elfClass, endian, hash, sections: hash === 'none', machine: EM.aarch64, interpreter: '/lib/ld-linux-aarch64.so.1', needed: ['libc.so.6', 'libfoo.so.1'], imports, exports: ['a', 'b'], gnuStackSize: 2 << 20, abiTag: true, flags1: 0x08000000 }),
    );
    expect(e).toMatchObject({ elfClass, endian, machineName: 'aarch64', interpreter: '/lib/ld-linux-aarch64.so.1', needed: ['libc.so.6', 'libfoo.so.1'], pie: true, exportCount: 2 });
    expect(e.imports.map((i) => `${i.name}@${i.version}@${i.versionFile}${i.weak ? '(weak)' : ''}`)).toEqual([
      'printf@GLIBC_2.2.5@libc.so.6',
      '__printf_chk@GLIBC_2.3.4@libc.so.6',
      'foo@FOO_1@libfoo.so.1',
      '__gmon_start__@null@null(weak)',
    ]);
    expect(e.versionNeeds).toEqual([
      { file: 'libc.so.6', versions: ['GLIBC_2.2.5', 'GLIBC_2.3.4'] },
      { file: 'libfoo.so.1', versions: ['FOO_1'] },
    ]);
    expect(e.gnuStack).toEqual({ size: 2 << 20, executable: false });
    expect(e.abiTag).toEqual({ os: 'Linux', version: '3.2.0' });
    expect(e.warnings).toEqual([]);
  });

  it('a static program: no PT_DYNAMIC, no interpreter', () => {
    const e = parse(synthElf({ type: 2, noDynamic: true, gnuStackSize: null }));
    expect(e).toMatchObject({ type: 'executable', interpreter: null, hasDynamic: false, needed: [], imports: [], gnuStack: null });
  });

  it('no way to count the symbols: a warning, not a failure', () => {
    const e = parse(synthElf({ hash: 'none', imports: [{ name: 'puts' }] }));
    expect(e.imports).toEqual([]);
    expect(e.warnings.join()).toMatch(/imported symbols unknown/);
  });

  it('names the machine for other architectures', () => {
    expect(parse(synthElf({ elfClass: 32, endian: 'big', machine: EM.mips })).machineName).toBe('mips');
    expect(parse(synthElf({ machine: 9999 })).machineName).toBe('machine 9999');
  });
});

describe('input that is not a readable ELF file', () => {
  it('empty file', () => {
    expect(parseError(Buffer.alloc(0)).code).toBe('empty');
  });

  it('a shell script names its interpreter', () => {
    const e = parseError(Buffer.from('#!/bin/sh\necho hi\n'));
    expect(e.code).toBe('script');
    expect(e.message).toContain('#!/bin/sh');
    expect(e.next).toBeTruthy();
    expect(e).toBeInstanceOf(LabError);
    expect(e.kind).toBe('bad-input');
  });

  it('wrong magic: text, binary data, an ar archive', () => {
    expect(parseError(Buffer.from('hello world, this is text\n')).message).toMatch(/text file/);
    expect(parseError(Buffer.from([0x7f, 0x45, 0x4c, 0x47, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).code).toBe('not-elf');
    expect(parseError(Buffer.from('!<arch>\nfoo.o/ ...')).message).toMatch(/archive/);
  });

  it('unknown class or byte order', () => {
    const b = Buffer.from(hello);
    b[4] = 3;
    expect(parseError(b)).toMatchObject({ code: 'malformed', message: expect.stringMatching(/class 3/) });
    const c = Buffer.from(hello);
    c[5] = 0;
    expect(parseError(c).message).toMatch(/data encoding 0/);
  });

  it('absurd e_phnum: the table would run past the end of the file', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(1000, 56); // 56,000 bytes: within what the kernel reads, past the end of this file
    expect(parseError(b).code).toBe('truncated');
  });

  it('e_phnum = PN_XNUM without section 0 to hold the count', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(0xffff, 56);
    b.writeBigUInt64LE(0n, 40);
    expect(parseError(b).code).toBe('malformed');
  });

  it('e_phnum = PN_XNUM on a program: broken, as the kernel refuses it (section 0 holding 0 used to read as "no segments, runs")', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(0xffff, 56); // a real gcc binary: section 0 is all zeros, so its sh_info says 0
    expect(parseError(b)).toMatchObject({ code: 'malformed', message: expect.stringMatching(/PN_XNUM[\s\S]*refuses/) });
  });

  it('e_phnum = PN_XNUM with the real count in section 0: read for a core file, still broken for a program', () => {
    const phnum = hello.readUInt16LE(56);
    const shoff = Number(hello.readBigUInt64LE(40));
    const b = Buffer.from(hello);
    b.writeUInt16LE(0xffff, 56);
    b.writeUInt32LE(phnum, shoff + 44); // section 0's sh_info
    expect(parseError(b).code).toBe('malformed');
    b.writeUInt16LE(4, 16); // ET_CORE: core dumps with many segments use PN_XNUM
    expect(parse(b).interpreter).toBe(parse(hello).interpreter);
  });

  it('a program with no program headers, or more than the kernel reads (64 KiB of them), is broken', () => {
    const none = Buffer.from(hello);
    none.writeUInt16LE(0, 56);
    expect(parseError(none)).toMatchObject({ code: 'malformed', message: expect.stringMatching(/no program headers/) });
    const many = Buffer.concat([hello, Buffer.alloc(1171 * 56)]);
    many.writeUInt16LE(1171, 56); // 1171 * 56 > 65536
    many.writeBigUInt64LE(BigInt(hello.length), 32);
    expect(parseError(many)).toMatchObject({ code: 'malformed', message: expect.stringMatching(/1171 program headers/) });
  });

  it('absurd e_shnum and e_shoff are ignored: the loader never reads sections', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(0xffff, 60);
    b.writeBigUInt64LE(0xffffffffffffn, 40);
    expect(parse(b).imports).toEqual(parse(hello).imports);
  });

  it('a wrong program header size', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(40, 54);
    expect(parseError(b).message).toMatch(/program header size 40/);
  });

  it('a 64-bit offset beyond 2^53 is a clean error', () => {
    const b = Buffer.from(hello);
    b.writeBigUInt64LE(0xffffffffffffff00n, 32); // e_phoff
    expect(parseError(b).code).toMatch(/malformed|truncated/);
  });

  it('an absurd symbol count from DT_HASH', () => {
    const b = synthElf({ imports: [{ name: 'puts' }] });
    const e = parse(b);
    expect(e.imports).toHaveLength(1);
    // nchain sits 4 bytes into DT_HASH: find the table by its known layout (nbucket = 1, nchain = 2).
    const at = b.indexOf(Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]));
    b.writeUInt32LE(0x7fffffff, at + 4);
    expect(parseError(b).message).toMatch(/absurd/);
  });

  it('truncated at every offset of a real program: a typed error or a clean result, never anything else', () => {
    let errors = 0;
    for (let n = 0; n < hello.length; n++) {
      try {
        parse(hello.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
        expect((e as ElfError).message).not.toMatch(/unreadable structure/);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(hello.length / 2);
  });

  it('truncated ELF headers of every class say "truncated"', () => {
    for (const b of [hello, synthElf({ elfClass: 32, endian: 'big' })]) {
      for (let n = 1; n < (b[4] === 2 ? 64 : 52); n++) expect(['truncated', 'not-elf']).toContain(parseError(b.subarray(0, n)).code);
    }
  });
});
