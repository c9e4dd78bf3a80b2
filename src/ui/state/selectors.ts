/** Reading derived facts from the state (pure): the lesson shown, its step, the list as filtered. */
import type { Lesson } from '../../lessons/load.js';
import type { Step } from '../../lessons/schema.js';
import type { MissingLesson } from '../../progress/course.js';
import { lessonStatus, type LessonStatus } from '../../progress/status.js';
import type { State } from './state.js';
import { stepKey, type StepKey } from './step-key.js';

export type ListEntry = { id: string; number: number; lesson?: Lesson; missing?: MissingLesson; status: LessonStatus };

/** Every lesson of the index in teaching order (written or not), filtered by the search text. */
export function listEntries(s: State): ListEntry[] {
  const all = s.course.index.lessons.map((id, i): ListEntry => {
    const lesson = s.course.lessons.find((l) => l.id === id);
    const missing = s.course.missing.find((m) => m.id === id);
    return { id, number: i + 1, lesson, missing, status: lesson ? lessonStatus(s.progress, lesson) : 'pending' };
  });
  const q = s.list.search?.trim().toLowerCase();
  if (!q) return all;
  return all.filter((e) => e.id.includes(q) || (e.lesson?.title.toLowerCase().includes(q) ?? false) || (e.lesson?.summary.toLowerCase().includes(q) ?? false));
}

export function currentLesson(s: State): Lesson | undefined {
  return s.lesson ? s.course.lessons.find((l) => l.id === s.lesson!.id) : undefined;
}

export function currentStep(s: State): Step | undefined {
  const l = currentLesson(s);
  return l && s.lesson ? l.steps[s.lesson.step] : undefined;
}

export function currentKey(s: State): StepKey | undefined {
  const l = currentLesson(s);
  const st = currentStep(s);
  return l && st ? stepKey(l.id, st.id) : undefined;
}

export function imagesReady(s: State): boolean {
  return s.images.status === 'ok';
}

/** The step passed (in this session or recorded before). */
export function stepPassed(s: State, lesson: string, step: string): boolean {
  const run = s.runs[stepKey(lesson, step)];
  // a run of the learner's variant of an experiment never counts
  return s.progress.lessons[lesson]?.steps[step]?.status === 'passed' || (run?.result?.passed === true && !run.tinker);
}
