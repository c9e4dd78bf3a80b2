/** Diagnoses as text (for compare, the run panel and port) and as plain data for --json. Pure. */
import type { Style } from '../term/style.js';
import type { Diagnosis } from './diagnose.js';
import { wordWrap } from '../term/word-wrap.js';

/** "portability-traps, step basename", or null. */
export function lessonName(d: Pick<Diagnosis, 'lesson'>): string | null {
  if (!d.lesson) return null;
  return `${d.lesson.lesson}, step ${d.lesson.step}`;
}

/** A few lines per cause: its id and title, the evidence and where it showed, the fix, the lesson; folded to `width`. */
export function causeLines(ds: Diagnosis[], style: Style, width = Infinity): string[] {
  const out: string[] = [];
  // long lines fold at spaces under their label ("  fix: ..." continues indented by 4)
  const add = (text: string, paint: (s: string) => string = (x) => x) => out.push(...wordWrap(text, width, '    ').map(paint));
  for (const d of ds) {
    if (d.class === 'unclassified') {
      out.push(`${style.bold('cause: unclassified')} ${style.dim('(no known root cause matched what was seen)')}`);
      add(`  next: ${d.fix.trim()}`);
      continue;
    }
    out.push(`${style.bold(`cause: ${d.class}`)} ${style.dim(`(${d.title})`)}`);
    add(`  evidence (${d.env}, ${d.in}): ${d.evidence}`);
    if (d.means) add(`  means: ${d.means}`, style.dim);
    add(`  fix: ${d.fix.trim().replace(/\s*\n\s*/g, ' ')}`);
    for (const a of d.alternatives) add(`  or: ${a.text}${a.package ? ` (${a.package})` : ''}`);
    const lesson = lessonName(d);
    out.push(`  lesson: ${lesson ?? style.dim('none yet')}`);
  }
  return out;
}

/** The --json shape of one cause (stable field names; scripts depend on them). */
export function causeJson(d: Diagnosis): object {
  return {
    class: d.class,
    title: d.title,
    env: d.env,
    in: d.in,
    evidence: d.evidence,
    means: d.means,
    fix: d.fix.trim(),
    alternatives: d.alternatives,
    lesson: d.lesson ? { id: d.lesson.lesson, step: d.lesson.step } : null,
    sources: d.sources,
  };
}
