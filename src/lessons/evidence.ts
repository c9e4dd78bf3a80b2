/**
 * Evidence from outside the lab: every experiment and task step names the primary sources its
 * claims rest on (`sources`), precisely enough to open. A learner who doubts a claim can go and
 * read the code or the standard; an author cannot ship a claim that rests on memory.
 */
import type { Step } from './schema.js';

/**
 * A source must be openable: it names a version ("musl 1.2.5", "POSIX.1-2024", "PEP 656") or a
 * path ("src/network/lookup_name.c"), so "see the docs" or "the musl source" is not one.
 */
export function sourceEntryProblem(entry: string): string | null {
  if (!/\d|\//.test(entry)) return `"${entry}" names no version and no path: say which file, function or section, and of which version (e.g. "musl 1.2.5 src/thread/pthread_create.c (__pthread_create)")`;
  return null;
}

/** The evidence problems of one step, as sentences (empty for explain and quiz steps, which claim nothing new). */
export function stepEvidenceProblems(step: Step): string[] {
  if (step.kind !== 'experiment' && step.kind !== 'task') return [];
  if (!step.sources?.length) return [`${step.kind} "${step.id}" names no sources: add sources: [...] with the primary sources its claims rest on (file and function, with a version)`];
  return step.sources.flatMap((s) => sourceEntryProblem(s) ?? []).map((p) => `${step.kind} "${step.id}": sources: ${p}`);
}

/** Every evidence problem of a lesson, each naming the lesson's manifest. */
export function lessonEvidenceProblems(lesson: { id: string; steps: Step[] }): string[] {
  return lesson.steps.flatMap(stepEvidenceProblems).map((p) => `lessons/${lesson.id}/lesson.yaml: ${p}`);
}
