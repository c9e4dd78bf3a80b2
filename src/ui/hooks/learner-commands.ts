/**
 * The commands about the learner's own work: their files (edit, the
 * variant of an experiment), hints and the solution, quiz answers, the
 * checklist tick, resets, continuing, quitting. Each reports back with
 * actions and saves progress; nothing here draws.
 */
import { checkAnswer, nextAnswer } from '../../check/quiz.js';
import { toErrorInfo } from '../state/error-info.js';
import { continueTarget } from '../state/onward.js';
import { currentLesson, currentStep } from '../state/selectors.js';
import { inLesson, stepKey, type StepKey } from '../state/step-key.js';
import type { CommandContext, CommandFor } from './command-context.js';

/** e: a task's copy in the editor; an experiment's program copied as the learner's variant (in the editor if there is one). */
export const edit: CommandFor<'edit'> = ({ s, dispatch, fx, leave }) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || !step) return;
  const key = stepKey(lesson.id, step.id);
  try {
    if (step.kind === 'task') return leave({ kind: 'edit', file: fx.workspace.ensure(lesson, step), key });
    if (step.kind !== 'experiment' || !step.program) return;
    const file = fx.workspace.ensureTinker(lesson, step);
    dispatch({ type: 'tinker-file', key, file: { path: file, text: fx.readFile(file) } });
    if (s.editor) return leave({ kind: 'edit', file, key, tinker: true });
    dispatch({ type: 'notice', text: `Your variant is at ${file}: change it in any editor, and r runs it (saving re-runs it). z goes back to the shipped program.` });
  } catch (e) {
    dispatch({ type: 'notice', text: toErrorInfo(e).message });
  }
};

/** z on a variant (confirmed): back to the experiment's own program, the variant kept as .bak. */
export const resetTinker: CommandFor<'reset-tinker'> = ({ s, dispatch, fx }, e) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || step?.kind !== 'experiment') return;
  try {
    const bak = fx.workspace.resetTinker(lesson, step);
    dispatch({ type: 'tinker-file', key: e.key, file: null });
    dispatch({ type: 'notice', text: `Back to the shipped program.${bak ? ` Your variant is kept as ${bak}.` : ''}` });
  } catch (err) {
    dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(err).message}` });
  }
  dispatch({ type: 'confirm-cancel' });
};

export const hint: CommandFor<'hint'> = ({ s, dispatch, fx, progress }) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || step?.kind !== 'task') return;
  const key = stepKey(lesson.id, step.id);
  const shown = Math.min(step.hints.length, (s.hints[key] ?? 0) + 1);
  dispatch({ type: 'hint-more', key });
  progress(fx.store.recordHints(lesson.id, step.id, shown));
};

export const solution: CommandFor<'solution'> = ({ s, dispatch, fx, progress }, e) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || step?.kind !== 'task') return;
  const showing = !s.solution[e.key];
  dispatch({ type: 'solution-toggle', key: e.key });
  if (showing) progress(fx.store.recordSolutionViewed(lesson.id, step.id));
};

export const answer: CommandFor<'answer'> = ({ s, dispatch, fx, progress }, e) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || step?.kind !== 'quiz') return;
  const key = stepKey(lesson.id, step.id);
  const q = step.questions[s.quiz[key]?.question ?? 0]!;
  if (q.choices && Number(e.answer) > q.choices.length) return;
  const prev = s.quiz[key]?.answers[q.id];
  const given = nextAnswer(prev, e.answer, checkAnswer(q, e.answer).ok);
  dispatch({ type: 'quiz-answered', key, question: q.id, answer: given });
  progress(fx.store.recordAnswer(lesson.id, step.id, q.id, given.last, step.questions.map((x) => x.id)));
  if (given.revealed && !prev?.revealed) progress(fx.store.recordReveal(lesson.id, step.id, q.id));
};

export const reveal: CommandFor<'reveal'> = ({ s, dispatch, fx, progress }) => {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || step?.kind !== 'quiz') return;
  const key = stepKey(lesson.id, step.id);
  const q = step.questions[s.quiz[key]?.question ?? 0]!;
  dispatch({ type: 'quiz-revealed', key, question: q.id });
  progress(fx.store.recordReveal(lesson.id, step.id, q.id));
};

export const selfCheck: CommandFor<'self-check'> = ({ s, fx, progress }) => {
  const item = s.course.index.checklist[s.checklistCursor];
  if (item) progress(fx.store.setSelfCheck(item.id, !s.progress.selfCheck?.[item.id]));
};

export const continueHere: CommandFor<'continue'> = ({ s, dispatch }) => {
  const to = continueTarget(s);
  if (to) dispatch({ type: 'open-lesson', id: to.lesson, step: to.step });
};

export const quit: CommandFor<'quit'> = ({ leave }, e) => leave(e.interrupted ? { kind: 'quit', interrupted: true } : { kind: 'quit' });

/** The learner's files shown (of one lesson, or all) read again after a reset replaced them. */
function reloadFiles({ latest, dispatch, fx }: CommandContext, only?: string): void {
  for (const [key, f] of Object.entries(latest().files)) {
    if (only && !inLesson(key as StepKey, only)) continue;
    try {
      dispatch({ type: 'workspace-file', key: key as StepKey, path: f.path, text: fx.readFile(f.path) });
    } catch {
      // gone: shown again when the step is opened
    }
  }
}

export const resetLesson: CommandFor<'reset-lesson'> = (cx, e) => {
  const { s, dispatch, fx, progress } = cx;
  const l = s.course.lessons.find((x) => x.id === e.lesson);
  if (!l) return;
  try {
    const backups = fx.workspace.resetLesson(l);
    dispatch({ type: 'reset', lesson: l.id });
    dispatch({ type: 'notice', text: `The lesson "${l.title}" was reset.${backups.length ? ` Your old file is kept as ${backups.join(', ')}` : ''}` });
    reloadFiles(cx, l.id);
  } catch (err) {
    dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(err).message}` });
  }
  progress(fx.store.resetLesson(l.id));
};

export const resetAll: CommandFor<'reset-all'> = (cx) => {
  const { s, dispatch, fx, progress } = cx;
  try {
    const backups = fx.workspace.resetAll(s.course.lessons);
    dispatch({ type: 'reset' });
    dispatch({ type: 'notice', text: `Everything was reset.${backups.length ? ` ${backups.length} old file(s) kept as .bak-* next to the new ones.` : ''}` });
    reloadFiles(cx);
  } catch (err) {
    dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(err).message}` });
  }
  progress(fx.store.resetAll());
};
