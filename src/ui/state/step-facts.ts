/**
 * Facts about the step on screen, read from the state (pure): what kind of
 * step it is, what it offers now (a run, a hint, the solution, a row to
 * trace), which row of its run is shown. The key table asks these to decide
 * which keys work; the views ask them to decide what to draw.
 */
import type { QuizStep } from '../../lessons/schema.js';
import type { StepResult } from '../../lessons/run-step.js';
import { isCrash } from '../../explain/explain.js';
import type { QuizAnswer } from '../../check/quiz.js';
import { stepDone } from './onward.js';
import { currentKey, currentLesson, currentStep, stepPassed } from './selectors.js';
import type { RunState, State } from './state.js';
import { rowKey, type StepKey } from './step-key.js';

export const isTask = (s: State): boolean => currentStep(s)?.kind === 'task';
export const isQuiz = (s: State): boolean => currentStep(s)?.kind === 'quiz';
/** A step with something to run: an experiment or a task. */
export const isRunnable = (s: State): boolean => {
  const k = currentStep(s)?.kind;
  return k === 'task' || k === 'experiment';
};

/** An experiment or task that names its sources (or says what it stands in for). */
export const hasEvidence = (s: State): boolean => {
  const st = currentStep(s);
  return (st?.kind === 'task' || st?.kind === 'experiment') && (!!st.sources?.length || !!st.standsFor);
};

/** The quiz question shown now. */
export function currentQuestion(s: State): QuizStep['questions'][number] | undefined {
  const st = currentStep(s);
  if (st?.kind !== 'quiz') return undefined;
  return st.questions[s.quiz[currentKey(s)!]?.question ?? 0];
}

/** The learner's answer to the question shown, if any. */
export function currentAnswer(s: State): QuizAnswer | undefined {
  const q = currentQuestion(s);
  return q ? s.quiz[currentKey(s)!]?.answers[q.id] : undefined;
}

/**
 * A short-answer question takes keys as text as soon as it is shown, until
 * it is answered right or the learner leaves the field with esc.
 */
export function typingActive(s: State): boolean {
  if (s.screen !== 'lesson') return false;
  const q = currentQuestion(s);
  if (!q || q.choices) return false;
  const qs = s.quiz[currentKey(s)!];
  return !qs?.away && !qs?.answers[q.id]?.ok;
}

/** An experiment with a program of its own (not a command, not a reading of the built binary). */
const experimentProgram = (s: State): boolean => {
  const st = currentStep(s);
  return st?.kind === 'experiment' && !!st.program && !st.analyze;
};

/** The learner has a variant of this experiment's program. */
export const tinkering = (s: State): boolean => {
  const k = currentKey(s);
  return !!k && !!s.tinker[k];
};

/** `e` has something to open: a task's copy (with an editor set), or a copy of an experiment's program. */
export const canEdit = (s: State): boolean => (isTask(s) && !!s.editor) || experimentProgram(s);

/** The step shown is the lesson's last. */
export const lastStep = (s: State): boolean => {
  const l = currentLesson(s);
  return !!l && !!s.lesson && s.lesson.step === l.steps.length - 1;
};

/** The step shown is done, so the way on is offered. */
export const onwardOpen = (s: State): boolean => {
  const l = currentLesson(s);
  const st = currentStep(s);
  return !!l && !!st && stepDone(s, l, st);
};

/** The run of the step shown (any status). */
export const currentRun = (s: State): RunState | undefined => {
  const k = currentKey(s);
  return k ? s.runs[k] : undefined;
};
export const running = (s: State): boolean => currentRun(s)?.status === 'running';
export const hasRun = (s: State): boolean => !!currentRun(s);
/** How many rows (variants) the finished run of the step has. */
export const rowCount = (s: State): number => currentRun(s)?.result?.variants.length ?? 0;

/** The lab images are missing (or their build failed) and nothing is building them: `b` builds. */
export const needsImages = (s: State): boolean =>
  (s.images.status === 'missing' || (s.build?.status === 'error' && s.images.status !== 'unreachable')) && s.build?.status !== 'running';

/** A task with hints not shown yet. */
export const hintsLeft = (s: State): boolean => {
  const st = currentStep(s);
  return st?.kind === 'task' && (s.hints[currentKey(s)!] ?? 0) < st.hints.length;
};

/** A task's reference solution is offered: after a pass, after all hints, or while it is open. */
export const solutionOffered = (s: State): boolean => {
  const st = currentStep(s);
  if (st?.kind !== 'task') return false;
  const key = currentKey(s)!;
  return stepPassed(s, s.lesson!.id, st.id) || (s.hints[key] ?? 0) >= st.hints.length || !!s.solution[key];
};

/** Every task and quiz of the lesson passed. */
const stepsAllDone = (s: State, lesson: string): boolean => {
  const l = s.course.lessons.find((x) => x.id === lesson);
  return !!l && l.steps.filter((st) => st.kind === 'task' || st.kind === 'quiz').every((st) => stepPassed(s, lesson, st.id));
};

/** The lesson that teaches the checklist item under the cursor: the first not done yet, else the first. */
export function checklistLesson(s: State): string | undefined {
  const item = s.course.index.checklist[s.checklistCursor];
  const covering = item ? s.course.lessons.filter((l) => l.checklist.includes(item.id)) : [];
  return (covering.find((l) => !stepsAllDone(s, l.id)) ?? covering[0])?.id;
}

/** The row a multi-row step shows: the learner's choice, else the first that failed, else the first. */
export function chosenRow(row: number | undefined, result: StepResult | undefined): number {
  const n = result?.variants.length ?? 0;
  if (row !== undefined) return Math.min(Math.max(0, row), Math.max(0, n - 1));
  const failed = result?.variants.findIndex((v) => !v.passed) ?? -1;
  return failed >= 0 ? failed : 0;
}

/** The row shown now of the current step's finished run, when one of its sides crashed. */
export function crashedRow(s: State): { key: StepKey; row: string } | null {
  const key = currentKey(s);
  const r = key ? s.runs[key] : undefined;
  if (!key || r?.status !== 'done' || !r.result) return null;
  const v = r.result.variants[chosenRow(s.output.row, r.result)];
  return v && Object.values(v.outcomes).some((o) => isCrash(o?.run)) ? { key, row: v.id } : null;
}

/** "Why did it crash?" is open for the crashed row shown. */
export const whyShown = (s: State): boolean => {
  const c = crashedRow(s);
  return !!c && s.why?.kind === 'why' && s.why.key === rowKey(c.key, c.row);
};

/** The row shown now of a finished run whose program can be traced (built and run in each environment, no tool, no lab network). */
export function traceableRow(s: State): { key: StepKey; row: string } | null {
  const key = currentKey(s);
  const step = currentStep(s);
  const r = key ? s.runs[key] : undefined;
  if (!key || !step || r?.status !== 'done' || !r.result || r.result.notApplicable) return null;
  if (step.kind !== 'task' && !(step.kind === 'experiment' && step.program && !step.command && !step.analyze)) return null;
  if (step.compileIn !== 'each' || step.network || step.runIn.length < 2) return null;
  const v = r.result.variants[chosenRow(s.output.row, r.result)];
  return v ? { key, row: v.id } : null;
}

/** The trace panel is open for the traceable row shown. */
export const traceShown = (s: State): boolean => {
  const c = traceableRow(s);
  return !!c && s.why?.kind === 'trace' && s.why.key === rowKey(c.key, c.row);
};
