/**
 * What the learner asked for and answered, by step key: hints shown, the
 * solution open, quiz answers and typing; their files (the task copy and
 * the variant of an experiment) and which of them is watched.
 */
import { revealAnswer } from '../../../check/quiz.js';
import type { Handlers } from '../actions.js';
import type { QuizState, State } from '../state.js';
import type { StepKey } from '../step-key.js';
import { clamp } from './clamp.js';
import { currentLesson } from '../selectors.js';

const quizOf = (s: State, key: StepKey): QuizState => s.quiz[key] ?? { question: 0, answers: {} };

export const hints: Handlers<'hint-more' | 'hints-known' | 'solution-toggle'> = {
  'hint-more': (s, a) => {
    const st = currentLesson(s)?.steps[s.lesson?.step ?? -1];
    if (!st || st.kind !== 'task') return s;
    return { ...s, hints: { ...s.hints, [a.key]: Math.min(st.hints.length, (s.hints[a.key] ?? 0) + 1) } };
  },
  'hints-known': (s, a) => (a.shown > (s.hints[a.key] ?? 0) ? { ...s, hints: { ...s.hints, [a.key]: a.shown } } : s),
  'solution-toggle': (s, a) => ({ ...s, solution: { ...s.solution, [a.key]: !s.solution[a.key] }, confirm: null, notice: null, output: { expanded: false, scroll: 0 } }),
};

export const quiz: Handlers<'quiz-move' | 'quiz-typing' | 'quiz-answered' | 'quiz-revealed'> = {
  'quiz-move': (s, a) => {
    const st = currentLesson(s)?.steps[s.lesson?.step ?? -1];
    if (!st || st.kind !== 'quiz') return s;
    const q = quizOf(s, a.key);
    return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, away: false, question: clamp(q.question + a.delta, 0, st.questions.length - 1) } } };
  },
  // undefined: the learner left the answer field (esc); '' (from `a`): back into it
  'quiz-typing': (s, a) => ({ ...s, quiz: { ...s.quiz, [a.key]: { ...quizOf(s, a.key), typing: a.text, away: a.text === undefined } } }),
  'quiz-answered': (s, a) => {
    const q = quizOf(s, a.key);
    return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, away: false, answers: { ...q.answers, [a.question]: a.answer } } } };
  },
  'quiz-revealed': (s, a) => {
    const q = quizOf(s, a.key);
    return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, answers: { ...q.answers, [a.question]: revealAnswer(q.answers[a.question]) } } } };
  },
};

export const files: Handlers<'workspace-file' | 'tinker-file' | 'watching'> = {
  'workspace-file': (s, a) => ({ ...s, files: { ...s.files, [a.key]: { path: a.path, text: a.text } } }),
  'tinker-file': (s, a) => {
    const { [a.key]: _old, ...rest } = s.tinker;
    if (a.file) return { ...s, tinker: { ...rest, [a.key]: a.file } };
    // back to the shipped program: the variant's verdict goes with it (it judged another program)
    const { [a.key]: run, ...runs } = s.runs;
    return { ...s, tinker: rest, runs: run?.tinker ? runs : s.runs, output: run?.tinker ? { expanded: false, scroll: 0 } : s.output };
  },
  watching: (s, a) => ({ ...s, watching: a.watching }),
};
