/**
 * The lesson check's rules about evidence and wrong solutions: every experiment and task names its
 * primary sources (openable: a version or a path), a task checks every environment it runs in, and
 * each kept wrong solution is caught in every environment it must fail in.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonEvidenceProblems, sourceEntryProblem, stepEvidenceProblems } from '../../src/lessons/evidence.js';
import { loadCourse } from '../../src/lessons/load.js';
import { step, taskCoverageProblems, type TaskStep } from '../../src/lessons/schema.js';
import { caughtOn, wrongSolutionCaught } from '../../src/lessons/verify.js';
import type { Verdict } from '../../src/check/checker.js';

const experiment = (over: Record<string, unknown> = {}) => step.parse({ kind: 'experiment', id: 'crash', title: 'Crash', program: 'a.c', expect: { musl: { exit: 0 } }, ...over });
const task = (over: Record<string, unknown> = {}) =>
  step.parse({ kind: 'task', id: 'fix', title: 'Fix', starter: 'a.c', solution: 'b.c', hints: ['h'], expect: { glibc: { exit: 0 }, musl: { exit: 0 } }, starterExpect: { musl: { signal: 'SIGSEGV' } }, wrongSolutions: [{ file: 'a.wrong.c', why: 'w' }], ...over }) as TaskStep;

describe('sources on experiments and tasks', () => {
  it('an experiment or a task without sources is a problem; explain and quiz steps need none', () => {
    expect(stepEvidenceProblems(experiment())).toEqual([expect.stringMatching(/experiment "crash" names no sources/)]);
    expect(stepEvidenceProblems(task())).toEqual([expect.stringMatching(/task "fix" names no sources/)]);
    expect(stepEvidenceProblems(step.parse({ kind: 'explain', id: 'intro', title: 'Intro' }))).toEqual([]);
    expect(stepEvidenceProblems(experiment({ sources: ['musl 1.2.5 src/thread/pthread_create.c (__pthread_create)'] }))).toEqual([]);
  });

  it('the schema refuses an empty list, so "no sources" cannot be written as sources: []', () => {
    expect(step.safeParse({ kind: 'experiment', id: 'c', title: 'C', program: 'a.c', expect: { musl: { exit: 0 } }, sources: [] }).success).toBe(false);
  });

  it('an entry must be openable: a version or a path, not "see the docs"', () => {
    for (const good of ['musl 1.2.5 src/network/lookup_name.c (name_from_dns_search)', 'glibc 2.41 resolv/res_send.c', 'POSIX.1-2024 getopt', 'PEP 656', 'ELF gABI 4.1 Program Header']) expect(sourceEntryProblem(good), good).toBeNull();
    for (const bad of ['see the docs', 'the musl source', 'glibc manual']) expect(sourceEntryProblem(bad), bad).toMatch(/names no version and no path/);
    expect(stepEvidenceProblems(experiment({ sources: ['musl 1.2.5 src/env/__libc_start_main.c', 'see the docs'] }))).toEqual([expect.stringMatching(/experiment "crash": sources: "see the docs" names no version/)]);
  });

  it('problems name the lesson manifest', () => {
    expect(lessonEvidenceProblems({ id: 'demo', steps: [experiment()] })).toEqual([expect.stringMatching(/^lessons\/demo\/lesson\.yaml: experiment "crash" names no sources/)]);
  });
});

describe('every shipped lesson', () => {
  const { lessons } = loadCourse(path.resolve(import.meta.dirname, '../..'));

  it('names sources on every experiment and task step', () => {
    const problems = lessons.flatMap(lessonEvidenceProblems);
    expect(problems).toEqual([]);
  });

});

describe('a task checks every environment it runs in', () => {
  it('expect must name each environment of runIn', () => {
    const t = { runIn: ['glibc', 'musl'], expect: { musl: { exit: 0 }, relations: [] }, wrongSolutions: [] };
    expect(taskCoverageProblems(t)).toEqual([{ message: expect.stringMatching(/runs in glibc, so expect must check glibc/), path: ['expect', 'glibc'] }]);
    const parsed = step.safeParse({ kind: 'task', id: 't', title: 'T', starter: 'a.c', solution: 'b.c', hints: ['h'], expect: { musl: { exit: 0 } }, starterExpect: { musl: { exit: 1 } } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('expect must check glibc');
  });

  it('a wrong solution can only be declared to fail where the task runs', () => {
    const parsed = step.safeParse({ kind: 'task', id: 't', title: 'T', starter: 'a.c', solution: 'b.c', hints: ['h'], runIn: ['musl'], expect: { musl: { exit: 0 } }, starterExpect: { musl: { exit: 1 } }, wrongSolutions: [{ file: 'w.c', why: 'w', failsOn: ['glibc'] }] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('glibc is not one of the task');
    expect(task({ wrongSolutions: [{ file: 'w.c', why: 'w', failsOn: ['musl'] }] }).wrongSolutions[0]!.failsOn).toEqual(['musl']);
  });
});

describe('a wrong solution is proven to fail env by env', () => {
  const v = (ok: boolean, over: Partial<Verdict>): Verdict => ({ label: 'x', ok, expected: '', actual: '', reason: ok ? '' : 'r', ...over });
  const result = (verdicts: Verdict[]) => ({ variants: [{ id: 'main', outcomes: {}, verdicts, passed: verdicts.every((d) => d.ok) }] });

  it('an environment catches it when a check of its own block fails, or a relation within it', () => {
    expect(caughtOn([v(false, { env: 'musl' }), v(true, { env: 'glibc' })])).toEqual(['musl']);
    expect(caughtOn([v(true, { env: 'musl' }), v(false, { field: 'relation', between: ['musl'] })])).toEqual(['musl']);
    expect(caughtOn([v(true, { env: 'musl' })])).toEqual([]);
  });

  it('a failed relation between two environments says they differ, not which is wrong: it catches it in neither', () => {
    // worker.wrong-rlimit.c: glibc runs fine, musl crashes, so "glibc vs musl: stdout the same" fails too
    expect(caughtOn([v(false, { env: 'musl' }), v(true, { env: 'glibc' }), v(false, { field: 'relation', between: ['glibc', 'musl'] })])).toEqual(['musl']);
  });

  it('by default it must fail in every environment the task runs in: failing in one is not enough', () => {
    const t = task();
    const onlyMusl = wrongSolutionCaught(t, t.wrongSolutions[0]!, result([v(false, { env: 'musl' }), v(true, { env: 'glibc' })]));
    expect(onlyMusl).toEqual({ failsOn: ['glibc', 'musl'], caughtOn: ['musl'], passed: false });
    const both = wrongSolutionCaught(t, t.wrongSolutions[0]!, result([v(false, { env: 'musl' }), v(false, { env: 'glibc' })]));
    expect(both.passed).toBe(true);
  });

  it('failsOn narrows it, and is proven: a fixture declared to fail in musl must fail there', () => {
    const t = task({ wrongSolutions: [{ file: 'w.c', why: 'grows glibc threads only', failsOn: ['musl'] }] });
    const w = t.wrongSolutions[0]!;
    expect(wrongSolutionCaught(t, w, result([v(false, { env: 'musl' }), v(true, { env: 'glibc' })])).passed).toBe(true);
    expect(wrongSolutionCaught(t, w, result([v(true, { env: 'musl' }), v(false, { env: 'glibc' })])).passed).toBe(false);
  });
});

