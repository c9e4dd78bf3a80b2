/**
 * `musl-lab check <paths...>`: will these ELF programs and libraries run on
 * musl (Alpine) as they are, with gcompat, or only after a rebuild? With
 * --run, each program is also started in the lab's musl and musl-gcompat
 * environments and what happened is shown next to the prediction.
 *
 * Exit codes (EXIT in src/errors.ts), the highest one over all files wins:
 *   0  every file runs on musl as is (non-ELF files met inside folders are skipped and do not count)
 *   1  a file runs only with gcompat, or needs a rebuild                      (EXIT.differs)
 *   2  bad input: a path missing or unreadable, a named file that is not ELF,
 *      a broken ELF file, or one that cannot be judged (other arch, a .o)   (EXIT.usage)
 *   3  the tool failed during --run (Docker unreachable, image missing):
 *      thrown as a LabError, mapped by main                                  (EXIT.toolFailure)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { agreement, observeRun, type Target } from '../../elf/compat.js';
import { scanPaths, type ScanEntry } from '../../elf/scan.js';
import { checkJson, entryExitCode, type EnvRun, type FileRun, type GcompatKind, renderCheck } from '../../elf/view.js';
import { EXIT, LabError } from '../../errors.js';
import { LIMITS } from '../../lab/limits.js';
import type { LabSession as Lab } from '../../lab/session.js';
import type { Context } from '../context.js';

export interface CheckBinaryOptions {
  json?: boolean;
  /** Start each program in the musl and musl-gcompat environments too. */
  run?: boolean;
  /** Arguments for the programs started by --run. */
  args?: string[];
}

/** --run starts real programs: a handful, not a whole /usr/bin. */
export const MAX_RUN = 20;
export const RUN_TIMEOUT_MS = 5000;
/** What --run copies into an environment's /lab in all (a tmpfs of LIMITS.labDiskBytes): a quarter stays for the lab's own files. */
const RUN_BYTES = Math.floor(LIMITS.labDiskBytes * 0.75);
const PROGRAM_KINDS = new Set(['executable', 'pie-executable', 'static-executable', 'static-pie']);

export async function checkBinaryCommand(ctx: Context, paths: string[], o: CheckBinaryOptions): Promise<number> {
  if (!paths.length) throw new LabError('bad-input', 'No file or folder to check.', 'For example: `musl-lab check ./myprog` or `musl-lab check /usr/bin`.');
  const entries = await scanPaths(paths, { signal: ctx.signal });
  if (ctx.signal.aborted) throw new LabError('cancelled', 'The check was interrupted.', 'Run it again.');
  let runs = new Map<string, FileRun>();
  let gcompatKind: GcompatKind | undefined;
  if (o.run) ({ runs, gcompatKind } = await runInLab(ctx, entries, o.args ?? []));
  const exitCode = entries.reduce((max, e) => Math.max(max, entryExitCode(e)), EXIT.ok as number);
  const report = { entries, runs, gcompatKind, exitCode };
  ctx.stdout.write(o.json ? JSON.stringify(checkJson(report), null, 2) + '\n' : renderCheck(report, ctx.style));
  return exitCode;
}

async function runInLab(ctx: Context, entries: ScanEntry[], args: string[]): Promise<{ runs: Map<string, FileRun>; gcompatKind: GcompatKind }> {
  const runs = new Map<string, FileRun>();
  const analysed = entries.filter((e): e is Extract<ScanEntry, { status: 'analysed' }> => e.status === 'analysed');
  const programs = analysed.filter((e) => !e.sameAs && e.compat.supported && PROGRAM_KINDS.has(e.compat.kind));
  if (programs.length > MAX_RUN) {
    throw new LabError('bad-input', `--run starts every program it checks, and there are ${programs.length} (at most ${MAX_RUN}).`, 'Give fewer files, or leave out --run to only predict.');
  }
  if (!programs.length) {
    for (const e of analysed) runs.set(e.path, { notRun: notRunReason(e) });
    return { runs, gcompatKind: 'none' };
  }
  const lab = await ctx.lab({ warm: true });
  const [uname, gcompatKind] = await Promise.all([lab.command('musl', ['uname', '-m']), detectGcompat(lab)]);
  const labArch = uname.stdout.trim();
  let copied = 0;
  for (const e of analysed) {
    if (!programs.includes(e)) {
      runs.set(e.path, { notRun: notRunReason(e) });
      continue;
    }
    if (e.elf.machineName !== labArch) {
      runs.set(e.path, { notRun: `built for ${e.elf.machineName}; the lab runs ${labArch || 'another architecture'}` });
      continue;
    }
    if (copied + e.elf.size > RUN_BYTES) {
      const why = e.elf.size > RUN_BYTES ? `larger than ${RUN_BYTES >> 20} MiB` : `the programs before it took the lab's ${RUN_BYTES >> 20} MiB for --run`;
      runs.set(e.path, { notRun: `${why}: not copied into the lab` });
      continue;
    }
    copied += e.elf.size;
    const bytes = await readFile(e.path).catch((err: NodeJS.ErrnoException) => {
      throw new LabError('bad-input', `Cannot read ${e.path} again for --run: ${err.code ?? err}.`, 'Check that the file is still there and readable.');
    });
    const ran: EnvRun[] = [];
    for (const env of ['musl', 'musl-gcompat'] as const) {
      const target: Target = env === 'musl' || gcompatKind === 'none' ? 'musl' : gcompatKind;
      const artifact = await lab.putArtifact(env, programName(e.path), bytes);
      const r = await lab.command(env, [artifact.path, ...args], { timeoutMs: RUN_TIMEOUT_MS });
      const observation = observeRun(r);
      ran.push({ env, target, observation, agreement: agreement(e.compat.predictions[target], observation) });
    }
    runs.set(e.path, { ran });
  }
  return { runs, gcompatKind };
}

function notRunReason(e: Extract<ScanEntry, { status: 'analysed' }>): string {
  if (e.sameAs) return `same file as ${e.sameAs}`;
  if (!e.compat.supported) return 'not judged, so not started';
  if (e.compat.kind === 'shared-library') return 'a shared library is not a program: load it from one to try it';
  return `a ${e.compat.kind.replace(/-/g, ' ')} cannot be started`;
}

/** Alpine's gcompat ships libgcompat; the offline image only links glibc's loader path to musl's. */
async function detectGcompat(lab: Lab): Promise<GcompatKind> {
  const r = await lab.command('musl-gcompat', [
    'sh',
    '-c',
    'if [ -e /lib/libgcompat.so.0 ] || [ -e /usr/lib/libgcompat.so.0 ]; then echo gcompat; elif [ -e /lib64/ld-linux-x86-64.so.2 ] || [ -e /lib/ld-linux-aarch64.so.1 ]; then echo shim; else echo none; fi',
  ]);
  const kind = r.stdout.trim();
  return kind === 'gcompat' || kind === 'shim' ? kind : 'none';
}

/** The lab takes plain file names only. */
function programName(file: string): string {
  const base = path.basename(file).replace(/[^A-Za-z0-9._+-]/g, '_');
  return base && !base.startsWith('.') ? base : 'program';
}
