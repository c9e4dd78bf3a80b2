/**
 * A small, bounds-checked ELF reader: the header, program headers, the
 * dynamic section, imported dynamic symbols with their versions, and the
 * GNU ABI note. It reads what the loader reads (segments and DT_* tables),
 * so section headers are optional. Any input is either parsed or rejected
 * with an ElfError; no offset or count from the file is trusted.
 */
import { LabError } from '../errors.js';

export type ElfErrorCode = 'empty' | 'not-elf' | 'script' | 'truncated' | 'malformed' | 'unreadable';

/** A file that cannot be read as ELF: a per-file outcome for scans, a bad-input error for one file. */
export class ElfError extends LabError {
  readonly code: ElfErrorCode;

  constructor(code: ElfErrorCode, message: string, next?: string) {
    super('bad-input', message, next ?? NEXT[code]);
    this.name = 'ElfError';
    this.code = code;
  }
}

const NEXT: Record<ElfErrorCode, string> = {
  empty: 'Give an ELF program or shared library (the file is empty).',
  'not-elf': 'Give an ELF program or shared library, e.g. `musl-lab check /usr/bin/ls`.',
  script: 'Check the program its #! line names instead, e.g. `musl-lab check /usr/bin/python3`.',
  truncated: 'The file is cut short: copy or download it again.',
  malformed: 'The file is not a well-formed ELF file; `readelf -a` shows what is wrong with it.',
  unreadable: 'Check the path and its permissions.',
};

/** Random access to the bytes of a file. `read` returns exactly `length` bytes or throws ElfError. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

/** The largest single table we agree to read: far above real binaries, far below memory trouble. */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;
const MAX_SYMBOLS = 1 << 20;
const MAX_DYNAMIC_ENTRIES = 1 << 16;
/** Longest PT_INTERP path accepted. */
const MAX_NAME = 4096;
const MAX_VERNEED = 4096;
const MAX_NOTES = 256;

export function checkRange(size: number, offset: number, length: number, what: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new ElfError('malformed', `${what}: offset ${offset} or length ${length} is not a valid file position.`);
  }
  if (length > MAX_TABLE_BYTES) throw new ElfError('malformed', `${what}: ${length} bytes is an absurd size.`);
  if (offset + length > size) {
    throw new ElfError('truncated', `${what} lies at bytes ${offset}..${offset + length}, past the end of the file (${size} bytes).`);
  }
}

export class BufferSource implements ByteSource {
  constructor(private readonly buf: Buffer) {}
  get size(): number {
    return this.buf.length;
  }
  read(offset: number, length: number): Buffer {
    checkRange(this.buf.length, offset, length, 'read');
    return this.buf.subarray(offset, offset + length);
  }
}

export type ElfType = 'relocatable' | 'executable' | 'shared' | 'core' | 'unknown';

export interface ImportedSymbol {
  name: string;
  /** "GLIBC_2.34" when the import asks for a version. */
  version: string | null;
  /** The library the version belongs to (from .gnu.version_r), e.g. "libc.so.6". */
  versionFile: string | null;
  weak: boolean;
  kind: 'func' | 'object' | 'tls' | 'other';
}

export interface VersionNeed {
  file: string;
  versions: string[];
}

export interface ElfFile {
  size: number;
  elfClass: 32 | 64;
  endian: 'little' | 'big';
  osabi: number;
  type: ElfType;
  machine: number;
  machineName: string;
  entry: number;
  interpreter: string | null;
  /** Has a PT_DYNAMIC segment (static-pie binaries have one too). */
  hasDynamic: boolean;
  needed: string[];
  soname: string | null;
  rpath: string | null;
  runpath: string | null;
  flags: number;
  flags1: number;
  /** DF_1_PIE set, or ET_DYN with an interpreter. */
  pie: boolean;
  /** PT_GNU_STACK: size is p_memsz, what `-z stack-size=N` writes (0 when not set). */
  gnuStack: { size: number; executable: boolean } | null;
  imports: ImportedSymbol[];
  /** Defined dynamic symbols (what a library exports). */
  exportCount: number;
  versionNeeds: VersionNeed[];
  /** NT_GNU_ABI_TAG: present in glibc's crt1.o, so a hint that a static binary is glibc. */
  abiTag: { os: string; version: string } | null;
  /** Non-fatal oddities: parts that were skipped. */
  warnings: string[];
}

const MACHINES: Record<number, string> = {
  2: 'sparc',
  3: 'i386',
  8: 'mips',
  20: 'powerpc',
  21: 'powerpc64',
  22: 's390',
  40: 'arm',
  43: 'sparc64',
  50: 'ia64',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch',
};

export function machineName(m: number): string {
  return MACHINES[m] ?? `machine ${m}`;
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PT_NOTE = 4;
const PT_GNU_STACK = 0x6474e551;
const PN_XNUM = 0xffff;

const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_SYMTAB = 6;
const DT_STRSZ = 10;
const DT_SYMENT = 11;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
const DT_FLAGS = 30;
const DT_GNU_HASH = 0x6ffffef5;
const DT_VERSYM = 0x6ffffff0;
const DT_FLAGS_1 = 0x6ffffffb;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
export const DF_1_PIE = 0x08000000;

const SHT_DYNSYM = 11;

/** Endian- and class-aware field access over one table already read into memory. */
class Fields {
  constructor(
    readonly buf: Buffer,
    private readonly little: boolean,
    private readonly is64: boolean,
  ) {}
  u8(o: number): number {
    return this.buf[o]!;
  }
  u16(o: number): number {
    return this.little ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }
  u32(o: number): number {
    return this.little ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }
  /** 64-bit values as a double: exact below 2^53; bigger ones fail every later range check. */
  u64(o: number): number {
    const lo = this.little ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o + 4);
    const hi = this.little ? this.buf.readUInt32LE(o + 4) : this.buf.readUInt32BE(o);
    return hi * 2 ** 32 + lo;
  }
  word(o: number): number {
    return this.is64 ? this.u64(o) : this.u32(o);
  }
}

interface Segment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

interface Layout {
  little: boolean;
  is64: boolean;
  fields(buf: Buffer): Fields;
}

/** Parse an ELF file. Throws ElfError for anything that is not a readable ELF file. */
export function readElf(src: ByteSource): ElfFile {
  try {
    return parse(src);
  } catch (e) {
    if (e instanceof ElfError) throw e;
    // A RangeError from Buffer means an unchecked read: still the file's fault, but say so plainly.
    throw new ElfError('malformed', `unreadable structure (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** The first bytes of a file that is not ELF, described for a person. */
export function describeNotElf(head: Buffer): ElfError {
  if (head.length === 0) return new ElfError('empty', 'empty file, not an ELF program.');
  if (head[0] === 0x23 && head[1] === 0x21) {
    const line = head.subarray(2, Math.min(head.length, 130)).toString('latin1').split('\n')[0]!.trim();
    return new ElfError('script', `a script (#!${line}), not an ELF program.`);
  }
  if (head.subarray(0, 8).toString('latin1') === '!<arch>\n') return new ElfError('not-elf', 'a static library archive (.a), not a program.', 'Check the program linked from it.');
  if (head.length >= 4 && head[0] === 0x7f && head.subarray(1, 4).toString('latin1') === 'ELF') {
    return new ElfError('truncated', `only ${head.length} bytes: too short for an ELF header.`);
  }
  const printable = head.subarray(0, 64).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80);
  return new ElfError('not-elf', printable ? 'a text file, not an ELF program.' : 'not an ELF file (no \\x7fELF signature).');
}

function parse(src: ByteSource): ElfFile {
  const size = src.size;
  if (size === 0) throw describeNotElf(Buffer.alloc(0));
  const ident = src.read(0, Math.min(size, 64));
  if (ident.length < 16 || ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) throw describeNotElf(ident);
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ElfError('malformed', `unknown ELF class ${cls} (expected 1 for 32-bit or 2 for 64-bit).`);
  if (data !== 1 && data !== 2) throw new ElfError('malformed', `unknown ELF data encoding ${data} (expected 1 little-endian or 2 big-endian).`);
  const is64 = cls === 2;
  const little = data === 1;
  const layout: Layout = { little, is64, fields: (b) => new Fields(b, little, is64) };
  const ehsize = is64 ? 64 : 52;
  if (size < ehsize) throw new ElfError('truncated', `only ${size} bytes: the ${is64 ? 64 : 52}-byte ELF header is cut short.`);
  const h = layout.fields(src.read(0, ehsize));
  const warnings: string[] = [];
  if (ident[6] !== 1) warnings.push(`unusual ELF version ${ident[6]}`);
  const typeCode = h.u16(16);
  const machine = h.u16(18);
  const entry = h.word(24);
  const phoff = is64 ? h.u64(32) : h.u32(28);
  const shoff = is64 ? h.u64(40) : h.u32(32);
  const phentsize = h.u16(is64 ? 54 : 42);
  let phnum = h.u16(is64 ? 56 : 44);
  const shentsize = h.u16(is64 ? 58 : 46);
  const shnum = h.u16(is64 ? 60 : 48);
  const type: ElfType = typeCode === 1 ? 'relocatable' : typeCode === 2 ? 'executable' : typeCode === 3 ? 'shared' : typeCode === 4 ? 'core' : 'unknown';

  const sections = lazySections(src, layout, shoff, shentsize, shnum, warnings);
  if (type === 'executable' || type === 'shared') {
    // The kernel (load_elf_phdrs) and both libcs' loaders take e_phnum as it is: PN_XNUM is for core
    // dumps, and the kernel reads 1 to 64 KiB of program headers. Anything else never runs.
    const never = 'so the kernel refuses to run it and loaders refuse to load it';
    if (phnum === PN_XNUM) throw new ElfError('malformed', `e_phnum is 0xffff (PN_XNUM, "the count is in section 0"), which only core dumps may use, ${never}.`);
    if (phnum === 0) throw new ElfError('malformed', `no program headers (e_phnum is 0): nothing to map, ${never}.`);
    const bytes = phnum * (is64 ? 56 : 32);
    if (bytes > 65536) throw new ElfError('malformed', `${phnum} program headers (${bytes} bytes) are more than the 64 KiB the kernel reads: it refuses to run this file.`);
  } else if (phnum === PN_XNUM) {
    // More than 65534 program headers: the real count sits in section 0's sh_info.
    const s0 = sections()[0];
    if (!s0) throw new ElfError('malformed', 'e_phnum says the count is in section 0, but there are no section headers.');
    phnum = s0.info;
  }

  const segments: Segment[] = [];
  if (phnum > 0) {
    const want = is64 ? 56 : 32;
    if (phentsize !== want) throw new ElfError('malformed', `program header size ${phentsize}, expected ${want}.`);
    checkRange(size, phoff, phnum * phentsize, `${phnum} program headers`);
    const t = layout.fields(src.read(phoff, phnum * phentsize));
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      segments.push(
        is64
          ? { type: t.u32(o), flags: t.u32(o + 4), offset: t.u64(o + 8), vaddr: t.u64(o + 16), filesz: t.u64(o + 32), memsz: t.u64(o + 40) }
          : { type: t.u32(o), offset: t.u32(o + 4), vaddr: t.u32(o + 8), filesz: t.u32(o + 16), memsz: t.u32(o + 20), flags: t.u32(o + 24) },
      );
    }
  }

  let interpreter: string | null = null;
  let gnuStack: ElfFile['gnuStack'] = null;
  let abiTag: ElfFile['abiTag'] = null;
  let dynSeg: Segment | null = null;
  for (const s of segments) {
    if (s.type === PT_INTERP) {
      if (interpreter !== null) {
        warnings.push('more than one PT_INTERP; the first one counts');
        continue;
      }
      checkRange(size, s.offset, s.filesz, 'PT_INTERP');
      if (s.filesz === 0 || s.filesz > MAX_NAME) throw new ElfError('malformed', `PT_INTERP of ${s.filesz} bytes is not a path.`);
      const raw = src.read(s.offset, s.filesz);
      const nul = raw.indexOf(0);
      interpreter = raw.toString('latin1', 0, nul < 0 ? raw.length : nul);
      if (nul < 0) warnings.push('PT_INTERP is not NUL-terminated');
    } else if (s.type === PT_DYNAMIC) {
      if (dynSeg) warnings.push('more than one PT_DYNAMIC; the first one counts');
      else dynSeg = s;
    } else if (s.type === PT_GNU_STACK) {
      gnuStack = { size: Number.isSafeInteger(s.memsz) ? s.memsz : 0, executable: (s.flags & 1) !== 0 };
    } else if (s.type === PT_NOTE && !abiTag) {
      abiTag = readAbiTag(src, layout, s, warnings);
    }
  }

  const loads = segments.filter((s) => s.type === PT_LOAD);
  const toOffset = (addr: number, what: string): number => {
    for (const l of loads) {
      if (addr >= l.vaddr && addr < l.vaddr + l.filesz) {
        const off = l.offset + (addr - l.vaddr);
        if (!Number.isSafeInteger(off)) break;
        return off;
      }
    }
    throw new ElfError('malformed', `${what} at address 0x${addr.toString(16)} is in no loaded segment.`);
  };

  const base: ElfFile = {
    size,
    elfClass: is64 ? 64 : 32,
    endian: little ? 'little' : 'big',
    osabi: ident[7]!,
    type,
    machine,
    machineName: machineName(machine),
    entry,
    interpreter,
    hasDynamic: dynSeg !== null,
    needed: [],
    soname: null,
    rpath: null,
    runpath: null,
    flags: 0,
    flags1: 0,
    pie: type === 'shared' && interpreter !== null,
    gnuStack,
    imports: [],
    exportCount: 0,
    versionNeeds: [],
    abiTag,
    warnings,
  };
  if (!dynSeg) return base;
  readDynamic(src, layout, dynSeg, toOffset, sections, base);
  return base;
}

interface Section {
  type: number;
  offset: number;
  size: number;
  entsize: number;
  info: number;
}

/** Section headers, read only when something needs them; broken ones are skipped with a warning. */
function lazySections(src: ByteSource, layout: Layout, shoff: number, shentsize: number, shnum: number, warnings: string[]): () => Section[] {
  let cached: Section[] | null = null;
  return () => {
    if (cached) return cached;
    cached = [];
    if (shoff === 0) return cached;
    const want = layout.is64 ? 64 : 40;
    if (shentsize !== want) {
      warnings.push(`section header size ${shentsize} (expected ${want}); sections ignored`);
      return cached;
    }
    // shnum 0 with shoff set: the real count is in section 0's sh_size.
    let count = shnum;
    try {
      if (count === 0) {
        checkRange(src.size, shoff, want, 'section header 0');
        const s0 = layout.fields(src.read(shoff, want));
        count = layout.is64 ? s0.u64(32) : s0.u32(20);
        if (count > 1 << 20) throw new ElfError('malformed', `${count} sections is an absurd count.`);
      }
      checkRange(src.size, shoff, count * want, `${count} section headers`);
      const t = layout.fields(src.read(shoff, count * want));
      for (let i = 0; i < count; i++) {
        const o = i * want;
        cached.push(
          layout.is64
            ? { type: t.u32(o + 4), offset: t.u64(o + 24), size: t.u64(o + 32), info: t.u32(o + 44), entsize: t.u64(o + 56) }
            : { type: t.u32(o + 4), offset: t.u32(o + 16), size: t.u32(o + 20), info: t.u32(o + 28), entsize: t.u32(o + 36) },
        );
      }
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      warnings.push(`section headers ignored: ${e.message}`);
      cached = [];
    }
    return cached;
  };
}

function readAbiTag(src: ByteSource, layout: Layout, s: Segment, warnings: string[]): ElfFile['abiTag'] {
  try {
    checkRange(src.size, s.offset, s.filesz, 'PT_NOTE');
    const t = layout.fields(src.read(s.offset, s.filesz));
    let o = 0;
    for (let n = 0; n < MAX_NOTES && o + 12 <= s.filesz; n++) {
      const namesz = t.u32(o);
      const descsz = t.u32(o + 4);
      const ntype = t.u32(o + 8);
      const nameEnd = o + 12 + align4(namesz);
      const descEnd = nameEnd + align4(descsz);
      if (namesz > s.filesz || descsz > s.filesz || descEnd > s.filesz) break;
      const name = t.buf.toString('latin1', o + 12, o + 12 + Math.max(0, namesz - 1));
      if (name === 'GNU' && ntype === 1 && descsz >= 16) {
        const os = t.u32(nameEnd);
        const osName = ['Linux', 'GNU', 'Solaris', 'FreeBSD'][os] ?? `os ${os}`;
        return { os: osName, version: `${t.u32(nameEnd + 4)}.${t.u32(nameEnd + 8)}.${t.u32(nameEnd + 12)}` };
      }
      o = descEnd;
    }
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    warnings.push(`a PT_NOTE segment was skipped: ${e.message}`);
  }
  return null;
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** A NUL-terminated name inside a string table. */
function nameAt(strtab: Buffer, off: number, what: string): string {
  if (!Number.isSafeInteger(off) || off < 0 || off >= strtab.length) {
    throw new ElfError('malformed', `${what}: name offset ${off} is outside the string table (${strtab.length} bytes).`);
  }
  // No length cap: C++ names can be long, and the table itself is bounded.
  const end = strtab.indexOf(0, off);
  if (end < 0) throw new ElfError('malformed', `${what}: the name at offset ${off} is not terminated.`);
  return strtab.toString('latin1', off, end);
}

function readDynamic(
  src: ByteSource,
  layout: Layout,
  seg: Segment,
  toOffset: (addr: number, what: string) => number,
  sections: () => Section[],
  out: ElfFile,
): void {
  const entsize = layout.is64 ? 16 : 8;
  checkRange(src.size, seg.offset, seg.filesz, 'PT_DYNAMIC');
  const count = Math.min(Math.floor(seg.filesz / entsize), MAX_DYNAMIC_ENTRIES);
  const t = layout.fields(src.read(seg.offset, count * entsize));
  const neededOffsets: number[] = [];
  const tags = new Map<number, number>();
  let sonameOff = -1;
  let rpathOff = -1;
  let runpathOff = -1;
  for (let i = 0; i < count; i++) {
    const o = i * entsize;
    const tag = layout.is64 ? t.u64(o) : t.u32(o);
    const val = layout.is64 ? t.u64(o + 8) : t.u32(o + 4);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) neededOffsets.push(val);
    else if (tag === DT_SONAME) sonameOff = val;
    else if (tag === DT_RPATH) rpathOff = val;
    else if (tag === DT_RUNPATH) runpathOff = val;
    else if (!tags.has(tag)) tags.set(tag, val);
  }
  out.flags = tags.get(DT_FLAGS) ?? 0;
  out.flags1 = tags.get(DT_FLAGS_1) ?? 0;
  if (out.flags1 & DF_1_PIE) out.pie = true;

  const strAddr = tags.get(DT_STRTAB);
  const strSize = tags.get(DT_STRSZ);
  if (strAddr === undefined || strSize === undefined) {
    if (neededOffsets.length || sonameOff >= 0) throw new ElfError('malformed', 'the dynamic section names libraries but has no string table (DT_STRTAB/DT_STRSZ).');
    return; // e.g. a static-pie with only relocation tags
  }
  const strOff = toOffset(strAddr, 'DT_STRTAB');
  checkRange(src.size, strOff, strSize, 'the dynamic string table');
  const strtab = src.read(strOff, strSize);
  out.needed = neededOffsets.map((off) => nameAt(strtab, off, 'DT_NEEDED'));
  if (sonameOff >= 0) out.soname = nameAt(strtab, sonameOff, 'DT_SONAME');
  if (rpathOff >= 0) out.rpath = nameAt(strtab, rpathOff, 'DT_RPATH');
  if (runpathOff >= 0) out.runpath = nameAt(strtab, runpathOff, 'DT_RUNPATH');

  const symAddr = tags.get(DT_SYMTAB);
  if (symAddr === undefined) return;
  const syment = tags.get(DT_SYMENT) ?? (layout.is64 ? 24 : 16);
  const wantEnt = layout.is64 ? 24 : 16;
  if (syment !== wantEnt) throw new ElfError('malformed', `symbol entry size ${syment}, expected ${wantEnt}.`);
  const symOff = toOffset(symAddr, 'DT_SYMTAB');
  const nsyms = symbolCount(src, layout, tags, toOffset, sections, symOff, out.warnings);
  if (nsyms > MAX_SYMBOLS) throw new ElfError('malformed', `${nsyms} dynamic symbols is an absurd count.`);
  checkRange(src.size, symOff, nsyms * syment, `${nsyms} dynamic symbols`);
  const st = layout.fields(src.read(symOff, nsyms * syment));

  const versions = readVersions(src, layout, tags, toOffset, strtab, nsyms, out);
  for (let i = 1; i < nsyms; i++) {
    const o = i * syment;
    const nameOff = st.u32(o);
    const info = layout.is64 ? st.u8(o + 4) : st.u8(o + 12);
    const shndx = layout.is64 ? st.u16(o + 6) : st.u16(o + 14);
    const bind = info >> 4;
    const stype = info & 0xf;
    if (shndx !== 0) {
      if (bind !== 0) out.exportCount++; // global or weak definitions, not locals
      continue;
    }
    if (nameOff === 0) continue;
    const name = nameAt(strtab, nameOff, 'a dynamic symbol');
    const v = versions?.(i) ?? null;
    out.imports.push({
      name,
      version: v?.name ?? null,
      versionFile: v?.file ?? null,
      weak: bind === 2,
      kind: stype === 2 ? 'func' : stype === 1 ? 'object' : stype === 6 ? 'tls' : 'other',
    });
  }
}

/** How many entries .dynsym has: the loader never needs this, so it comes from DT_HASH, DT_GNU_HASH or the section headers. */
function symbolCount(
  src: ByteSource,
  layout: Layout,
  tags: Map<number, number>,
  toOffset: (addr: number, what: string) => number,
  sections: () => Section[],
  symOff: number,
  warnings: string[],
): number {
  const hash = tags.get(DT_HASH);
  if (hash !== undefined) {
    const off = toOffset(hash, 'DT_HASH');
    checkRange(src.size, off, 8, 'DT_HASH');
    return layout.fields(src.read(off, 8)).u32(4); // nchain = number of symbols
  }
  const gnu = tags.get(DT_GNU_HASH);
  if (gnu !== undefined) return gnuHashCount(src, layout, toOffset(gnu, 'DT_GNU_HASH'));
  const dynsym = sections().find((s) => s.type === SHT_DYNSYM && s.offset === symOff && s.entsize > 0);
  if (dynsym) return Math.floor(dynsym.size / dynsym.entsize);
  warnings.push('no DT_HASH, DT_GNU_HASH or .dynsym section: imported symbols unknown');
  return 0;
}

function gnuHashCount(src: ByteSource, layout: Layout, off: number): number {
  checkRange(src.size, off, 16, 'DT_GNU_HASH');
  const hdr = layout.fields(src.read(off, 16));
  const nbuckets = hdr.u32(0);
  const symoffset = hdr.u32(4);
  const bloomSize = hdr.u32(8);
  if (nbuckets > MAX_SYMBOLS || bloomSize > MAX_SYMBOLS || symoffset > MAX_SYMBOLS) throw new ElfError('malformed', 'DT_GNU_HASH has absurd counts.');
  const bucketsOff = off + 16 + bloomSize * (layout.is64 ? 8 : 4);
  checkRange(src.size, bucketsOff, nbuckets * 4, 'DT_GNU_HASH buckets');
  const b = layout.fields(src.read(bucketsOff, nbuckets * 4));
  let last = 0;
  for (let i = 0; i < nbuckets; i++) last = Math.max(last, b.u32(i * 4));
  if (last === 0) return symoffset;
  if (last < symoffset || last > MAX_SYMBOLS) throw new ElfError('malformed', 'DT_GNU_HASH bucket points outside the symbol table.');
  // Walk the chain of the highest bucket to its end marker (low bit set).
  const chainsOff = bucketsOff + nbuckets * 4;
  const CHUNK = 1024;
  for (let i = last; i <= MAX_SYMBOLS; i += CHUNK) {
    const at = chainsOff + (i - symoffset) * 4;
    const n = Math.min(CHUNK, Math.floor((src.size - at) / 4));
    if (n <= 0) break;
    const c = layout.fields(src.read(at, n * 4));
    for (let k = 0; k < n; k++) if (c.u32(k * 4) & 1) return i + k + 1;
  }
  throw new ElfError('malformed', 'DT_GNU_HASH chain never ends.');
}

/** Symbol versions of imports from .gnu.version + .gnu.version_r. Broken tables are skipped with a warning. */
function readVersions(
  src: ByteSource,
  layout: Layout,
  tags: Map<number, number>,
  toOffset: (addr: number, what: string) => number,
  strtab: Buffer,
  nsyms: number,
  out: ElfFile,
): ((sym: number) => { name: string; file: string } | null) | null {
  const versymAddr = tags.get(DT_VERSYM);
  const verneedAddr = tags.get(DT_VERNEED);
  if (versymAddr === undefined || verneedAddr === undefined) return null;
  try {
    const byIndex = new Map<number, { name: string; file: string }>();
    const needs: VersionNeed[] = [];
    const limit = Math.min(tags.get(DT_VERNEEDNUM) ?? MAX_VERNEED, MAX_VERNEED);
    let off = toOffset(verneedAddr, 'DT_VERNEED');
    for (let n = 0; n < limit; n++) {
      checkRange(src.size, off, 16, 'a version need');
      const vn = layout.fields(src.read(off, 16));
      const cnt = vn.u16(2);
      const file = nameAt(strtab, vn.u32(4), 'a version need');
      const need: VersionNeed = { file, versions: [] };
      let aux = off + vn.u32(8);
      for (let k = 0; k < cnt && k < MAX_VERNEED; k++) {
        checkRange(src.size, aux, 16, 'a version need entry');
        const va = layout.fields(src.read(aux, 16));
        const name = nameAt(strtab, va.u32(8), 'a version name');
        byIndex.set(va.u16(6) & 0x7fff, { name, file });
        need.versions.push(name);
        const next = va.u32(12);
        if (next === 0) break;
        aux += next;
      }
      needs.push(need);
      const next = vn.u32(12);
      if (next === 0) break;
      off += next;
    }
    const vsOff = toOffset(versymAddr, 'DT_VERSYM');
    checkRange(src.size, vsOff, nsyms * 2, '.gnu.version');
    const vs = layout.fields(src.read(vsOff, nsyms * 2));
    out.versionNeeds = needs;
    return (i) => byIndex.get(vs.u16(i * 2) & 0x7fff) ?? null;
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    out.warnings.push(`symbol versions skipped: ${e.message}`);
    out.versionNeeds = [];
    return null;
  }
}
