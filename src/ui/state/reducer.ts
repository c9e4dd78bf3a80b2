/**
 * The UI reducer: the only place state changes. Pure: no clock, no I/O; the
 * hooks run effects and report back with actions.
 */
import { revealAnswer } from '../../check/quiz.js';
import type { Action } from './actions.js';
import { nextLesson, stepDone } from './onward.js';
import { currentLesson, listEntries } from './selectors.js';
import type { AvailableCourse } from '../../progress/course.js';
import type { ProgressData } from '../../progress/schema.js';
import type { EnvProgress, QuizState, State } from './state.js';

export interface InitOptions {
  course: AvailableCourse;
  progress: ProgressData;
  size: { cols: number; rows: number };
  plain: boolean;
  workspaceDir: string;
  editor?: string;
  warnings?: string[];
  /** Open this lesson first (--lesson). */
  lesson?: string;
  /** Why progress cannot be saved, known at start. */
  unsaved?: string;
}

/** Quiz answers of earlier sessions: a passed quiz reopens as passed, with its first-try tally. */
function quizFrom(p: ProgressData): Record<string, QuizState> {
  const out: Record<string, QuizState> = {};
  for (const [l, rec] of Object.entries(p.lessons))
    for (const [st, r] of Object.entries(rec.steps)) {
      if (!r.questions) continue;
      const answers = Object.fromEntries(Object.entries(r.questions).map(([q, a]) => [q, { given: '', last: false, ok: a.ok, firstTry: !!a.firstTry, tries: a.tries ?? (a.ok ? 1 : 0), revealed: !!a.revealed }]));
      out[`${l}/${st}`] = { question: 0, answers };
    }
  return out;
}

/** Hints already shown in earlier sessions stay shown. */
function hintsFrom(p: ProgressData): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [l, rec] of Object.entries(p.lessons)) for (const [st, r] of Object.entries(rec.steps)) if (r.hints) out[`${l}/${st}`] = r.hints;
  return out;
}

export function initialState(o: InitOptions): State {
  const s: State = {
    course: o.course,
    screen: 'list',
    back: 'list',
    size: o.size,
    plain: o.plain,
    list: { cursor: 0, search: null, searching: false },
    lesson: null,
    progress: o.progress,
    runs: {},
    hints: hintsFrom(o.progress),
    solution: {},
    quiz: quizFrom(o.progress),
    output: { expanded: false, scroll: 0 },
    helpScroll: 0,
    confirm: null,
    images: { status: 'checking' },
    build: null,
    notice: null,
    warnings: o.warnings ?? [],
    workspaceDir: o.workspaceDir,
    files: {},
    editor: o.editor,
    tinker: {},
    watching: null,
    checklistCursor: 0,
    summary: null,
    unsaved: o.unsaved ?? null,
  };
  // the list cursor starts on the lesson the learner left off in
  const cur = o.progress.current?.lesson;
  const idx = cur ? o.course.index.lessons.indexOf(cur) : -1;
  if (idx >= 0) s.list.cursor = idx;
  return o.lesson ? reducer(s, { type: 'open-lesson', id: o.lesson }) : s;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** ← from the lesson summary: to the first task or quiz not passed yet (a quiz on its first question not answered right), else the last step. */
function backFromSummary(s: State): State {
  const l = currentLesson(s);
  const back = { ...s, screen: 'lesson' as const, helpScroll: 0 };
  if (!l || !s.lesson) return back;
  const idx = l.steps.findIndex((st) => (st.kind === 'task' || st.kind === 'quiz') && !stepDone(s, l, st));
  if (idx < 0) return back;
  const st = l.steps[idx]!;
  const key = `${l.id}/${st.id}`;
  const quiz = st.kind === 'quiz' ? s.quiz[key] ?? { question: 0, answers: {} } : undefined;
  const open = st.kind === 'quiz' ? Math.max(0, st.questions.findIndex((q) => !quiz!.answers[q.id]?.ok)) : 0;
  return {
    ...back,
    lesson: { ...s.lesson, step: idx, scroll: 0 },
    output: { expanded: false, scroll: 0 },
    ...(quiz ? { quiz: { ...s.quiz, [key]: { ...quiz, question: open, typing: undefined, away: false } } } : {}),
  };
}
const BUILD_LINES = 8;

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'resize':
      return { ...s, size: { cols: a.cols, rows: a.rows } };
    case 'list-move': {
      const n = listEntries(s).length;
      return { ...s, list: { ...s.list, cursor: n ? clamp(s.list.cursor + a.delta, 0, n - 1) : 0 } };
    }
    case 'search-start':
      // a new search starts empty (typing onto a kept filter read as "BeyondDNS lab")
      return { ...s, list: { ...s.list, search: '', searching: true } };
    case 'search-type':
      return { ...s, list: { search: (s.list.search ?? '') + a.text, searching: true, cursor: 0 } };
    case 'search-backspace':
      return { ...s, list: { ...s.list, search: (s.list.search ?? '').slice(0, -1), cursor: 0 } };
    case 'search-end':
      return { ...s, list: { cursor: a.keep ? s.list.cursor : 0, search: a.keep ? s.list.search : null, searching: false } };
    case 'open-lesson': {
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
    }
    case 'step-move': {
      const l = currentLesson(s);
      if (!l || !s.lesson) return s;
      // → on the last step: the lesson is finished, show what it added up to
      if (a.delta > 0 && s.lesson.step === l.steps.length - 1) return reducer(s, { type: 'lesson-summary', lesson: l.id });
      const step = clamp(s.lesson.step + a.delta, 0, l.steps.length - 1);
      if (step === s.lesson.step) return s;
      return { ...s, lesson: { ...s.lesson, step, scroll: 0 }, output: { expanded: false, scroll: 0 }, notice: null, confirm: null, sources: undefined };
    }
    case 'scroll':
      return s.lesson ? { ...s, lesson: { ...s.lesson, scroll: Math.max(0, s.lesson.scroll + a.delta) } } : s;
    case 'show':
      return { ...s, screen: a.screen, back: s.screen === 'help' || s.screen === 'checklist' ? s.back : s.screen, helpScroll: a.screen === 'help' || a.screen === 'checklist' ? 0 : s.helpScroll, notice: null };
    case 'help-scroll':
      return { ...s, helpScroll: Math.max(0, s.helpScroll + a.delta) };
    case 'help-scroll-max':
      return s.helpScroll > a.max ? { ...s, helpScroll: Math.max(0, a.max) } : s;
    case 'lesson-summary': {
      // the list cursor moves on to the next lesson, so `l` then enter opens it
      const next = nextLesson(s, a.lesson);
      const idx = next ? s.course.index.lessons.indexOf(next.id) : -1;
      return { ...s, screen: 'summary', summary: a.lesson, helpScroll: 0, list: idx >= 0 && !s.list.search ? { ...s.list, cursor: idx } : s.list, notice: null, confirm: null };
    }
    case 'back':
      if (s.screen === 'help' || s.screen === 'checklist') return { ...s, screen: s.back, helpScroll: 0 };
      if (s.screen === 'summary') return backFromSummary(s);
      if (s.screen === 'lesson') return { ...s, screen: 'list', output: { expanded: false, scroll: 0 } };
      return s;
    case 'hint-more': {
      const l = currentLesson(s);
      const st = l?.steps[s.lesson?.step ?? -1];
      if (!st || st.kind !== 'task') return s;
      return { ...s, hints: { ...s.hints, [a.key]: Math.min(st.hints.length, (s.hints[a.key] ?? 0) + 1) } };
    }
    case 'hints-known':
      return a.shown > (s.hints[a.key] ?? 0) ? { ...s, hints: { ...s.hints, [a.key]: a.shown } } : s;
    case 'solution-toggle':
      return { ...s, solution: { ...s.solution, [a.key]: !s.solution[a.key] }, confirm: null, notice: null, output: { expanded: false, scroll: 0 } };
    case 'run-start': {
      const envs: Record<string, EnvProgress> = Object.fromEntries(a.envs.map((e) => [e, { phase: 'waiting' }]));
      // a run shows itself: f's prose-only view and the sources panel of its step make way
      return { ...s, proseOnly: false, runs: { ...s.runs, [a.key]: { status: 'running', trigger: a.trigger, envs, ...(a.tinker ? { tinker: true } : {}) } }, output: { ...s.output, scroll: 0, row: undefined, expanded: s.sources === a.key ? false : s.output.expanded }, solution: s.solution[a.key] ? { ...s.solution, [a.key]: false } : s.solution, notice: null, sources: s.sources === a.key ? undefined : s.sources };
    }
    case 'run-env': {
      const r = s.runs[a.key];
      if (!r || r.status !== 'running') return s;
      const prev = r.envs[a.env] ?? { phase: 'waiting' };
      return { ...s, runs: { ...s.runs, [a.key]: { ...r, envs: { ...r.envs, [a.env]: { phase: a.phase, since: a.at ?? prev.since, outcome: a.outcome ?? prev.outcome } } } } };
    }
    case 'run-done': {
      const r = s.runs[a.key];
      const envs = Object.fromEntries(Object.entries(r?.envs ?? {}).map(([e, v]) => [e, { ...v, phase: 'done' as const }]));
      return { ...s, runs: { ...s.runs, [a.key]: { status: 'done', trigger: r?.trigger ?? 'key', envs, result: a.result, ...(r?.tinker ? { tinker: true } : {}) } } };
    }
    case 'run-row': {
      const r = s.runs[a.key];
      return r?.status === 'running' ? { ...s, runs: { ...s.runs, [a.key]: { ...r, row: { index: a.index, of: a.of } } } } : s;
    }
    case 'run-cancelled': {
      const r = s.runs[a.key];
      return r ? { ...s, runs: { ...s.runs, [a.key]: { status: 'cancelled', trigger: r.trigger, envs: {}, ...(r.tinker ? { tinker: true } : {}) } } } : s;
    }
    case 'run-error': {
      const r = s.runs[a.key];
      return { ...s, runs: { ...s.runs, [a.key]: { status: 'error', trigger: r?.trigger ?? 'key', envs: r?.envs ?? {}, error: a.error, ...(r?.tinker ? { tinker: true } : {}) } } };
    }
    // "why did it crash?": opened expanded, so the arrows scroll it
    case 'why-start':
      return { ...s, why: { key: a.key, kind: a.kind ?? 'why', status: 'running', explanations: [] }, output: { ...s.output, expanded: true, scroll: 0 } };
    case 'trace-done':
      return s.why?.key === a.key && s.why.kind === 'trace' ? { ...s, why: { ...s.why, status: 'done', trace: { sides: a.sides, saved: a.saved } } } : s;
    case 'why-done':
      return s.why?.key === a.key && s.why.kind === 'why' ? { ...s, why: { ...s.why, status: 'done', explanations: a.explanations } } : s;
    case 'why-error':
      return s.why?.key === a.key ? { ...s, why: { ...s.why, status: 'error', error: a.error } } : s;
    case 'why-close':
      return { ...s, why: undefined, output: { ...s.output, expanded: false, scroll: 0 } };
    case 'prose-toggle':
      return { ...s, proseOnly: !s.proseOnly, output: { ...s.output, expanded: false } };
    // the sources panel opens expanded, so the arrows scroll it; a step move closes it
    case 'sources-toggle':
      return s.sources === a.key ? { ...s, sources: undefined, output: { ...s.output, expanded: false, scroll: 0 } } : { ...s, sources: a.key, output: { ...s.output, expanded: true, scroll: 0 } };
    case 'output-toggle':
      return { ...s, output: { ...s.output, expanded: !s.output.expanded, scroll: 0 } };
    case 'output-row':
      return { ...s, output: { ...s.output, scroll: 0, row: a.rows ? clamp(a.from + a.delta, 0, a.rows - 1) : 0 } };
    case 'output-scroll':
      return { ...s, output: { ...s.output, scroll: Math.max(0, s.output.scroll + a.delta) } };
    case 'quiz-move': {
      const st = currentLesson(s)?.steps[s.lesson?.step ?? -1];
      if (!st || st.kind !== 'quiz') return s;
      const q = s.quiz[a.key] ?? { question: 0, answers: {} };
      return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, away: false, question: clamp(q.question + a.delta, 0, st.questions.length - 1) } } };
    }
    case 'quiz-typing': {
      // undefined: the learner left the answer field (esc); '' (from `a`): back into it
      const q = s.quiz[a.key] ?? { question: 0, answers: {} };
      return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: a.text, away: a.text === undefined } } };
    }
    case 'quiz-answered': {
      const q = s.quiz[a.key] ?? { question: 0, answers: {} };
      return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, away: false, answers: { ...q.answers, [a.question]: a.answer } } } };
    }
    case 'quiz-revealed': {
      const q = s.quiz[a.key] ?? { question: 0, answers: {} };
      return { ...s, quiz: { ...s.quiz, [a.key]: { ...q, typing: undefined, answers: { ...q.answers, [a.question]: revealAnswer(q.answers[a.question]) } } } };
    }
    case 'confirm-ask':
      return { ...s, confirm: a.confirm };
    case 'confirm-cancel':
      return { ...s, confirm: null };
    case 'progress':
      return { ...s, progress: a.data };
    case 'images':
      return { ...s, images: a.images };
    case 'build-start':
      return { ...s, build: { status: 'running', lines: [], ...(a.what ? { what: a.what } : {}) } };
    case 'build-line':
      return s.build ? { ...s, build: { ...s.build, lines: [...s.build.lines, a.text].slice(-BUILD_LINES) } } : s;
    case 'build-done':
      return { ...s, build: s.build ? { ...s.build, status: 'done' } : null, notice: s.build?.what ? `Built ${s.build.what}.` : 'The lab images are built.' };
    case 'build-error':
      return { ...s, build: { status: 'error', lines: s.build?.lines ?? [], error: a.error, ...(s.build?.what ? { what: s.build.what } : {}) } };
    case 'notice':
      return { ...s, notice: a.text };
    case 'warning':
      return { ...s, warnings: [...s.warnings, a.text] };
    case 'reset': {
      // forget this session's runs, hints and answers of the lesson (or of all)
      const keep = <T,>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => a.lesson !== undefined && !k.startsWith(`${a.lesson}/`)));
      return { ...s, runs: keep(s.runs), hints: keep(s.hints), solution: keep(s.solution), quiz: keep(s.quiz), confirm: null };
    }
    case 'workspace-file':
      return { ...s, files: { ...s.files, [a.key]: { path: a.path, text: a.text } } };
    case 'tinker-file': {
      const { [a.key]: _old, ...rest } = s.tinker;
      if (a.file) return { ...s, tinker: { ...rest, [a.key]: a.file } };
      // back to the shipped program: the variant's verdict goes with it (it judged another program)
      const { [a.key]: run, ...runs } = s.runs;
      return { ...s, tinker: rest, runs: run?.tinker ? runs : s.runs, output: run?.tinker ? { expanded: false, scroll: 0 } : s.output };
    }
    case 'watching':
      return { ...s, watching: a.watching };
    case 'checklist-move':
      return { ...s, checklistCursor: clamp(s.checklistCursor + a.delta, 0, Math.max(0, s.course.index.checklist.length - 1)) };
    case 'unsaved':
      return s.unsaved === a.text ? s : { ...s, unsaved: a.text };
  }
}
