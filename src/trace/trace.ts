/**
 * `compare --trace`: build the program in each environment and run it under
 * `strace -f` as the learner (ptrace of its own child, like gdb in
 * explain/), with the same arguments, stdin, environment and limits. strace
 * writes its trace to a file in the environment, read back whole afterwards,
 * so the program's own output stays apart and is not cut by the output limit.
 */
import { randomBytes } from 'node:crypto';
import type { LabSession } from '../lab/session.js';
import type { CompileResult, EnvName, RunOutcome, RunRequest, SourceFile } from '../lab/types.js';
import { parseStrace, straceArgs, summarize, type TraceSummary } from './strace.js';

export interface TraceSide {
  env: EnvName;
  compile: CompileResult;
  /** The program's run under strace (strace ends with the program's status). */
  run?: RunOutcome;
  /** strace's whole output. */
  raw: string;
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
  // next to the program (its folder stays; /tmp is emptied after every request)
  const file = `${compile.artifact.path.replace(/\/[^/]+$/, '')}/musl-lab-trace-${randomBytes(4).toString('hex')}.txt`;
  const run = req.run ?? {};
  const outcome = await lab.command(env, straceArgs(file, compile.artifact.path, run.args ?? []), { ...run, args: [] });
  const raw = (await lab.readFile(env, file).catch(() => Buffer.alloc(0))).toString('utf8');
  return { env, compile, run: outcome, raw, summary: summarize(parseStrace(raw)), durationMs: now() - t0 };
}
