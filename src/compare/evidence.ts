/**
 * What a comparison saw, as observations for diagnose(): the diagnostics of
 * the side that did not compile, what each side printed when the runs
 * differ, a crash explanation, and the source. Pure.
 */
import type { Observation } from '../causes/diagnose.js';
import type { CrashExplanation } from '../explain/explain.js';
import type { RunOutcome, SourceFile } from '../lab/types.js';
import type { Field } from './diff.js';

/** A crash explanation as text the catalogue's crash signals read: the cause, its evidence, the frames. */
export function crashText(e: Pick<CrashExplanation, 'cause' | 'frames'>): string {
  return [`${e.cause.kind}: ${e.cause.summary}`, ...e.cause.evidence, ...e.frames.map((f) => `#${f.n} ${f.func}${f.lib ? ` in ${f.lib}` : ''}`)].join('\n');
}

/** One side of a difference: compare's Side, or an environment's outcome in a lesson step. */
export interface ObservedSide {
  env: string;
  compile: { ok: boolean; diagnostics?: string };
  run?: RunOutcome;
}

function crashed(s: ObservedSide): boolean {
  return !!s.run && !s.run.timedOut && s.run.signal !== null && s.run.signal !== 'SIGKILL';
}

/** Observations of a comparison whose outcomes differ; [] when they do not. */
export function comparisonObservations(c: { sides: [ObservedSide, ObservedSide]; differences: Field[] }, sources: SourceFile[], explanations: (Pick<CrashExplanation, 'cause' | 'frames'> | null | undefined)[] = []): Observation[] {
  if (c.differences.length === 0) return [];
  const obs: Observation[] = [];
  const compileDiffers = c.differences.includes('compiled');
  c.sides.forEach((s, i) => {
    if (compileDiffers && !s.compile.ok && s.compile.diagnostics) obs.push({ env: s.env, in: 'compiler', text: s.compile.diagnostics });
    if (!compileDiffers && s.run) {
      // the dynamic loader and the C library speak on stderr; the program's answers are on stdout
      if (s.run.stderr) obs.push({ env: s.env, in: 'loader', text: s.run.stderr }, { env: s.env, in: 'output', text: s.run.stderr });
      if (s.run.stdout) obs.push({ env: s.env, in: 'output', text: s.run.stdout });
    }
    const e = explanations[i];
    if (e) obs.push({ env: s.env, in: 'crash', text: crashText(e) });
  });
  // The source explains the side that is not glibc (or, when only glibc failed to compile, glibc).
  const other = c.sides.find((s) => s.env !== 'glibc') ?? c.sides[1];
  const failed = c.sides.find((s) => !s.compile.ok);
  const side = compileDiffers ? failed! : other;
  const outcome: Observation['outcome'] = compileDiffers ? 'compile-failed' : crashed(side) ? 'crashed' : 'differs';
  for (const f of sources) if (/\.[ch]$/.test(f.name)) obs.push({ env: side.env, in: 'source', file: f.name, text: f.content.toString('utf8'), outcome });
  return obs;
}
