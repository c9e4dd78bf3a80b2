/**
 * Scan files and folders for ELF files: recursive, symlink loops skipped,
 * FIFOs and devices never opened, every file analysed or given a clear
 * per-file reason, a few at a time. Only the bytes the reader asks for are
 * read: a prefix up front, anything further on demand.
 */
import { constants, readSync } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { analyse, type Compat } from './compat.js';
import { type ByteSource, checkRange, describeNotElf, type ElfErrorCode, ElfError, type ElfFile, readElf } from './reader.js';

/** Bytes read with the first request: covers the headers and dynamic tables of most programs. */
const PREFIX_BYTES = 64 * 1024;
const MAX_DEPTH = 64;
export const MAX_FILES = 100_000;

export type ScanEntry =
  | { path: string; status: 'analysed'; elf: ElfFile; compat: Compat; sameAs?: string }
  /** Not an ELF file, met inside a folder: reported, not held against the folder. */
  | { path: string; status: 'skipped'; code: ElfErrorCode | 'special'; message: string }
  | { path: string; status: 'error'; code: ElfErrorCode | 'missing'; message: string; next: string };

export interface ScanOptions {
  concurrency?: number;
  signal?: AbortSignal;
  /** Stop collecting after this many files (a clear error entry says so). */
  maxFiles?: number;
}

/** A file opened for reading: the prefix in memory, the rest read synchronously when asked (page cache: microseconds). */
class FileSource implements ByteSource {
  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly prefix: Buffer,
  ) {}
  read(offset: number, length: number): Buffer {
    checkRange(this.size, offset, length, 'read');
    if (offset + length <= this.prefix.length) return this.prefix.subarray(offset, offset + length);
    const b = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      let n: number;
      try {
        n = readSync(this.fd, b, got, length - got, offset + got);
      } catch (e) {
        throw new ElfError('unreadable', `read failed: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
      }
      if (n === 0) throw new ElfError('truncated', 'the file got shorter while it was read.');
      got += n;
    }
    return b;
  }
}

/** Read and analyse one regular file. Throws ElfError only. */
export async function analyseFile(file: string): Promise<{ elf: ElfFile; compat: Compat }> {
  let fh;
  try {
    // O_NONBLOCK: should the path have turned into a FIFO since it was checked, open must not wait for a writer.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new ElfError('unreadable', `cannot open it: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ElfError('not-elf', 'not a regular file.');
    // Files of /proc and /sys say 0 bytes in stat and have content on read (/proc/cpuinfo): read to see.
    const sizeUnknown = st.size === 0;
    const want = sizeUnknown ? PREFIX_BYTES : Math.min(st.size, PREFIX_BYTES);
    const prefix = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await fh.read(prefix, got, want - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const src = new FileSource(fh.fd, sizeUnknown || got < want ? got : st.size, prefix.subarray(0, got));
    if (src.size === 0 || got < 4 || prefix.readUInt32BE(0) !== 0x7f454c46) throw describeNotElf(prefix.subarray(0, got));
    const elf = readElf(src);
    return { elf, compat: analyse(elf) };
  } catch (e) {
    if (e instanceof ElfError) throw e;
    throw new ElfError('unreadable', `read failed: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

interface Job {
  path: string;
  /** Named on the command line (not found inside a folder): not-ELF is then an error. */
  explicit: boolean;
  key: string;
  viaLink: boolean;
}

/** Scan files and folders; results in a stable order (arguments, then sorted names). */
export async function scanPaths(paths: string[], opts: ScanOptions = {}): Promise<ScanEntry[]> {
  const maxFiles = opts.maxFiles ?? MAX_FILES;
  const slots: (ScanEntry | Job)[] = [];
  const visitedDirs = new Set<string>();
  let files = 0;
  let capped = false;

  const walk = async (dir: string, depth: number): Promise<void> => {
    if (opts.signal?.aborted || capped) return;
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      slots.push({ path: dir, status: 'error', code: 'unreadable', message: `cannot list the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`, next: 'Check its permissions.' });
      return;
    }
    for (const name of names) {
      if (opts.signal?.aborted || capped) return;
      await visit(path.join(dir, name), depth, false);
    }
  };

  const visit = async (p: string, depth: number, explicit: boolean): Promise<void> => {
    let st;
    let viaLink = false;
    try {
      st = await lstat(p);
      viaLink = st.isSymbolicLink();
      if (viaLink) st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (viaLink) {
        const message = code === 'ELOOP' ? 'a symlink loop.' : 'a broken symlink.';
        slots.push(explicit ? { path: p, status: 'error', code: 'missing', message, next: 'Point it at the real file.' } : { path: p, status: 'skipped', code: 'special', message });
      } else {
        const missing = code === 'ENOENT';
        slots.push({ path: p, status: 'error', code: missing ? 'missing' : 'unreadable', message: missing ? 'no such file or folder.' : `cannot read it: ${code ?? String(e)}.`, next: 'Check the path and its permissions.' });
      }
      return;
    }
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (visitedDirs.has(key)) {
        slots.push({ path: p, status: 'skipped', code: 'special', message: 'a folder already scanned (symlink loop or repeat): skipped.' });
        return;
      }
      if (depth >= MAX_DEPTH) {
        slots.push({ path: p, status: 'skipped', code: 'special', message: `deeper than ${MAX_DEPTH} folders: skipped.` });
        return;
      }
      visitedDirs.add(key);
      await walk(p, depth + 1);
      return;
    }
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device';
      slots.push(explicit ? { path: p, status: 'error', code: 'not-elf', message: `${what}, not a file.`, next: 'Give an ELF program or library.' } : { path: p, status: 'skipped', code: 'special', message: `${what}: not opened.` });
      return;
    }
    if (++files > maxFiles) {
      capped = true;
      slots.push({ path: p, status: 'error', code: 'unreadable', message: `more than ${maxFiles} files: stopped here.`, next: 'Scan a smaller folder.' });
      return;
    }
    slots.push({ path: p, explicit, key: `${st.dev}:${st.ino}`, viaLink });
  };

  for (const p of paths) await visit(p, 0, true);

  // Analyse each distinct file once (hard links and symlinks share the answer), a few at a time.
  const jobs = slots.filter((s): s is Job => !('status' in s));
  // The answer is filed under the real file when a folder holds both it and links to it.
  const firstPath = new Map<string, string>();
  for (const j of jobs) if (!j.viaLink && !firstPath.has(j.key)) firstPath.set(j.key, j.path);
  for (const j of jobs) if (!firstPath.has(j.key)) firstPath.set(j.key, j.path);
  const unique = [...firstPath.entries()];
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  let next = 0;
  const results = new Map<string, ScanEntry>();
  const worker = async () => {
    while (next < unique.length && !opts.signal?.aborted) {
      const [key, p] = unique[next++]!;
      results.set(key, await analyseEntry(p));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));

  return slots.map((s): ScanEntry => {
    if ('status' in s) return s;
    const r = results.get(s.key);
    if (!r) return { path: s.path, status: 'error', code: 'unreadable', message: 'not scanned (cancelled).', next: 'Run the scan again.' };
    const first = firstPath.get(s.key)!;
    if (r.status === 'analysed') return first === s.path ? r : { ...r, path: s.path, sameAs: first };
    if (r.status === 'skipped' && s.explicit) return { path: s.path, status: 'error', code: r.code === 'special' ? 'not-elf' : r.code, message: r.message, next: new ElfError(r.code === 'special' ? 'not-elf' : r.code, '').next };
    return { ...r, path: s.path };
  });
}

async function analyseEntry(p: string): Promise<ScanEntry> {
  try {
    const { elf, compat } = await analyseFile(p);
    return { path: p, status: 'analysed', elf, compat };
  } catch (e) {
    const err = e instanceof ElfError ? e : new ElfError('unreadable', String(e));
    // Plain "this is not a binary" is a skip in a folder; a broken ELF file is always an error.
    if (err.code === 'not-elf' || err.code === 'script' || err.code === 'empty') return { path: p, status: 'skipped', code: err.code, message: err.message };
    return { path: p, status: 'error', code: err.code, message: err.message, next: err.next };
  }
}
