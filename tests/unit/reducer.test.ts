/** The tutorial's reducer and key table (pure): transitions, modal keys, and "every key that works is shown". */
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { keyNames } from '../../src/ui/input/key-name.js';
import { currentKey, currentLesson, currentStep, stepPassed } from '../../src/ui/state/selectors.js';
import { stepDone } from '../../src/ui/state/onward.js';
import { BINDINGS, activeBindings, isEffect } from '../../src/ui/input/bindings.js';
import { handleKey } from '../../src/ui/input/handle-key.js';
import { visibleKeys } from '../../src/ui/views/KeyBar.js';
import { keyBarLines } from '../../src/term/key-glyphs.js';
import { splitLessonHeight } from '../../src/ui/views/layout.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import type { State } from '../../src/ui/state/state.js';
import { stepKey } from '../../src/ui/state/step-key.js';

import type { Action } from '../../src/ui/state/actions.js';
import { fold, windowOf } from '../../src/term/scroll.js';
import { wrap } from '../../src/term/wrap.js';
import { makeStyle } from '../../src/term/style.js';

const K = stepKey('stacks', 'k');

const lesson = {
  id: 'stacks',
  title: 'Thread stacks',
  summary: 'Threads get a fixed stack.',
  checklist: ['set-stack-size'],
  dir: '',
  srcDir: '',
  prose: { '': '# Intro' },
  steps: [
    { id: 'intro', kind: 'explain', title: 'Intro' },
    { id: 'crash', kind: 'experiment', title: 'Crash', program: 'a.c', runIn: ['glibc', 'musl'], flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', expect: { relations: [] } },
    { id: 'fix', kind: 'task', title: 'Fix', starter: 'w.c', solution: 'w.solution.c', runIn: ['glibc', 'musl'], flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', expect: { relations: [] }, starterExpect: { relations: [] }, hints: ['one', 'two'] },
    { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'because' }, { id: 'q2', prompt: 'Name it', accept: 'loader', explanation: 'it is the loader' }] },
  ],
} as unknown as Lesson;

export const course: AvailableCourse = {
  root: '/nowhere',
  index: { formatVersion: 1, title: 'Course', lessons: ['basics', 'stacks'], checklist: [{ id: 'set-stack-size', text: 'Set a stack size' }] },
  lessons: [lesson],
  missing: [{ id: 'basics', problem: 'not written yet' }],
};

const init = (o: Partial<Parameters<typeof initialState>[0]> = {}) =>
  initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: 'vi', ...o });
/** Keys through the table; the effects that only change UI state are done as use-commands does them. */
const press = (s: State, ...keys: string[]) => keys.reduce((acc, k) => {
  const c = handleKey(acc, k);
  if (!c) return acc;
  if (!isEffect(c)) return reducer(acc, c);
  if (c.effect === 'hint') return reducer(acc, { type: 'hint-more', key: currentKey(acc)! });
  if (c.effect === 'solution') return reducer(acc, { type: 'solution-toggle', key: c.key });
  return acc;
}, s);
const act = (s: State, ...a: Action[]) => a.reduce(reducer, s);

describe('reducer', () => {
  it('the help screen scrolls (it is taller than small terminals) and opens at the top', () => {
    let s = press(init(), '?');
    expect(s.screen).toBe('help');
    s = press(s, 'down', 'down', 'pagedown');
    expect(s.helpScroll).toBe(12);
    s = press(s, 'up', 'pageup', 'pageup');
    expect(s.helpScroll).toBe(0);
    s = press(press(s, 'down'), 'escape', '?');
    expect(s.helpScroll).toBe(0);
  });

  it('starts on the list at the lesson left off; --lesson opens it', () => {
    const p = { ...emptyProgress(), current: { lesson: 'stacks', step: 'fix' } };
    expect(init({ progress: p }).list.cursor).toBe(1);
    const s = init({ lesson: 'stacks' });
    expect(s.screen).toBe('lesson');
    expect(s.lesson).toMatchObject({ id: 'stacks', step: 0 });
  });

  it('a lesson that is not written yet cannot be opened: it says why', () => {
    const s = press(init(), 'enter');
    expect(s.screen).toBe('list');
    expect(s.notice).toMatch(/not written yet/);
  });

  it('moves through steps without running past the ends; never jumps on a pass', () => {
    let s = press(init(), 'down', 'enter');
    expect(s.screen).toBe('lesson');
    s = press(s, 'left', 'right', 'right', 'right');
    expect(s.lesson!.step).toBe(3);
    s = press(s, 'p');
    s = act(s, { type: 'run-start', key: stepKey('stacks', 'fix'), envs: ['glibc', 'musl'], trigger: 'key' }, { type: 'run-done', key: stepKey('stacks', 'fix'), result: { lesson: 'stacks', step: 'fix', title: '', which: 'workspace', variants: [], passed: true, durationMs: 1 } });
    expect(s.lesson!.step).toBe(2);
  });

  it('search filters the list; esc clears it', () => {
    let s = press(init(), '/', 't', 'h', 'r');
    expect(s.list.search).toBe('thr');
    s = press(s, 'enter');
    expect(s.list.searching).toBe(false);
    expect(s.list.search).toBe('thr');
    s = press(s, 'escape');
    expect(s.list.search).toBeNull();
  });

  it('hints come one per key; the solution is offered after all hints, and asks first', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 2 });
    expect(visibleKeys(s).map((k) => k.label)).not.toContain('solution');
    s = press(s, 'h');
    expect(s.hints[stepKey('stacks', 'fix')]).toBe(1);
    s = press(s, 'h');
    expect(s.hints[stepKey('stacks', 'fix')]).toBe(2);
    expect(visibleKeys(s).map((k) => k.label)).not.toContain('hint');
    s = press(s, 's');
    expect(s.confirm).toEqual({ kind: 'solution-early', key: stepKey('stacks', 'fix') });
    s = press(s, 'n');
    expect(s.solution[stepKey('stacks', 'fix')]).toBeFalsy();
    s = press(s, 's', 'y');
    expect(s.solution[stepKey('stacks', 'fix')]).toBe(true);
  });

  it('after a pass the solution is one key away', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 2 });
    s = act(s, { type: 'progress', data: { ...emptyProgress(), lessons: { stacks: { steps: { fix: { status: 'passed', at: '' } } } } } });
    s = press(s, 's');
    expect(s.solution[stepKey('stacks', 'fix')]).toBe(true);
  });

  it('a run goes queued → compiling → running → done per environment', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'run-start', key: K, envs: ['glibc', 'musl'], trigger: 'save' });
    expect(s.runs[K]!.envs).toEqual({ glibc: { phase: 'queued' }, musl: { phase: 'queued' } });
    s = act(s, { type: 'run-env', key: K, env: 'musl', phase: 'compiling' });
    const outcome = { env: 'musl' as const, exitCode: 139, signal: 'SIGSEGV', stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 3 };
    s = act(s, { type: 'run-env', key: K, env: 'musl', phase: 'done', outcome });
    expect(s.runs[K]!.envs.musl).toEqual({ phase: 'done', outcome });
    s = act(s, { type: 'run-error', key: K, error: { message: 'Docker is gone', next: 'start it' } });
    expect(s.runs[K]).toMatchObject({ status: 'error', trigger: 'save', error: { next: 'start it' } });
  });

  it('quiz: digits answer, tab moves, a short answer takes text as soon as it is shown', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 3 });
    expect(handleKey(s, '2')).toEqual({ effect: 'answer', answer: '2' });
    s = press(s, 'tab');
    expect(s.quiz[stepKey('stacks', 'quiz')]!.question).toBe(1);
    // no `a` first: every key that is a shortcut elsewhere is typed
    s = press(s, 'l', 'o', 'space', 'x', 'backspace');
    expect(s.quiz[stepKey('stacks', 'quiz')]!.typing).toBe('lo ');
    expect(s.screen).toBe('lesson');
    for (const k of ['q', 'l', '?', 'x', 'z', 'r', 'h', 's', 'e', 'c', '2']) expect(handleKey(s, k)).toEqual({ type: 'quiz-typing', key: stepKey('stacks', 'quiz'), text: `lo ${k}` });
    expect(handleKey(s, 'enter')).toEqual({ effect: 'answer', answer: 'lo ' });
    // esc leaves the field: shortcuts again, and `a` goes back in
    s = press(s, 'escape');
    expect(handleKey(s, 's')).toEqual({ effect: 'reveal' });
    expect(handleKey(s, 'l')).toEqual({ type: 'show', screen: 'list' });
    s = press(s, 'a', 'x');
    expect(s.quiz[stepKey('stacks', 'quiz')]!.typing).toBe('x');
  });

  it('reset asks first; anything but y keeps everything', () => {
    let s = press(init({ lesson: 'stacks' }), 'z');
    expect(s.confirm).toEqual({ kind: 'reset-lesson', lesson: 'stacks' });
    expect(handleKey(s, 'y')).toEqual({ effect: 'reset-lesson', lesson: 'stacks' });
    s = press(s, 'x');
    expect(s.confirm).toBeNull();
    expect(s.screen).toBe('lesson');
    expect(handleKey(press(init(), 'R'), 'y')).toEqual({ effect: 'reset-all' });
  });

  it('reset forgets the session state of that lesson only', () => {
    let s = act(init(), { type: 'hint-more', key: stepKey('x', 'x') });
    s = { ...s, hints: { [stepKey('stacks', 'fix')]: 2, [stepKey('other', 'fix')]: 1 } };
    expect(act(s, { type: 'reset', lesson: 'stacks' }).hints).toEqual({ [stepKey('other', 'fix')]: 1 });
    expect(act(s, { type: 'reset' }).hints).toEqual({});
  });

  it('help and the checklist return where they came from', () => {
    let s = press(init({ lesson: 'stacks' }), '?');
    expect(s.screen).toBe('help');
    s = press(s, 'escape');
    expect(s.screen).toBe('lesson');
    s = press(s, 'x', 'escape');
    expect(s.screen).toBe('lesson');
  });

  it('a run of the learner\'s variant never changes the pass state of the step', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 1 });
    s = act(s, { type: 'tinker-file', key: stepKey('stacks', 'crash'), file: { path: '/ws/stacks/variants/crash/a.c', text: 'x' } });
    expect(visibleKeys(s).map((k) => k.label)).toContain('reset variant');
    const result = { lesson: 'stacks', step: 'crash', title: '', which: 'workspace' as const, variants: [], passed: true, durationMs: 1 };
    s = act(s, { type: 'run-start', key: stepKey('stacks', 'crash'), envs: ['glibc', 'musl'], trigger: 'key', tinker: true }, { type: 'run-done', key: stepKey('stacks', 'crash'), result });
    expect(s.runs[stepKey('stacks', 'crash')]!.tinker).toBe(true);
    expect(stepPassed(s, 'stacks', 'crash')).toBe(false);
    expect(stepDone(s, currentLesson(s)!, currentStep(s)!)).toBe(false);
    expect(visibleKeys(s).map((k) => k.label).some((l) => l.startsWith('next'))).toBe(false);
    // the same result from the shipped program is a run of the step
    s = act(s, { type: 'tinker-file', key: stepKey('stacks', 'crash'), file: null }, { type: 'run-start', key: stepKey('stacks', 'crash'), envs: ['glibc', 'musl'], trigger: 'key' }, { type: 'run-done', key: stepKey('stacks', 'crash'), result });
    expect(stepDone(s, currentLesson(s)!, currentStep(s)!)).toBe(true);
    expect(visibleKeys(s)[0]).toEqual({ keys: 'right', label: 'next: Fix' });
    expect(handleKey(s, 'z')).toEqual({ type: 'confirm-ask', confirm: { kind: 'reset-lesson', lesson: 'stacks' } });
  });

  it('→ on the last step shows the lesson summary and moves the list cursor to the next lesson', () => {
    const two: AvailableCourse = { ...course, index: { ...course.index, lessons: ['stacks', 'basics', 'more'] }, lessons: [course.lessons[0]!, { ...course.lessons[0]!, id: 'more', title: 'More' } as Lesson] };
    let s = initialState({ course: two, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: 'vi', lesson: 'stacks' });
    s = press(s, 'right', 'right', 'right');
    expect(s.lesson!.step).toBe(3);
    s = press(s, 'right');
    expect(s.screen).toBe('summary');
    expect(s.summary).toBe('stacks');
    expect(s.list.cursor).toBe(2); // "basics" is not written: the next lesson that can be opened
    expect(handleKey(s, 'enter')).toEqual({ type: 'open-lesson', id: 'more' });
    expect(press(s, 'left').screen).toBe('lesson');
    expect(press(s, 'l').list.cursor).toBe(2);
  });

  it('h after the last hint says why; s before it says when the solution comes', () => {
    let s = act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 2 });
    expect(handleKey(s, 's')).toEqual({ type: 'notice', text: 'The solution is offered after the step passes or after all 2 hints: h shows the next hint.' });
    s = press(s, 'h', 'h');
    expect(handleKey(s, 'h')).toEqual({ type: 'notice', text: 'No more hints: s shows the solution.' });
    expect(handleKey(s, 'g')).toEqual({ type: 'notice', text: 'g does nothing here; ? shows every key.' });
    expect(handleKey(s, 'w')).toEqual({ type: 'notice', text: 'w explains a crash: it works once a run of this step ended by a signal (SIGSEGV, SIGABRT, ...).' });
    expect(handleKey(s, '3')).toEqual({ type: 'notice', text: 'Numbers answer a quiz question; this step has none.' });
    expect(handleKey(s, 'tab')).toEqual({ type: 'notice', text: 'tab moves between quiz questions; this step has none.' });
  });

  it('hints shown in an earlier session stay shown', () => {
    const p = { ...emptyProgress(), lessons: { stacks: { steps: { fix: { status: 'attempted' as const, at: '', hints: 2 } } } } };
    expect(init({ progress: p }).hints[stepKey('stacks', 'fix')]).toBe(2);
  });

  it('build progress keeps only the last lines', () => {
    let s = act(init(), { type: 'build-start' });
    for (let i = 0; i < 20; i++) s = act(s, { type: 'build-line', text: `line ${i}` });
    expect(s.build!.lines).toHaveLength(8);
    expect(s.build!.lines.at(-1)).toBe('line 19');
  });
});

describe('keys', () => {
  const states: State[] = [
    init(),
    init({ lesson: 'stacks' }),
    act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 1 }),
    act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 2 }),
    act(init({ lesson: 'stacks' }), { type: 'step-move', delta: 3 }),
    act(init(), { type: 'show', screen: 'checklist' }),
    act(init(), { type: 'images', images: { status: 'missing', missing: ['musl'] } }),
  ];

  it('every active key with a label is on the key bar; unlabelled ones are aliases of a shown one', () => {
    for (const s of states) {
      const shown = visibleKeys(s).map((k) => k.label);
      for (const b of activeBindings(s)) {
        // the way on is shown with where it goes ("next: Crash")
        if (b.label) expect(shown.some((l) => l === b.label || l.startsWith(`${b.label}: `))).toBe(true);
        else expect(BINDINGS.some((o) => o.label && o.help.includes(b.keys[0]!) || o.run === b.run)).toBe(true);
      }
    }
  });

  it('b builds images only when they are missing; e edits only a task with an editor', () => {
    expect(visibleKeys(states[0]!).map((k) => k.label)).not.toContain('build images');
    expect(handleKey(states[6]!, 'b')).toEqual({ effect: 'build' });
    expect(handleKey(states[3]!, 'e')).toEqual({ effect: 'edit' });
    // a key that cannot act says why
    expect(handleKey({ ...states[3]!, editor: undefined }, 'e')).toMatchObject({ type: 'notice', text: expect.stringMatching(/No editor is set/) });
    expect(handleKey(states[1]!, 'r')).toEqual({ type: 'notice', text: 'Nothing to run on this step.' });
    expect(handleKey(states[1]!, 'e')).toMatchObject({ type: 'notice', text: expect.stringMatching(/Nothing to edit/) });
    // an experiment's program: e makes a scratch copy (with or without an editor)
    expect(handleKey({ ...states[2]!, editor: undefined }, 'e')).toEqual({ effect: 'edit' });
  });

  it('a chunk of keys typed at once is split into keys', () => {
    expect(keyNames('jj\r', {})).toEqual(['j', 'j', 'enter']);
    expect(keyNames('', { upArrow: true })).toEqual(['up']);
    expect(keyNames('c', { ctrl: true })).toEqual(['ctrl-c']);
  });

  it('the key bar wraps at the width', () => {
    const st = makeStyle({ color: false });
    const lines = keyBarLines(visibleKeys(states[3]!), 40, st);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });
});

describe('text and layout helpers', () => {
  it('wrap, window, fold', () => {
    expect(wrap('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    expect(windowOf([1, 2, 3, 4, 5], 2, 10)).toEqual({ shown: [4, 5], above: 3, below: 0, scroll: 3 });
    expect(fold(['1', '2', '3', '4', '5', '6'], 4, (n) => `${n} hidden`)).toEqual(['1', '2', '3 hidden', '6']);
  });

  it('the lesson view never asks for more lines than it has', () => {
    for (const total of [5, 10, 20, 37]) {
      const s = splitLessonHeight(total, { panelWanted: 40, hintLines: 3, expanded: false });
      expect(s.body + s.hints + s.panel).toBe(total);
      expect(s.body).toBeGreaterThanOrEqual(1);
    }
    expect(splitLessonHeight(20, { panelWanted: 40, hintLines: 0, expanded: true }).body).toBe(0);
    // a step with little text gives its rows to the panel
    expect(splitLessonHeight(18, { panelWanted: 15, hintLines: 0, expanded: false, bodyWanted: 0 })).toEqual({ body: 3, hints: 0, panel: 15 });
    expect(splitLessonHeight(18, { panelWanted: 15, hintLines: 0, expanded: false, bodyWanted: 40 }).panel).toBe(11);
  });
});
