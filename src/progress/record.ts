/**
 * Pure changes to progress data. Each returns a new object; the store applies
 * them to the file's latest content under its lock, so two instances never
 * lose each other's updates.
 */
import type { ProgressData, QuestionRecord, StepRecord, StepStatus } from './schema.js';

const RANK: Record<StepStatus, number> = { seen: 0, attempted: 1, passed: 2 };

function withStep(d: ProgressData, lesson: string, step: string, f: (r: StepRecord) => StepRecord, at: string): ProgressData {
  const l = d.lessons[lesson] ?? { steps: {} };
  // a step only opened, hinted or timed starts as seen; a run or an answer raises it
  const r = l.steps[step] ?? { status: 'seen' as const, at };
  return { ...d, updatedAt: at, lessons: { ...d.lessons, [lesson]: { ...l, steps: { ...l.steps, [step]: f(r) } } } };
}

const raise = (r: StepRecord, status: StepStatus, at: string): StepRecord => (RANK[r.status] >= RANK[status] ? r : { ...r, status, at });

/** Record a step's status; never downgrades (a pass stays a pass). */
export function recordStep(d: ProgressData, lesson: string, step: string, status: StepStatus, at: string): ProgressData {
  return withStep(d, lesson, step, (r) => raise(r, status, at), at);
}

/**
 * A run of a step by the learner. A task is passed or attempted by it; an
 * experiment only counts as run (seen): its checks prove the lesson's claim,
 * not anything the learner did.
 */
export function recordRun(d: ProgressData, lesson: string, step: string, kind: 'task' | 'experiment', passed: boolean, at: string): ProgressData {
  return withStep(d, lesson, step, (r) => ({ ...raise(r, kind === 'experiment' ? 'seen' : passed ? 'passed' : 'attempted', at), attempts: (r.attempts ?? 0) + 1 }), at);
}

/**
 * Record a quiz answer. The first answer to a question fixes its first-try
 * result for good; ok means answered right at some point. The step passes
 * when every one of `allQuestions` has been answered right.
 */
export function recordAnswer(d: ProgressData, lesson: string, step: string, question: string, ok: boolean, allQuestions: string[], at: string): ProgressData {
  return withStep(
    d,
    lesson,
    step,
    (r) => {
      const prev: QuestionRecord | undefined = r.questions?.[question];
      const tries = (prev?.tries ?? 0) + 1;
      // a record without tries comes from version 1, where the first try was not kept: leave it unknown
      const firstTry = prev ? prev.firstTry : ok;
      const q: QuestionRecord = { ok: !!prev?.ok || ok, at: prev?.ok ? prev.at : at, tries, ...(firstTry !== undefined ? { firstTry } : {}), ...(prev?.revealed ? { revealed: true } : {}) };
      const questions = { ...(r.questions ?? {}), [question]: q };
      const all = allQuestions.every((x) => questions[x]?.ok);
      const status: StepStatus = all || r.status === 'passed' ? 'passed' : 'attempted';
      return { ...r, status, at: r.status === status ? r.at : at, questions };
    },
    at,
  );
}

/** The answer to a question was shown to the learner. */
export function recordReveal(d: ProgressData, lesson: string, step: string, question: string, at: string): ProgressData {
  return withStep(
    d,
    lesson,
    step,
    (r) => {
      const prev = r.questions?.[question];
      const q: QuestionRecord = { ok: prev?.ok ?? false, at: prev?.at ?? at, tries: prev?.tries ?? 0, ...(prev?.firstTry !== undefined ? { firstTry: prev.firstTry } : {}), revealed: true };
      return { ...r, questions: { ...(r.questions ?? {}), [question]: q } };
    },
    at,
  );
}

/** Hints shown so far (the count only grows). */
export function recordHints(d: ProgressData, lesson: string, step: string, shown: number, at: string): ProgressData {
  return withStep(d, lesson, step, (r) => ((r.hints ?? 0) >= shown ? r : { ...r, hints: shown }), at);
}

export function recordSolutionViewed(d: ProgressData, lesson: string, step: string, at: string): ProgressData {
  // before the step passed (a way past it) or after (a comparison): an instructor reads them apart
  return withStep(d, lesson, step, (r) => (r.status === 'passed' ? (r.solutionAfterPass ? r : { ...r, solutionViewed: true, solutionAfterPass: true }) : r.solutionBeforePass ? r : { ...r, solutionViewed: true, solutionBeforePass: true }), at);
}

export function addTime(d: ProgressData, lesson: string, step: string, ms: number, at: string): ProgressData {
  if (!(ms > 0)) return d;
  return withStep(d, lesson, step, (r) => ({ ...r, timeMs: Math.round((r.timeMs ?? 0) + ms) }), at);
}

/** The learner's own tick on a checklist item; kept apart from what the lessons show. */
export function setSelfCheck(d: ProgressData, item: string, on: boolean, at: string): ProgressData {
  const { [item]: _old, ...rest } = d.selfCheck ?? {};
  return { ...d, updatedAt: at, selfCheck: on ? { ...rest, [item]: { at } } : rest };
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
  return { version: d.version, updatedAt: at, lessons: {}, selfCheck: {} };
}
