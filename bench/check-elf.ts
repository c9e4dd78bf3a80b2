/**
 * Benchmark: scan a folder of binaries with musl-lab's ELF scanner and with
 * a readelf-based shell pipeline that extracts the same facts (interpreter,
 * DT_NEEDED, highest GLIBC_ version), several times each, interleaved.
 * Prints the medians and the ratio, and checks that both found the same facts.
 *
 *   npx tsx bench/check-elf.ts [folder=/usr/bin] [--reps 5]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { scanPaths, type ScanEntry } from '../src/elf/scan.js';

const run = promisify(execFile);

// One readelf per file, one awk per file: the usual way to ask these questions in a shell.
const PIPELINE = String.raw`
find "$1" -type f | while IFS= read -r f; do
  readelf -W -l -d -V "$f" 2>/dev/null | awk -v f="$f" '
    function newer(a, b,   x, y, i, n) {
      n = split(a, x, "."); split(b, y, ".")
      for (i = 1; i <= 3; i++) { if ((x[i] + 0) != (y[i] + 0)) return (x[i] + 0) > (y[i] + 0) }
      return 0
    }
    /Requesting program interpreter:/ { s = $0; sub(/.*interpreter: /, "", s); sub(/\]$/, "", s); interp = s }
    /\(NEEDED\)/ { s = $0; sub(/.*\[/, "", s); sub(/\].*/, "", s); needed = needed (needed == "" ? "" : ",") s }
    /Name: GLIBC_[0-9]/ { for (i = 1; i <= NF; i++) if ($i ~ /^GLIBC_[0-9]/) { v = substr($i, 7); if (max == "" || newer(v, max)) max = v } }
    /Name: GLIBC_ABI_DT_RELR/ { if (max == "" || newer("2.36", max)) max = "2.36" }
    /^ELF Header|^Elf file type|^Program Headers|^There are no program headers/ { elf = 1 }
    END { if (elf) printf "%s\t%s\t%s\t%s\n", f, interp, needed, max }'
done`;

interface Facts {
  interp: string;
  needed: string;
  glibc: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function ours(folder: string): Promise<{ ms: number; facts: Map<string, Facts>; entries: ScanEntry[] }> {
  const t0 = performance.now();
  const entries = await scanPaths([folder]);
  const ms = performance.now() - t0;
  const facts = new Map<string, Facts>();
  for (const e of entries) {
    if (e.status !== 'analysed' || e.sameAs) continue;
    facts.set(e.path, { interp: e.elf.interpreter ?? '', needed: e.elf.needed.join(','), glibc: e.compat.glibc.release ?? '' });
  }
  return { ms, facts, entries };
}

async function readelf(folder: string): Promise<{ ms: number; facts: Map<string, Facts> }> {
  const t0 = performance.now();
  const { stdout } = await run('sh', ['-c', PIPELINE, 'bench', folder], { maxBuffer: 256 << 20 });
  const ms = performance.now() - t0;
  const facts = new Map<string, Facts>();
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const [f, interp = '', needed = '', glibc = ''] = line.split('\t');
    facts.set(f!, { interp, needed, glibc });
  }
  return { ms, facts };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const r = args.indexOf('--reps');
  const reps = r >= 0 ? Math.max(1, Number(args[r + 1])) : 5;
  const folder = args.find((a, i) => !a.startsWith('--') && (r < 0 || i !== r + 1)) ?? '/usr/bin';
  await run('readelf', ['--version']).catch(() => {
    throw new Error('readelf is needed for the baseline: apt-get install binutils');
  });

  // One warm-up of each: the page cache, not the first reader, should pay for the disk.
  const first = await ours(folder);
  const base = await readelf(folder);
  const oursMs: number[] = [];
  const readelfMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    oursMs.push((await ours(folder)).ms);
    readelfMs.push((await readelf(folder)).ms);
  }

  // Same facts? Compare the files both looked at (both skip symlinks: find -type f, and our duplicates).
  let compared = 0;
  const differ: string[] = [];
  const onlyReadelf: string[] = [];
  for (const [f, b] of base.facts) {
    const a = first.facts.get(f);
    if (!a) {
      onlyReadelf.push(f);
      continue;
    }
    compared++;
    if (a.interp !== b.interp || a.needed !== b.needed || a.glibc !== b.glibc) differ.push(`${f}: ours ${JSON.stringify(a)} readelf ${JSON.stringify(b)}`);
  }
  const counted = first.entries.reduce((n, e) => n + (e.status === 'analysed' && !e.sameAs ? 1 : 0), 0);
  const mOurs = median(oursMs);
  const mReadelf = median(readelfMs);
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  process.stdout.write(
    [
      `folder: ${folder}  (${first.entries.length} entries, ${counted} distinct ELF files; readelf pipeline: ${base.facts.size} ELF files)`,
      `repetitions: ${reps} each, interleaved, after one warm-up each`,
      `musl-lab scanner   median ${fmt(mOurs)}   runs: ${oursMs.map(fmt).join(', ')}`,
      `readelf pipeline   median ${fmt(mReadelf)}   runs: ${readelfMs.map(fmt).join(', ')}`,
      `ratio: the scanner takes ${(mOurs / mReadelf).toFixed(3)} of the pipeline's time (${(mReadelf / mOurs).toFixed(1)}x faster)`,
      `same facts (interpreter, NEEDED, highest GLIBC_): ${compared - differ.length} of ${compared} files compared agree`,
      ...differ.slice(0, 10).map((d) => `  differs: ${d}`),
      ...(onlyReadelf.length ? [`files only the pipeline reported (ours: same inode under another name, or not ELF): ${onlyReadelf.slice(0, 5).join(', ')}${onlyReadelf.length > 5 ? ' ...' : ''}`] : []),
      '',
    ].join('\n'),
  );
  if (differ.length) process.exitCode = 1;
}

await main();
