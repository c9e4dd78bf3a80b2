/**
 * Pure changes to progress data. Each returns a new object; the store applies
 * them to the file's latest content under its lock, so two instances never
 * lose each other's updates.
 */
import type { ProgressData, StepRecord, StepStatus } from './schema.js';

const RANK: Record<StepStatus, number> = { seen: 0, attempted: 1, passed: 2 };

function withStep(d: ProgressData, lesson: string, step: string, f: (r: StepRecord | undefined) => StepRecord, at: string): ProgressData {
  const l = d.lessons[lesson] ?? { steps: {} };
  return { ...d, updatedAt: at, lessons: { ...d.lessons, [lesson]: { ...l, steps: { ...l.steps, [step]: f(l.steps[step]) } } } };
}

/** Record a step's status; never downgrades (a pass stays a pass). */
export function recordStep(d: ProgressData, lesson: string, step: string, status: StepStatus, at: string): ProgressData {
  return withStep(d, lesson, step, (r) => (r && RANK[r.status] >= RANK[status] ? r : { ...r, status, at }), at);
}

/**
 * Record a quiz answer. The step passes when every one of `allQuestions` has
 * been answered right at least once; a wrong answer after a right one keeps it.
 */
export function recordAnswer(d: ProgressData, lesson: string, step: string, question: string, ok: boolean, allQuestions: string[], at: string): ProgressData {
  return withStep(
    d,
    lesson,
    step,
    (r) => {
      const questions = { ...(r?.questions ?? {}) };
      if (!questions[question]?.ok) questions[question] = { ok, at };
      const all = allQuestions.every((q) => questions[q]?.ok);
      const status: StepStatus = all ? 'passed' : r?.status === 'passed' ? 'passed' : 'attempted';
      return { status, at: r?.status === status ? r.at : at, questions };
    },
    at,
  );
}

export function setCurrent(d: ProgressData, lesson: string, step: string, at: string): ProgressData {
  if (d.current?.lesson === lesson && d.current.step === step) return d;
  return { ...d, updatedAt: at, current: { lesson, step } };
}

export function resetLesson(d: ProgressData, lesson: string, at: string): ProgressData {
  const { [lesson]: _gone, ...rest } = d.lessons;
  return { ...d, updatedAt: at, lessons: rest };
}

export function resetAll(d: ProgressData, at: string): ProgressData {
  return { version: d.version, updatedAt: at, lessons: {} };
}
