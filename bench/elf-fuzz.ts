/**
 * Benchmark: how many mutated ELF files per second the reader and the
 * compatibility analysis get through (the figure the fuzz test used to
 * assert as a floor; the test now checks only that every case ends cleanly).
 *
 *   npx tsx bench/elf-fuzz.ts [file=/usr/bin/ls] [--cases 20000]
 */
import { readFileSync } from 'node:fs';
import { analyse } from '../src/elf/compat.js';
import { BufferSource, ElfError, readElf } from '../src/elf/reader.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? '/usr/bin/ls';
const casesAt = args.indexOf('--cases');
const cases = casesAt >= 0 ? Number(args[casesAt + 1]) : 20_000;
const base = readFileSync(file);

let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);

let ok = 0;
let errors = 0;
const t0 = performance.now();
for (let n = 0; n < cases; n++) {
  const b = Buffer.from(base);
  // A few random bytes in the first page, where the headers are.
  for (let i = 0; i < 4; i++) b[Math.floor(rnd() * Math.min(b.length, 4096))] = Math.floor(rnd() * 256);
  try {
    analyse(readElf(new BufferSource(b)));
    ok++;
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    errors++;
  }
}
const s = (performance.now() - t0) / 1000;
console.log(`${cases} mutated copies of ${file}: ${ok} analysed, ${errors} ElfError, ${s.toFixed(2)} s, ${Math.round(cases / s)} files/s`);
