/**
 * Seeded fuzzing: mutate real programs (bytes, fields set to extremes,
 * truncation, splices) thousands of times. Each case must parse cleanly (and
 * analyse cleanly) or fail with an ElfError; nothing else, and no hang.
 * The seed is printed on failure so a case can be replayed.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/elf/compat.js';
import { BufferSource, ElfError, readElf } from '../../src/elf/reader.js';
import { buildOnHost, EM, HELLO, synthElf, THREADED } from './elf-synth.js';

const SEED = Number(process.env.ELF_FUZZ_SEED ?? 0x5eed);
const CASES = 40_000;

/** mulberry32: small, fast, good enough to spread mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff];

function mutate(base: Buffer, rnd: () => number): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  // Most structure sits in the first pages: aim there more often.
  const where = () => (rnd() < 0.7 ? int(Math.min(base.length, 4096)) : int(base.length));
  const kind = int(6);
  if (kind === 0) return base.subarray(0, int(base.length)); // truncate
  const b = Buffer.from(base);
  if (kind === 1) {
    for (let i = 0, n = 1 + int(8); i < n; i++) b[where()] = int(256);
  } else if (kind === 2) {
    const at = Math.min(where(), b.length - 4);
    b.writeUInt32LE(EXTREMES[int(EXTREMES.length)]!, Math.max(0, at & ~3));
  } else if (kind === 3) {
    const at = Math.min(where(), b.length - 8);
    b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(EXTREMES[int(EXTREMES.length)]!) * (rnd() < 0.5 ? 1n : 0x100000001n)), Math.max(0, at & ~7));
  } else if (kind === 4) {
    // header fields: e_phoff..e_shstrndx
    const at = 16 + int(48);
    if (at + 2 <= b.length) b.writeUInt16LE(EXTREMES[int(EXTREMES.length)]! & 0xffff, at & ~1);
  } else {
    // splice a block from elsewhere in the file
    const from = int(b.length);
    const to = where();
    const len = Math.min(1 + int(64), b.length - from, b.length - to);
    base.copy(b, to, from, from + len);
  }
  return b;
}

let bases: { name: string; buf: Buffer }[] = [];

beforeAll(() => {
  bases = [
    { name: 'fortified hello', buf: readFileSync(buildOnHost('fz-hello', HELLO, ['-O2', '-D_FORTIFY_SOURCE=2'])) },
    { name: 'threaded, stack-size', buf: readFileSync(buildOnHost('fz-threaded', THREADED, ['-pthread', '-Wl,-z,stack-size=1048576'])) },
    { name: 'shared library', buf: readFileSync(buildOnHost('libfz.so', '#include <stdio.h>\nint shout(const char *s) { return printf("%s!\\n", s); }\n', ['-shared', '-fPIC', '-O2', '-D_FORTIFY_SOURCE=2'])) },
    { name: 'synth ELF32 big-endian', buf: synthElf({ elfClass: 32, endian: 'big', machine: EM.mips, interpreter: '/lib/ld.so.1', needed: ['libc.so.6'], imports: [{ name: 'puts', version: 'GLIBC_2.0' }], hash: 'gnu', exports: ['x'], abiTag: true }) },
    { name: 'synth ELF64 with sections', buf: synthElf({ hash: 'none', sections: true, interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'puts' }] }) },
  ];
});

describe(`fuzz (seed ${SEED})`, () => {
  it(`mutated programs give a clean result or an ElfError (${CASES} cases)`, () => {
    const rnd = prng(SEED);
    const tally = { ok: 0, error: 0 } as Record<string, number>;
    let n = 0;
    // Every case runs: how fast is a figure for bench/elf-fuzz.ts, not a condition here.
    for (; n < CASES; n++) {
      const base = bases[n % bases.length]!;
      const input = mutate(base.buf, rnd);
      try {
        const elf = readElf(new BufferSource(input));
        analyse(elf);
        tally.ok!++;
      } catch (e) {
        if (!(e instanceof ElfError)) throw new Error(`case ${n} (${base.name}, seed ${SEED}): untyped ${e instanceof Error ? e.stack : String(e)}`);
        // The reader's safety net catches unchecked reads; none should need it.
        expect(e.message, `case ${n} (${base.name})`).not.toMatch(/unreadable structure/);
        tally[e.code] = (tally[e.code] ?? 0) + 1;
        tally.error!++;
      }
    }
    expect(n).toBe(CASES);
    // Both outcomes must occur, or the mutations are not reaching the structure.
    expect(tally.ok).toBeGreaterThan(n / 20);
    expect(tally.error).toBeGreaterThan(n / 20);
  });
});
