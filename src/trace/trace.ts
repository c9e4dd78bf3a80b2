/**
 * `compare --trace`: build the program in each environment and run it under
 * `strace -f` as the learner (ptrace of its own child, like gdb in
 * explain/), with the same arguments, stdin, environment and limits. The
 * trace comes back on strace's stderr, a channel the program cannot write
 * (see straceArgs); the program's own stderr goes to its stdout. The trace is
 * kept up to TRACE_KEEP_BYTES, and what was cut is said.
 */
import type { LabSession } from '../lab/session.js';
import type { CompileResult, EnvName, RunOutcome, RunRequest, SourceFile } from '../lab/types.js';
import { fromProgram, parseStrace, straceArgs, summarize, type TraceSummary } from './strace.js';

/** How much of a trace is kept (and saved): a busy program's trace ran to 55 MB per run. */
export const TRACE_KEEP_BYTES = 4 * 1024 * 1024;

export interface TraceSide {
  env: EnvName;
  compile: CompileResult;
  /** The program's run under strace (strace ends with the program's status). */
  run?: RunOutcome;
  /** strace's output, up to TRACE_KEEP_BYTES. */
  raw: string;
  /** strace wrote more than was kept: its whole size in bytes. */
  cutFrom?: number;
  summary?: TraceSummary;
  /** Wall time of build, traced run and reading the trace back (ms, measured here). */
  durationMs: number;
}

export interface TraceRequest {
  sources: SourceFile[];
  flags?: string[];
  run?: RunRequest;
  envs: [EnvName, EnvName];
}

export async function traceProgram(lab: LabSession, req: TraceRequest, now: () => number = () => performance.now()): Promise<[TraceSide, TraceSide]> {
  return (await Promise.all(req.envs.map((env) => traceIn(lab, env, req, now)))) as [TraceSide, TraceSide];
}

async function traceIn(lab: LabSession, env: EnvName, req: TraceRequest, now: () => number): Promise<TraceSide> {
  const t0 = now();
  const compile = await lab.compile(env, { sources: req.sources, flags: req.flags });
  if (!compile.ok || !compile.artifact) return { env, compile, raw: '', durationMs: now() - t0 };
  const run = req.run ?? {};
  const outcome = await lab.command(env, straceArgs(compile.artifact.path, run.args ?? []), { ...run, args: [], maxOutputBytes: TRACE_KEEP_BYTES });
  const raw = outcome.stderr;
  const total = outcome.totalBytes?.stderr ?? raw.length;
  // the program's own output, stderr included, is on stdout; stderr was strace's
  const program: RunOutcome = { ...outcome, stderr: '' };
  const summary = summarize(fromProgram(parseStrace(raw), compile.artifact.path));
  return { env, compile, run: program, raw, ...(total > Buffer.byteLength(raw) ? { cutFrom: total } : {}), summary, durationMs: now() - t0 };
}
