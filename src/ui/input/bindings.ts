/**
 * Every key of the tutorial in one table: what it does, on which screen and
 * when. The key bar and the help screen are drawn from this table, so a key
 * that works is a key that is shown. Pure: a key becomes an action for the
 * reducer or an effect for the hooks to perform (`handleKey`).
 */
import type { Action } from '../state/actions.js';
import type { Effect } from '../hooks/effects.js';
import { nextLesson } from '../state/onward.js';
import { currentKey, currentStep, listEntries, stepPassed } from '../state/selectors.js';
import {
  canEdit,
  checklistLesson,
  chosenRow,
  crashedRow,
  currentAnswer,
  currentQuestion,
  currentRun,
  hasEvidence,
  hasRun,
  hintsLeft,
  isQuiz,
  isRunnable,
  needsImages,
  onwardOpen,
  rowCount,
  running,
  solutionOffered,
  tinkering,
  traceShown,
  traceableRow,
  typingActive,
  whyShown,
} from '../state/step-facts.js';
import type { Screen, State } from '../state/state.js';

export type Command = Action | Effect;
export const isEffect = (c: Command): c is Effect => 'effect' in c;

export interface Binding {
  /** Names the binding (unique): tests and the key bar find a binding by it, never by its label. */
  id: string;
  /** Key names as shown ("↑/↓" is drawn from up/down). */
  keys: string[];
  /** Short label for the key bar ('' : not on the bar). */
  label: string;
  /** Longer text for the help screen ('' : not in the help). */
  help: string;
  screens: Screen[];
  when?: (s: State) => boolean;
  /** Said when the key is pressed while `when` does not hold: every key acts or says why it cannot. */
  why?: (s: State) => string;
  run: (s: State, key: string) => Command | null;
}

const whyNoHint = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return 'No more hints: s shows the solution.';
  if (st?.kind === 'quiz') return 'A quiz question shows its hint after a wrong answer; s shows the answer.';
  return 'This step has no hints: it shows something rather than asking you to do it.';
};
const whyNoSolution = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return `The solution is offered after the step passes or after all ${st.hints.length} hints: h shows the next hint.`;
  if (st?.kind === 'quiz') return currentAnswer(s)?.ok ? 'You answered this one right; the explanation is shown.' : 'The answer is shown already.';
  return 'This step has no solution: it is not a task.';
};
const whyNoEdit = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return `No editor is set ($VISUAL, $EDITOR or --edit-cmd): open ${s.files[currentKey(s)!]?.path ?? 'the file shown'} in any editor; saving re-runs the step.`;
  if (st?.kind === 'experiment') return st.program ? 'This step reads the built binary; there is no program to change here.' : 'This experiment runs a command; there is no program to edit.';
  return 'Nothing to edit on this step: e edits a task\'s program, or a copy of an experiment\'s.';
};

/** Scrolling the lesson: its text, or the output (or the solution) while that is open. */
function scrollLesson(s: State, k: string): Command {
  const d = k === 'up' || k === 'k' ? -1 : k === 'pageup' ? -10 : k === 'pagedown' || k === 'space' ? 10 : 1;
  const key = currentKey(s);
  return s.output.expanded || (key && s.solution[key]) ? { type: 'output-scroll', delta: d } : { type: 'scroll', delta: d };
}

export const BINDINGS: Binding[] = [
  // lesson list
  { id: 'list-move', keys: ['up', 'down'], label: 'move', help: 'move through the lessons (also k/j)', screens: ['list'], run: (_s, k) => ({ type: 'list-move', delta: k === 'up' || k === 'k' ? -1 : 1 }) },
  { id: 'list-move-kj', keys: ['k', 'j'], label: '', help: '', screens: ['list'], run: (_s, k) => ({ type: 'list-move', delta: k === 'k' ? -1 : 1 }) },
  {
    id: 'list-open',
    keys: ['enter'],
    label: 'open',
    help: 'open the lesson under the cursor',
    screens: ['list'],
    run: (s) => {
      const e = listEntries(s)[s.list.cursor];
      return e ? { type: 'open-lesson', id: e.id, step: s.progress.current?.lesson === e.id ? s.progress.current.step : undefined } : null;
    },
  },
  { id: 'list-search', keys: ['/'], label: 'search', help: 'search lessons by title or id (enter keeps the filter, esc clears it)', screens: ['list'], run: () => ({ type: 'search-start' }) },
  {
    id: 'list-continue',
    keys: ['c'],
    label: 'continue',
    help: 'continue where you left off',
    screens: ['list'],
    when: (s) => !!s.progress.current && s.course.lessons.some((l) => l.id === s.progress.current!.lesson),
    why: () => 'Nothing to continue yet: enter opens the lesson under the cursor.',
    run: () => ({ effect: 'continue' }),
  },
  { id: 'checklist', keys: ['x'], label: 'checklist', help: 'the self-assessment checklist: what the lessons show, and your own tick', screens: ['list', 'lesson', 'summary'], run: () => ({ type: 'show', screen: 'checklist' }) },
  { id: 'reset-all', keys: ['R'], label: 'reset all', help: 'reset everything: all progress and all workspaces (asks first; old files kept as .bak)', screens: ['list'], run: () => ({ type: 'confirm-ask', confirm: { kind: 'reset-all' } }) },
  // lesson view
  { id: 'step-onward', keys: ['right'], label: 'next', help: 'once a step is done, the key bar offers the next one (or the end of the lesson)', screens: ['lesson'], when: onwardOpen, run: () => ({ type: 'step-move', delta: 1 }) },
  { id: 'step-move', keys: ['left', 'right'], label: 'step', help: 'previous / next step (also p/n); nothing moves on by itself; right on the last step finishes the lesson', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'left' || k === 'p' ? -1 : 1 }) },
  { id: 'step-move-pn', keys: ['p', 'n'], label: '', help: '', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'p' ? -1 : 1 }) },
  {
    id: 'lesson-scroll',
    keys: ['up', 'down'],
    label: 'scroll',
    help: 'scroll the text (the output, when it is expanded); also k/j, PgUp/PgDn, space',
    screens: ['lesson'],
    run: scrollLesson,
  },
  // the help screen can be taller than the terminal; help '' keeps this out of the help listing
  { id: 'help-scroll', keys: ['up', 'down', 'pageup', 'pagedown'], label: 'scroll', help: '', screens: ['help', 'summary'], run: (_s, k) => ({ type: 'help-scroll', delta: k === 'up' ? -1 : k === 'down' ? 1 : k === 'pageup' ? -10 : 10 }) },
  { id: 'lesson-scroll-more', keys: ['k', 'j', 'pageup', 'pagedown', 'space'], label: '', help: '', screens: ['lesson'], run: scrollLesson },
  {
    id: 'run',
    keys: ['r'],
    label: 'run',
    help: 'run this step in glibc and musl (also re-runs by hand where watching does not work); with your variant of an experiment, runs yours',
    screens: ['lesson'],
    when: (s) => isRunnable(s) && !running(s),
    why: (s) => (running(s) ? 'It is running already.' : 'Nothing to run on this step.'),
    run: () => ({ effect: 'run' }),
  },
  {
    id: 'cancel',
    keys: ['c'],
    label: 'cancel run',
    help: 'cancel the run in progress (its programs are stopped; nothing is recorded; the environments stay ready for the next run)',
    screens: ['lesson'],
    when: running,
    why: () => 'Nothing is running: c cancels a run in progress.',
    run: () => ({ effect: 'cancel' }),
  },
  {
    id: 'edit',
    keys: ['e'],
    label: 'edit',
    help: "a task: open your copy of the program in $VISUAL / $EDITOR (or --edit-cmd). An experiment: a scratch copy of its program to change and run as your variant (the lesson's own stays as shipped). Saving re-runs it",
    screens: ['lesson'],
    when: canEdit,
    why: whyNoEdit,
    run: () => ({ effect: 'edit' }),
  },
  { id: 'hint', keys: ['h'], label: 'hint', help: 'one more hint', screens: ['lesson'], when: hintsLeft, why: whyNoHint, run: () => ({ effect: 'hint' }) },
  {
    id: 'solution',
    keys: ['s'],
    label: 'solution',
    help: 'the reference solution in its own panel, as a diff against your copy (offered after the step passes, or after all hints; before a pass it asks first)',
    screens: ['lesson'],
    when: solutionOffered,
    why: whyNoSolution,
    run: (s) => {
      const key = currentKey(s)!;
      const passedIt = stepPassed(s, s.lesson!.id, currentStep(s)!.id);
      return passedIt || s.solution[key] ? { effect: 'solution', key } : { type: 'confirm-ask', confirm: { kind: 'solution-early', key } };
    },
  },
  { id: 'reveal', keys: ['s'], label: 'show answer', help: 'a quiz question: show its answer and explanation (recorded as shown)', screens: ['lesson'], when: (s) => isQuiz(s) && !currentAnswer(s)?.revealed && !currentAnswer(s)?.ok, run: () => ({ effect: 'reveal' }) },
  // said where it matters (under cut text: "f: full text"), not on the crowded key bar
  { id: 'prose-toggle', keys: ['f'], label: '', help: 'the lesson text takes the whole view (f again brings the run or quiz panel back)', screens: ['lesson'], run: () => ({ type: 'prose-toggle' }) },
  { id: 'output-toggle', keys: ['o'], label: 'output', help: 'open the run output in full (a multi-row step: the chosen row), or fold it', screens: ['lesson'], when: hasRun, why: () => 'No output yet: r runs the step.', run: () => ({ type: 'output-toggle' }) },
  {
    id: 'row',
    keys: ['[', ']'],
    label: 'row',
    help: 'choose a row of a multi-row step (the first failure is chosen first)',
    screens: ['lesson'],
    when: (s) => rowCount(s) > 1,
    why: () => 'Only a step with several rows (a table of runs) has rows to choose.',
    run: (s, k) => ({ type: 'output-row', delta: k === '[' ? -1 : 1, rows: rowCount(s), from: chosenRow(s.output.row, currentRun(s)?.result) }),
  },
  { id: 'answer', keys: ['1-9'], label: 'answer', help: 'answer a multiple-choice question by its number', screens: ['lesson'], when: (s) => !!currentQuestion(s)?.choices, why: (s) => (isQuiz(s) ? 'This question takes a typed answer, not a number.' : 'Numbers answer a quiz question; this step has none.'), run: (_s, k) => ({ effect: 'answer', answer: k }) },
  {
    id: 'type-answer',
    keys: ['a'],
    label: 'type answer',
    help: 'back into the answer field of a short-answer question (it takes your typing as soon as the question is shown; esc leaves it)',
    screens: ['lesson'],
    when: (s) => isQuiz(s) && !currentQuestion(s)?.choices && !typingActive(s) && !currentAnswer(s)?.ok,
    why: (s) => (currentAnswer(s)?.ok ? 'You answered this one right already.' : 'Only a short-answer question takes a typed answer.'),
    run: (s) => ({ type: 'quiz-typing', key: currentKey(s)!, text: '' }),
  },
  { id: 'question-next', keys: ['tab'], label: 'next question', help: 'next question (shift-tab: previous)', screens: ['lesson'], when: isQuiz, why: () => 'tab moves between quiz questions; this step has none.', run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: 1 }) },
  { id: 'question-previous', keys: ['shift-tab'], label: '', help: '', screens: ['lesson'], when: isQuiz, run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: -1 }) },
  { id: 'reset-variant', keys: ['z'], label: 'reset variant', help: 'on an experiment you changed: back to the shipped program (your variant is kept as .bak)', screens: ['lesson'], when: tinkering, run: (s) => ({ type: 'confirm-ask', confirm: { kind: 'reset-tinker', key: currentKey(s)! } }) },
  { id: 'reset-lesson', keys: ['z'], label: 'reset lesson', help: 'reset this lesson: its progress and your workspace copy (asks first; the old file is kept as .bak)', screens: ['lesson'], when: (s) => !tinkering(s), run: (s) => ({ type: 'confirm-ask', confirm: { kind: 'reset-lesson', lesson: s.lesson!.id } }) },
  {
    id: 'why',
    keys: ['w'],
    label: 'why crashed?',
    help: 'why did it crash? the crashed side rerun under gdb: signal, backtrace, cause',
    screens: ['lesson'],
    when: (s) => !!crashedRow(s),
    why: () => 'w explains a crash: it works once a run of this step ended by a signal (SIGSEGV, SIGABRT, ...).',
    run: (s) => (whyShown(s) ? { type: 'why-close' } : { effect: 'why' }),
  },
  {
    id: 'sources',
    keys: ['i'],
    label: 'sources',
    help: "the step's sources: the musl and glibc files, functions and standards its claims rest on, and what a stand-in stands for (i again closes)",
    screens: ['lesson'],
    when: hasEvidence,
    why: (s) => (isRunnable(s) ? 'This step names no sources.' : 'i shows the sources of an experiment or a task; this step has none of its own.'),
    run: (s) => ({ type: 'sources-toggle', key: currentKey(s)! }),
  },
  {
    id: 'trace',
    keys: ['t'],
    label: 'trace',
    help: 'the system calls of both sides (strace): counts, files, network, the sequences diffed',
    screens: ['lesson'],
    when: (s) => !!traceableRow(s),
    why: () => 't traces the program of a step that was run: r runs it first (a tool step or a quiz has no program of its own to trace).',
    run: (s) => (traceShown(s) ? { type: 'why-close' } : { effect: 'trace' }),
  },
  // the lesson-complete summary
  {
    id: 'summary-next-lesson',
    keys: ['enter'],
    label: 'next lesson',
    help: 'open the next lesson',
    screens: ['summary'],
    when: (s) => !!s.summary && !!nextLesson(s, s.summary),
    why: () => 'This was the last lesson: l shows the list, x the checklist.',
    run: (s) => ({ type: 'open-lesson', id: nextLesson(s, s.summary!)!.id }),
  },
  { id: 'summary-back', keys: ['left'], label: 'last step', help: 'back to the last step of the lesson', screens: ['summary'], run: () => ({ type: 'back' }) },
  // the checklist
  { id: 'checklist-move', keys: ['up', 'down'], label: 'move', help: 'move through the items (also k/j)', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'up' || k === 'k' ? -1 : 1 }) },
  { id: 'checklist-move-kj', keys: ['k', 'j'], label: '', help: '', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'k' ? -1 : 1 }) },
  { id: 'checklist-page', keys: ['pageup', 'pagedown'], label: '', help: '', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'pageup' ? -3 : 3 }) },
  { id: 'self-check', keys: ['space'], label: 'I can explain this', help: 'tick or untick the item yourself ("I can explain this"); kept next to what the lessons show', screens: ['checklist'], run: () => ({ effect: 'self-check' }) },
  {
    id: 'checklist-open',
    keys: ['enter'],
    label: 'open its lesson',
    help: 'open the lesson that teaches the item (the first one not done yet), at the step you left off',
    screens: ['checklist'],
    when: (s) => !!checklistLesson(s),
    why: () => 'No lesson teaches this item yet.',
    run: (s) => {
      const id = checklistLesson(s)!;
      return { type: 'open-lesson', id, step: s.progress.current?.lesson === id ? s.progress.current.step : undefined };
    },
  },
  { id: 'back', keys: ['escape'], label: 'back', help: 'back (to the lesson list from a lesson)', screens: ['lesson', 'checklist', 'help', 'summary'], run: () => ({ type: 'back' }) },
  { id: 'lessons', keys: ['l'], label: 'lessons', help: 'the lesson list', screens: ['lesson', 'checklist', 'summary'], run: () => ({ type: 'show', screen: 'list' }) },
  // everywhere
  {
    id: 'build',
    keys: ['b'],
    label: 'build images',
    help: 'build the missing lab images (a few minutes, once)',
    screens: ['list', 'lesson', 'checklist'],
    when: needsImages,
    why: (s) => (s.build?.status === 'running' ? 'The images are being built.' : s.images.status === 'unreachable' ? 'Docker cannot be reached, so nothing can be built: see the status line.' : 'The lab images are there; nothing to build.'),
    run: () => ({ effect: 'build' }),
  },
  { id: 'help', keys: ['?'], label: 'help', help: 'all keys', screens: ['list', 'lesson', 'checklist', 'help', 'summary'], run: (s) => (s.screen === 'help' ? { type: 'back' } : { type: 'show', screen: 'help' }) },
  { id: 'quit', keys: ['q'], label: 'quit', help: 'quit (progress is saved as you go)', screens: ['list', 'lesson', 'checklist', 'help', 'summary'], run: () => ({ effect: 'quit' }) },
];


/** A binding by its id (the table's ids are unique: tests/unit/ui-bindings.test.ts). */
export function bindingById(id: string): Binding | undefined {
  return BINDINGS.find((b) => b.id === id);
}

/** Whether a binding answers this key name ("1-9" stands for the digits). */
export function matches(b: Binding, key: string): boolean {
  if (b.keys.includes('1-9') && /^[1-9]$/.test(key)) return true;
  return b.keys.includes(key);
}

/** The bindings active now, in table order. */
export function activeBindings(s: State): Binding[] {
  return BINDINGS.filter((b) => b.screens.includes(s.screen) && (!b.when || b.when(s)));
}

// arrows stay words here: the key bar and help draw them (as arrows, or as words in --plain)
const SHOW: Record<string, string> = { enter: 'enter', escape: 'esc', pageup: 'PgUp', pagedown: 'PgDn', space: 'space', tab: 'tab', 'shift-tab': 'shift-tab' };
/** A binding's keys as named on screen: "up/down", "PgUp/PgDn", "esc". */
export const showKeys = (keys: string[]) => keys.map((k) => SHOW[k] ?? k).join('/');
