/**
 * Every key of the tutorial in one table: what it does, on which screen and
 * when. The key bar and the help screen are drawn from this table, so a key
 * that works is a key that is shown. Pure: a key becomes an action for the
 * reducer or an effect for the hooks to perform.
 */
import type { Action } from './actions.js';
import { chosenRow } from './run-view.js';
import { currentKey, currentStep, listEntries, stepPassed } from './selectors.js';
import { whyKey, type Screen, type State } from './state.js';
import { isCrash } from '../explain/explain.js';

export type Effect =
  | { effect: 'run' }
  | { effect: 'edit' }
  | { effect: 'build' }
  | { effect: 'quit' }
  | { effect: 'reset-lesson'; lesson: string }
  | { effect: 'reset-all' }
  | { effect: 'answer'; answer: string }
  | { effect: 'continue' }
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
  run: (s: State, key: string) => Command | null;
}

const isTask = (s: State) => currentStep(s)?.kind === 'task';
const isRunnable = (s: State) => {
  const k = currentStep(s)?.kind;
  return k === 'task' || k === 'experiment';
};
const isQuiz = (s: State) => currentStep(s)?.kind === 'quiz';
const quizChoices = (s: State) => {
  const st = currentStep(s);
  if (st?.kind !== 'quiz') return undefined;
  const q = st.questions[s.quiz[currentKey(s)!]?.question ?? 0];
  return q;
};
const running = (s: State) => s.runs[currentKey(s) ?? '']?.status === 'running';
const rowCount = (s: State) => s.runs[currentKey(s) ?? '']?.result?.variants.length ?? 0;
const hasRun = (s: State) => !!s.runs[currentKey(s) ?? ''];
const needsImages = (s: State) => (s.images.status === 'missing' || (s.build?.status === 'error' && s.images.status !== 'unreachable')) && s.build?.status !== 'running';
const hintsLeft = (s: State) => {
  const st = currentStep(s);
  return st?.kind === 'task' && (s.hints[currentKey(s)!] ?? 0) < st.hints.length;
};
const solutionOffered = (s: State) => {
  const st = currentStep(s);
  if (st?.kind !== 'task') return false;
  const key = currentKey(s)!;
  return stepPassed(s, s.lesson!.id, st.id) || (s.hints[key] ?? 0) >= st.hints.length || !!s.solution[key];
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
    run: () => ({ effect: 'continue' }),
  },
  { keys: ['x'], label: 'checklist', help: 'the self-assessment checklist and its status', screens: ['list', 'lesson'], run: () => ({ type: 'show', screen: 'checklist' }) },
  { keys: ['R'], label: 'reset all', help: 'reset everything: all progress and all workspaces (asks first; old files kept as .bak)', screens: ['list'], run: () => ({ type: 'confirm-ask', confirm: { kind: 'reset-all' } }) },
  // lesson view
  { keys: ['left', 'right'], label: 'step', help: 'previous / next step (also p/n); nothing moves on by itself', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'left' || k === 'p' ? -1 : 1 }) },
  { keys: ['p', 'n'], label: '', help: '', screens: ['lesson'], run: (_s, k) => ({ type: 'step-move', delta: k === 'p' ? -1 : 1 }) },
  {
    keys: ['up', 'down'],
    label: 'scroll',
    help: 'scroll the text (the output, when it is expanded); also k/j, PgUp/PgDn, space',
    screens: ['lesson'],
    run: (s, k) => {
      const d = k === 'up' || k === 'k' ? -1 : k === 'pageup' ? -10 : k === 'pagedown' || k === 'space' ? 10 : 1;
      return s.output.expanded ? { type: 'output-scroll', delta: d } : { type: 'scroll', delta: d };
    },
  },
  // the help screen can be taller than the terminal; help '' keeps this out of its own listing
  { keys: ['up', 'down', 'pageup', 'pagedown'], label: 'scroll', help: '', screens: ['help'], run: (_s, k) => ({ type: 'help-scroll', delta: k === 'up' ? -1 : k === 'down' ? 1 : k === 'pageup' ? -10 : 10 }) },
  { keys: ['k', 'j', 'pageup', 'pagedown', 'space'], label: '', help: '', screens: ['lesson'], run: (s, k) => BINDINGS.find((b) => b.label === 'scroll')!.run(s, k) },
  { keys: ['r'], label: 'run', help: 'run this step in glibc and musl (also re-runs by hand where watching does not work)', screens: ['lesson'], when: (s) => isRunnable(s) && !running(s), run: () => ({ effect: 'run' }) },
  { keys: ['e'], label: 'edit', help: 'open your copy of the program in $VISUAL / $EDITOR (or --edit-cmd); saving re-runs it', screens: ['lesson'], when: (s) => isTask(s) && !!s.editor, run: () => ({ effect: 'edit' }) },
  { keys: ['h'], label: 'hint', help: 'one more hint', screens: ['lesson'], when: hintsLeft, run: (s) => ({ type: 'hint-more', key: currentKey(s)! }) },
  {
    keys: ['s'],
    label: 'solution',
    help: 'the reference solution (after the step passes, or after all hints)',
    screens: ['lesson'],
    when: solutionOffered,
    run: (s) => {
      const key = currentKey(s)!;
      const passedIt = stepPassed(s, s.lesson!.id, currentStep(s)!.id);
      return passedIt || s.solution[key] ? { type: 'solution-toggle', key } : { type: 'confirm-ask', confirm: { kind: 'solution-early', key } };
    },
  },
  { keys: ['o'], label: 'output', help: 'open the run output in full (a multi-row step: the chosen row), or fold it', screens: ['lesson'], when: hasRun, run: () => ({ type: 'output-toggle' }) },
  {
    keys: ['[', ']'],
    label: 'row',
    help: 'choose a row of a multi-row step (the first failure is chosen first)',
    screens: ['lesson'],
    when: (s) => rowCount(s) > 1,
    run: (s, k) => ({ type: 'output-row', delta: k === '[' ? -1 : 1, rows: rowCount(s), from: chosenRow(s.output.row, s.runs[currentKey(s)!]?.result) }),
  },
  { keys: ['1-9'], label: 'answer', help: 'answer a multiple-choice question by its number', screens: ['lesson'], when: (s) => !!quizChoices(s)?.choices, run: (_s, k) => ({ effect: 'answer', answer: k }) },
  { keys: ['a'], label: 'type answer', help: 'type a short answer (enter checks it, esc cancels)', screens: ['lesson'], when: (s) => isQuiz(s) && !quizChoices(s)?.choices, run: (s) => ({ type: 'quiz-typing', key: currentKey(s)!, text: '' }) },
  { keys: ['tab'], label: 'next question', help: 'next question (shift-tab: previous)', screens: ['lesson'], when: isQuiz, run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: 1 }) },
  { keys: ['shift-tab'], label: '', help: '', screens: ['lesson'], when: isQuiz, run: (s) => ({ type: 'quiz-move', key: currentKey(s)!, delta: -1 }) },
  { keys: ['z'], label: 'reset lesson', help: 'reset this lesson: its progress and your workspace copy (asks first; the old file is kept as .bak)', screens: ['lesson'], run: (s) => ({ type: 'confirm-ask', confirm: { kind: 'reset-lesson', lesson: s.lesson!.id } }) },
  {
    keys: ['w'],
    label: 'why crashed?',
    help: 'why did it crash? the crashed side rerun under gdb: signal, backtrace, cause',
    screens: ['lesson'],
    when: (s) => !!crashedRow(s),
    run: (s) => (whyShown(s) ? { type: 'why-close' } : { effect: 'why' }),
  },
  {
    keys: ['t'],
    label: 'trace',
    help: 'the system calls of both sides (strace): counts, files, network, the sequences diffed',
    screens: ['lesson'],
    when: (s) => !!traceableRow(s),
    run: (s) => (traceShown(s) ? { type: 'why-close' } : { effect: 'trace' }),
  },
  { keys: ['escape'], label: 'back', help: 'back (to the lesson list from a lesson)', screens: ['lesson', 'checklist', 'help'], run: () => ({ type: 'back' }) },
  { keys: ['l'], label: 'lessons', help: 'the lesson list', screens: ['lesson', 'checklist'], run: () => ({ type: 'show', screen: 'list' }) },
  // everywhere
  { keys: ['b'], label: 'build images', help: 'build the missing lab images (a few minutes, once)', screens: ['list', 'lesson', 'checklist'], when: needsImages, run: () => ({ effect: 'build' }) },
  { keys: ['?'], label: 'help', help: 'all keys', screens: ['list', 'lesson', 'checklist', 'help'], run: (s) => (s.screen === 'help' ? { type: 'back' } : { type: 'show', screen: 'help' }) },
  { keys: ['q'], label: 'quit', help: 'quit (progress is saved as you go)', screens: ['list', 'lesson', 'checklist', 'help'], run: () => ({ effect: 'quit' }) },
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
  if (s.list.searching && s.screen === 'list') return [{ keys: 'type', label: 'filter' }, { keys: 'enter', label: 'keep' }, { keys: 'esc', label: 'clear' }, { keys: '↑/↓', label: 'move' }];
  const typing = s.quiz[currentKey(s) ?? '']?.typing;
  if (typing !== undefined && s.screen === 'lesson') return [{ keys: 'type', label: 'your answer' }, { keys: 'enter', label: 'check' }, { keys: 'esc', label: 'cancel' }];
  return activeBindings(s)
    .filter((b) => b.label)
    .map((b) => ({ keys: showKeys(b.keys), label: b.label }));
}

const SHOW: Record<string, string> = { up: '↑', down: '↓', left: '←', right: '→', enter: 'enter', escape: 'esc', pageup: 'PgUp', pagedown: 'PgDn', space: 'space', tab: 'tab', 'shift-tab': 'shift-tab' };
export const showKeys = (keys: string[]) => keys.map((k) => SHOW[k] ?? k).join('/');

/** A key pressed: the command it means now, or null. Modal states (confirm, search, typing) come first. */
export function handleKey(s: State, key: string): Command | null {
  if (key === 'ctrl-c') return { effect: 'quit' };
  if (s.confirm) {
    if (key !== 'y') return { type: 'confirm-cancel' };
    const c = s.confirm;
    if (c.kind === 'reset-lesson') return { effect: 'reset-lesson', lesson: c.lesson };
    if (c.kind === 'reset-all') return { effect: 'reset-all' };
    return { type: 'solution-toggle', key: c.key };
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
  const typing = ck ? s.quiz[ck]?.typing : undefined;
  if (s.screen === 'lesson' && ck && typing !== undefined) {
    if (key === 'enter') return typing.trim() ? { effect: 'answer', answer: typing } : null;
    if (key === 'escape') return { type: 'quiz-typing', key: ck, text: undefined };
    if (key === 'backspace') return { type: 'quiz-typing', key: ck, text: typing.slice(0, -1) };
    if (key === 'space') return { type: 'quiz-typing', key: ck, text: typing + ' ' };
    return key.length === 1 ? { type: 'quiz-typing', key: ck, text: typing + key } : null;
  }
  if (s.screen === 'list' && key === 'escape' && s.list.search) return { type: 'search-end', keep: false };
  for (const b of activeBindings(s)) if (matches(b, key)) return b.run(s, key);
  return null;
}

