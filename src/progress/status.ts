/**
 * What the progress means: each lesson done / in progress / pending, and each
 * checklist item's status from the lessons that cover it. Pure; ids that no
 * longer exist in the course are ignored.
 */
import type { Lesson } from '../lessons/load.js';
import type { CourseIndex, Step } from '../lessons/schema.js';
import type { ProgressData, StepStatus } from './schema.js';

export type LessonStatus = 'done' | 'in-progress' | 'pending';
export type ChecklistStatus = 'done' | 'in-progress' | 'pending' | 'planned';

/** Tasks and quizzes are graded; a lesson without them is done when every step was run or read. */
export const isGraded = (s: Step) => s.kind === 'task' || s.kind === 'quiz';

export function stepStatus(p: ProgressData, lesson: string, step: string): StepStatus | undefined {
  return p.lessons[lesson]?.steps[step]?.status;
}

export function lessonStatus(p: ProgressData, lesson: Pick<Lesson, 'id' | 'steps'>): LessonStatus {
  const rec = p.lessons[lesson.id];
  if (!rec) return 'pending';
  const graded = lesson.steps.filter(isGraded);
  const mustPass = graded.length ? graded : lesson.steps;
  const ok = (s: Step) => {
    const r = rec.steps[s.id];
    if (graded.length) return r?.status === 'passed';
    // without graded steps: every explain step read, every experiment run (opening one is not running it)
    if (s.kind === 'experiment') return !!r && (r.status !== 'seen' || (r.attempts ?? 0) > 0);
    return !!r;
  };
  if (mustPass.every(ok)) return 'done';
  return lesson.steps.some((s) => rec.steps[s.id]) ? 'in-progress' : 'pending';
}

export interface ChecklistEntry {
  id: string;
  text: string;
  status: ChecklistStatus;
  /** Lessons (written ones) that cover it. */
  lessons: { id: string; title: string; status: LessonStatus }[];
  plannedIn?: string;
  /** When the learner ticked it themselves ("I can explain this"); kept apart from what the lessons show. */
  selfChecked?: string;
}

export function checklistStatus(index: CourseIndex, lessons: Pick<Lesson, 'id' | 'title' | 'steps' | 'checklist'>[], p: ProgressData): ChecklistEntry[] {
  return index.checklist.map((item) => {
    const covering = lessons.filter((l) => l.checklist.includes(item.id)).map((l) => ({ id: l.id, title: l.title, status: lessonStatus(p, l) }));
    let status: ChecklistStatus;
    if (!covering.length) status = item.plannedIn ? 'planned' : 'pending';
    else if (covering.every((l) => l.status === 'done')) status = 'done';
    else if (covering.some((l) => l.status !== 'pending')) status = 'in-progress';
    else status = 'pending';
    const self = p.selfCheck?.[item.id]?.at;
    return { id: item.id, text: item.text, status, lessons: covering, ...(item.plannedIn ? { plannedIn: item.plannedIn } : {}), ...(self ? { selfChecked: self } : {}) };
  });
}
