/**
 * What differs between two environments' outcomes of the same program.
 * Pure: the comparison the `compare` command prints and exits by.
 */
import type { CompileResult, RunOutcome } from '../lab/types.js';

export interface Side {
  env: string;
  /** "glibc 2.41", "musl 1.2.5" */
  libc?: string;
  compile: CompileResult;
  run?: RunOutcome;
}

export type Field = 'compiled' | 'exit' | 'stdout' | 'stderr' | 'timedOut';

/** The lab's own paths (/lab/r12/prog) differ from run to run; they are not a difference between libcs. */
export function normalizeLabPaths(s: string): string {
  return s.replace(/\/lab\/[crx]\d+\//g, '/lab/.../');
}

export function differences(a: Side, b: Side): Field[] {
  const out: Field[] = [];
  if (a.compile.ok !== b.compile.ok) out.push('compiled');
  if (a.run && b.run) {
    if (a.run.exitCode !== b.run.exitCode || a.run.signal !== b.run.signal) out.push('exit');
    if (normalizeLabPaths(a.run.stdout) !== normalizeLabPaths(b.run.stdout)) out.push('stdout');
    if (normalizeLabPaths(a.run.stderr) !== normalizeLabPaths(b.run.stderr)) out.push('stderr');
    if (a.run.timedOut !== b.run.timedOut) out.push('timedOut');
  }
  return out;
}
