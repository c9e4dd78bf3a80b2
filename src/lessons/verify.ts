/**
 * `musl-lab verify`: run every experiment and every reference solution, and
 * check every starter fails as its lesson says and every kept wrong solution
 * fails, in the real environments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LABEL } from '../lab/environments.js';
import type { LabSession as Lab } from '../lab/session.js';
import type { Course, Lesson } from './load.js';
import { ALL_ENV_NAMES, type OnDemandEnvName } from '../lab/types.js';
import { onDemandEnvs, runStep, type StepResult } from './run-step.js';
import { onceBy } from '../util/once.js';
import { failsOnOf, type Chart, type ExperimentStep, type TaskStep } from './schema.js';
import type { Verdict } from '../check/checker.js';

export interface Check {
  lesson: string;
  step: string;
  title: string;
  /** What this check proves. */
  kind: 'experiment' | 'solution passes' | 'starter fails as documented' | 'starter does not already pass' | "starter's failure is explained" | 'wrong solution fails';
  /**
   * For a wrong-solution check: the fixture's file, what is wrong with it, the environments that must
   * catch it (`failsOn`) and those whose checks did (`caughtOn`).
   */
  wrong?: { file: string; why: string; failsOn: string[]; caughtOn: string[] };
  /** The primary sources the step's claims rest on (files and functions with versions, standards). */
  sources?: string[];
  /** What a stand-in program imitates: the real thing, what it does the same, where it differs. */
  standsFor?: ExperimentStep['standsFor'];
  /** The myth this experiment disproves, shown next to the measured truth. */
  myth?: string;
  /** A speed step's chart: the report shows its numbers as a table and bars. */
  chart?: Chart;
  passed: boolean;
  result: StepResult;
}

export interface VerifyReport {
  startedAt: string;
  environments: Record<string, string>;
  lessons: { id: string; title: string; checks: Check[] }[];
  summary: { checks: number; passed: number; failed: number; notApplicable: number; experiments: number; expectedFailuresShown: number; fixesShown: number; durationMs: number };
}

/** Checks that pass when the program FAILS its expectations: their failed verdicts are the point. */
export function passesByFailing(kind: Check['kind']): boolean {
  return kind === 'starter does not already pass' || kind === 'wrong solution fails';
}

/** Verdicts that show a program failing on purpose: a crash, a non-zero exit, a refused compile. */
function expectedFailures(r: StepResult): number {
  let n = 0;
  for (const v of r.variants) {
    for (const verdict of v.verdicts) {
      if (!verdict.ok) continue;
      if (verdict.field === 'signal' || verdict.field === 'diagnostic') n++;
      else if (verdict.field === 'exit' && verdict.expected !== 'exit 0') n++;
      else if (verdict.field === 'compiled' && verdict.expected === 'does not compile') n++;
    }
  }
  return n;
}

/** Failed checks that come without an explanation of the failure (a task's expect lacks a whyNot). */
export function unexplainedFailures(r: StepResult): string[] {
  return r.variants.flatMap((v) => v.verdicts.filter((d) => !d.ok && !d.why).map((d) => d.label));
}

/**
 * The environments whose checks caught a wrong solution: a check of the environment's own block
 * failed, or a relation within it (musl's reference against musl's own loop). A relation between
 * two environments that fails (glibc vs musl: stdout the same) says they differ, not which one is
 * wrong, so it counts for neither.
 */
export function caughtOn(verdicts: Verdict[]): string[] {
  const envs = new Set<string>();
  for (const v of verdicts) {
    if (v.ok) continue;
    if (v.env) envs.add(v.env);
    const sides = new Set(v.between ?? []);
    if (sides.size === 1) envs.add([...sides][0]!);
  }
  return [...envs];
}

/** A wrong solution fails as it must: in every environment of its `failsOn` (default: every one the task runs in). */
export function wrongSolutionCaught(step: Pick<TaskStep, 'runIn'>, w: TaskStep['wrongSolutions'][number], r: Pick<StepResult, 'variants'>): { failsOn: string[]; caughtOn: string[]; passed: boolean } {
  const failsOn = failsOnOf(w, step);
  const caught = caughtOn(r.variants.flatMap((v) => v.verdicts));
  return { failsOn, caughtOn: caught, passed: failsOn.every((e) => caught.includes(e)) };
}

/** Every check of one lesson, in step order, on one lab. */
async function verifyLesson(lab: Lab, lesson: Lesson, counts: { experiments: number; expected: number; fixes: number }): Promise<VerifyReport['lessons'][number]> {
  const checks: Check[] = [];
  const add = (c: Check) => void checks.push(c);
  for (const step of lesson.steps) {
    if (step.kind === 'experiment') {
      const r = await runStep(lab, lesson, step, { which: 'experiment' });
      counts.experiments++;
      counts.expected += expectedFailures(r);
      // A variant named fix-… that passes shows a fix working (the fixes-in-review lesson is made of them).
      counts.fixes += r.variants.filter((v) => v.id.startsWith('fix') && v.passed).length;
      add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'experiment', myth: step.myth, chart: step.chart, ...evidenceOf(step), passed: r.passed, result: r });
    } else if (step.kind === 'task') {
      const sol = await runStep(lab, lesson, step, { which: 'solution' });
      if (sol.passed) counts.fixes++;
      add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'solution passes', chart: step.chart, ...evidenceOf(step), passed: sol.passed, result: sol });
      const doc = await runStep(lab, lesson, step, { which: 'starter', expect: step.starterExpect });
      counts.expected += expectedFailures(doc);
      add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'starter fails as documented', passed: doc.passed, result: doc });
      const notYet = await runStep(lab, lesson, step, { which: 'starter' });
      add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'starter does not already pass', passed: !notYet.passed, result: notYet });
      // What a learner sees for the starter: every failed check explains THIS failure (its whyNot), never the passing case.
      add({ lesson: lesson.id, step: step.id, title: step.title, kind: "starter's failure is explained", passed: unexplainedFailures(notYet).length === 0, result: notYet });
      // A plausible wrong answer must not pass, and must fail in every environment that has to catch it:
      // the task's expectations check what the task asks for, on each library its statement covers.
      for (const w of step.wrongSolutions) {
        const main = { name: w.file, content: readFileSync(path.join(lesson.srcDir, w.file)) };
        const r = await runStep(lab, lesson, step, { which: 'workspace', main });
        const caught = wrongSolutionCaught(step, w, r);
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'wrong solution fails', wrong: { file: w.file, why: w.why, failsOn: caught.failsOn, caughtOn: caught.caughtOn }, passed: !r.passed && caught.passed, result: r });
      }
    }
  }
  return { id: lesson.id, title: lesson.title, checks };
}

/** The evidence a step carries into the report: its sources and what a stand-in stands for. */
const evidenceOf = (step: ExperimentStep | TaskStep): Pick<Check, 'sources' | 'standsFor'> => ({
  ...(step.sources ? { sources: step.sources } : {}),
  ...(step.standsFor ? { standsFor: step.standsFor } : {}),
});

export async function verifyLessons(
  lab: Lab,
  course: Course,
  opts: {
    only?: string[];
    onCheck?: (c: Check) => void;
    now?: () => number;
    /**
     * Lessons at once, each worker with a lab of its own (from `moreLabs`): one lesson's steps run in
     * order, but one lesson alone leaves cores idle between its steps. Checks still reach onCheck
     * in lesson order. Default 1.
     */
    workers?: number;
    moreLabs?: () => Promise<Lab>;
    /** Called before a lesson that needs on-demand environments (e.g. toolchains): build the missing ones. */
    prepare?: (envs: OnDemandEnvName[]) => Promise<void>;
  } = {},
): Promise<VerifyReport> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const selected: Lesson[] = opts.only?.length ? course.lessons.filter((l) => opts.only!.includes(l.id)) : course.lessons;
  const counts = { experiments: 0, expected: 0, fixes: 0 };
  // One slot per lesson, filled by whichever worker takes it. A slot that fails is reported through
  // `failed` below, however far ahead of the one being waited for: never an unhandled rejection.
  const slots = selected.map(() => {
    let settle!: (p: Promise<VerifyReport['lessons'][number]>) => void;
    const done = new Promise<VerifyReport['lessons'][number]>((resolve) => (settle = (p) => resolve(p)));
    done.catch(() => undefined);
    return { done, settle };
  });
  // The first failure of the tool (not of a lesson: those are checks) ends the run: no lesson starts
  // after it, and the caller gets it at once (the CLI then ends every worker's lab).
  let stopped = false;
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  // On-demand environments a lesson needs are built before it, once even when two workers ask.
  const build = onceBy((key: string) => opts.prepare!(key.split(',') as OnDemandEnvName[]), { keepFailures: true });
  const prepared = (lesson: Lesson): Promise<void> => {
    const extra = onDemandEnvs(lesson.steps);
    return extra.length && opts.prepare ? build(extra.join(',')) : Promise.resolve();
  };
  let next = 0;
  const worker = async (own: Lab) => {
    while (next < selected.length && !stopped) {
      const i = next++;
      const p = prepared(selected[i]!).then(() => verifyLesson(own, selected[i]!, counts));
      slots[i]!.settle(p);
      await p.catch((e: unknown) => {
        stopped = true;
        fail(e);
      });
    }
  };
  const workers = Math.max(1, Math.min(opts.workers ?? 1, selected.length));
  const running = Promise.all(Array.from({ length: workers }, async (_, w) => worker(w > 0 && opts.moreLabs ? await opts.moreLabs() : lab)));
  // a lab that cannot start fails the run like a lesson's failure
  running.catch((e: unknown) => {
    stopped = true;
    fail(e);
  });
  // Report in lesson order as each lesson (and every one before it) finishes.
  const lessons: VerifyReport['lessons'] = [];
  for (const slot of slots) {
    const done = await Promise.race([slot.done, failed, running.then(() => slot.done)]);
    for (const c of done.checks) opts.onCheck?.(c);
    lessons.push(done);
  }
  await running;
  const { experiments, expected, fixes } = counts;
  const all = lessons.flatMap((l) => l.checks);
  const passedCount = all.filter((c) => c.passed).length;
  const envs: Record<string, string> = {};
  for (const env of ALL_ENV_NAMES) {
    const l = await lab.imageLabels(env);
    if (l[LABEL.libc]) envs[env] = `${l[LABEL.libc]} ${l[LABEL.libcVersion] ?? ''} (gcc ${l[LABEL.gccVersion] ?? '?'}, ${l[LABEL.build] ?? '?'})`;
  }
  return {
    startedAt: new Date().toISOString(),
    environments: envs,
    lessons,
    summary: { checks: all.length, passed: passedCount - all.filter((c) => c.result.notApplicable).length, failed: all.length - passedCount, notApplicable: all.filter((c) => c.result.notApplicable).length, experiments, expectedFailuresShown: expected, fixesShown: fixes, durationMs: now() - t0 },
  };
}
