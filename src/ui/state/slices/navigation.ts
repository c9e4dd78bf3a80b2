/**
 * Where the learner is: the screen, the lesson and step, the scroll of the
 * text and of the tall screens (help, summary, checklist), the window size.
 */
import type { Handlers } from '../actions.js';
import { nextLesson, stepDone } from '../onward.js';
import { currentLesson } from '../selectors.js';
import type { State } from '../state.js';
import { stepKey } from '../step-key.js';
import { clamp } from './clamp.js';

type NavigationAction = 'resize' | 'open-lesson' | 'step-move' | 'scroll' | 'show' | 'help-scroll' | 'help-scroll-max' | 'lesson-summary' | 'back' | 'prose-toggle' | 'checklist-move';

/** ← from the lesson summary: to the first task or quiz not passed yet (a quiz on its first question not answered right), else the last step. */
function backFromSummary(s: State): State {
  const l = currentLesson(s);
  const back = { ...s, screen: 'lesson' as const, helpScroll: 0 };
  if (!l || !s.lesson) return back;
  const idx = l.steps.findIndex((st) => (st.kind === 'task' || st.kind === 'quiz') && !stepDone(s, l, st));
  if (idx < 0) return back;
  const st = l.steps[idx]!;
  const key = stepKey(l.id, st.id);
  const quiz = st.kind === 'quiz' ? s.quiz[key] ?? { question: 0, answers: {} } : undefined;
  const open = st.kind === 'quiz' ? Math.max(0, st.questions.findIndex((q) => !quiz!.answers[q.id]?.ok)) : 0;
  return {
    ...back,
    lesson: { ...s.lesson, step: idx, scroll: 0 },
    output: { expanded: false, scroll: 0 },
    ...(quiz ? { quiz: { ...s.quiz, [key]: { ...quiz, question: open, typing: undefined, away: false } } } : {}),
  };
}

export const navigation: Handlers<NavigationAction> = {
  resize: (s, a) => ({ ...s, size: { cols: a.cols, rows: a.rows } }),
  'open-lesson': (s, a) => {
    const lesson = s.course.lessons.find((l) => l.id === a.id);
    if (!lesson) {
      const missing = s.course.missing.find((m) => m.id === a.id);
      return { ...s, notice: missing ? `The lesson "${a.id}" cannot be opened: ${missing.problem}` : `There is no lesson "${a.id}".` };
    }
    const found = a.step ? lesson.steps.findIndex((st) => st.id === a.step) : -1;
    const idx = s.course.index.lessons.indexOf(lesson.id);
    return {
      ...s,
      screen: 'lesson',
      list: { cursor: idx >= 0 && !s.list.search ? idx : s.list.cursor, search: s.list.search, searching: false },
      lesson: { id: lesson.id, step: Math.max(0, found), scroll: 0 },
      output: { expanded: false, scroll: 0 },
      notice: null,
    };
  },
  'step-move': (s, a) => {
    const l = currentLesson(s);
    if (!l || !s.lesson) return s;
    // → on the last step: the lesson is finished, show what it added up to
    if (a.delta > 0 && s.lesson.step === l.steps.length - 1) return navigation['lesson-summary'](s, { type: 'lesson-summary', lesson: l.id });
    const step = clamp(s.lesson.step + a.delta, 0, l.steps.length - 1);
    if (step === s.lesson.step) return s;
    return { ...s, lesson: { ...s.lesson, step, scroll: 0 }, output: { expanded: false, scroll: 0 }, notice: null, confirm: null, sources: undefined };
  },
  scroll: (s, a) => (s.lesson ? { ...s, lesson: { ...s.lesson, scroll: Math.max(0, s.lesson.scroll + a.delta) } } : s),
  show: (s, a) => ({ ...s, screen: a.screen, back: s.screen === 'help' || s.screen === 'checklist' ? s.back : s.screen, helpScroll: a.screen === 'help' || a.screen === 'checklist' ? 0 : s.helpScroll, notice: null }),
  'help-scroll': (s, a) => ({ ...s, helpScroll: Math.max(0, s.helpScroll + a.delta) }),
  'help-scroll-max': (s, a) => (s.helpScroll > a.max ? { ...s, helpScroll: Math.max(0, a.max) } : s),
  'lesson-summary': (s, a) => {
    // the list cursor moves on to the next lesson, so `l` then enter opens it
    const next = nextLesson(s, a.lesson);
    const idx = next ? s.course.index.lessons.indexOf(next.id) : -1;
    return { ...s, screen: 'summary', summary: a.lesson, helpScroll: 0, list: idx >= 0 && !s.list.search ? { ...s.list, cursor: idx } : s.list, notice: null, confirm: null };
  },
  back: (s) => {
    if (s.screen === 'help' || s.screen === 'checklist') return { ...s, screen: s.back, helpScroll: 0 };
    if (s.screen === 'summary') return backFromSummary(s);
    if (s.screen === 'lesson') return { ...s, screen: 'list', output: { expanded: false, scroll: 0 } };
    return s;
  },
  'prose-toggle': (s) => ({ ...s, proseOnly: !s.proseOnly, output: { ...s.output, expanded: false } }),
  'checklist-move': (s, a) => ({ ...s, checklistCursor: clamp(s.checklistCursor + a.delta, 0, Math.max(0, s.course.index.checklist.length - 1)) }),
};
