/** The TUI's "why did it crash?" (`w`): offered only on a crashed row, opens and closes, and its panel shows the explanation. */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { CrashExplanation } from '../../src/explain/explain.js';
import type { StepResult } from '../../src/lessons/run-step.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { CrashPanel } from '../../src/ui/views/CrashPanel.js';
import { handleKey } from '../../src/ui/input/handle-key.js';
import { visibleKeys } from '../../src/ui/views/KeyBar.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import type { State } from '../../src/ui/state/state.js';
import { rowKey, stepKey } from '../../src/ui/state/step-key.js';

import type { Lesson } from '../../src/lessons/load.js';
import type { AvailableCourse } from '../../src/progress/course.js';

const K = rowKey(stepKey('stacks', 'crash'), 'x');

const lesson = {
  id: 'stacks', title: 'Thread stacks', summary: 's', checklist: ['set-stack-size'], dir: '', srcDir: '', prose: {},
  steps: [{ id: 'crash', kind: 'experiment', title: 'Crash', program: 'a.c', runIn: ['glibc', 'musl'], flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', expect: { relations: [] } }],
} as unknown as Lesson;
const course: AvailableCourse = { root: '/nowhere', index: { formatVersion: 1, title: 'Course', lessons: ['stacks'], checklist: [{ id: 'set-stack-size', text: 'Set a stack size' }] }, lessons: [lesson], missing: [] };

const run = (signal: string | null) => ({ env: 'musl' as const, exitCode: signal ? 139 : 0, signal, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 1 });
const result = (signal: string | null): StepResult => ({
  lesson: 'stacks', step: 'crash', title: 'Crash', which: 'experiment', passed: true, durationMs: 5,
  variants: [{ id: 'main', outcomes: { glibc: { env: 'glibc', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { ...run(null), env: 'glibc' } }, musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: run(signal) } }, verdicts: [], passed: true }],
});
const onCrashStep = (signal: string | null): State => {
  let s = initialState({ course, progress: emptyProgress(), size: { cols: 100, rows: 32 }, plain: false, workspaceDir: '/ws', editor: 'vi' });
  s = reducer(s, { type: 'open-lesson', id: 'stacks', step: 'crash' });
  s = reducer(s, { type: 'run-start', key: stepKey('stacks', 'crash'), envs: ['glibc', 'musl'], trigger: 'key' });
  return reducer(s, { type: 'run-done', key: stepKey('stacks', 'crash'), result: result(signal) });
};
const explanation: CrashExplanation = {
  env: 'musl', method: 'gdb', reproduced: true, signal: 'SIGSEGV', meaning: 'segmentation fault: the program touched memory it may not use', thread: 2, faultAddress: '0x7f00', totalFrames: 3,
  frames: [{ n: 0, pc: '0x1', func: 'walk', file: 'a.c', line: 8 }, { n: 1, pc: '0x2', func: 'worker', file: 'a.c', line: 18 }, { n: 2, pc: '0x3', func: '??', lib: '/lib/ld-musl-x86_64.so.1' }],
  cause: { kind: 'stack-overflow', summary: 'Stack overflow in thread 2: its stack is 132 KiB, and the frame of walk() at a.c:8 needed more.', evidence: ['The fault address is in the guard page.'], stackKiB: 132 },
  build: ['gcc', '-g', 'a.c'], command: [], durationMs: 900,
};

describe('w: why did it crash?', () => {
  it('is offered on a crashed row only', () => {
    expect(visibleKeys(onCrashStep('SIGSEGV')).map((k) => k.keys)).toContain('w');
    expect(visibleKeys(onCrashStep(null)).map((k) => k.keys)).not.toContain('w');
    expect(handleKey(onCrashStep(null), 'w')).toMatchObject({ type: 'notice', text: expect.stringMatching(/ended by a signal/) }); // says why it cannot act
  });

  it('asks for the explanation, shows it expanded, and w again closes it', () => {
    let s = onCrashStep('SIGSEGV');
    expect(handleKey(s, 'w')).toEqual({ effect: 'why' });
    const key = rowKey(stepKey('stacks', 'crash'), 'main');
    s = reducer(s, { type: 'why-start', key });
    expect(s.output.expanded).toBe(true);
    s = reducer(s, { type: 'why-done', key, explanations: [explanation] });
    expect(s.why).toMatchObject({ status: 'done', explanations: [explanation] });
    expect(reducer(s, { type: 'why-done', key: rowKey(stepKey('other', 'x'), 'main'), explanations: [] }).why).toBe(s.why); // a late answer for another row is dropped
    const c = handleKey(s, 'w');
    expect(c).toEqual({ type: 'why-close' });
    s = reducer(s, c as { type: 'why-close' });
    expect(s.why).toBeUndefined();
    expect(s.output.expanded).toBe(false);
  });

  it('the panel: the cause, the learner\'s frames marked, and how it was found', () => {
    const t = render(<CrashPanel why={{ key: K, kind: 'why', status: 'done', explanations: [explanation] }} sources={['a.c']} width={100} height={30} scroll={0} />);
    const f = t.lastFrame()!;
    expect(f).toMatch(/Why did it crash\? \(musl\)/);
    expect(f).toMatch(/Stack overflow in thread 2: its stack is 132 KiB/);
    expect(f).toMatch(/> #0 +walk\(\) at a\.c:8/);
    expect(f).toMatch(/#2 +\?\? in ld-musl-x86_64\.so\.1 +\[library\]/);
    // the learner's frames come first, before the whole backtrace; a library frame's name may be a guess
    expect(f.indexOf('In your code:')).toBeGreaterThan(-1);
    expect(f.indexOf('In your code:')).toBeLessThan(f.indexOf('Backtrace'));
    expect(f).toMatch(/In your code:\n\s+> #0 +walk\(\) at a\.c:8\n\s+> #1 +worker\(\) at a\.c:18/);
    expect(f).toMatch(/a name there may be\s+a guess/);
    expect(f).toMatch(/w closes/);
    const running = render(<CrashPanel why={{ key: K, kind: 'why', status: 'running', explanations: [] }} sources={[]} width={80} height={5} scroll={0} />);
    expect(running.lastFrame()).toMatch(/under gdb/);
  });
});

describe('t: the system calls side by side', () => {
  it('is offered on a finished run of a program built in each environment, not on a tool step; t again closes it', () => {
    let s = onCrashStep(null);
    expect(handleKey(s, 't')).toEqual({ effect: 'trace' });
    s = reducer(s, { type: 'why-start', key: rowKey(stepKey('stacks', 'crash'), 'main'), kind: 'trace' });
    expect(s.why).toMatchObject({ kind: 'trace', status: 'running' });
    expect(handleKey(s, 'w')).toMatchObject({ type: 'notice' }); // no crash on this row: w only says why, and t's view is not w's
    expect(handleKey(s, 't')).toEqual({ type: 'why-close' });
    const tool = { ...lesson, steps: [{ ...lesson.steps[0], command: ['readelf', '-l', '{program}'] }] } as unknown as Lesson;
    const t = { ...onCrashStep(null), course: { ...course, lessons: [tool] } };
    expect(handleKey(t, 't')).toMatchObject({ type: 'notice' }); // a tool step: t only says why it cannot trace
  });
});
