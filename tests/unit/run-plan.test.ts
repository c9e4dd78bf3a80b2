/**
 * planRun: every runnable step of the course gets one plan, decided from the fields the step
 * declares, so run-step.ts dispatches on the plan's kind instead of re-reading the step.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BugError } from '../../src/errors.js';
import { loadCourse } from '../../src/lessons/load.js';
import { planRun, type RunnableStep, type RunPlanKind } from '../../src/lessons/run-plan.js';

const { lessons } = loadCourse(path.resolve(import.meta.dirname, '../..'));
const steps = lessons.flatMap((lesson) => lesson.steps.flatMap((step) => (step.kind === 'experiment' || step.kind === 'task' ? [{ lesson, step }] : [])));

/** The kind a step's declared fields call for, written from the schema's words (not from planRun). */
function declaredKind(s: RunnableStep): RunPlanKind {
  if (s.kind === 'experiment') {
    if (s.analyze === true) return 'analyze-built';
    if (s.analyze) return 'analyze-file';
    if (!s.program) return 'command';
  }
  return s.command || s.compileIn !== 'each' ? 'build-then-run' : 'compile-and-run';
}

describe('planRun over the whole course', () => {
  it('finds the course', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(15);
    expect(steps.length).toBeGreaterThan(100);
  });

  it.each(steps.map(({ lesson, step }) => [`${lesson.id}/${step.id}`, lesson, step] as const))('%s', (_name, lesson, step) => {
    const plan = planRun(step, lesson);
    expect(plan.kind).toBe(declaredKind(step));
    expect(plan.runIn).toEqual(step.runIn);
    // a table's rows are its variants, else the one row checked against the step's expect
    const variants = step.kind === 'experiment' ? step.variants : undefined;
    expect(plan.rows.map((r) => r.id)).toEqual(variants ? variants.map((v) => v.id) : ['main']);
    expect(plan.rows.map((r) => r.expect)).toEqual(variants ? variants.map((v) => v.expect) : [step.expect]);
    expect(plan.network).toBe(!!step.network);
    expect(plan.rows.every((r) => !!r.network === !!step.network)).toBe(true);
    expect(plan.restarts).toEqual(step.restarts);
    expect(plan.explain).toBe(step.kind === 'experiment' && !!step.explain);
    if (plan.kind === 'command') expect(plan.command).toEqual(step.command);
    if (plan.kind === 'build-then-run') expect(plan.command).toEqual(step.command);
    if (plan.kind === 'analyze-file') expect(step.kind === 'experiment' && typeof step.analyze === 'object' && step.analyze.path).toBe(plan.path);
    if ('build' in plan) {
      expect(plan.build.in).toBe(step.compileIn);
      expect(plan.build.tool).toEqual(step.build?.command);
      // the checker names the build tool, or musl-gcc; plain gcc goes unnamed
      expect(plan.build.toolName).toBe(step.build ? step.build.command[0] : step.compiler === 'musl-gcc' ? 'musl-gcc' : undefined);
    }
  });

  it('the course uses every kind of plan', () => {
    const kinds = new Set(steps.map(({ lesson, step }) => planRun(step, lesson).kind));
    expect([...kinds].sort()).toEqual(['analyze-built', 'analyze-file', 'build-then-run', 'command', 'compile-and-run']);
  });

  it('a step the schema would refuse (no program, command or analyze path) is a bug, not a plan', () => {
    const { lesson, step } = steps.find(({ step }) => step.kind === 'experiment' && step.program && !step.command && !step.analyze)!;
    const broken = { ...step, program: undefined } as RunnableStep;
    expect(() => planRun(broken, lesson)).toThrow(BugError);
  });
});
