/** Facts about the step on screen (pure): what it is, what it offers now, which row of its run is shown. */
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src/lessons/run-step.js';
import type { Lesson } from '../../src/lessons/load.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress } from '../../src/progress/schema.js';
import type { Action } from '../../src/ui/state/actions.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import type { State } from '../../src/ui/state/state.js';
import {
  canEdit,
  checklistLesson,
  chosenRow,
  crashedRow,
  currentAnswer,
  currentQuestion,
  hasEvidence,
  hintsLeft,
  isQuiz,
  isRunnable,
  isTask,
  lastStep,
  needsImages,
  onwardOpen,
  rowCount,
  running,
  solutionOffered,
  tinkering,
  traceableRow,
  typingActive,
  whyShown,
} from '../../src/ui/state/step-facts.js';
import { rowKey, stepKey } from '../../src/ui/state/step-key.js';

const common = { runIn: ['glibc', 'musl'], flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', expect: { relations: [] } };
const lesson = {
  id: 'stacks',
  title: 'Thread stacks',
  summary: 's',
  checklist: ['set-stack-size'],
  dir: '',
  srcDir: '',
  prose: {},
  steps: [
    { id: 'intro', kind: 'explain', title: 'Intro' },
    { id: 'crash', kind: 'experiment', title: 'Crash', program: 'a.c', sources: ['musl 1.2.5 src/thread/pthread_create.c'], ...common },
    { id: 'tool', kind: 'experiment', title: 'Tool', command: ['ldd', '/bin/true'], ...common, compileIn: 'glibc' },
    { id: 'fix', kind: 'task', title: 'Fix', starter: 'w.c', solution: 'w.solution.c', ...common, starterExpect: { relations: [] }, hints: ['one', 'two'] },
    { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'because' }, { id: 'q2', prompt: 'Name it', accept: 'loader', explanation: 'it is the loader' }] },
  ],
} as unknown as Lesson;
const other = { ...lesson, id: 'other', checklist: ['set-stack-size'], steps: [lesson.steps[4]] } as unknown as Lesson;
const course: AvailableCourse = {
  root: '/nowhere',
  index: { formatVersion: 1, title: 'Course', lessons: ['stacks', 'other'], checklist: [{ id: 'set-stack-size', text: 'Set a stack size' }, { id: 'untaught', text: 'Nobody teaches this' }] },
  lessons: [lesson, other],
  missing: [],
};

const act = (s: State, ...a: Action[]) => a.reduce(reducer, s);
const at = (step: string, o: { editor?: string } = { editor: 'vi' }) =>
  act(initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: o.editor }), { type: 'open-lesson', id: 'stacks', step });

const outcome = (env: 'glibc' | 'musl', signal: string | null) => ({ env, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env, exitCode: signal ? 139 : 0, signal, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 1 } });
/** A run of `step` with rows: each row passed or failed, and its musl side crashed or not. */
const result = (step: string, rows: { passed: boolean; crash?: boolean }[]): StepResult =>
  ({
    lesson: 'stacks', step, title: step, which: 'experiment', passed: rows.every((r) => r.passed), durationMs: 5,
    variants: rows.map((r, i) => ({ id: `row${i}`, outcomes: { glibc: outcome('glibc', null), musl: outcome('musl', r.crash ? 'SIGSEGV' : null) }, verdicts: [], passed: r.passed })),
  }) as unknown as StepResult;
const ran = (s: State, step: string, rows: { passed: boolean; crash?: boolean }[]) => {
  const key = stepKey('stacks', step);
  return act(s, { type: 'run-start', key, envs: ['glibc', 'musl'], trigger: 'key' }, { type: 'run-done', key, result: result(step, rows) });
};

describe('step facts', () => {
  it('the kind of step shown', () => {
    expect([isTask(at('fix')), isRunnable(at('fix')), isQuiz(at('fix'))]).toEqual([true, true, false]);
    expect([isTask(at('crash')), isRunnable(at('crash')), isQuiz(at('crash'))]).toEqual([false, true, false]);
    expect([isTask(at('intro')), isRunnable(at('intro')), isQuiz(at('intro'))]).toEqual([false, false, false]);
    expect(isQuiz(at('quiz'))).toBe(true);
    expect(hasEvidence(at('crash'))).toBe(true); // names its sources
    expect(hasEvidence(at('fix'))).toBe(false); // a task without sources
    expect(hasEvidence(at('quiz'))).toBe(false);
  });

  it('e: a task needs an editor; an experiment with a program of its own does not; a command does not edit', () => {
    expect(canEdit(at('fix'))).toBe(true);
    expect(canEdit(at('fix', {}))).toBe(false);
    expect(canEdit(at('crash', {}))).toBe(true);
    expect(canEdit(at('tool'))).toBe(false);
    expect(tinkering(at('crash'))).toBe(false);
    expect(tinkering(act(at('crash'), { type: 'tinker-file', key: stepKey('stacks', 'crash'), file: { path: '/v.c', text: '' } }))).toBe(true);
  });

  it('hints run out, then the solution is offered; a pass offers it at once', () => {
    const key = stepKey('stacks', 'fix');
    let s = at('fix');
    expect([hintsLeft(s), solutionOffered(s)]).toEqual([true, false]);
    s = act(s, { type: 'hint-more', key }, { type: 'hint-more', key });
    expect([hintsLeft(s), solutionOffered(s)]).toEqual([false, true]);
    expect(solutionOffered(ran(at('fix'), 'fix', [{ passed: true }]))).toBe(true);
    expect(solutionOffered(ran(at('fix'), 'fix', [{ passed: false }]))).toBe(false);
    expect(hintsLeft(at('crash'))).toBe(false);
  });

  it('a short-answer question takes typing until esc or a right answer; a multiple-choice one never does', () => {
    const key = stepKey('stacks', 'quiz');
    let s = at('quiz');
    expect(currentQuestion(s)?.id).toBe('q1');
    expect(typingActive(s)).toBe(false);
    s = act(s, { type: 'quiz-move', key, delta: 1 });
    expect(currentQuestion(s)?.id).toBe('q2');
    expect(typingActive(s)).toBe(true);
    expect(typingActive(act(s, { type: 'quiz-typing', key, text: undefined }))).toBe(false); // esc
    const right = { given: 'loader', last: true, ok: true, firstTry: true, tries: 1, revealed: false };
    s = act(s, { type: 'quiz-answered', key, question: 'q2', answer: right });
    expect(currentAnswer(s)).toEqual(right);
    expect(typingActive(s)).toBe(false);
    expect(typingActive({ ...s, screen: 'help' })).toBe(false);
  });

  it('the row shown: the learner\'s choice (clamped), else the first that failed, else the first', () => {
    const r = result('crash', [{ passed: true }, { passed: false }, { passed: false }]);
    expect(chosenRow(undefined, r)).toBe(1);
    expect(chosenRow(0, r)).toBe(0);
    expect(chosenRow(7, r)).toBe(2);
    expect(chosenRow(-1, r)).toBe(0);
    expect(chosenRow(undefined, result('crash', [{ passed: true }, { passed: true }]))).toBe(0);
    expect(chosenRow(undefined, undefined)).toBe(0);
  });

  it('running, and the rows of a finished run', () => {
    const key = stepKey('stacks', 'crash');
    const s = act(at('crash'), { type: 'run-start', key, envs: ['glibc', 'musl'], trigger: 'key' });
    expect([running(s), rowCount(s)]).toEqual([true, 0]);
    const done = ran(at('crash'), 'crash', [{ passed: true }, { passed: true }, { passed: false }]);
    expect([running(done), rowCount(done)]).toEqual([false, 3]);
  });

  it('a crashed row is the row shown when one of its sides ended by a signal; w on it is open only for that row', () => {
    const s = ran(at('crash'), 'crash', [{ passed: true }, { passed: false, crash: true }]);
    expect(crashedRow(s)).toEqual({ key: stepKey('stacks', 'crash'), row: 'row1' }); // the failed row is shown first
    expect(crashedRow(act(s, { type: 'output-row', delta: -1, rows: 2, from: 1 }))).toBeNull(); // row0 did not crash
    expect(whyShown(s)).toBe(false);
    expect(whyShown(act(s, { type: 'why-start', key: rowKey(stepKey('stacks', 'crash'), 'row1') }))).toBe(true);
    expect(whyShown(act(s, { type: 'why-start', key: rowKey(stepKey('stacks', 'crash'), 'row0') }))).toBe(false);
  });

  it('a traceable row: a program built and run in each environment; never a command run in one', () => {
    expect(traceableRow(ran(at('crash'), 'crash', [{ passed: true }]))).toEqual({ key: stepKey('stacks', 'crash'), row: 'row0' });
    expect(traceableRow(ran(at('fix'), 'fix', [{ passed: false }]))).toEqual({ key: stepKey('stacks', 'fix'), row: 'row0' });
    expect(traceableRow(ran(at('tool'), 'tool', [{ passed: true }]))).toBeNull();
    expect(traceableRow(at('crash'))).toBeNull(); // not run yet
  });

  it('the way on opens once the step is done; the last step is known', () => {
    expect(onwardOpen(at('intro'))).toBe(true); // read
    expect(onwardOpen(at('crash'))).toBe(false);
    expect(onwardOpen(ran(at('crash'), 'crash', [{ passed: false }]))).toBe(true); // an experiment run, whatever it showed
    expect(onwardOpen(ran(at('fix'), 'fix', [{ passed: false }]))).toBe(false); // a task must pass
    expect(lastStep(at('quiz'))).toBe(true);
    expect(lastStep(at('fix'))).toBe(false);
  });

  it('b is needed while images are missing or their build failed, never while building or when Docker is away', () => {
    const s = at('intro');
    expect(needsImages({ ...s, images: { status: 'missing', missing: ['musl'] } })).toBe(true);
    expect(needsImages({ ...s, images: { status: 'missing', missing: ['musl'] }, build: { status: 'running', lines: [] } })).toBe(false);
    expect(needsImages({ ...s, images: { status: 'ok' }, build: { status: 'error', lines: [] } })).toBe(true);
    expect(needsImages({ ...s, images: { status: 'unreachable', error: { message: 'm', next: 'n' } }, build: { status: 'error', lines: [] } })).toBe(false);
    expect(needsImages({ ...s, images: { status: 'ok' } })).toBe(false);
  });

  it('a checklist item opens the first lesson teaching it that is not done; an item nobody teaches opens none', () => {
    const s = at('intro');
    expect(checklistLesson(s)).toBe('stacks');
    const done = { ...emptyProgress(), lessons: { stacks: { steps: { fix: { status: 'passed' as const, at: '' }, quiz: { status: 'passed' as const, at: '' } } } } };
    expect(checklistLesson(act(s, { type: 'progress', data: done }))).toBe('other');
    expect(checklistLesson(act(s, { type: 'checklist-move', delta: 1 }))).toBeUndefined();
  });
});
