/**
 * Small ELF files made in memory, for the reader's edge cases: any class,
 * byte order and machine, with an interpreter, DT_NEEDED, imports with
 * versions, PT_GNU_STACK and the GNU ABI note. One PT_LOAD maps the whole
 * file at `base`, so addresses are offsets plus base.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SynthImport {
  name: string;
  version?: string;
  /** The library the version belongs to (default libc.so.6). */
  file?: string;
  weak?: boolean;
}

export interface SynthOptions {
  elfClass?: 32 | 64;
  endian?: 'little' | 'big';
  machine?: number;
  /** ET_EXEC 2, ET_DYN 3, ET_REL 1 */
  type?: number;
  osabi?: number;
  interpreter?: string | null;
  needed?: string[];
  soname?: string;
  flags1?: number;
  imports?: SynthImport[];
  exports?: string[];
  /** null: no PT_GNU_STACK */
  gnuStackSize?: number | null;
  abiTag?: boolean;
  hash?: 'sysv' | 'gnu' | 'none';
  /** Add section headers with a .dynsym entry (the only way to count symbols when hash is "none"). */
  sections?: boolean;
  /** No PT_DYNAMIC at all (a static program). */
  noDynamic?: boolean;
}

export const EM = { x86_64: 62, aarch64: 183, i386: 3, mips: 8, ppc64: 21, arm: 40 } as const;

class Out {
  bytes: number[] = [];
  constructor(
    private readonly little: boolean,
    private readonly is64: boolean,
  ) {}
  get length(): number {
    return this.bytes.length;
  }
  align(n: number): void {
    while (this.bytes.length % n) this.bytes.push(0);
  }
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number, at?: number): void {
    const b = this.little ? [v & 0xff, (v >> 8) & 0xff] : [(v >> 8) & 0xff, v & 0xff];
    this.put(b, at);
  }
  u32(v: number, at?: number): void {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.put(this.little ? b : b.reverse(), at);
  }
  u64(v: number, at?: number): void {
    const lo = v % 2 ** 32;
    const hi = Math.floor(v / 2 ** 32);
    if (this.little) {
      this.u32(lo, at);
      this.u32(hi, at === undefined ? undefined : at + 4);
    } else {
      this.u32(hi, at);
      this.u32(lo, at === undefined ? undefined : at + 4);
    }
  }
  word(v: number, at?: number): void {
    if (this.is64) this.u64(v, at);
    else this.u32(v, at);
  }
  raw(b: number[] | Buffer): void {
    for (const x of b) this.bytes.push(x);
  }
  private put(b: number[], at?: number): void {
    if (at === undefined) this.bytes.push(...b);
    else b.forEach((x, i) => (this.bytes[at + i] = x));
  }
}

function gnuHash(name: string): number {
  let h = 5381;
  for (const c of Buffer.from(name, 'latin1')) h = (h * 33 + c) >>> 0;
  return h;
}

export function synthElf(o: SynthOptions = {}): Buffer {
  const is64 = (o.elfClass ?? 64) === 64;
  const little = (o.endian ?? 'little') === 'little';
  const type = o.type ?? 3;
  const base = type === 2 ? 0x400000 : 0;
  const out = new Out(little, is64);
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const imports = o.imports ?? [];
  const exportsList = o.exports ?? [];
  const needed = o.needed ?? [];
  const interp = o.interpreter === undefined ? null : o.interpreter;
  const dynamic = !o.noDynamic;

  // String table
  const strs: string[] = [''];
  const strOff = new Map<string, number>([['', 0]]);
  let strLen = 1;
  const str = (s: string) => {
    if (!strOff.has(s)) {
      strOff.set(s, strLen);
      strs.push(s);
      strLen += Buffer.byteLength(s, 'latin1') + 1;
    }
    return strOff.get(s)!;
  };
  needed.forEach(str);
  if (o.soname) str(o.soname);
  imports.forEach((i) => str(i.name));
  exportsList.forEach(str);
  const versionFiles = new Map<string, string[]>();
  for (const i of imports) {
    if (!i.version) continue;
    const f = i.file ?? 'libc.so.6';
    str(f);
    str(i.version);
    const list = versionFiles.get(f) ?? [];
    if (!list.includes(i.version)) list.push(i.version);
    versionFiles.set(f, list);
  }
  const versionIndex = new Map<string, number>();
  let vi = 2;
  for (const [f, vs] of versionFiles) for (const v of vs) versionIndex.set(`${f}|${v}`, vi++);

  const phdrs: { type: number; flags: number; offset: number; filesz: number; memsz: number }[] = [];
  const nph = 1 + (interp ? 1 : 0) + (dynamic ? 1 : 0) + (o.gnuStackSize !== null ? 1 : 0) + (o.abiTag ? 1 : 0);
  // header + program headers are written at the end into reserved space
  out.raw(new Array(ehsize + nph * phentsize).fill(0));

  let interpOff = 0;
  if (interp) {
    out.align(8);
    interpOff = out.length;
    out.raw(Buffer.from(interp + '\0', 'latin1'));
    phdrs.push({ type: 3, flags: 4, offset: interpOff, filesz: interp.length + 1, memsz: interp.length + 1 });
  }
  let noteOff = 0;
  if (o.abiTag) {
    out.align(4);
    noteOff = out.length;
    out.u32(4);
    out.u32(16);
    out.u32(1);
    out.raw(Buffer.from('GNU\0'));
    out.u32(0);
    out.u32(3);
    out.u32(2);
    out.u32(0);
  }

  let strtabOff = 0;
  let symtabOff = 0;
  let hashOff = 0;
  let versymOff = 0;
  let verneedOff = 0;
  let dynOff = 0;
  const nsyms = 1 + imports.length + exportsList.length;
  if (dynamic) {
    out.align(8);
    strtabOff = out.length;
    for (const s of strs) out.raw(Buffer.from(s + '\0', 'latin1'));
    out.align(8);
    symtabOff = out.length;
    const sym = (name: number, info: number, shndx: number, value: number) => {
      if (is64) {
        out.u32(name);
        out.u8(info);
        out.u8(0);
        out.u16(shndx);
        out.u64(value);
        out.u64(0);
      } else {
        out.u32(name);
        out.u32(value);
        out.u32(0);
        out.u8(info);
        out.u8(0);
        out.u16(shndx);
      }
    };
    sym(0, 0, 0, 0);
    for (const i of imports) sym(str(i.name), ((i.weak ? 2 : 1) << 4) | 2, 0, 0);
    for (const e of exportsList) sym(str(e), (1 << 4) | 2, 1, base + 0x100);
    out.align(8);
    if ((o.hash ?? 'sysv') === 'sysv') {
      hashOff = out.length;
      out.u32(1); // nbucket
      out.u32(nsyms); // nchain
      out.u32(0);
      for (let i = 0; i < nsyms; i++) out.u32(0);
    } else if (o.hash === 'gnu') {
      // One bucket, all exports in its chain (imports stay below symoffset).
      hashOff = out.length;
      const symoffset = 1 + imports.length;
      out.u32(1);
      out.u32(symoffset);
      out.u32(1); // bloom size
      out.u32(6);
      out.word(0xffffffff);
      out.u32(exportsList.length ? symoffset : 0);
      exportsList.forEach((e, i) => out.u32((gnuHash(e) & ~1) | (i === exportsList.length - 1 ? 1 : 0)));
    }
    if (versionFiles.size) {
      out.align(2);
      versymOff = out.length;
      out.u16(0);
      for (const i of imports) out.u16(i.version ? versionIndex.get(`${i.file ?? 'libc.so.6'}|${i.version}`)! : 1);
      for (let k = 0; k < exportsList.length; k++) out.u16(1);
      out.align(8);
      verneedOff = out.length;
      const files = [...versionFiles.entries()];
      files.forEach(([f, vs], fi) => {
        out.u16(1);
        out.u16(vs.length);
        out.u32(str(f));
        out.u32(16);
        out.u32(fi === files.length - 1 ? 0 : 16 + vs.length * 16);
        vs.forEach((v, k) => {
          out.u32(0);
          out.u16(0);
          out.u16(versionIndex.get(`${f}|${v}`)!);
          out.u32(str(v));
          out.u32(k === vs.length - 1 ? 0 : 16);
        });
      });
    }
    out.align(8);
    dynOff = out.length;
    const dyn = (tag: number, val: number) => {
      out.word(tag);
      out.word(val);
    };
    for (const n of needed) dyn(1, str(n));
    if (o.soname) dyn(14, str(o.soname));
    dyn(5, base + strtabOff);
    dyn(10, strLen);
    dyn(6, base + symtabOff);
    dyn(11, is64 ? 24 : 16);
    if (hashOff) dyn(o.hash === 'gnu' ? 0x6ffffef5 : 4, base + hashOff);
    if (versymOff) {
      dyn(0x6ffffff0, base + versymOff);
      dyn(0x6ffffffe, base + verneedOff);
      dyn(0x6fffffff, versionFiles.size);
    }
    if (o.flags1) dyn(0x6ffffffb, o.flags1);
    dyn(0, 0);
    const dynSize = out.length - dynOff;
    phdrs.push({ type: 2, flags: 6, offset: dynOff, filesz: dynSize, memsz: dynSize });
  }
  if (o.gnuStackSize !== null) phdrs.push({ type: 0x6474e551, flags: 6, offset: 0, filesz: 0, memsz: o.gnuStackSize ?? 0 });
  if (o.abiTag) phdrs.push({ type: 4, flags: 4, offset: noteOff, filesz: 32, memsz: 32 });

  let shoff = 0;
  let shnum = 0;
  if (o.sections) {
    out.align(8);
    shoff = out.length;
    shnum = 2;
    const shdr = (shType: number, off: number, size: number, entsize: number) => {
      out.u32(0);
      out.u32(shType);
      out.word(0);
      out.word(0);
      out.word(off);
      out.word(size);
      out.u32(0);
      out.u32(0);
      out.word(8);
      out.word(entsize);
    };
    shdr(0, 0, 0, 0);
    const entsize = is64 ? 24 : 16;
    shdr(11, symtabOff, nsyms * entsize, entsize);
  }

  const total = out.length;
  phdrs.unshift({ type: 1, flags: 5, offset: 0, filesz: total, memsz: total });
  // ELF header
  const ident = [0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, little ? 1 : 2, 1, o.osabi ?? 0, 0, 0, 0, 0, 0, 0, 0, 0];
  ident.forEach((b, i) => (out.bytes[i] = b));
  out.u16(type, 16);
  out.u16(o.machine ?? EM.x86_64, 18);
  out.u32(1, 20);
  out.word(base + 0x100, 24);
  const phoff = ehsize;
  if (is64) {
    out.u64(phoff, 32);
    out.u64(shoff, 40);
    out.u32(0, 48);
    out.u16(ehsize, 52);
    out.u16(phentsize, 54);
    out.u16(phdrs.length, 56);
    out.u16(64, 58);
    out.u16(shnum, 60);
    out.u16(0, 62);
  } else {
    out.u32(phoff, 28);
    out.u32(shoff, 32);
    out.u32(0, 36);
    out.u16(ehsize, 40);
    out.u16(phentsize, 42);
    out.u16(phdrs.length, 44);
    out.u16(40, 46);
    out.u16(shnum, 48);
    out.u16(0, 50);
  }
  if (phdrs.length !== nph) throw new Error('program header count mismatch');
  phdrs.forEach((p, i) => {
    const at = phoff + i * phentsize;
    if (is64) {
      out.u32(p.type, at);
      out.u32(p.flags, at + 4);
      out.u64(p.offset, at + 8);
      out.u64(base + p.offset, at + 16);
      out.u64(base + p.offset, at + 24);
      out.u64(p.filesz, at + 32);
      out.u64(p.memsz, at + 40);
      out.u64(8, at + 48);
    } else {
      out.u32(p.type, at);
      out.u32(p.offset, at + 4);
      out.u32(base + p.offset, at + 8);
      out.u32(base + p.offset, at + 12);
      out.u32(p.filesz, at + 16);
      out.u32(p.memsz, at + 20);
      out.u32(p.flags, at + 24);
      out.u32(8, at + 28);
    }
  });
  return Buffer.from(out.bytes);
}


let hostDir: string | undefined;

/** Build a C program with the host's cc (glibc on the project's machines); tests that need it fail loudly without one. */
export function buildOnHost(name: string, source: string, flags: string[] = []): string {
  hostDir ??= mkdtempSync(path.join(os.tmpdir(), 'musl-lab-elf-'));
  const src = path.join(hostDir, `${name}.c`);
  const out = path.join(hostDir, name);
  writeFileSync(src, source);
  try {
    execFileSync('cc', ['-o', out, src, ...flags], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    throw new Error(err.code === 'ENOENT' ? 'These tests build small C programs with the host compiler: install gcc (apt-get install gcc).' : `cc failed: ${err.stderr?.toString() ?? e}`);
  }
  return out;
}

export const HELLO = '#include <stdio.h>\nint main(int argc, char **argv) { printf("%d %s\\n", argc, argv[0]); return 0; }\n';
export const THREADED =
  '#include <pthread.h>\n#include <stdio.h>\nstatic void *run(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pthread_join(t, 0); puts("joined"); return 0; }\n';
