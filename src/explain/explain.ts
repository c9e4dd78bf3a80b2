/**
 * "Why did it crash?": rebuild a crashed program with debug information
 * (same other flags) in the environment where it crashed and run it again
 * under gdb in batch mode, as the learner's own uid. gdb traces its own child
 * (ptrace needs no capability for that, and Docker's default seccomp profile
 * allows it on current kernels; tests/engine/explain.test.ts proves it in
 * both environments), so no core file is needed.
 */
import { LIMITS } from '../lab/limits.js';
import type { LabSession } from '../lab/session.js';
import type { Compiler, EnvName, RunOutcome, RunRequest, SourceFile } from '../lab/types.js';
import { type Cause, classify, SIGNAL_MEANING } from './classify.js';
import { type Frame, gdbArgs, type GdbReport, hex, parseGdbReport } from './gdb-report.js';

/** Signals worth explaining: the program itself did something wrong. */
export const CRASH_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGILL', 'SIGFPE'];

export function isCrash(run: Pick<RunOutcome, 'signal' | 'timedOut'> | undefined): boolean {
  return !!run && !run.timedOut && run.signal !== null && CRASH_SIGNALS.includes(run.signal);
}

export interface CrashExplanation {
  env: EnvName;
  /** How the crash was looked at: gdb tracing the program (ptrace). */
  method: 'gdb';
  /** The crash happened again under gdb (with the same signal). */
  reproduced: boolean;
  signal: string | null;
  meaning: string | null;
  /** gdb's number of the thread that got the signal (1 is the main thread). */
  thread: number | null;
  faultAddress: string | null;
  frames: Frame[];
  totalFrames: number;
  cause: Cause;
  /** The build with -g and the gdb command, as run. */
  build: string[];
  command: string[];
  /** What stopped the explanation, when it did not reproduce. */
  note?: string;
  /** Wall time of the rebuild and the gdb run together (ms, measured here). */
  durationMs: number;
}

export interface ExplainRequest {
  sources: SourceFile[];
  flags?: string[];
  /** The step's compiler (default gcc): the debug build must be the same kind of program. */
  compiler?: Compiler;
  run?: RunRequest;
  /** What the crashed run printed on stderr (the C library's own message is evidence). */
  stderr?: string;
  /** Where the program was built, when not where it ran (built on glibc, run on musl). */
  buildIn?: EnvName;
}

/** The flags of the debug build: -g added, -s (strip) removed, everything else as it was. */
export function debugFlags(flags: string[] = []): string[] {
  const kept = flags.filter((f) => f !== '-s' && f !== '-Wl,-s' && f !== '-Wl,--strip-all');
  return kept.some((f) => /^-g(gdb)?\d?$/.test(f)) ? kept : [...kept, '-g'];
}

/** Rebuild with -g in `env`, run under gdb with the same arguments, stdin, environment and limits, and explain. */
export async function explainCrash(lab: LabSession, env: EnvName, req: ExplainRequest, now: () => number = () => performance.now()): Promise<CrashExplanation> {
  const t0 = now();
  const flags = debugFlags(req.flags);
  const compile = await lab.compile(req.buildIn ?? env, { sources: req.sources, compiler: req.compiler, flags, output: 'prog' });
  const base = { env, method: 'gdb' as const, build: compile.command, frames: [], totalFrames: 0, thread: null, faultAddress: null, meaning: null, signal: null };
  if (!compile.ok || !compile.artifact) {
    return { ...base, reproduced: false, command: [], cause: unclassified(), note: `The debug build failed: ${compile.diagnostics.split('\n')[0] ?? ''}`, durationMs: now() - t0 };
  }
  const run = req.run ?? {};
  const program = await lab.transfer(compile.artifact, env);
  const command = gdbArgs(program.path, run.args ?? []);
  // gdb needs time of its own on top of the program's
  const timeoutMs = Math.min(2 * (run.timeoutMs ?? LIMITS.runTimeoutMs) + 10_000, 60_000);
  const out = await lab.command(env, command, { ...run, args: [], timeoutMs, maxOutputBytes: Math.max(run.maxOutputBytes ?? 0, 256 * 1024) });
  const report = parseGdbReport(out.stdout);
  const stderr = `${req.stderr ?? ''}\n${out.stderr}`;
  return fromReport(env, report, { sources: req.sources.map((s) => s.name), stderr, build: compile.command, command, durationMs: now() - t0, gdbStderr: out.stderr, timedOut: out.timedOut });
}

function unclassified(): Cause {
  return { kind: 'unclassified', summary: 'Cause not classified.', evidence: [] };
}

/** The explanation from gdb's report (pure; exported for tests). */
export function fromReport(
  env: EnvName,
  report: GdbReport,
  o: { sources: string[]; stderr: string; build: string[]; command: string[]; durationMs: number; gdbStderr?: string; timedOut?: boolean },
): CrashExplanation {
  const reproduced = report.signal !== null;
  const note = reproduced
    ? undefined
    : o.timedOut
      ? 'Under gdb the program did not finish in time.'
      : report.failure
        ? `gdb could not trace the program: ${report.failure}`
        : report.exited
          ? `Under gdb the program did not crash: it ${report.exited}. A crash that depends on timing or on addresses may not happen every time.`
          : `gdb did not report a crash.${o.gdbStderr ? ` It said: ${o.gdbStderr.trim().split('\n').slice(-2).join(' ')}` : ''}`;
  return {
    env,
    method: 'gdb',
    reproduced,
    signal: report.signal,
    meaning: report.signal ? (SIGNAL_MEANING[report.signal] ?? null) : null,
    thread: report.thread,
    faultAddress: report.siginfo.addr !== null && (report.signal === 'SIGSEGV' || report.signal === 'SIGBUS') ? hex(report.siginfo.addr) : null,
    frames: report.frames,
    totalFrames: report.totalFrames,
    cause: reproduced ? classify(report, { sources: o.sources, stderr: o.stderr }) : unclassified(),
    build: o.build,
    command: o.command,
    ...(note ? { note } : {}),
    durationMs: o.durationMs,
  };
}
