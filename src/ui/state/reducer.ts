/**
 * The UI reducer: the only place state changes. Pure: no clock, no I/O; the
 * hooks run effects and report back with actions. Each concern is a slice
 * (slices/): a handler per action type, and the compiler checks that every
 * action type has exactly one.
 */
import type { AvailableCourse } from '../../progress/course.js';
import type { ProgressData } from '../../progress/schema.js';
import type { Action, Handlers } from './actions.js';
import { list } from './slices/list.js';
import { files, hints, quiz } from './slices/learner.js';
import { navigation } from './slices/navigation.js';
import { panels, runs } from './slices/runs.js';
import { lab, session } from './slices/session.js';
import type { QuizState, State } from './state.js';
import { stepKey, type StepKey } from './step-key.js';

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
function quizFrom(p: ProgressData): Record<StepKey, QuizState> {
  const out: Record<StepKey, QuizState> = {};
  for (const [l, rec] of Object.entries(p.lessons))
    for (const [st, r] of Object.entries(rec.steps)) {
      if (!r.questions) continue;
      const answers = Object.fromEntries(Object.entries(r.questions).map(([q, a]) => [q, { given: '', last: false, ok: a.ok, firstTry: !!a.firstTry, tries: a.tries ?? (a.ok ? 1 : 0), revealed: !!a.revealed }]));
      out[stepKey(l, st)] = { question: 0, answers };
    }
  return out;
}

/** Hints already shown in earlier sessions stay shown. */
function hintsFrom(p: ProgressData): Record<StepKey, number> {
  const out: Record<StepKey, number> = {};
  for (const [l, rec] of Object.entries(p.lessons)) for (const [st, r] of Object.entries(rec.steps)) if (r.hints) out[stepKey(l, st)] = r.hints;
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

/** Every action type's handler, one slice per concern. */
const HANDLERS: Handlers<Action['type']> = { ...list, ...navigation, ...runs, ...panels, ...hints, ...quiz, ...files, ...lab, ...session };

export function reducer(s: State, a: Action): State {
  return (HANDLERS[a.type] as (s: State, a: Action) => State)(s, a);
}
