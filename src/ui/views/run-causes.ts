/**
 * The root cause of a lesson step's difference, for the run panel: when the
 * learner's run fails (or their own variant runs) and glibc and musl behave
 * differently, the catalogue names the cause, the fix and the lesson that
 * teaches it. Pure apart from reading the installed catalogue once.
 */
import type { Diagnosis } from '../../causes/diagnose.js';
import { diagnose } from '../../causes/diagnose.js';
import { comparisonObservations, type ObservedSide } from '../../compare/evidence.js';
import type { Catalogue } from '../../causes/load.js';
import { lessonName } from '../../causes/view.js';
import { differences } from '../../compare/diff.js';
import type { EnvName } from '../../lab/types.js';
import type { VariantResult } from '../../lessons/run-step.js';
import type { Style } from '../../term/style.js';
import { wrap } from '../../term/wrap.js';

/** The known causes of how glibc and musl differ in this row; [] when they agree, glibc or musl did not run, or nothing is known. */
export function runCauses(v: VariantResult, envs: EnvName[], cat: Catalogue): Diagnosis[] {
  const g = envs.find((e) => e === 'glibc');
  const m = envs.find((e) => e.startsWith('musl'));
  const a = g && v.outcomes[g];
  const b = m && v.outcomes[m];
  if (!a || !b) return [];
  const sides: [ObservedSide, ObservedSide] = [{ env: a.env, compile: a.compile, run: a.run }, { env: b.env, compile: b.compile, run: b.run }];
  const diff = differences(sides[0], sides[1]);
  if (!diff.length) return [];
  // the tutorial names only what it knows; "unclassified" would be noise under a lesson's own difference
  return diagnose(cat, comparisonObservations({ sides, differences: diff }, [], [a.explanation, b.explanation])).filter((d) => d.class !== 'unclassified');
}

/** A few lines per cause: what it is, where it showed, the fix, and the lesson (or "this lesson"). */
export function runCauseLines(ds: Diagnosis[], here: { lesson: string; step: string }, width: number, st: Style): string[] {
  const out: string[] = [];
  for (const d of ds) {
    out.push(...wrap(`${st.sym.bullet} cause on ${d.env}: ${d.class} (${d.title})`, width).map((l, i) => (i ? `  ${l}` : st.yellow(st.bold(l)))));
    if (d.evidence) out.push(...wrap(`evidence: ${d.evidence}`, width - 4).map((l) => `    ${st.dim(l)}`));
    out.push(...wrap(`fix: ${d.fix.trim().replace(/\s*\n\s*/g, ' ')}`, width - 4).map((l) => `    ${l}`));
    const lesson = d.lesson && d.lesson.lesson === here.lesson ? (d.lesson.step === here.step ? 'this step' : `this lesson, step ${d.lesson.step}`) : lessonName(d);
    if (lesson) out.push(...wrap(`taught in: ${lesson}${d.lesson && d.lesson.lesson !== here.lesson ? ' (l: the lesson list)' : ''}`, width - 4).map((l) => `    ${st.cyan(l)}`));
  }
  return out;
}
