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
  return s.replace(/\/lab\/(?:[0-9a-f]+\/)?[crxz]\d*\//g, '/lab/.../');
}

/**
 * For display only: the lab's work folder as the learner would write it ("./hello", not
 * "/lab/28d3c92a5903/c9/hello"); --json keeps the exact text.
 */
export function labPathsAsTyped(s: string): string {
  return s.replace(/\/lab\/(?:[0-9a-f]+\/)?[crxz]\d*\//g, './');
}

/** A stream's exact bytes as a string: latin1 of the raw bytes when they are not UTF-8, else the text. */
function exact(r: RunOutcome, f: 'stdout' | 'stderr'): string {
  const b64 = r.binary?.[f];
  return b64 ? `\0bytes:${Buffer.from(b64, 'base64').toString('latin1')}` : r[f];
}

/** What differs between two outcomes (any two sides with a compile result and maybe a run: compare's, a lesson step's). */
export function differences(a: Pick<Side, 'run'> & { compile: { ok: boolean } }, b: Pick<Side, 'run'> & { compile: { ok: boolean } }): Field[] {
  const out: Field[] = [];
  if (a.compile.ok !== b.compile.ok) out.push('compiled');
  if (a.run && b.run) {
    if (a.run.exitCode !== b.run.exitCode || a.run.signal !== b.run.signal) out.push('exit');
    // bytes, not text: output that is not UTF-8 is compared exactly (0xff and 0xfe differ)
    for (const f of ['stdout', 'stderr'] as const) if (normalizeLabPaths(exact(a.run, f)) !== normalizeLabPaths(exact(b.run, f))) out.push(f);
    if (a.run.timedOut !== b.run.timedOut) out.push('timedOut');
  }
  return out;
}
