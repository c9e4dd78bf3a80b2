/**
 * Every key of the tutorial in one table: what it does, on which screen and
 * when. The key bar and the help screen are drawn from this table, so a key
 * that works is a key that is shown. Pure: a key becomes an action for the
 * reducer or an effect for the hooks to perform.
 */
import type { Action } from '../state/actions.js';
import { nextLesson, stepDone } from '../state/onward.js';
import { chosenRow } from '../views/run-view.js';
import { currentKey, currentLesson, currentStep, listEntries, stepPassed } from '../state/selectors.js';
import { whyKey, type Screen, type State } from '../state/state.js';
import { isCrash } from '../../explain/explain.js';

export type Effect =
  | { effect: 'run' }
  | { effect: 'cancel' }
  | { effect: 'edit' }
  | { effect: 'build' }
  | { effect: 'quit'; interrupted?: boolean }
  | { effect: 'reset-lesson'; lesson: string }
  | { effect: 'reset-all' }
  | { effect: 'answer'; answer: string }
  | { effect: 'continue' }
  | { effect: 'hint' }
  | { effect: 'solution'; key: string }
  | { effect: 'reveal' }
  | { effect: 'reset-tinker'; key: string }
  | { effect: 'self-check' }
  | { effect: 'why' }
  | { effect: 'trace' };

export type Command = Action | Effect;
export const isEffect = (c: Command): c is Effect => 'effect' in c;

export interface Binding {
  /** Key names as shown ("↑/↓" is drawn from up/down). */
  keys: string[];
  /** Short label for the key bar. */
  label: string;
  /** Longer text for the help screen. */
  help: string;
  screens: Screen[];
  when?: (s: State) => boolean;
  /** Said when the key is pressed while `when` does not hold: every key acts or says why it cannot. */
  why?: (s: State) => string;
  run: (s: State, key: string) => Command | null;
}

const isTask = (s: State) => currentStep(s)?.kind === 'task';
const isRunnable = (s: State) => {
  const k = currentStep(s)?.kind;
  return k === 'task' || k === 'experiment';
};
/** An experiment or task that names its sources (or says what it stands in for). */
const hasEvidence = (s: State) => {
  const st = currentStep(s);
  return (st?.kind === 'task' || st?.kind === 'experiment') && (!!st.sources?.length || !!st.standsFor);
};
const isQuiz = (s: State) => currentStep(s)?.kind === 'quiz';
const quizChoices = (s: State) => {
  const st = currentStep(s);
  if (st?.kind !== 'quiz') return undefined;
  const q = st.questions[s.quiz[currentKey(s)!]?.question ?? 0];
  return q;
};
const quizAnswer = (s: State) => {
  const q = quizChoices(s);
  return q ? s.quiz[currentKey(s)!]?.answers[q.id] : undefined;
};
/**
 * A short-answer question takes keys as text as soon as it is shown, until
 * it is answered right or the learner leaves the field with esc.
 */
export function typingActive(s: State): boolean {
  if (s.screen !== 'lesson') return false;
  const q = quizChoices(s);
  if (!q || q.choices) return false;
  const qs = s.quiz[currentKey(s)!];
  return !qs?.away && !qs?.answers[q.id]?.ok;
}
const experimentProgram = (s: State) => {
  const st = currentStep(s);
  return st?.kind === 'experiment' && !!st.program && !st.analyze;
};
const tinkering = (s: State) => !!s.tinker[currentKey(s) ?? ''];
const canEdit = (s: State) => (isTask(s) && !!s.editor) || experimentProgram(s);
const lastStep = (s: State) => {
  const l = currentLesson(s);
  return !!l && !!s.lesson && s.lesson.step === l.steps.length - 1;
};
/** The key bar offers the way on once the step is done. */
const onwardLabel = (s: State) => {
  const l = currentLesson(s);
  const st = currentStep(s);
  if (!l || !st || !stepDone(s, l, st)) return '';
  return lastStep(s) ? 'next: the lesson summary' : `next: ${l.steps[s.lesson!.step + 1]!.title}`;
};
const running = (s: State) => s.runs[currentKey(s) ?? '']?.status === 'running';
const rowCount = (s: State) => s.runs[currentKey(s) ?? '']?.result?.variants.length ?? 0;
const hasRun = (s: State) => !!s.runs[currentKey(s) ?? ''];
const needsImages = (s: State) => (s.images.status === 'missing' || (s.build?.status === 'error' && s.images.status !== 'unreachable')) && s.build?.status !== 'running';
const hintsLeft = (s: State) => {
  const st = currentStep(s);
  return st?.kind === 'task' && (s.hints[currentKey(s)!] ?? 0) < st.hints.length;
};
const whyNoHint = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return 'No more hints: s shows the solution.';
  if (st?.kind === 'quiz') return 'A quiz question shows its hint after a wrong answer; s shows the answer.';
  return 'This step has no hints: it shows something rather than asking you to do it.';
};
const whyNoSolution = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return `The solution is offered after the step passes or after all ${st.hints.length} hints: h shows the next hint.`;
  if (st?.kind === 'quiz') return quizAnswer(s)?.ok ? 'You answered this one right; the explanation is shown.' : 'The answer is shown already.';
  return 'This step has no solution: it is not a task.';
};
const whyNoEdit = (s: State) => {
  const st = currentStep(s);
  if (st?.kind === 'task') return `No editor is set ($VISUAL, $EDITOR or --edit-cmd): open ${s.files[currentKey(s)!]?.path ?? 'the file shown'} in any editor; saving re-runs the step.`;
  if (st?.kind === 'experiment') return st.program ? 'This step reads the built binary; there is no program to change here.' : 'This experiment runs a command; there is no program to edit.';
  return 'Nothing to edit on this step: e edits a task\'s program, or a copy of an experiment\'s.';
};
const solutionOffered = (s: State) => {
  const st = currentStep(s);
  if (st?.kind !== 'task') return false;
  const key = currentKey(s)!;
  return stepPassed(s, s.lesson!.id, st.id) || (s.hints[key] ?? 0) >= st.hints.length || !!s.solution[key];
};

/** The lesson that teaches the checklist item under the cursor: the first not done yet, else the first. */
export function checklistLesson(s: State): string | undefined {
  const item = s.course.index.checklist[s.checklistCursor];
  const covering = item ? s.course.lessons.filter((l) => l.checklist.includes(item.id)) : [];
  return (covering.find((l) => !stepsAllDone(s, l.id)) ?? covering[0])?.id;
}
const stepsAllDone = (s: State, lesson: string) => {
  const l = s.course.lessons.find((x) => x.id === lesson);
  return !!l && l.steps.filter((st) => st.kind === 'task' || st.kind === 'quiz').every((st) => stepPassed(s, lesson, st.id));
};

/** The row shown now of the current step's finished run, when one of its sides crashed. */
export function crashedRow(s: State): { key: string; row: string } | null {
  const key = currentKey(s);
  const r = key ? s.runs[key] : undefined;
  if (!key || r?.status !== 'done' || !r.result) return null;
  const v = r.result.variants[chosenRow(s.output.row, r.result)];
  return v && Object.values(v.outcomes).some((o) => isCrash(o?.run)) ? { key, row: v.id } : null;
}
const whyShown = (s: State) => {
  const c = crashedRow(s);
  return !!c && s.why?.kind === 'why' && s.why.key === whyKey(c.key, c.row);
};

/** The row shown now of a finished run whose program can be traced (built and run in each environment, no tool, no lab network). */
export function traceableRow(s: State): { key: string; row: string } | null {
  const key = currentKey(s);
  const step = currentStep(s);
  const r = key ? s.runs[key] : undefined;
  if (!key || !step || r?.status !== 'done' || !r.result || r.result.notApplicable) return null;
  if (step.kind !== 'task' && !(step.kind === 'experiment' && step.program && !step.command && !step.analyze)) return null;
  if (step.compileIn !== 'each' || step.network || step.runIn.length < 2) return null;
  const v = r.result.variants[chosenRow(s.output.row, r.result)];
  return v ? { key, row: v.id } : null;
}
const traceShown = (s: State) => {
  const c = traceableRow(s);
  return !!c && s.why?.kind === 'trace' && s.why.key === whyKey(c.key, c.row);
};

export const BINDINGS: Binding[] = [
  // lesson list
  { keys: ['up', 'down'], label: 'move', help: 'move through the lessons (also k/j)', screens: ['list'], run: (_s, k) => ({ type: 'list-move', delta: k === 'up' || k === 'k' ? -1 : 1 }) },
  { keys: ['k', 'j'], label: '', help: '', screens: ['list'], run: (_s, k) => ({ type: 'list-move', delta: k === 'k' ? -1 : 1 }) },
  {
    keys: ['enter'],
    label: 'open',
    help: 'open the lesson under the cursor',
    screens: ['list'],
    run: (s) => {
      const e = listEntries(s)[s.list.cursor];
      return e ? { type: 'open-lesson', id: e.id, step: s.progress.current?.lesson === e.id ? s.progress.current.step : undefined } : null;
    },
  },
  { keys: ['/'], label: 'search', help: 'search lessons by title or id (enter keeps the filter, esc clears it)', screens: ['list'], run: () => ({ type: 'search-start' }) },
  {
    keys: ['c'],
    label: 'continue',
    help: 'continue where you left off',
    screens: ['list'],
    when: (s) => !!s.progress.current && s.course.lessons.some((l) => l.id === s.progress.current!.lesson),
    why: () => 'Nothing to continue yet: enter opens the lesson under the cursor.',
    run: () => ({ effect: 'continue' }),
  },
  { keys: ['x'], label: 'checklist', help: 'the self-assessment checklist: what the lessons show, and your own tick', screens: ['list', 'lesson', 'summary'], run: () => ({ type: 'show', screen: 'checklist' }) },
  { keys: ['R'], label: 'reset all', help: 'reset everything: all progress and all workspaces (asks first; old files kept as .bak)', screens: ['list'], run: () => ({ type: 'confirm-ask', confirm: { kind: 'reset-all' } }) },
  // lesson view
  { keys: ['right'], label: 'next', help: 'once a step is done, the key bar offers the next one (or the end of the lesson)', screens: ['lesson'], when: (s) => !!onwardLabel(s), run: () => ({ type: 'step-move', delta: 1 }) },
  { keys: ['left', 'right'], label: 'step', help: 'previous / next step (also p/n); nothing moves on by itself; right on the last step finishes the lesson', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'left' || k === 'p' ? -1 : 1 }) },
  { keys: ['p', 'n'], label: '', help: '', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'p' ? -1 : 1 }) },
  {
    keys: ['up', 'down'],
    label: 'scroll',
    help: 'scroll the text (the output, when it is expanded); also k/j, PgUp/PgDn, space',
    screens: ['lesson'],
    run: (s, k) => {
      const d = k === 'up' || k === 'k' ? -1 : k === 'pageup' ? -10 : k === 'pagedown' || k === 'space' ? 10 : 1;
      return s.output.expanded || s.solution[currentKey(s) ?? ''] ? { type: 'output-scroll', delta: d } : { type: 'scroll', delta: d };
    },
  },
  // the help screen can be taller than the terminal; help '' keeps this out of the help listing
  { keys: ['up', 'down', 'pageup', 'pagedown'], label: 'scroll', help: '', screens: ['help', 'summary'], run: (_s, k) => ({ type: 'help-scroll', delta: k === 'up' ? -1 : k === 'down' ? 1 : k === 'pageup' ? -10 : 10 }) },
  { keys: ['k', 'j', 'pageup', 'pagedown', 'space'], label: '', help: '', screens: ['lesson'], run: (s, k) => BINDINGS.find((b) => b.label === 'scroll')!.run(s, k) },
  {
    keys: ['r'],
    label: 'run',
    help: 'run this step in glibc and musl (also re-runs by hand where watching does not work); with your variant of an experiment, runs yours',
    screens: ['lesson'],
    when: (s) => isRunnable(s) && !running(s),
    why: (s) => (running(s) ? 'It is running already.' : 'Nothing to run on this step.'),
    run: () => ({ effect: 'run' }),
  },
  {
    keys: ['c'],
    label: 'cancel run',
    help: 'cancel the run in progress (its programs are stopped; nothing is recorded; the environments stay ready for the next run)',
    screens: ['lesson'],
    when: running,
    why: () => 'Nothing is running: c cancels a run in progress.',
    run: () => ({ effect: 'cancel' }),
  },
  {
    keys: ['e'],
    label: 'edit',
    help: "a task: open your copy of the program in $VISUAL / $EDITOR (or --edit-cmd). An experiment: a scratch copy of its program to change and run as your variant (the lesson's own stays as shipped). Saving re-runs it",
    screens: ['lesson'],
    when: canEdit,
    why: whyNoEdit,
    run: () => ({ effect: 'edit' }),
  },
  { keys: ['h'], label: 'hint', help: 'one more hint', screens: ['lesson'], when: hintsLeft, why: whyNoHint, run: () => ({ effect: 'hint' }) },
  {
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
  { keys: ['s'], label: 'show answer', help: 'a quiz question: show its answer and explanation (recorded as shown)', screens: ['lesson'], when: (s) => isQuiz(s) && !quizAnswer(s)?.revealed && !quizAnswer(s)?.ok, run: () => ({ effect: 'reveal' }) },
  // said where it matters (under cut text: "f: full text"), not on the crowded key bar
  { keys: ['f'], label: '', help: 'the lesson text takes the whole view (f again brings the run or quiz panel back)', screens: ['lesson'], run: () => ({ type: 'prose-toggle' }) },
  { keys: ['o'], label: 'output', help: 'open the run output in full (a multi-row step: the chosen row), or fold it', screens: ['lesson'], when: hasRun, why: () => 'No output yet: r runs the step.', run: () => ({ type: 'output-toggle' }) },
  {
    keys: ['[', ']'],
    label: 'row',
    help: 'choose a row of a multi-row step (the first failure is chosen first)',
    screens: ['lesson'],
    when: (s) => rowCount(s) > 1,
    why: () => 'Only a step with several rows (a table of runs) has rows to choose.',
    run: (s, k) => ({ type: 'output-row', delta: k === '[' ? -1 : 1, rows: rowCount(s), from: chosenRow(s.output.row, s.runs[currentKey(s)!]?.result) }),
  },
  { keys: ['1-9'], label: 'answer', help: 'answer a multiple-choice question by its number', screens: ['lesson'], when: (s) => !!quizChoices(s)?.choices, why: (s) => (isQuiz(s) ? 'This question takes a typed answer, not a number.' : 'Numbers answer a quiz question; this step has none.'), run: (_s, k) => ({ effect: 'answer', answer: k }) },
  {
    keys: ['a'],
    label: 'type answer',
    help: 'back into the answer field of a short-answer question (it takes your typing as soon as the question is shown; esc leaves it)',
    screens: ['lesson'],
    when: (s) => isQuiz(s) && !quizChoices(s)?.choices && !typingActive(s) && !quizAnswer(s)?.ok,
    why: (s) => (quizAnswer(s)?.ok ? 'You answered this one right already.' : 'Only a short-answer question takes a typed answer.'),
    run: (s) => ({ type: 'quiz-typing', key: currentKey(s)!, text: '' }),
  },
  { keys: ['tab'], label: 'next question', help: 'next question (shift-tab: previous)', screens: ['lesson'], when: isQuiz, why: () => 'tab moves between quiz questions; this step has none.', run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: 1 }) },
  { keys: ['shift-tab'], label: '', help: '', screens: ['lesson'], when: isQuiz, run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: -1 }) },
  { keys: ['z'], label: 'reset variant', help: 'on an experiment you changed: back to the shipped program (your variant is kept as .bak)', screens: ['lesson'], when: tinkering, run: (s) => ({ type: 'confirm-ask', confirm: { kind: 'reset-tinker', key: currentKey(s)! } }) },
  { keys: ['z'], label: 'reset lesson', help: 'reset this lesson: its progress and your workspace copy (asks first; the old file is kept as .bak)', screens: ['lesson'], when: (s) => !tinkering(s), run: (s) => ({ type: 'confirm-ask', confirm: { kind: 'reset-lesson', lesson: s.lesson!.id } }) },
  {
    keys: ['w'],
    label: 'why crashed?',
    help: 'why did it crash? the crashed side rerun under gdb: signal, backtrace, cause',
    screens: ['lesson'],
    when: (s) => !!crashedRow(s),
    why: () => 'w explains a crash: it works once a run of this step ended by a signal (SIGSEGV, SIGABRT, ...).',
    run: (s) => (whyShown(s) ? { type: 'why-close' } : { effect: 'why' }),
  },
  {
    keys: ['i'],
    label: 'sources',
    help: "the step's sources: the musl and glibc files, functions and standards its claims rest on, and what a stand-in stands for (i again closes)",
    screens: ['lesson'],
    when: hasEvidence,
    why: (s) => (isRunnable(s) ? 'This step names no sources.' : 'i shows the sources of an experiment or a task; this step has none of its own.'),
    run: (s) => ({ type: 'sources-toggle', key: currentKey(s)! }),
  },
  {
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
    keys: ['enter'],
    label: 'next lesson',
    help: 'open the next lesson',
    screens: ['summary'],
    when: (s) => !!s.summary && !!nextLesson(s, s.summary),
    why: () => 'This was the last lesson: l shows the list, x the checklist.',
    run: (s) => ({ type: 'open-lesson', id: nextLesson(s, s.summary!)!.id }),
  },
  { keys: ['left'], label: 'last step', help: 'back to the last step of the lesson', screens: ['summary'], run: () => ({ type: 'back' }) },
  // the checklist
  { keys: ['up', 'down'], label: 'move', help: 'move through the items (also k/j)', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'up' || k === 'k' ? -1 : 1 }) },
  { keys: ['k', 'j'], label: '', help: '', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'k' ? -1 : 1 }) },
  { keys: ['pageup', 'pagedown'], label: '', help: '', screens: ['checklist'], run: (_s, k) => ({ type: 'checklist-move', delta: k === 'pageup' ? -3 : 3 }) },
  { keys: ['space'], label: 'I can explain this', help: 'tick or untick the item yourself ("I can explain this"); kept next to what the lessons show', screens: ['checklist'], run: () => ({ effect: 'self-check' }) },
  {
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
  { keys: ['escape'], label: 'back', help: 'back (to the lesson list from a lesson)', screens: ['lesson', 'checklist', 'help', 'summary'], run: () => ({ type: 'back' }) },
  { keys: ['l'], label: 'lessons', help: 'the lesson list', screens: ['lesson', 'checklist', 'summary'], run: () => ({ type: 'show', screen: 'list' }) },
  // everywhere
  {
    keys: ['b'],
    label: 'build images',
    help: 'build the missing lab images (a few minutes, once)',
    screens: ['list', 'lesson', 'checklist'],
    when: needsImages,
    why: (s) => (s.build?.status === 'running' ? 'The images are being built.' : s.images.status === 'unreachable' ? 'Docker cannot be reached, so nothing can be built: see the status line.' : 'The lab images are there; nothing to build.'),
    run: () => ({ effect: 'build' }),
  },
  { keys: ['?'], label: 'help', help: 'all keys', screens: ['list', 'lesson', 'checklist', 'help', 'summary'], run: (s) => (s.screen === 'help' ? { type: 'back' } : { type: 'show', screen: 'help' }) },
  { keys: ['q'], label: 'quit', help: 'quit (progress is saved as you go)', screens: ['list', 'lesson', 'checklist', 'help', 'summary'], run: () => ({ effect: 'quit' }) },
];

function matches(b: Binding, key: string): boolean {
  if (b.keys.includes('1-9') && /^[1-9]$/.test(key)) return true;
  return b.keys.includes(key);
}

/** The bindings active now, in table order. */
export function activeBindings(s: State): Binding[] {
  return BINDINGS.filter((b) => b.screens.includes(s.screen) && (!b.when || b.when(s)));
}

/** What the key bar shows: each active binding with a label. */
export function visibleKeys(s: State): { keys: string; label: string }[] {
  if (s.confirm) return [{ keys: 'y', label: 'yes' }, { keys: 'any other key', label: 'no' }];
  if (s.list.searching && s.screen === 'list') return [{ keys: 'type', label: 'filter' }, { keys: 'enter', label: 'keep' }, { keys: 'esc', label: 'clear' }, { keys: 'up/down', label: 'move' }];
  const onward = s.screen === 'lesson' ? onwardLabel(s) : '';
  const first = onward ? [{ keys: 'right', label: onward }] : [];
  if (typingActive(s)) return [{ keys: 'type', label: 'your answer' }, { keys: 'enter', label: 'check' }, { keys: 'esc', label: 'leave the field (s then shows the answer)' }, { keys: 'tab', label: 'next question' }, ...first, { keys: 'left/right', label: 'step' }];
  // the way on comes first on the bar
  return [
    ...first,
    ...activeBindings(s)
      .filter((b) => b.label && b.label !== 'next')
      .map((b) => ({ keys: showKeys(b.keys), label: b.label })),
  ];
}

// arrows stay words here: the key bar and help draw them (as arrows, or as words in --plain)
const SHOW: Record<string, string> = { enter: 'enter', escape: 'esc', pageup: 'PgUp', pagedown: 'PgDn', space: 'space', tab: 'tab', 'shift-tab': 'shift-tab' };
export const showKeys = (keys: string[]) => keys.map((k) => SHOW[k] ?? k).join('/');

/** A key pressed: the command it means now, or null. Modal states (confirm, search, typing) come first. */
export function handleKey(s: State, key: string): Command | null {
  if (key === 'ctrl-c') return { effect: 'quit', interrupted: true };
  if (s.confirm) {
    if (key !== 'y') return { type: 'confirm-cancel' };
    const c = s.confirm;
    if (c.kind === 'reset-lesson') return { effect: 'reset-lesson', lesson: c.lesson };
    if (c.kind === 'reset-all') return { effect: 'reset-all' };
    if (c.kind === 'reset-tinker') return { effect: 'reset-tinker', key: c.key };
    return { effect: 'solution', key: c.key };
  }
  if (s.screen === 'list' && s.list.searching) {
    if (key === 'enter') return { type: 'search-end', keep: true };
    if (key === 'escape') return { type: 'search-end', keep: false };
    if (key === 'backspace') return { type: 'search-backspace' };
    if (key === 'up' || key === 'down') return { type: 'list-move', delta: key === 'up' ? -1 : 1 };
    if (key === 'space') return { type: 'search-type', text: ' ' };
    return key.length === 1 ? { type: 'search-type', text: key } : null;
  }
  const ck = currentKey(s);
  if (ck && typingActive(s)) {
    // every printable key is text here, even the ones that are shortcuts elsewhere (l, q, ?, ...)
    const typing = s.quiz[ck]?.typing ?? '';
    if (key === 'enter') return typing.trim() ? { effect: 'answer', answer: typing } : { type: 'notice', text: 'Type your answer first (esc leaves the field; then s shows the answer).' };
    if (key === 'escape') return { type: 'quiz-typing', key: ck, text: undefined };
    if (key === 'backspace') return { type: 'quiz-typing', key: ck, text: typing.slice(0, -1) };
    if (key === 'space') return { type: 'quiz-typing', key: ck, text: typing + ' ' };
    if (key.length === 1) return { type: 'quiz-typing', key: ck, text: typing + key };
  }
  if (s.screen === 'list' && key === 'escape' && s.list.search) return { type: 'search-end', keep: false };
  for (const b of activeBindings(s)) if (matches(b, key)) return b.run(s, key);
  // not available now: say why, rather than nothing
  const here = BINDINGS.filter((b) => b.screens.includes(s.screen) && matches(b, key));
  const why = here.find((b) => b.why)?.why?.(s);
  if (why) return { type: 'notice', text: why };
  if (s.screen === 'lesson' && (key === 'right' || key === 'n') && lastStep(s)) return null;
  if (key.length === 1 && key !== ' ' && !here.length) return { type: 'notice', text: `${key} does nothing here; ? shows every key.` };
  return null;
}

